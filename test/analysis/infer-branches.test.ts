/**
 * Branches of infer.ts the other tests leave out, each claim checked against the
 * engine's decision: constant comparisons of two literals (`<`, `<=`, `>`, `>=`), a
 * `has` the schema proves true, `has` on a left side that is no path, membership in an
 * empty list, and the E0702 wording ("an …" before a vowel).
 */
import { describe, expect, it } from "vitest";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { typecheckPolicySet } from "../../src/analysis/typecheck.js";
import { compile } from "../../src/engine.js";
import { policyWith, schemaOf, setOf } from "./set-of.js";

const SCHEMA = schemaOf({
  subject: {
    type: "object",
    properties: { id: { type: "string" }, tags: { type: "array", items: { type: "string" } }, nick: { type: "string" } },
    required: ["id", "tags"],
  },
});

/** W0805 / W0806 / E0804 of a policy with one condition (with the schema above, or none). */
function verdicts(condition: string, schema: typeof SCHEMA | null = null): string[] {
  return lintPolicySet(setOf(policyWith(condition)), schema)
    .filter((f) => ["W0805", "W0806", "E0804"].includes(f.code))
    .map((f) => f.code);
}

/** Whether the policy (an allow with that condition) applies to a request. */
function applies(condition: string, subject: Record<string, unknown> = { id: "u", tags: [] }): boolean {
  return compile(policyWith(condition)).evaluate(subject, "tool:read_file", "tools/call").allowed;
}

describe("infer: literal comparisons are constants", () => {
  const cases: [string, boolean][] = [
    ["1 < 2", true],
    ["2 < 1", false],
    ["1 <= 1", true],
    ["2 <= 1", false],
    ["2 > 1", true],
    ["1 > 1", false],
    ["1 >= 1", true],
    ['"a" >= "b"', false],
    ['"B" < "a"', true],
    ["-0.5 < 0", true],
  ];
  for (const [test, value] of cases) {
    it(`\`when ${test}\`: ${value ? "always holds (W0805)" : "never holds (W0806)"}, as the engine decides`, () => {
      expect(verdicts(`when ${test}`)).toEqual([value ? "W0805" : "W0806"]);
      expect(applies(`when ${test}`)).toBe(value);
      expect(verdicts(`unless ${test}`)).toEqual([value ? "W0806" : "W0805"]);
      expect(applies(`unless ${test}`)).toBe(!value);
    });
  }
});

describe("infer: `has`", () => {
  it("a member the schema requires of an object: `has` always holds, and does on a conforming request", () => {
    expect(verdicts("when subject has id", SCHEMA)).toEqual(["W0805"]);
    expect(applies("when subject has id", { id: "u", tags: [] })).toBe(true);
  });

  it("an optional member: no constant", () => {
    expect(verdicts("when subject has nick", SCHEMA)).toEqual([]);
    expect(applies("when subject has nick", { id: "u", tags: [] })).toBe(false);
    expect(applies("when subject has nick", { id: "u", tags: [], nick: "n" })).toBe(true);
  });

  it("a left side that is no path (a literal, a list, a comparison): no error, no false claim", () => {
    for (const test of ['"x" has y', "[1] has y", "(subject.id == \"a\") has y"]) {
      expect(typecheckPolicySet(setOf(policyWith(`when ${test}`)), SCHEMA).filter((d) => d.severity === "error")).toEqual([]);
      expect(verdicts(`when ${test}`, SCHEMA)).not.toContain("W0805");
      expect(verdicts(`when ${test}`, SCHEMA)).not.toContain("E0804");
      expect(applies(`when ${test}`)).toBe(false);
    }
  });
});

describe("infer: membership and stepping", () => {
  it("`x in []` never holds (W0806) when `x` is sure to exist; the engine agrees", () => {
    expect(verdicts("when subject.id in []", SCHEMA)).toEqual(["W0806"]);
    expect(applies("when subject.id in []")).toBe(false);
  });

  it("stepping into an array: E0702 says `an array`", () => {
    const [d] = typecheckPolicySet(setOf(policyWith("when subject.tags.first == 1")), SCHEMA).filter((x) => x.code === "E0702");
    expect(d?.message).toBe("`subject.tags.first` steps into `subject.tags`, which is an array, not an object");
  });
});
