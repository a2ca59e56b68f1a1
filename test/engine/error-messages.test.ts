/**
 * The messages in `Decision.errors` that docs/language.md quotes: the compiled engine
 * (`evaluate`) and the reference interpreter (`explain`) word them alike, so what a
 * user reads in a decision is what `--explain` shows.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";

const TARGETS = compile(`
policy by_role { deny subject role suspended action * resource * }
policy by_user { deny subject user mallory action * resource * }
policy by_group { deny subject group banned action * resource * }
`);

describe("messages of malformed subject fields", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["roles a string", { roles: "suspended" }, "malformed subject.roles: must be an array of strings, got a string"],
    ["roles an object", { roles: {} }, "malformed subject.roles: must be an array of strings, got an object"],
    ["roles with a number", { roles: ["a", 3] }, "malformed subject.roles: must be an array of strings, got an element that is a number"],
    ["groups with NaN", { groups: [Number.NaN] }, "malformed subject.groups: must be an array of strings, got an element that is NaN"],
    ["id a number", { id: 42 }, "malformed subject.id: must be a string, got a number"],
    ["id null", { id: null }, "malformed subject.id: must be a string, got null"],
    ["id a function", { id: () => "mallory" }, "malformed subject.id: must be a string, got a function"],
  ];
  for (const [name, subject, message] of cases) {
    it(`${name}: evaluate and explain say "${message}"`, () => {
      const decision = TARGETS.evaluate(subject, "tool:x", "tools/call");
      expect(decision.effect).toBe("deny");
      expect(decision.errors.map((e) => e.message)).toContain(message);
      expect(TARGETS.explain(subject, "tool:x", "tools/call").decision.errors.map((e) => e.message)).toContain(message);
    });
  }
});

describe("an interpolated pattern past 64 KiB", () => {
  it("errs in both evaluators with the wording the docs quote", () => {
    const engine = compile(
      `policy home { allow subject * action * resource "files/\${subject.id}/**" }
       policy named { allow subject * action * resource * when resource.id matches "n/\${subject.id}" }`,
    );
    const subject = { id: "a".repeat(70_000) };
    const decision = engine.evaluate(subject, "files/a/b", "read");
    expect(decision.effect).toBe("notapplicable");
    expect(decision.errors).toHaveLength(2);
    for (const error of decision.errors) expect(error.message).toContain("too long to match once interpolated");
    const explained = engine.explain(subject, "files/a/b", "read").decision.errors;
    expect(explained).toHaveLength(2);
    for (const error of explained) expect(error.message).toContain("too long to match once interpolated");
  });
});
