/**
 * `mcpolicy/mcp/v2` against the real v2 SDK (`@modelcontextprotocol/server` and
 * `@modelcontextprotocol/client` 2.x) over its in-memory transport: filtered lists,
 * allowed and denied calls with argument conditions, hidden items that answer exactly as
 * unknown ones, no identity, audit records, a tool that throws, a low-level `Server`.
 */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport, McpServer, ProtocolError, Server } from "@modelcontextprotocol/server";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../../src/engine.js";
import { type DecisionRecord, POLICY_DENIED_CODE, protect } from "../../../src/mcp/v2/index.js";
import {
  ALICE,
  BOB,
  DAYTIME,
  expectEveryProtectedRequestAnswered,
  expectSessionIdSeen,
  fixtureEngine,
  NIGHT,
  SESSION_POLICY,
} from "../helpers.js";
import { connect, failure } from "./client.js";

const engine = fixtureEngine();

function v2Server(options: { records?: DecisionRecord[]; now?: () => Date; unprotected?: boolean } = {}) {
  const server = new McpServer({ name: "files-v2", version: "1.0.0" });
  if (options.unprotected !== true) {
    protect(server, engine, {
      now: options.now ?? DAYTIME,
      onDecision: (record) => void options.records?.push(record),
    });
  }
  const ran: string[] = [];
  const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
  server.registerTool(
    "read_file",
    { description: "Read a file", inputSchema: z.object({ path: z.string() }), annotations: { readOnlyHint: true } },
    async ({ path }) => {
      ran.push(`read_file ${path}`);
      return text(`contents of ${path}`);
    },
  );
  server.registerTool(
    "write_file",
    { description: "Write a file", inputSchema: z.object({ path: z.string(), content: z.string() }) },
    async ({ path }) => {
      ran.push(`write_file ${path}`);
      return text(`wrote ${path}`);
    },
  );
  server.registerTool("admin_reset", { description: "Reset everything" }, async () => {
    ran.push("admin_reset");
    return text("reset");
  });
  server.registerTool("explode", { description: "Always fails" }, async () => {
    ran.push("explode");
    throw new Error("boom");
  });
  server.registerPrompt("summarize", { description: "Summarize" }, async () => ({
    messages: [{ role: "user" as const, content: { type: "text" as const, text: "Summarize." } }],
  }));
  server.registerPrompt("secret_prompt", { description: "Admins only" }, async () => ({
    messages: [{ role: "user" as const, content: { type: "text" as const, text: "Secret." } }],
  }));
  server.registerResource("handbook", "file:///srv/shared/handbook.md", { mimeType: "text/markdown" }, async (uri) => ({
    contents: [{ uri: uri.href, text: "# Handbook" }],
  }));
  server.registerResource("payroll", "file:///srv/hr/payroll.csv", { mimeType: "text/csv" }, async (uri) => ({
    contents: [{ uri: uri.href, text: "secret" }],
  }));
  return { server, ran };
}



describe("protect on a v2 McpServer", () => {
  it("shows each caller only the tools, prompts and resources it could use", async () => {
    const alice = await connect(v2Server().server, ALICE);
    expect((await alice.listTools()).tools.map((t) => t.name).sort()).toEqual(["explode", "read_file"]);
    expect((await alice.listPrompts()).prompts.map((p) => p.name)).toEqual(["summarize"]);
    expect((await alice.listResources()).resources.map((r) => r.uri)).toEqual(["file:///srv/shared/handbook.md"]);
    const bob = await connect(v2Server().server, BOB);
    expect((await bob.listTools()).tools.map((t) => t.name).sort()).toEqual(["explode", "read_file", "write_file"]);
    await alice.close();
    await bob.close();
  });

  it("runs a call only when the policies allow it for these arguments", async () => {
    const { server, ran } = v2Server();
    const bob = await connect(server, BOB);
    const ok = await bob.callTool({ name: "write_file", arguments: { path: "/home/bob/notes.md", content: "x" } });
    expect(ok.isError).not.toBe(true);
    const denied = await failure(
      bob.callTool({ name: "write_file", arguments: { path: "/home/alice/notes.md", content: "x" } }),
    );
    expect(denied.code).toBe(POLICY_DENIED_CODE);
    expect(denied.data).toEqual({ reason: "policy_denied" });
    expect(ran).toEqual(["write_file /home/bob/notes.md"]);
    await bob.close();
  });

  it("hides writes after hours (a deny with higher priority no arguments can lift)", async () => {
    const { server, ran } = v2Server({ now: NIGHT });
    const bob = await connect(server, BOB);
    expect((await bob.listTools()).tools.map((t) => t.name)).not.toContain("write_file");
    const denied = await failure(
      bob.callTool({ name: "write_file", arguments: { path: "/home/bob/a", content: "x" } }),
    );
    expect(denied).toMatchObject({ code: -32602, message: "Tool write_file not found" });
    expect(ran).toEqual([]);
    await bob.close();
  });

  it("answers for a hidden tool, prompt and resource exactly as for ones that do not exist", async () => {
    const alice = await connect(v2Server().server, ALICE);
    const hidden = await failure(alice.callTool({ name: "admin_reset", arguments: {} }));
    const missing = await failure(alice.callTool({ name: "no_such_tool", arguments: {} }));
    expect(hidden).toEqual({ ...missing, message: String(missing.message).replace("no_such_tool", "admin_reset") });
    const hiddenPrompt = await failure(alice.getPrompt({ name: "secret_prompt" }));
    const missingPrompt = await failure(alice.getPrompt({ name: "no_such_prompt" }));
    expect(hiddenPrompt.code).toBe(missingPrompt.code);
    expect(hiddenPrompt.message).toBe(String(missingPrompt.message).replace("no_such_prompt", "secret_prompt"));
    const hiddenResource = await failure(alice.readResource({ uri: "file:///srv/hr/payroll.csv" }));
    const missingResource = await failure(alice.readResource({ uri: "file:///srv/hr/nothing.csv" }));
    expect(hiddenResource.code).toBe(missingResource.code);
    expect(hiddenResource.message).toBe(String(missingResource.message).replace("nothing.csv", "payroll.csv"));
    expect(hiddenResource.data).toEqual({ uri: "file:///srv/hr/payroll.csv" });
    await alice.close();
  });

  it("compares its unknown-item answers with the unprotected SDK's own", async () => {
    const plain = await connect(v2Server({ unprotected: true }).server, ALICE);
    const guarded = await connect(v2Server().server, ALICE);
    for (const ask of [
      (c: Client) => c.callTool({ name: "no_such_tool", arguments: {} }),
      (c: Client) => c.getPrompt({ name: "no_such_prompt" }),
      (c: Client) => c.readResource({ uri: "file:///srv/hr/nothing.csv" }),
      // Hidden from the caller, and not a URI at all: the SDK's own answer for that.
      (c: Client) => c.readResource({ uri: "not a uri" }),
    ]) {
      expect(await failure(ask(guarded))).toEqual(await failure(ask(plain)));
    }
    await plain.close();
    await guarded.close();
  });

  it("treats a caller without identity as the anonymous subject", async () => {
    const anonymous = await connect(v2Server().server);
    expect((await anonymous.listTools()).tools).toEqual([]);
    expect((await anonymous.listResources()).resources.map((r) => r.uri)).toEqual(["file:///srv/shared/handbook.md"]);
    const read = await anonymous.readResource({ uri: "file:///srv/shared/handbook.md" });
    expect(read.contents[0]).toMatchObject({ text: "# Handbook" });
    await anonymous.close();
  });

  it("records every decision, also for a tool that throws", async () => {
    const records: DecisionRecord[] = [];
    const { server, ran } = v2Server({ records });
    const alice = await connect(server, ALICE);
    const result = await alice.callTool({ name: "explode", arguments: {} });
    expect(result.isError).toBe(true);
    await failure(alice.callTool({ name: "write_file", arguments: { path: "/home/alice/a", content: "x" } }));
    await alice.callTool({ name: "read_file", arguments: { path: "/home/alice/a.md" } });
    const calls = records.filter((r) => r.action === "tools/call");
    expect(calls.map((r) => [r.resource, r.outcome, r.subjectId])).toEqual([
      ["tool:explode", "allowed", "alice"],
      ["tool:write_file", "hidden", "alice"],
      ["tool:read_file", "allowed", "alice"],
    ]);
    expect(calls[2]?.arguments).toEqual({ path: "[redacted]" });
    expect(ran).toEqual(["explode", "read_file /home/alice/a.md"]);
    await alice.close();
  });
});

describe("protect on a v2 low-level Server", () => {
  it("filters lists and decides calls registered by method name", async () => {
    const server = new Server({ name: "low-v2", version: "1" }, { capabilities: { tools: {} } });
    const records: DecisionRecord[] = [];
    protect(server, engine, { now: DAYTIME, onDecision: (r) => void records.push(r) });
    const calls: string[] = [];
    server.setRequestHandler("tools/list", async () => ({
      tools: ["read_file", "admin_reset"].map((name) => ({ name, inputSchema: { type: "object" as const } })),
    }));
    server.setRequestHandler("tools/call", async (request) => {
      calls.push(request.params.name);
      return { content: [{ type: "text" as const, text: `ran ${request.params.name}` }] };
    });
    const alice = await connect(server, ALICE);
    expect((await alice.listTools()).tools.map((t) => t.name)).toEqual(["read_file"]);
    await alice.callTool({ name: "read_file", arguments: { path: "/home/alice/x" } });
    const hidden = await failure(alice.callTool({ name: "admin_reset", arguments: {} }));
    expect(hidden.code).toBe(-32602);
    expect(hidden.message).toBe("Unknown tool: admin_reset");
    expect(calls).toEqual(["read_file"]);
    expect(records.map((r) => r.outcome)).toEqual(["filtered", "allowed", "hidden"]);
    await alice.close();
  });

  it("decides handlers registered with custom schemas (which get the parsed params)", async () => {
    const server = new Server({ name: "schemas-v2", version: "1" }, { capabilities: { tools: {} } });
    protect(server, engine, { now: DAYTIME });
    const calls: string[] = [];
    server.setRequestHandler(
      "tools/call",
      { params: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() }) },
      async (params) => {
        calls.push(params.name);
        return { content: [{ type: "text" as const, text: `ran ${params.name}` }] };
      },
    );
    const alice = await connect(server, ALICE);
    await alice.callTool({ name: "read_file", arguments: { path: "/home/alice/x" } });
    const denied = await failure(alice.callTool({ name: "read_file", arguments: { path: "/home/bob/x" } }));
    expect(denied.code).toBe(POLICY_DENIED_CODE);
    const hidden = await failure(alice.callTool({ name: "admin_reset", arguments: {} }));
    expect(hidden.message).toBe("Unknown tool: admin_reset");
    expect(calls).toEqual(["read_file"]);
    await alice.close();
  });

  it("refuses to protect a server twice and anything that is not a server", () => {
    const server = new McpServer({ name: "twice", version: "1" });
    protect(server, engine);
    expect(() => protect(server, engine)).toThrow(/already protected/);
    expect(() => protect({}, engine)).toThrow(TypeError);
  });

  it("throws ProtocolError instances, as the SDK's own handlers do", async () => {
    const bob = await connect(v2Server().server, BOB);
    const error = await bob
      .callTool({ name: "write_file", arguments: { path: "/home/alice/a", content: "x" } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ProtocolError);
    await bob.close();
  });
});

describe("properties of protect on v2", () => {
  it("answers every protected request, however malformed its parameters, and never crashes the server", async () => {
    const { server } = v2Server();
    await expectEveryProtectedRequestAnswered(server, () => InMemoryTransport.createLinkedPair(), ALICE, 200);
  });

  it("answers a call of every tool a caller cannot see exactly as a call of a tool that does not exist", async () => {
    const subjects = fc.record({
      sub: fc.constantFrom("alice", "bob", "carol", "*"),
      roles: fc.subarray(["viewer", "editor", "admin", "suspended"]),
    });
    await fc.assert(
      fc.asyncProperty(subjects, fc.constantFrom(NIGHT, DAYTIME), async (claims, now) => {
        const client = await connect(v2Server({ now }).server, { token: "t", clientId: "c", scopes: [], extra: claims });
        const visible = new Set((await client.listTools()).tools.map((t) => t.name));
        const missing = await failure(client.callTool({ name: "no_such_tool", arguments: {} }));
        for (const name of ["read_file", "write_file", "admin_reset", "explode"]) {
          if (visible.has(name)) continue;
          const hidden = await failure(client.callTool({ name, arguments: { path: "/home/x/y", content: "z" } }));
          expect(hidden).toEqual({ ...missing, message: String(missing.message).replace("no_such_tool", name) });
        }
        await client.close();
      }),
      { numRuns: 40 },
    );
  });
});

describe("the env of a v2 request", () => {
  function server(policies: string, records: DecisionRecord[] = []) {
    const built = new McpServer({ name: "env-v2", version: "1.0.0" });
    protect(built, compile(policies), { onDecision: (record) => void records.push(record) });
    const ran: string[] = [];
    built.registerTool("q", { annotations: { readOnlyHint: false } }, async () => {
      ran.push("q");
      return { content: [{ type: "text" as const, text: "ran q" }] };
    });
    return { server: built, ran };
  }
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      (result) => JSON.stringify({ result }),
      (error: { code?: unknown; message?: unknown }) => JSON.stringify({ code: error.code, message: error.message }),
    );

  it("takes env.tool from the registry: annotations the client sends do not allow a call", async () => {
    const { server: built, ran } = server(
      `policy ro { allow subject * action "tools/call" resource "tool:q" when env.tool.readOnlyHint == true }`,
    );
    const client = await connect(built, ALICE);
    const unknownAnswer = (await outcome(client.callTool({ name: "nope" }))).replaceAll("nope", "q");
    const claims = [
      { name: "q", _meta: { annotations: { readOnlyHint: true } } },
      { name: "q", annotations: { readOnlyHint: true } },
    ];
    for (const params of claims) expect(await outcome(client.callTool(params as never))).toBe(unknownAnswer);
    expect(ran).toEqual([]);
    await client.close();
  });

  it("has the transport's session id in env.request and in the audit record", async () => {
    await expectSessionIdSeen(async (sessionId, records) => {
      const { server: built, ran } = server(SESSION_POLICY, records);
      const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
      serverTransport.sessionId = sessionId;
      await built.connect(serverTransport);
      const client = new Client({ name: "mcpolicy-v2-test", version: "1.0.0" });
      await client.connect(clientTransport);
      await outcome(client.callTool({ name: "q" }));
      await client.close();
      return ran;
    });
  });
});
