/**
 * Regressions found by an audit of the MCP integration with the real SDK (v1), each
 * checked on the raw JSON-RPC answers:
 *  - `revealPolicy` must not tell a hidden tool from an unknown name;
 *  - an McpServer's handlers registered before `protect` (in its constructor, or by a
 *    first `registerTool`) are decided after the SDK's validation, as if registered after;
 *  - a server callback returning an object whose traps throw refuses with a generic error
 *    (recorded), never the callback's own text;
 *  - an unreadable `scopes` claim gets no `insufficient_scope` challenge (it might ask for
 *    a scope already held);
 *  - the audit record names the resource id that was refused.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { redactArguments } from "../../src/mcp/audit.js";
import { type DecisionRecord, type ProtectOptions, protect } from "../../src/mcp/index.js";
import { rawClient } from "./helpers.js";

const HIDES_DESTRUCTIVE = `policy "allow-x" { allow subject * action "tools/call", "tools/list" resource "tool:*" when env.arguments.x == 1 }
policy "deny-destructive" { deny subject * action "tools/call" resource "tool:*" when env.tool has destructiveHint and env.tool.destructiveHint == true }`;

describe("a hidden tool answers exactly as an unknown name", () => {
  it("with revealPolicy, down to the policy named", async () => {
    const answers: string[][] = [];
    for (const registered of [true, false]) {
      const server = new McpServer({ name: "s", version: "1" });
      protect(server, compile(HIDES_DESTRUCTIVE), { revealPolicy: true });
      server.registerTool("visible", {}, async () => ({ content: [] }));
      if (registered) server.registerTool("wipe", { annotations: { destructiveHint: true } }, async () => ({ content: [] }));
      const client = await rawClient(server);
      expect(await client.send("tools/list", {})).not.toContain("wipe");
      answers.push([
        await client.send("tools/call", { name: "wipe", arguments: { x: 2 } }),
        await client.send("tools/call", { name: "wipe", arguments: { x: 1 } }),
      ]);
      await client.close();
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.[0]).toContain('"policy":null');
  });

  it("for tools an McpServer registered before protect, malformed requests included", async () => {
    // An unknown name is allowed (and so reaches the SDK, which validates the request);
    // the registered tool is hidden by its annotations.
    const policies = compile(HIDES_DESTRUCTIVE.replace("when env.arguments.x == 1", ""));
    const requests = [
      { name: "secret", arguments: 5 },
      { name: "secret", arguments: [1] },
      { name: "secret", task: 5 },
      { name: "secret" },
    ];
    const answers: string[][] = [];
    for (const registered of [true, false]) {
      // Capabilities in the constructor: the McpServer registers its handlers right there.
      const server = new McpServer({ name: "s", version: "1" }, { capabilities: { tools: {} } });
      server.registerTool("visible", { inputSchema: { x: z.number() } }, async () => ({ content: [] }));
      if (registered) {
        server.registerTool("secret", { inputSchema: { x: z.number() }, annotations: { destructiveHint: true } }, async () => ({
          content: [],
        }));
      }
      protect(server, policies);
      const client = await rawClient(server);
      const answered: string[] = [];
      for (const params of requests) answered.push(await client.send("tools/call", params));
      answers.push(answered);
      await client.close();
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  it("decides arguments as the SDK parsed them when registered before protect: a `__proto__` key never arrives", async () => {
    const policies = compile(`policy "a" { allow subject * action "tools/call" resource "tool:t" when env.arguments has __proto__ }`);
    let ran = 0;
    const server = new McpServer({ name: "s", version: "1" });
    server.registerTool("t", {}, async () => {
      ran++;
      return { content: [] };
    });
    protect(server, policies);
    const client = await rawClient(server);
    expect(await client.send("tools/list", {})).not.toContain('"t"');
    const answer = await client.send("tools/call", JSON.parse('{"name":"t","arguments":{"__proto__":1}}'));
    expect(answer).toContain("Tool t not found");
    expect(ran).toBe(0);
    await client.close();
  });
});

describe("server callbacks whose objects throw", () => {
  const hostile = () =>
    new Proxy(
      {},
      {
        get: () => {
          throw new Error("SECRET-get");
        },
        getOwnPropertyDescriptor: () => {
          throw new Error("SECRET-descriptor");
        },
        ownKeys: () => {
          throw new Error("SECRET-keys");
        },
        getPrototypeOf: () => {
          throw new Error("SECRET-prototype");
        },
        has: () => {
          throw new Error("SECRET-has");
        },
      },
    );
  const ALLOW_WITH_X = `policy "a" { allow subject * action "tools/call", "tools/list" resource "tool:*" when env has x and env.x == 1 }
policy "d" { deny subject * action "tools/call" resource "tool:*" when env.tool has destructiveHint and env.tool.destructiveHint == true }`;
  const variants: [string, ProtectOptions][] = [
    ["an env extension returning such an object", { env: () => hostile() as Record<string, unknown> }],
    ["a subject resolver returning one", { env: () => ({ x: 1 }), subject: () => hostile() }],
    ["annotations that are one", { env: () => ({ x: 1 }), toolAnnotations: () => hostile() } as ProtectOptions],
  ];
  it.each(variants)("%s: no internal text reaches the client, every request is answered and recorded", async (_what, options) => {
    const records: DecisionRecord[] = [];
    const reported: unknown[] = [];
    let ran = 0;
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, compile(ALLOW_WITH_X), {
      ...options,
      onDecision: (record) => void records.push(record),
      onAuditError: (error) => void reported.push(error),
    });
    server.registerTool("t", {}, async () => {
      ran++;
      return { content: [{ type: "text", text: "ran" }] };
    });
    const client = await rawClient(server);
    const call = await client.send("tools/call", { name: "t" });
    const list = await client.send("tools/list", {});
    expect(call + list).not.toMatch(/SECRET/);
    expect(records.map((r) => r.action)).toEqual(["tools/call", "tools/list"]);
    // Listed exactly when it can be called.
    expect(list.includes('"t"')).toBe(ran === 1);
    await client.close();
  });
});

describe("insufficient_scope", () => {
  it("asks for no scope when the scopes claim cannot be read (over the bound)", async () => {
    const policies = compile(`policy "del" { allow subject * action "tools/call", "tools/list" resource "tool:delete_file" when "files:delete" in subject.scopes }`);
    const answers: string[] = [];
    for (const scopes of [[], Array.from({ length: 300 }, (_, i) => `extra:${i}`).concat("files:delete")]) {
      const server = new McpServer({ name: "s", version: "1" });
      protect(server, policies, { insufficientScope: { scopes: ["files:delete"] } });
      server.registerTool("delete_file", {}, async () => ({ content: [{ type: "text", text: "ran" }] }));
      const client = await rawClient(server, { authInfo: { token: "T", clientId: "c", scopes, extra: { sub: "alice" } } });
      answers.push(await client.send("tools/call", { name: "delete_file" }));
      await client.close();
    }
    expect(answers[0]).toContain('"scope":"files:delete"');
    expect(answers[1]).not.toContain("insufficient_scope");
  });
});

describe("audit records", () => {
  it("name the resource id that was refused (the URI as sent, not as resolved)", async () => {
    const records: DecisionRecord[] = [];
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, compile(`policy "srv" { allow subject * action "resources/read", "resources/list" resource "resource:file:///srv/**" }`), {
      onDecision: (record) => void records.push(record),
    });
    server.registerResource("b", "file:///srv/b", {}, async (uri) => ({ contents: [{ uri: uri.href, text: "B" }] }));
    const client = await rawClient(server);
    await client.send("resources/read", { uri: "file:///srv/b" });
    await client.send("resources/read", { uri: "file:///srv/a/../b" });
    expect(records.map((r) => [r.resource, r.effect])).toEqual([
      ["resource:file:///srv/b", "allow"],
      ["resource:file:///srv/a/../b", "notapplicable"],
    ]);
    await client.close();
  });
});

describe("insufficient_scope for an anonymous caller", () => {
  it("is never asked for: a caller without identity gets policy_denied", async () => {
    // Visible to everyone (a dry run is allowed), so a refused call is answered, not hidden.
    const policies =
      compile(`policy "del" { allow subject * action "tools/call", "tools/list" resource "tool:delete_file" when "files:delete" in subject.scopes }
policy "dry" { allow subject * action "tools/call", "tools/list" resource "tool:delete_file" when env.arguments.dry == true }`);
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, policies, { insufficientScope: { scopes: ["files:delete"] } });
    server.registerTool("delete_file", {}, async () => ({ content: [{ type: "text", text: "ran" }] }));
    const anonymous = await rawClient(server);
    const answer = await anonymous.send("tools/call", { name: "delete_file" });
    expect(answer).toContain("policy_denied");
    expect(answer).not.toContain("insufficient_scope");
    await anonymous.close();
    // The same request with an identity is challenged (the test above is not vacuous).
    const second = new McpServer({ name: "s", version: "1" });
    protect(second, policies, { insufficientScope: { scopes: ["files:delete"] } });
    second.registerTool("delete_file", {}, async () => ({ content: [{ type: "text", text: "ran" }] }));
    const alice = await rawClient(second, { authInfo: { token: "T", clientId: "c", scopes: [], extra: { sub: "alice" } } });
    expect(await alice.send("tools/call", { name: "delete_file" })).toContain("insufficient_scope");
    await alice.close();
  });
});

describe("redacted arguments that are not an object", () => {
  it("never carry the raw value", () => {
    for (const args of ["secret-token", ["secret-token"], 42, true, null]) {
      const redacted = redactArguments(args);
      expect(JSON.stringify(redacted)).not.toContain("secret-token");
      expect(redacted).toBe("[redacted]");
    }
    expect(redactArguments(undefined)).toBeUndefined();
  });
});
