// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Ways around `protect` found by an audit, each closed: completions that bypass the
 * argument conditions of the prompt they complete, subscriptions to resources the caller
 * cannot read, handlers registered without the instance's `setRequestHandler`, an
 * `onAuditError` that throws, and a task-augmented call with `denial: "result"`.
 * Real SDK (v1) over the in-memory transport.
 */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { ALICE, connect, lastResponse } from "./helpers.js";

describe("completion/complete", () => {
  it("decides on the argument being completed, not only on the context the client chose", async () => {
    const files = ["/home/alice/notes.txt", "/home/bob/salary.xlsx"];
    const engine =
      compile(`policy p { allow subject role viewer action "prompts/get", "completion/complete" resource "prompt:summarize"
  when env.arguments.path matches "/home/\${subject.id}/**" }`);
    const server = new McpServer({ name: "x", version: "1" });
    protect(server, engine);
    server.registerPrompt(
      "summarize",
      { argsSchema: { path: completable(z.string(), (value) => files.filter((f) => f.startsWith(value))) } },
      ({ path }) => ({ messages: [{ role: "user", content: { type: "text", text: path } }] }),
    );
    const { client, close } = await connect(server, ALICE);
    const ref = { type: "ref/prompt" as const, name: "summarize" };
    // Her own directory completes.
    const own = await client.complete({ ref, argument: { name: "path", value: "/home/alice/" } });
    expect(own.completion.values).toEqual(["/home/alice/notes.txt"]);
    // Bob's does not, whatever context the client claims.
    for (const context of [undefined, { arguments: { path: "/home/alice/x" } }]) {
      const refused = await client
        .complete({ ref, argument: { name: "path", value: "/home/bob/" }, ...(context ? { context } : {}) })
        .then(
          () => "completed",
          (error: Error) => error.message,
        );
      expect(refused).toContain("Access denied by policy");
    }
    await close();
  });
});

describe("resources/subscribe and resources/unsubscribe", () => {
  function subscribable(policies: string) {
    const server = new Server({ name: "x", version: "1" }, { capabilities: { resources: { subscribe: true } } });
    protect(server, compile(policies));
    const subscribed: string[] = [];
    server.setRequestHandler(SubscribeRequestSchema, async (request) => {
      subscribed.push(request.params.uri);
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async () => ({}));
    server.setRequestHandler(ReadResourceRequestSchema, async () => ({ contents: [] }));
    return { server, subscribed };
  }

  it("answers a subscription to a resource the caller cannot read as for an unknown resource", async () => {
    const { server, subscribed } = subscribable(
      `policy r { allow subject * action "resources/read", "resources/subscribe" resource "resource:file:///public/*" }`,
    );
    const { client, close, received } = await connect(server, ALICE);
    await client.subscribeResource({ uri: "file:///secret" }).catch(() => undefined);
    const subscribeAnswer = lastResponse({ client, close, received });
    await client.readResource({ uri: "file:///secret" }).catch(() => undefined);
    const readAnswer = lastResponse({ client, close, received });
    expect(subscribeAnswer.replace(/"id":\d+/, "")).toBe(readAnswer.replace(/"id":\d+/, ""));
    expect(subscribed).toEqual([]);
    await client.subscribeResource({ uri: "file:///public/a" });
    expect(subscribed).toEqual(["file:///public/a"]);
    await close();
  });

  it("needs a policy that allows the subscription itself (fail closed)", async () => {
    const { server, subscribed } = subscribable(
      `policy r { allow subject * action "resources/read" resource "resource:file:///public/*" }`,
    );
    const { client, close } = await connect(server, ALICE);
    const error = await client.subscribeResource({ uri: "file:///public/a" }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toContain("Access denied by policy");
    expect(subscribed).toEqual([]);
    await close();
  });
});

describe("handlers registered around protect", () => {
  const engine = compile(`policy a { allow subject * action "tools/call" resource "tool:pub" }`);
  const ran = async (request: { params: { name: string } }) => ({
    content: [{ type: "text" as const, text: `RAN ${request.params.name}` }],
  });

  async function callSecret(setup: (server: Server) => void): Promise<string> {
    const server = new Server({ name: "x", version: "1" }, { capabilities: { tools: {} } });
    setup(server);
    const connected = await connect(server, ALICE);
    await connected.client.callTool({ name: "secret", arguments: {} }).catch(() => undefined);
    const answer = lastResponse(connected);
    await connected.close();
    return answer;
  }

  it("authorizes a handler registered through a method bound before protect, or the prototype's method", async () => {
    const bound = await callSecret((server) => {
      const set = server.setRequestHandler.bind(server);
      protect(server, engine);
      set(CallToolRequestSchema, ran);
    });
    const viaPrototype = await callSecret((server) => {
      protect(server, engine);
      Server.prototype.setRequestHandler.call(server, CallToolRequestSchema, ran);
    });
    for (const answer of [bound, viaPrototype]) {
      expect(answer).not.toContain("RAN secret");
      expect(answer).toContain("Unknown tool: secret");
    }
  });

  it("keeps the handler map from being replaced, and refuses to protect a derived object", () => {
    const server = new Server({ name: "x", version: "1" }, { capabilities: { tools: {} } });
    protect(server, engine);
    expect(() => {
      (server as unknown as { _requestHandlers: unknown })._requestHandlers = new Map();
    }).toThrow(TypeError);
    const base = new Server({ name: "x", version: "1" }, { capabilities: { tools: {} } });
    expect(() => protect(Object.create(base) as object, engine)).toThrow(/server object itself/);
  });

  it("wraps each handler once: one decision per call", async () => {
    const records: unknown[] = [];
    const server = new Server({ name: "x", version: "1" }, { capabilities: { tools: {} } });
    protect(server, engine, { onDecision: (record) => void records.push(record) });
    server.setRequestHandler(CallToolRequestSchema, ran);
    const { client, close } = await connect(server, ALICE);
    await client.callTool({ name: "pub", arguments: {} });
    expect(records).toHaveLength(1);
    await close();
  });
});

describe("an onAuditError that throws", () => {
  const engine = compile(`policy a { allow subject * action "tools/call" resource "tool:pub" }`);

  it("neither reaches the client (a sync hook's failure) nor ends the process (an async one's)", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      for (const hook of [
        () => {
          throw new Error("hook down");
        },
        () => Promise.reject(new Error("hook down")),
      ]) {
        for (const onAuditError of [
          () => {
            throw new Error("handler down: internal detail");
          },
          async () => {
            throw new Error("async handler down: internal detail");
          },
        ]) {
          const server = new McpServer({ name: "x", version: "1" });
          protect(server, engine, { onDecision: hook, onAuditError });
          server.registerTool("pub", {}, async () => ({ content: [] }));
          const connected = await connect(server, ALICE);
          await connected.client.callTool({ name: "pub", arguments: {} }).catch(() => undefined);
          expect(lastResponse(connected)).not.toContain("internal detail");
          await connected.close();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  });
});

describe("a task-augmented tools/call with denial: result", () => {
  it("is refused with the policy_denied error, not a result the SDK cannot read as a task", async () => {
    const engine = compile(
      `policy a { allow subject * action "tools/call" resource "tool:cond" when env.arguments.ok == true }`,
    );
    const server = new McpServer({ name: "x", version: "1" }, {
      capabilities: { tasks: { requests: { tools: { call: {} } } } },
    } as never);
    protect(server, engine, { denial: "result" });
    server.registerTool("cond", { inputSchema: { ok: z.boolean() } }, async () => ({ content: [] }));
    const connected = await connect(server, ALICE);
    await connected.client
      .request(
        { method: "tools/call", params: { name: "cond", arguments: { ok: false }, task: { ttl: 1000 } } } as never,
        z.any() as never,
      )
      .catch(() => undefined);
    const answer = lastResponse(connected);
    expect(answer).toContain("policy_denied");
    expect(answer).toContain("-32003");
    await connected.close();
  });
});

describe("insufficient_scope", () => {
  it("asks for the scope that helps even when all offered scopes together would hit a deny", async () => {
    const engine = compile(`
policy "del" { allow subject * action "tools/call" resource "tool:delete" when "files:delete" in subject.scopes }
policy "guest-mode" { deny subject * action "tools/call" resource "tool:*" when "guest" in subject.scopes }`);
    const server = new McpServer({ name: "x", version: "1" });
    protect(server, engine, { insufficientScope: { scopes: ["files:delete", "guest"] } });
    server.registerTool("delete", {}, async () => ({ content: [] }));
    const connected = await connect(server, ALICE);
    await connected.client.callTool({ name: "delete", arguments: {} }).catch(() => undefined);
    const answer = JSON.parse(lastResponse(connected));
    expect(answer.error?.data).toEqual({ reason: "insufficient_scope", scope: "files:delete" });
    await connected.close();
  });
});

describe("answers for hidden and over-long names", () => {
  const engine = compile(`policy a { allow subject * action "tools/call" resource "tool:pub" }`);

  it("uses the `unknown` option the user passes, over the server's defaults", async () => {
    const server = new McpServer({ name: "x", version: "1" });
    protect(server, engine, {
      unknown: { tool: (name) => ({ content: [{ type: "text", text: `custom: no ${name}` }], isError: true }) },
    });
    server.registerTool("secret", {}, async () => ({ content: [{ type: "text", text: "RAN secret" }] }));
    const { client, close } = await connect(server, ALICE);
    const answer = await client.callTool({ name: "secret" });
    expect(answer).toEqual({ content: [{ type: "text", text: "custom: no secret" }], isError: true });
    await close();
  });

  it("refuses a tool name over 4,096 characters as invalid params (-32602), not as an unknown name", async () => {
    const server = new McpServer({ name: "x", version: "1" });
    protect(server, engine);
    server.registerTool("pub", {}, async () => ({ content: [] }));
    const { client, close } = await connect(server, ALICE);
    const call = (name: string) =>
      client.callTool({ name }).then(
        (result) => ({ result }),
        (error: { code?: unknown; message?: unknown }) => ({ code: error.code, message: error.message }),
      );
    const longest = await call("t".repeat(4096));
    expect(longest).toHaveProperty("result.isError", true);
    const tooLong = await call("t".repeat(4097));
    expect(tooLong).toEqual({ code: -32602, message: expect.stringContaining("Invalid request parameters") });
    await close();
  });
});
