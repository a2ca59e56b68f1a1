/**
 * Issue 5, item 3: the subject from the identity. `subjectFromAuthInfo`: id from a
 * configurable claim of `authInfo.extra`, else `clientId`; roles and groups from
 * configurable claims; scopes from `authInfo.scopes`; never the raw token. Stdio: the
 * identity from the environment. No identity: the anonymous subject, which policies can
 * allow or deny explicitly. Checked on what `protect` decides over the real SDK.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import {
  ANONYMOUS_SUBJECT,
  type ProtectOptions,
  protect,
  subjectFromAuthInfo,
  subjectFromEnv,
} from "../../src/mcp/index.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { raw } from "../helpers/raw-json-rpc.js";

const POLICIES = compile(`
role admin includes viewer
policy viewers { allow subject role viewer action "tools/call" resource "tool:read" }
policy team { allow subject group ops action "tools/call" resource "tool:ops" }
policy "by-id" { allow subject user alice action "tools/call" resource "tool:mine" }
policy scoped { allow subject * action "tools/call" resource "tool:scoped" when "files:read" in subject.scopes }
policy "by-department" { allow subject * action "tools/call" resource "tool:dept" when subject.department == "finance" }
policy "no-suspended" { deny priority 10 subject role suspended action * resource * }
policy "no-anonymous" { deny priority 10 subject * action "tools/call" resource "tool:read" when subject has anonymous }
policy "anonymous-public" { allow subject * action "tools/call" resource "tool:public" }
`);

const TOOLS = ["read", "ops", "mine", "scoped", "dept", "public"];

/** Which tools the caller of `authInfo` may call, over the real SDK (in-memory transport). */
async function callable(
  authInfo: unknown,
  options: ProtectOptions = {},
  engine: PolicyEngine = POLICIES,
): Promise<string[]> {
  const server = new McpServer({ name: "s", version: "1.0.0" });
  protect(server, engine, options);
  const ran: string[] = [];
  for (const name of TOOLS)
    server.registerTool(name, {}, async () => {
      ran.push(name);
      return { content: [] };
    });
  const client = await raw("v1", server as never, { authInfo });
  for (const name of TOOLS) await client.send("tools/call", { name, arguments: {} });
  const listed = ((await client.call("tools/list", {})) as { result: { tools: { name: string }[] } }).result.tools.map(
    (t) => t.name,
  );
  await client.close();
  // Lists agree with calls: each listed tool is callable with `{}` here (no argument conditions).
  expect(listed).toEqual(ran);
  return ran;
}

const token = (extra: unknown, more: Record<string, unknown> = {}) => ({
  token: "RAW-TOKEN-abc.def.ghi",
  clientId: "client-7",
  scopes: [],
  extra,
  ...more,
});

describe("subjectFromAuthInfo (the default)", () => {
  it("takes id from sub, roles and groups from their claims, scopes from authInfo.scopes", async () => {
    expect(
      await callable(token({ sub: "alice", roles: ["viewer"], groups: ["ops"] }, { scopes: ["files:read"] })),
    ).toEqual(["read", "ops", "mine", "scoped", "public"]);
    expect(await callable(token({ sub: "bob", roles: "admin", groups: "dev ops" }))).toEqual(["read", "ops", "public"]);
  });

  it("never copies the raw token into the subject", () => {
    const server = new McpServer({ name: "s", version: "1.0.0" });
    const protection = protect(server, POLICIES, { subject: subjectFromAuthInfo({ attributes: ["department"] }) });
    const subject = protection.subjectOf(token({ sub: "alice", department: "finance" }) as never);
    expect(JSON.stringify(subject)).not.toContain("RAW-TOKEN");
    expect(subject).toEqual({ id: "alice", roles: [], groups: [], scopes: [], department: "finance" });
  });

  it("falls back to clientId only when the id claim is absent", async () => {
    const server = new McpServer({ name: "s", version: "1.0.0" });
    const protection = protect(server, POLICIES);
    expect(protection.subjectOf(token({ roles: ["viewer"] }) as never)).toMatchObject({
      id: "client-7",
      roles: ["viewer"],
    });
    expect(protection.subjectOf(token(undefined) as never)).toMatchObject({ id: "client-7" });
    // A present but broken id claim is a broken identity: nothing allowed, not the client's rights.
    for (const sub of [42, ["alice"], "", { id: "alice" }, null])
      expect(await callable(token({ sub, roles: ["viewer"] }))).toEqual([]);
  });

  it("reads claims named as configured", async () => {
    const subject = subjectFromAuthInfo({
      idClaim: "email",
      rolesClaim: "realm_roles",
      groupsClaim: "teams",
      attributes: ["department"],
    });
    const authInfo = token({
      email: "alice",
      sub: "someone-else",
      roles: ["suspended"],
      realm_roles: ["viewer"],
      teams: ["ops"],
      department: "finance",
    });
    expect(await callable(authInfo, { subject })).toEqual(["read", "ops", "mine", "dept", "public"]);
  });

  it("fails closed on malformed or hostile role and group claims: an erring deny still applies", async () => {
    const malformed: unknown[] = [
      5,
      { viewer: true, suspended: true },
      [["viewer"]],
      ["viewer", 7],
      ["viewer", { toString: "suspended" }],
      Array.from({ length: 300 }, (_, i) => (i === 299 ? "suspended" : `r${i}`)),
      ["viewer", "x".repeat(5000)],
      `viewer ${"r ".repeat(300)}suspended`,
    ];
    for (const roles of malformed) expect(await callable(token({ sub: "alice", roles, groups: ["ops"] }))).toEqual([]);
    // A suspended role among others, in either form, denies everything.
    for (const roles of [["viewer", "suspended"], "viewer,suspended", "viewer suspended"])
      expect(await callable(token({ sub: "alice", roles }))).toEqual([]);
  });

  it("never reads inherited or accessor claims", async () => {
    const extra = Object.create({ sub: "alice", roles: ["viewer"] }) as Record<string, unknown>;
    Object.defineProperty(extra, "groups", { get: () => ["ops"], enumerable: true });
    // No own id claim: the client id; no own roles or groups.
    expect(await callable(token(extra))).toEqual(["public"]);
    const getterInfo = { clientId: "client-7", scopes: [] } as Record<string, unknown>;
    Object.defineProperty(getterInfo, "extra", { get: () => ({ sub: "alice", roles: ["viewer"] }), enumerable: true });
    expect(await callable(getterInfo)).toEqual(["public"]);
  });

  it("a nested claim is not read through a dotted name: configure a top-level claim", () => {
    // Claims are read as top-level keys of authInfo.extra (an issuer's claim names may hold
    // dots, e.g. "https://example.com/roles"); a nested claim is flattened by the verifier.
    const subject = subjectFromAuthInfo({ rolesClaim: "https://example.com/roles" });
    expect(
      (subject(token({ sub: "a", "https://example.com/roles": ["viewer"] }) as never) as { roles: unknown }).roles,
    ).toEqual(["viewer"]);
    // A dotted name is no path: the nested claim is not found (docs/mcp.md).
    const dotted = subjectFromAuthInfo({ rolesClaim: "realm_access.roles" });
    expect(
      (dotted(token({ sub: "a", realm_access: { roles: ["viewer"] } }) as never) as { roles: unknown }).roles,
    ).toEqual([]);
  });
});

describe("stdio: the identity from the environment", () => {
  it("reads the id, roles and groups variables, or one JSON subject", async () => {
    const fromVariables = subjectFromEnv({
      MCPOLICY_SUBJECT_ID: "alice",
      MCPOLICY_SUBJECT_ROLES: "viewer, guest",
      MCPOLICY_SUBJECT_GROUPS: "ops",
    });
    expect(await callable(undefined, { subject: fromVariables })).toEqual(["read", "ops", "mine", "public"]);
    const fromJson = subjectFromEnv({ MCPOLICY_SUBJECT: '{"id":"bob","roles":["admin"],"department":"finance"}' });
    expect(await callable(undefined, { subject: fromJson })).toEqual(["read", "dept", "public"]);
  });

  it("ignores whatever identity the client's messages carry", async () => {
    const fromVariables = subjectFromEnv({ MCPOLICY_SUBJECT_ID: "carol" });
    expect(await callable(token({ sub: "alice", roles: ["viewer"] }), { subject: fromVariables })).toEqual(["public"]);
  });

  it("denies everything for a JSON subject that is not an object, and refuses two forms at once", async () => {
    for (const json of ["not json", "[]", '"alice"', "null", "42"])
      expect(await callable(undefined, { subject: subjectFromEnv({ MCPOLICY_SUBJECT: json }) })).toEqual([]);
    expect(() => subjectFromEnv({ MCPOLICY_SUBJECT: '{"id":"a"}', MCPOLICY_SUBJECT_ID: "b" })).toThrow(TypeError);
  });

  it("is anonymous when nothing is set", async () => {
    expect(await callable(undefined, { subject: subjectFromEnv({}) })).toEqual(["public"]);
  });
});

describe("no identity: the anonymous subject", () => {
  it("is what a request without authInfo (or without any id) is decided as; policies can single it out", async () => {
    const server = new McpServer({ name: "s", version: "1.0.0" });
    const protection = protect(server, POLICIES);
    expect(protection.subjectOf(undefined)).toBe(ANONYMOUS_SUBJECT);
    expect(protection.subjectOf({ token: "t", clientId: "", scopes: [] } as never)).toEqual(ANONYMOUS_SUBJECT);
    expect(ANONYMOUS_SUBJECT).toEqual({ id: "anonymous", roles: [], groups: [], anonymous: true });
    expect(await callable(undefined)).toEqual(["public"]);
    // An explicit deny for anonymous callers applies, an allow for everyone too.
    const everyone = compile(`
      policy all { allow subject * action "tools/call" resource "tool:*" }
      policy "not-anonymous" { deny subject * action "tools/call" resource "tool:read" when subject has anonymous }
    `);
    expect(await callable(undefined, {}, everyone)).toEqual(TOOLS.filter((t) => t !== "read"));
    expect(await callable(token({ sub: "x" }), {}, everyone)).toEqual(TOOLS);
  });

  it("a resolver that throws decides for no subject at all: nothing is allowed", async () => {
    expect(
      await callable(token({ sub: "alice" }), {
        subject: () => {
          throw new Error("directory down");
        },
      }),
    ).toEqual([]);
  });
});
