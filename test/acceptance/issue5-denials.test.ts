/**
 * Issue 5, item 5: a denied call the caller can see gets a JSON-RPC error with a stable
 * code and `data.reason: "policy_denied"` — configurable to an `isError` tool result —
 * and the deciding policy's name only when the server opts in; a denial more scopes
 * would lift says `insufficient_scope`. Exact answers over the wire, both SDK lines.
 */
import { McpServer as V1McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as V2McpServer } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { POLICY_DENIED_CODE, type ProtectOptions, protect as protectV1 } from "../../src/mcp/index.js";
import { protect as protectV2 } from "../../src/mcp/v2/index.js";
import { authInfo, type Line, raw } from "../helpers/raw-json-rpc.js";

const POLICIES = compile(`
policy "own-home" {
  allow
  subject *
  action "tools/call", "prompts/get", "resources/read"
  resource "tool:write", "prompt:draft", "resource:file:///home/**"
  when env.arguments has path and env.arguments.path matches "/home/\${subject.id}/**"
}
policy "home-resources" { allow subject * action "resources/read" resource "resource:file:///home/\${subject.id}/**" }
policy "no-dotfiles" {
  deny
  priority 5
  subject *
  action "tools/call"
  resource "tool:write"
  when env.arguments has path and env.arguments.path matches "/home/*/.*"
}
policy "delete-needs-scope" {
  allow
  subject *
  action "tools/call"
  resource "tool:delete"
  when env.arguments.path matches "/home/\${subject.id}/**"
  when "files:delete" in subject.scopes and "files:write" in subject.scopes
}
`);

function server(line: Line, options: ProtectOptions) {
  const ran: string[] = [];
  const handler = (name: string) => async () => {
    ran.push(name);
    return { content: [{ type: "text" as const, text: `ran ${name}` }] };
  };
  const prompt = () => ({ messages: [{ role: "user" as const, content: { type: "text" as const, text: "draft" } }] });
  if (line === "v1") {
    const s = new V1McpServer({ name: "s", version: "1.0.0" });
    protectV1(s, POLICIES, options);
    s.registerTool("write", { inputSchema: { path: z.string() } }, handler("write"));
    s.registerTool("delete", { inputSchema: { path: z.string() } }, handler("delete"));
    s.registerPrompt("draft", { argsSchema: { path: z.string() } }, prompt);
    return { server: s as never, ran };
  }
  const s = new V2McpServer({ name: "s", version: "1.0.0" });
  protectV2(s, POLICIES, options);
  s.registerTool("write", { inputSchema: z.object({ path: z.string() }) }, handler("write"));
  s.registerTool("delete", { inputSchema: z.object({ path: z.string() }) }, handler("delete"));
  s.registerPrompt("draft", { argsSchema: z.object({ path: z.string() }) }, prompt);
  return { server: s as never, ran };
}

const ALICE = authInfo("alice", [], ["files:write"]);
/** v1 writes every error message as `MCP error <code>: <message>`; v2 sends it bare. */
const message = (line: Line, text: string, code = POLICY_DENIED_CODE) =>
  line === "v1" ? `MCP error ${code}: ${text}` : text;

describe.each(["v1", "v2"] as const)("%s denials", (line) => {
  it("are the JSON-RPC error -32003 with data { reason: 'policy_denied' } and nothing more, for every kind of call", async () => {
    const { server: s, ran } = server(line, {});
    const client = await raw(line, s, { authInfo: ALICE });
    const denied = {
      code: -32003,
      message: message(line, "Access denied by policy"),
      data: { reason: "policy_denied" },
    };
    for (const [method, params] of [
      ["tools/call", { name: "write", arguments: { path: "/home/bob/x" } }],
      ["tools/call", { name: "write", arguments: { path: "/home/alice/.ssh" } }],
      ["prompts/get", { name: "draft", arguments: { path: "/home/bob/x" } }],
    ] as const)
      expect(await client.call(method, params)).toEqual({ jsonrpc: "2.0", error: denied });
    expect(ran).toEqual([]);
    await client.close();
  });

  it("name the deciding policy only with revealPolicy (null when none applied)", async () => {
    const { server: s } = server(line, { revealPolicy: true });
    const client = await raw(line, s, { authInfo: ALICE });
    const dotfile = await client.call("tools/call", { name: "write", arguments: { path: "/home/alice/.ssh" } });
    expect(dotfile.error).toMatchObject({ code: -32003, data: { reason: "policy_denied", policy: "no-dotfiles" } });
    const elsewhere = await client.call("tools/call", { name: "write", arguments: { path: "/home/bob/x" } });
    expect(elsewhere.error).toMatchObject({ code: -32003, data: { reason: "policy_denied", policy: null } });
    await client.close();
  });

  it('with denial: "result" answer a tool call with an isError result, other requests with the error', async () => {
    const { server: s, ran } = server(line, { denial: "result" });
    const client = await raw(line, s, { authInfo: ALICE });
    expect(await client.call("tools/call", { name: "write", arguments: { path: "/home/bob/x" } })).toEqual({
      jsonrpc: "2.0",
      result: {
        content: [{ type: "text", text: "Access denied by policy" }],
        isError: true,
        _meta: { "mcpolicy/denial": { reason: "policy_denied" } },
      },
    });
    const prompt = await client.call("prompts/get", { name: "draft", arguments: { path: "/home/bob/x" } });
    expect(prompt.error).toMatchObject({ code: -32003, data: { reason: "policy_denied" } });
    // Allowed calls still run.
    expect(await client.send("tools/call", { name: "write", arguments: { path: "/home/alice/x" } })).toContain(
      "ran write",
    );
    expect(ran).toEqual(["write"]);
    await client.close();
  });

  it("say insufficient_scope and the smallest set of scopes when more scopes would lift the denial", async () => {
    const { server: s, ran } = server(line, {
      insufficientScope: { scopes: ["files:read", "files:write", "files:delete"] },
    });
    const noScopes = await raw(line, s, { authInfo: authInfo("alice") });
    expect((await noScopes.call("tools/call", { name: "delete", arguments: { path: "/home/alice/x" } })).error).toEqual(
      {
        code: -32003,
        message: message(line, "Insufficient scope"),
        data: { reason: "insufficient_scope", scope: "files:write files:delete" },
      },
    );
    await noScopes.close();
    const { server: s2 } = server(line, {
      insufficientScope: { scopes: ["files:read", "files:write", "files:delete"] },
    });
    const writeOnly = await raw(line, s2, { authInfo: ALICE });
    expect(
      (await writeOnly.call("tools/call", { name: "delete", arguments: { path: "/home/alice/x" } })).error,
    ).toMatchObject({
      data: { reason: "insufficient_scope", scope: "files:delete" },
    });
    // No scope lifts a denial on the arguments, and without files:delete the caller cannot
    // see the tool at all: answered as a tool that does not exist.
    const elsewhere = await writeOnly.send("tools/call", { name: "delete", arguments: { path: "/home/bob/x" } });
    expect(elsewhere).not.toContain("insufficient_scope");
    expect(elsewhere).toContain("Tool delete not found");
    await writeOnly.close();
    expect(ran).toEqual([]);
  });
});
