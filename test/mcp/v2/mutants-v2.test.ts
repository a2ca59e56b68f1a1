/**
 * Gaps found by mutation testing of the v2 adapter (src/mcp/v2/): the steps
 * `createMcpHandler` takes before any handler runs (the `Mcp-Param-*` header check, a
 * prompt's scope challenge) decided as `tools/call`/`prompts/get` for the right caller.
 * The real v2 client talks to the real handler through its `fetch` option.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMcpHandler, InMemoryTransport, McpServer, requireScopes } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../../src/engine.js";
import type { AuthInfo } from "../../../src/mcp/auth-info.js";
import type { PolicyEngine } from "../../../src/model/engine.js";
import { protect } from "../../../src/mcp/v2/index.js";
import { mismatchedRegionCall } from "./raw-requests.js";

type VerifiedAuth = AuthInfo & { readonly token: string; readonly clientId: string; readonly scopes: string[] };

const ALICE: VerifiedAuth = { token: "alice", clientId: "app", scopes: [], extra: { sub: "alice", roles: ["viewer"] } };

/** A modern-era handler: each per-request server protected by `engine`, with or without the `authInfo` option. */
function handlerFor(engine: PolicyEngine, withAuthInfo: boolean) {
  return createMcpHandler(
    (ctx: { authInfo?: AuthInfo }) => {
      const server = new McpServer({ name: "modern", version: "1.0.0" });
      protect(server, engine, withAuthInfo ? { authInfo: ctx.authInfo } : {});
      server.registerTool(
        "region_tool",
        { inputSchema: z.object({ region: z.string().meta({ "x-mcp-header": "Region" }) }) },
        async ({ region }) => ({ content: [{ type: "text", text: `ran in ${region}` }] }),
      );
      server.registerPrompt("secret_prompt", { scopeChallenge: requireScopes("admin:write") }, async () => ({
        messages: [{ role: "user", content: { type: "text", text: "secret" } }],
      }));
      return server;
    },
    { onerror: () => {} },
  );
}

/** `mismatchedRegionCall` as ALICE, the tool's name masked (a hidden and an unknown tool must read alike). */
async function mismatchedCall(
  handler: ReturnType<typeof handlerFor>,
  name: string,
): Promise<{ status: number; text: string }> {
  const { status, text } = await mismatchedRegionCall(handler, name, ALICE);
  return { status, text: text.replaceAll(name, "NAME") };
}

describe("v2 Mcp-Param header check under protect", () => {
  it("with the authInfo option, checks the headers of a tool the caller sees through a tools/call policy", async () => {
    // tools/call only: the check must be decided as the call is, not as `tools/list`.
    const engine = compile('policy p { allow subject role viewer action "tools/call" resource "tool:region_tool" }');
    const answer = await mismatchedCall(handlerFor(engine, true), "region_tool");
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/Mcp-Param-Region/i);
  });

  it("without the authInfo option, skips the check for every tool, also one the anonymous subject could see", async () => {
    // Anonymous callers may use region_tool, viewers may not: alice must not see it, so her
    // mismatched header must get the answer of an unknown tool, not the 400 of a check.
    const engine = compile(`
      policy "anyone" { allow subject * action "tools/call" resource "tool:region_tool" }
      policy "not viewers" { deny subject role viewer action "tools/call" resource "tool:region_tool" }
    `);
    const handler = handlerFor(engine, false);
    const hidden = await mismatchedCall(handler, "region_tool");
    const unknown = await mismatchedCall(handler, "no_such_tool");
    expect(hidden).toEqual(unknown);
    expect(hidden.text).toMatch(/not found/);
    expect(hidden.text).not.toMatch(/Mcp-Param/i);
  });
});

describe("v2 per-item scope challenges under protect", () => {
  it("gives no challenge for a hidden prompt: it answers as an unknown prompt", async () => {
    const engine = compile("policy p { allow subject role admin action * resource * }");
    const handler = handlerFor(engine, false);
    const client = new Client({ name: "c", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
        fetch: (url, init) => handler.fetch(new Request(url, init), { authInfo: ALICE }),
      }),
    );
    const answer = async (name: string) =>
      client.getPrompt({ name }).then(
        () => "ok",
        (error: { code?: unknown; message?: unknown }) =>
          `${String(error.code)} ${String(error.message).replace(name, "NAME")}`,
      );
    const hidden = await answer("secret_prompt");
    expect(hidden).toBe(await answer("no_such_prompt"));
    expect(hidden).toMatch(/not found/);
    await client.close();
  });
});

describe("env.tool on a v2 McpServer", () => {
  it("is the annotations the tool was registered with: they decide its list entry and its call", async () => {
    const engine = compile(
      'policy p { allow subject * action "tools/call" resource "tool:*" when env.tool.readOnlyHint == true }',
    );
    const server = new McpServer({ name: "annotated", version: "1.0.0" });
    protect(server, engine);
    const ran: string[] = [];
    for (const [name, annotations] of [
      ["reader", { readOnlyHint: true }],
      ["writer", { readOnlyHint: false }],
      ["plain", undefined],
    ] as const) {
      server.registerTool(name, annotations === undefined ? {} : { annotations }, async () => {
        ran.push(name);
        return { content: [{ type: "text", text: name }] };
      });
    }
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "c", version: "1" });
    await client.connect(clientSide);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["reader"]);
    expect(await client.callTool({ name: "reader", arguments: {} })).toMatchObject({
      content: [{ type: "text", text: "reader" }],
    });
    await expect(client.callTool({ name: "writer", arguments: {} })).rejects.toMatchObject({
      code: -32602,
      message: "Tool writer not found",
    });
    expect(ran).toEqual(["reader"]);
    await client.close();
  });
});
