/**
 * A new user's stdio server (docs/mcp.md, "Stdio servers"): the identity comes from
 * MCPOLICY_SUBJECT_ID / _ROLES / _GROUPS. Roles or groups given without an id are an
 * identity someone meant to set, not "nothing set": quietly serving them as the
 * anonymous subject would drop the roles — a deny on `role suspended` would no longer
 * apply — so, like both forms at once, it is a configuration error at start-up.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import { subjectFromEnv } from "../../src/mcp/index.js";

describe("subjectFromEnv: roles or groups without an id", () => {
  it.each([
    ["roles only", { MCPOLICY_SUBJECT_ROLES: "suspended" }, /MCPOLICY_SUBJECT_ROLES is set without MCPOLICY_SUBJECT_ID/],
    ["groups only", { MCPOLICY_SUBJECT_GROUPS: "oncall" }, /MCPOLICY_SUBJECT_GROUPS is set without MCPOLICY_SUBJECT_ID/],
    [
      "an empty id",
      { MCPOLICY_SUBJECT_ID: "", MCPOLICY_SUBJECT_ROLES: "viewer", MCPOLICY_SUBJECT_GROUPS: "g" },
      /MCPOLICY_SUBJECT_ROLES, MCPOLICY_SUBJECT_GROUPS is set without MCPOLICY_SUBJECT_ID/,
    ],
  ])("%s throws a TypeError at start-up", (_, environment, message) => {
    expect(() => subjectFromEnv(environment)).toThrow(TypeError);
    expect(() => subjectFromEnv(environment)).toThrow(message);
  });

  it("names the renamed variables", () => {
    expect(() => subjectFromEnv({ APP_ROLES: "viewer" }, { id: "APP_USER", roles: "APP_ROLES" })).toThrow(
      /APP_ROLES is set without APP_USER/,
    );
  });

  it("never serves dropped roles as the anonymous subject", () => {
    // What the fix prevents: with the roles dropped, the suspended caller was anonymous,
    // whom this set allows to read.
    const engine = compile(`
      policy "anyone-reads" { allow subject * action "tools/call" resource "tool:read" }
      policy "suspended" { deny priority 10 subject role suspended action * resource * }
    `);
    let subject: unknown;
    try {
      subject = subjectFromEnv({ MCPOLICY_SUBJECT_ROLES: "suspended" })(undefined);
    } catch {
      return; // refused at start-up: no request is ever decided
    }
    expect(engine.evaluate(subject ?? { id: "anonymous", roles: [] }, "tool:read", "tools/call").allowed).toBe(false);
  });

  it("still reads nothing set as anonymous, and an id with roles as before", () => {
    expect(subjectFromEnv({})(undefined)).toBeUndefined();
    expect(subjectFromEnv({ MCPOLICY_SUBJECT_ROLES: "", MCPOLICY_SUBJECT_GROUPS: "" })(undefined)).toBeUndefined();
    expect(subjectFromEnv({ MCPOLICY_SUBJECT_ID: "bob", MCPOLICY_SUBJECT_ROLES: "writer" })(undefined)).toEqual({
      id: "bob",
      roles: ["writer"],
      groups: [],
    });
  });
});
