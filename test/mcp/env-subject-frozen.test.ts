/**
 * `subjectFromEnv`'s subject serves every request of the process: it is frozen
 * throughout (its lists, and the whole of a JSON subject), as a token's subject is, so a
 * callback that writes to it cannot change how later requests are decided.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { subjectFromEnv } from "../../src/mcp/index.js";

const ENGINE = compile('policy viewers { allow subject role viewer action * resource * }');

/** Whether every object and array in `value` is frozen. */
function frozenThroughout(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(frozenThroughout);
}

describe("subjectFromEnv freezes the subject it makes, throughout", () => {
  it("the lists of the MCPOLICY_SUBJECT_ID form", () => {
    const subject = subjectFromEnv({ MCPOLICY_SUBJECT_ID: "alice", MCPOLICY_SUBJECT_ROLES: "reader", MCPOLICY_SUBJECT_GROUPS: "g" })(undefined);
    expect(frozenThroughout(subject)).toBe(true);
    const roles = (subject as { roles: string[] }).roles;
    expect(() => roles.push("viewer")).toThrow(TypeError);
    expect(ENGINE.evaluate(subject, "tool:x", "tools/call").allowed).toBe(false);
  });

  it("a JSON subject, at every depth", () => {
    const json = JSON.stringify({ id: "bob", roles: ["reader"], profile: { teams: [{ name: "a", tags: ["x"] }] } });
    const resolve = subjectFromEnv({ MCPOLICY_SUBJECT: json });
    const subject = resolve(undefined) as { roles: string[]; profile: { teams: { tags: string[] }[] } };
    expect(frozenThroughout(subject)).toBe(true);
    expect(() => subject.roles.push("viewer")).toThrow(TypeError);
    expect(() => subject.profile.teams[0]?.tags.push("y")).toThrow(TypeError);
    // The same object again, unchanged: still not a viewer.
    expect(resolve(undefined)).toBe(subject);
    expect(ENGINE.evaluate(resolve(undefined), "tool:x", "tools/call").allowed).toBe(false);
  });

  it("a deeply nested JSON subject is frozen without overflowing the stack", () => {
    const depth = 100_000;
    const json = `{"id":"deep","roles":["viewer"],"nested":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    let subject: unknown;
    expect(() => {
      subject = subjectFromEnv({ MCPOLICY_SUBJECT: json })(undefined);
    }).not.toThrow();
    // JSON.parse may refuse such nesting (then every request is denied), or parse it: then frozen.
    if (subject !== null) expect(Object.isFrozen(subject)).toBe(true);
  });
});
