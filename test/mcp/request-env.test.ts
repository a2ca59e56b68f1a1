/**
 * The `env` a policy sees for an MCP request (src/mcp/request-env.ts, docs/mcp.md "env"):
 * `env.tool` from the server's registry, never the client; `arguments`, `tool` and
 * `request` that the `env` option cannot set; `env.request.method` and `sessionId` of the
 * current request; `envError` from an `env` option that throws. Real SDK (v1), raw
 * JSON-RPC over the in-memory transport.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { type DecisionRecord, type ProtectOptions, protect } from "../../src/mcp/index.js";
import { expectSessionIdSeen, rawClient, SESSION_POLICY } from "./helpers.js";

/** A server with tool `q` (registered `readOnlyHint: false`) and prompt `p`; `ran` lists what ran. */
function serverWith(policies: string, options: ProtectOptions = {}) {
  const server = new McpServer({ name: "s", version: "1" });
  protect(server, compile(policies), options);
  const ran: string[] = [];
  server.registerTool(
    "q",
    { inputSchema: { sql: z.string().optional() }, annotations: { readOnlyHint: false } },
    async () => {
      ran.push("q");
      return { content: [{ type: "text", text: "ran q" }] };
    },
  );
  server.registerPrompt("p", {}, async () => {
    ran.push("p");
    return { messages: [{ role: "user", content: { type: "text", text: "P" } }] };
  });
  return { server, ran };
}

describe("env.tool", () => {
  it("comes from the server's registry: annotations the client sends do not allow a call", async () => {
    const policies = `policy ro { allow subject * action "tools/call" resource "tool:q" when env.tool.readOnlyHint == true }`;
    const { server, ran } = serverWith(policies);
    const client = await rawClient(server);
    const unknownAnswer = (await client.send("tools/call", { name: "nope" })).replaceAll("nope", "q");
    const claims = [
      { name: "q", _meta: { annotations: { readOnlyHint: true } } },
      { name: "q", annotations: { readOnlyHint: true } },
      { name: "q", arguments: {}, _meta: { annotations: { readOnlyHint: true } }, annotations: { readOnlyHint: true } },
    ];
    for (const params of claims) expect(await client.send("tools/call", params)).toBe(unknownAnswer);
    expect(ran).toEqual([]);
    await client.close();
  });
});

describe("the env option", () => {
  it("cannot set env.tool, env.arguments or env.request", async () => {
    const policies = `policy t { allow subject * action "tools/call" resource "tool:q" when env.tool.readOnlyHint == true }
policy a { allow subject * action "tools/call" resource "tool:q" when env.arguments.sql == "SELECT 1" }
policy r { allow subject * action "tools/call" resource "tool:q" when env.request.method == "forged" }
policy x { allow subject * action "tools/call" resource "tool:q" when env.extra == "seen" }`;
    const records: DecisionRecord[] = [];
    const { server, ran } = serverWith(policies, {
      env: () => ({
        tool: { readOnlyHint: true },
        arguments: { sql: "SELECT 1" },
        request: { method: "forged" },
      }),
      onDecision: (record) => void records.push(record),
    });
    const client = await rawClient(server);
    const answer = await client.send("tools/call", { name: "q", arguments: { sql: "DROP TABLE t" } });
    expect(answer).not.toContain("ran q");
    expect(ran).toEqual([]);
    expect(records.at(-1)?.effect).not.toBe("allow");
    await client.close();
    // The same extension's other attributes are seen (the test above is not vacuous).
    const seen = serverWith(policies, { env: () => ({ tool: { readOnlyHint: true }, extra: "seen" }) });
    const other = await rawClient(seen.server);
    expect(await other.send("tools/call", { name: "q", arguments: { sql: "DROP TABLE t" } })).toContain("ran q");
    await other.close();
  });

  it("cannot give env.tool to a request about something other than a tool", async () => {
    const policies = `policy t { allow subject * action "resources/read", "resources/list" resource "resource:file:///doc" when env.tool.readOnlyHint == true }
policy x { allow subject * action "resources/read", "resources/list" resource "resource:file:///doc" when env.extra == "seen" }`;
    for (const [extension, reads] of [
      [() => ({ tool: { readOnlyHint: true } }), false],
      [() => ({ tool: { readOnlyHint: true }, extra: "seen" }), true],
    ] as const) {
      const { server } = serverWith(policies, { env: extension });
      server.registerResource("doc", "file:///doc", {}, async (uri) => ({
        contents: [{ uri: uri.href, text: "DOC" }],
      }));
      const client = await rawClient(server);
      expect((await client.send("resources/list")).includes("file:///doc")).toBe(reads);
      expect((await client.send("resources/read", { uri: "file:///doc" })).includes("DOC")).toBe(reads);
      await client.close();
    }
  });

  it("that throws sets env.envError", async () => {
    const policies = `policy e { allow subject * action "tools/call" resource "tool:q" when env.envError == true }`;
    const { server, ran } = serverWith(policies, {
      env: () => {
        throw new Error("env down");
      },
    });
    const client = await rawClient(server);
    expect(await client.send("tools/call", { name: "q" })).toContain("ran q");
    expect(ran).toEqual(["q"]);
    await client.close();
  });
});

describe("env.request", () => {
  it("method is the current request's, also right after another method", async () => {
    const policies = `policy m { allow subject * action * resource * when env.request.method == "tools/call" }`;
    const { server, ran } = serverWith(policies);
    const client = await rawClient(server);
    expect(await client.send("tools/call", { name: "q" })).toContain("ran q");
    const unknownPrompt = (await client.send("prompts/get", { name: "nope" })).replaceAll("nope", "p");
    expect(await client.send("tools/call", { name: "q" })).toContain("ran q");
    expect(await client.send("prompts/get", { name: "p" })).toBe(unknownPrompt);
    expect(ran).toEqual(["q", "q"]);
    await client.close();
  });

  it("sessionId is the transport's session id, in env.request and in the audit record", async () => {
    await expectSessionIdSeen(async (sessionId, records) => {
      const { server, ran } = serverWith(SESSION_POLICY, { onDecision: (record) => void records.push(record) });
      const client = await rawClient(server, { sessionId });
      await client.send("tools/call", { name: "q" });
      await client.close();
      return ran;
    });
  });
});
