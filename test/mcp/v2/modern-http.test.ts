/**
 * The v2 SDK's `createMcpHandler` in the modern protocol era (a new server per request,
 * from a factory): steps the SDK takes before any handler runs must not tell a hidden
 * tool apart from an unknown one. The real client talks to the real handler through its
 * `fetch` option (no socket); the bearer token is looked up in a table, as a verifier would.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMcpHandler, McpServer, requireScopes } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../../src/engine.js";
import type { AuthInfo } from "../../../src/mcp/auth-info.js";
import { protect } from "../../../src/mcp/v2/index.js";
import { mismatchedRegionCall } from "./raw-requests.js";

const engine = compile(`
policy "viewers use pub" { allow subject role viewer action "tools/call" resource "tool:pub" }
policy "admins use everything" { allow subject role admin action * resource * }
`);

/** What a bearer verifier gives (the SDK's AuthInfo: a token is always there). */
type VerifiedAuth = AuthInfo & { readonly token: string; readonly clientId: string; readonly scopes: string[] };

const TOKENS: Record<string, VerifiedAuth> = {
  alice: { token: "alice", clientId: "app", scopes: [], extra: { sub: "alice", roles: ["viewer"] } },
  carol: { token: "carol", clientId: "app", scopes: [], extra: { sub: "carol", roles: ["admin"] } },
};

type Mode = "no authInfo option" | "authInfo option";

/** A modern-era handler whose factory protects each per-request server. */
function handlerFor(mode: Mode) {
  return createMcpHandler(
    (ctx: { authInfo?: AuthInfo }) => {
      const server = new McpServer({ name: "modern", version: "1.0.0" });
      protect(server, engine, mode === "authInfo option" ? { authInfo: ctx.authInfo } : {});
      server.registerTool("pub", {}, async () => ({ content: [{ type: "text", text: "pub" }] }));
      // `x-mcp-header`: the SDK checks the Mcp-Param-Region header against the body before dispatch.
      server.registerTool(
        "secret_admin",
        { inputSchema: z.object({ region: z.string().meta({ "x-mcp-header": "Region" }) }) },
        async () => ({ content: [{ type: "text", text: "admin" }] }),
      );
      // A per-tool scope challenge, which the SDK resolves before dispatch too.
      server.registerTool("scoped_admin", { scopeChallenge: requireScopes("admin:write") }, async () => ({
        content: [{ type: "text", text: "scoped" }],
      }));
      return server;
    },
    { onerror: () => {} },
  );
}

async function clientAs(mode: Mode, user: string): Promise<Client> {
  const handler = handlerFor(mode);
  const client = new Client({ name: "c", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
  const transport = new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
    fetch: (url, init) => handler.fetch(new Request(url, init), { authInfo: TOKENS[user] }),
  });
  await client.connect(transport);
  return client;
}

/** The JSON-RPC error (code and message) a call answers with, or "ok". */
async function callAnswer(client: Client, name: string): Promise<string> {
  try {
    await client.callTool({ name, arguments: { region: "eu" } });
    return "ok";
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return `${String(code)} ${String(message).replace(name, "NAME")}`;
  }
}

describe("v2 createMcpHandler, modern era", () => {
  for (const mode of ["no authInfo option", "authInfo option"] as const) {
    it(`answers a hidden tool with an Mcp-Param header declaration as an unknown tool (${mode})`, async () => {
      const alice = await clientAs(mode, "alice");
      expect((await alice.listTools()).tools.map((tool) => tool.name)).toEqual(["pub"]);
      const hidden = await callAnswer(alice, "secret_admin");
      expect(hidden).toBe(await callAnswer(alice, "no_such_tool"));
      expect(hidden).toMatch(/not found/);
      await alice.close();
    });
  }

  it("with the authInfo option, still lets the SDK check the headers of a tool the caller can see", async () => {
    const carol = await clientAs("authInfo option", "carol");
    expect((await carol.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      "pub",
      "scoped_admin",
      "secret_admin",
    ]);
    // The real client sends the Mcp-Param-Region header itself, so the call goes through...
    expect(await callAnswer(carol, "secret_admin")).toBe("ok");
    await carol.close();
    // ...and a request whose header disagrees with its body is refused before dispatch.
    const { status, text } = await mismatchedRegionCall(handlerFor("authInfo option"), "secret_admin", TOKENS.carol);
    expect(status).toBe(400);
    expect(text).toMatch(/Mcp-Param-Region/i);
  });

  it("gives no scope challenge for a hidden tool (it answers as unknown), and keeps it for a visible one", async () => {
    const alice = await clientAs("no authInfo option", "alice");
    const hidden = await callAnswer(alice, "scoped_admin");
    expect(hidden).toBe(await callAnswer(alice, "no_such_tool"));
    expect(hidden).toMatch(/not found/);
    await alice.close();
    const carol = await clientAs("no authInfo option", "carol");
    expect(await callAnswer(carol, "scoped_admin")).not.toMatch(/not found|^ok$/);
    await carol.close();
  });

  it("keeps the SDK's step-up challenge for an item the missing scopes would show", async () => {
    const scoped = compile(
      'policy w { allow subject * action "tools/call" resource "tool:write" when "files:write" in subject.scopes }',
    );
    const handler = createMcpHandler(
      () => {
        const server = new McpServer({ name: "scoped", version: "1.0.0" });
        protect(server, scoped);
        server.registerTool("write", { scopeChallenge: requireScopes("files:write") }, async () => ({
          content: [{ type: "text", text: "w" }],
        }));
        return server;
      },
      { onerror: () => {} },
    );
    const callAs = async (scopes: string[]) => {
      const client = new Client({ name: "c", version: "1" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
      const authInfo = { ...TOKENS.alice, scopes } as VerifiedAuth;
      await client.connect(
        new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
          fetch: (url, init) => handler.fetch(new Request(url, init), { authInfo }),
        }),
      );
      const answer = await callAnswer(client, "write");
      await client.close();
      return answer;
    };
    expect(await callAs([])).toMatch(/Insufficient scope: required "files:/);
    expect(await callAs(["files:write"])).toBe("ok");
  });

  it("rejects an authInfo option that is not an object", () => {
    const server = new McpServer({ name: "x", version: "1" });
    expect(() => protect(server, engine, { authInfo: "alice" as unknown as AuthInfo })).toThrow(/authInfo/);
  });
});
