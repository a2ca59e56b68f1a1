/**
 * `protect`'s arguments are checked when it is called (src/mcp/check-options.ts): a typo
 * or a wrong type fails at start-up with a TypeError that names the option, and leaves
 * the server unprotected-but-untouched so a corrected call still works.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { jsonLinesAuditLogger, protect, subjectFromAuthInfo, subjectFromEnv } from "../../src/mcp/index.js";
import { protect as protectV2 } from "../../src/mcp/v2/index.js";
import { fixtureEngine } from "./helpers.js";

const newServer = () => new McpServer({ name: "t", version: "1.0.0" });

describe("protect() options", () => {
  const bad: [string, unknown, RegExp][] = [
    ["a misspelled option, with a suggestion", { onDecison: () => {} }, /unknown option `onDecison`; did you mean `onDecision`\?/],
    ["an unknown option", { claims: {} }, /unknown option `claims`$/],
    ["a subject that is not a function", { subject: 42 }, /option `subject` must be a function/],
    ["an onDecision that is not a function", { onDecision: "log" }, /option `onDecision` must be a function/],
    ["an unknown denial mode", { denial: "silent" }, /option `denial` must be "error" or "result"/],
    ["a clock that is not a function", { now: Date.now() }, /option `now` must be a function/],
    ["an unknown auditArguments mode", { auditArguments: "some" }, /option `auditArguments` must be/],
    ["revealPolicy as a string", { revealPolicy: "yes" }, /option `revealPolicy` must be a boolean/],
    ["scopes that are not strings", { insufficientScope: { scopes: [1] } }, /option `insufficientScope` must be/],
    ["an unknown kind in unknown", { unknown: { tools: () => ({}) } }, /option `unknown` must be/],
    ["null options", null, /options must be an object, got null/],
    ["an array of options", [], /options must be an object, got an array/],
  ];
  for (const [what, options, message] of bad) {
    it(`rejects ${what}, and the server can still be protected`, () => {
      const server = newServer();
      expect(() => protect(server, fixtureEngine(), options as never)).toThrow(TypeError);
      expect(() => protect(server, fixtureEngine(), options as never)).toThrow(message);
      expect(() => protect(server, fixtureEngine())).not.toThrow();
    });
  }

  it("accepts every option with a value of the right type", () => {
    const options = {
      subject: () => undefined,
      env: () => ({}),
      now: () => new Date(),
      denial: "result",
      revealPolicy: true,
      insufficientScope: { scopes: ["files:write"] },
      onDecision: () => {},
      onAuditError: () => {},
      auditArguments: "omit",
      unknown: { tool: () => ({}) },
      toolAnnotations: () => ({}),
    } as const;
    expect(() => protect(newServer(), fixtureEngine(), options)).not.toThrow();
    expect(() => protect(newServer(), fixtureEngine(), { onDecision: undefined })).not.toThrow();
  });

  it("rejects something that is not an engine, on both SDK lines", () => {
    expect(() => protect(newServer(), {} as never)).toThrow(/expects a policy engine/);
    expect(() => protectV2(new McpServerV2({ name: "t", version: "1.0.0" }), {} as never)).toThrow(/expects a policy engine/);
    expect(() => protectV2(new McpServerV2({ name: "t", version: "1.0.0" }), fixtureEngine(), { onDecison: () => {} } as never)).toThrow(
      /did you mean `onDecision`/,
    );
  });
});

describe("subject resolver options", () => {
  it("subjectFromAuthInfo rejects a misspelled or mistyped claim option when it is made", () => {
    expect(() => subjectFromAuthInfo({ roleClaim: "r" } as never)).toThrow(/unknown option `roleClaim`; did you mean `rolesClaim`\?/);
    expect(() => subjectFromAuthInfo({ rolesClaim: 5 } as never)).toThrow(/option `rolesClaim` must be a claim name/);
    expect(() => subjectFromAuthInfo({ attributes: "department" } as never)).toThrow(/option `attributes` must be an array/);
    expect(() => subjectFromAuthInfo({ idClaim: "email", attributes: ["department"] })).not.toThrow();
  });

  it("subjectFromEnv rejects a bad environment or variable-name option", () => {
    expect(() => subjectFromEnv(null as never)).toThrow(/environment must be an object/);
    expect(() => subjectFromEnv({}, { role: "X" } as never)).toThrow(/unknown option `role`; did you mean `roles`\?/);
    expect(() => subjectFromEnv({}, { id: 1 } as never)).toThrow(/option `id` must be an environment variable name/);
  });

  it("subjectFromEnv refuses both forms of identity at once (a stale variable must not quietly decide)", () => {
    const json = '{"id":"eve","roles":["admin"]}';
    expect(() => subjectFromEnv({ MCPOLICY_SUBJECT: json, MCPOLICY_SUBJECT_ID: "alice" })).toThrow(
      /MCPOLICY_SUBJECT is set together with MCPOLICY_SUBJECT_ID: set one form only/,
    );
    expect(() => subjectFromEnv({ MCPOLICY_SUBJECT: json, MCPOLICY_SUBJECT_ROLES: "viewer", MCPOLICY_SUBJECT_GROUPS: "g" })).toThrow(
      /with MCPOLICY_SUBJECT_ROLES, MCPOLICY_SUBJECT_GROUPS/,
    );
    expect(() => subjectFromEnv({ WHO: json, WHO_ID: "alice" }, { subject: "WHO", id: "WHO_ID" })).toThrow(/WHO is set together with WHO_ID/);
    // Empty counts as unset; each form alone works.
    expect(subjectFromEnv({ MCPOLICY_SUBJECT: json, MCPOLICY_SUBJECT_ID: "" })(undefined)).toEqual({ id: "eve", roles: ["admin"] });
    expect(subjectFromEnv({ MCPOLICY_SUBJECT_ID: "alice", MCPOLICY_SUBJECT_ROLES: "viewer" })(undefined)).toMatchObject({ id: "alice", roles: ["viewer"] });
  });
});

describe("other helpers", () => {
  it("scopeChallenge and jsonLinesAuditLogger check their arguments when made", () => {
    const protection = protect(newServer(), fixtureEngine(), { insufficientScope: { scopes: ["a"] } });
    expect(() => protection.scopeChallenge({ resourceMetadataUrl: 5 } as never)).toThrow(/option `resourceMetadataUrl` must be a URL/);
    expect(() => protection.scopeChallenge({ resourceMetadataUri: "x" } as never)).toThrow(/did you mean `resourceMetadataUrl`\?/);
    expect(() => protection.scopeChallenge({ resourceMetadataUrl: "https://x/.well-known" })).not.toThrow();
    expect(() => jsonLinesAuditLogger(null as never)).toThrow(/expects a writable stream/);
    expect(() => jsonLinesAuditLogger({ write: () => true })).not.toThrow();
  });
});
