/**
 * The rarer branches of the v2 adapter (src/mcp/v2/protect.ts) and of
 * `Authorizer.visibleTo`: the `authInfo` option given as `undefined` (an anonymous request
 * of `createMcpHandler`), per-item scope challenges resolved for a context without
 * `authInfo`, with an `authInfo` without scopes, and returned as a promise; the
 * `Protection` that `protect` returns.
 */
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../../src/engine.js";
import type { AuthInfo } from "../../../src/mcp/auth-info.js";
import { protect } from "../../../src/mcp/v2/index.js";
import type { PolicyEngine } from "../../../src/model/engine.js";
import { mismatchedRegionCall } from "./raw-requests.js";

function handlerFor(engine: PolicyEngine) {
  return createMcpHandler(
    (ctx: { authInfo?: AuthInfo }) => {
      const server = new McpServer({ name: "modern", version: "1.0.0" });
      // `ctx.authInfo` is undefined for an anonymous request: the option is there, undefined.
      protect(server, engine, { authInfo: ctx.authInfo });
      server.registerTool(
        "region_tool",
        { inputSchema: z.object({ region: z.string().meta({ "x-mcp-header": "Region" }) }) },
        async ({ region }) => ({ content: [{ type: "text", text: `ran in ${region}` }] }),
      );
      return server;
    },
    { onerror: () => {} },
  );
}

describe("the authInfo option, undefined (anonymous request)", () => {
  it("checks the Mcp-Param headers of a tool the anonymous subject sees", async () => {
    const handler = handlerFor(compile('policy p { allow subject * action "tools/call" resource "tool:region_tool" }'));
    const answer = await mismatchedRegionCall(handler, "region_tool", undefined);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/Mcp-Param-Region/i);
  });

  it("answers as for an unknown tool when only signed-in callers see it", async () => {
    const handler = handlerFor(compile('policy p { allow subject role viewer action "tools/call" resource "tool:region_tool" }'));
    const hidden = await mismatchedRegionCall(handler, "region_tool", undefined);
    const unknown = await mismatchedRegionCall(handler, "no_such_tool", undefined);
    expect({ ...hidden, text: hidden.text.replaceAll("region_tool", "NAME") }).toEqual({
      ...unknown,
      text: unknown.text.replaceAll("no_such_tool", "NAME"),
    });
    expect(hidden.text).not.toMatch(/Mcp-Param/i);
  });
});

/** `McpServer.resolveScopeChallenge`, as the HTTP entry and transports call it (internal to the SDK). */
type Resolver = (context: unknown) => unknown;

describe("per-item scope challenges", () => {
  // `secret` needs the scope admin:write; `open` is for everyone.
  const engine = compile(`
    policy secret { allow subject * action "tools/call" resource "tool:secret" when subject.scopes contains "admin:write" }
    policy open { allow subject * action "tools/call" resource "tool:open" }
  `);
  const challenge = { scopes: ["admin:write"] };

  function server(asPromise: boolean) {
    const s = new McpServer({ name: "s", version: "1" });
    const protection = protect(s, engine);
    const scopeChallenge = () => (asPromise ? Promise.resolve(challenge) : challenge);
    for (const name of ["secret", "open"]) s.registerTool(name, { scopeChallenge } as never, async () => ({ content: [] }));
    const resolve = (s as unknown as { resolveScopeChallenge: Resolver }).resolveScopeChallenge;
    return { resolve, protection };
  }
  const call = (name: string) => ({ method: "tools/call", params: { name, arguments: {} } });
  const withScopes: AuthInfo = { token: "t", clientId: "c", scopes: [], extra: { sub: "alice" } };
  const noScopes = { token: "t", clientId: "c", extra: { sub: "alice" } } as unknown as AuthInfo;

  it.each([false, true])("are the SDK's for a step-up that shows the item (challenge as a promise: %s)", async (asPromise) => {
    const { resolve } = server(asPromise);
    expect(await resolve({ request: call("secret"), authInfo: withScopes })).toEqual(challenge);
    // An authInfo without scopes: the challenge's scopes alone show it.
    expect(await resolve({ request: call("secret"), authInfo: noScopes })).toEqual(challenge);
    // A visible item: the SDK's challenge, as it is.
    expect(await resolve({ request: call("open"), authInfo: noScopes })).toEqual(challenge);
  });

  it.each([false, true])("are none without authInfo for a hidden item, as for an unknown one (promise: %s)", async (asPromise) => {
    const { resolve } = server(asPromise);
    // No authInfo: anonymous, who cannot step up — no challenge, as for a name the server lacks.
    const hidden = resolve({ request: call("secret") });
    expect(asPromise ? hidden instanceof Promise : true).toBe(true);
    expect(await hidden).toBeUndefined();
    expect(await resolve({ request: call("secret"), authInfo: "not an object" })).toBeUndefined();
    expect(await resolve({ request: call("no_such_tool") })).toBeUndefined();
    // The visible one keeps its challenge without authInfo too.
    expect(await resolve({ request: call("open") })).toEqual(challenge);
  });

  it("are none when the promised challenge fails", async () => {
    const s = new McpServer({ name: "s", version: "1" });
    protect(s, engine);
    s.registerTool("secret", { scopeChallenge: () => Promise.reject(new Error("boom")) } as never, async () => ({ content: [] }));
    const resolve = (s as unknown as { resolveScopeChallenge: Resolver }).resolveScopeChallenge;
    expect(await resolve({ request: call("secret"), authInfo: withScopes })).toBeUndefined();
  });
});

describe("the Protection protect returns (v2)", () => {
  it("gives the subject protect decides for, and a scope-challenge middleware", () => {
    const { protection } = (() => {
      const s = new McpServer({ name: "s", version: "1" });
      return { protection: protect(s, compile("policy p { allow subject * action * resource * }")) };
    })();
    const subject = protection.subjectOf({ token: "t", clientId: "c", scopes: ["a"], extra: { sub: "alice", roles: ["viewer"] } });
    expect(subject).toMatchObject({ id: "alice", roles: ["viewer"], scopes: ["a"] });
    expect(protection.subjectOf(undefined)).toMatchObject({ roles: [] });
    expect(typeof protection.scopeChallenge()).toBe("function");
  });
});
