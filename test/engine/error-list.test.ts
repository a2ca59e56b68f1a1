/**
 * A decision lists at most MAX_LISTED_ERRORS errors, then one entry counting the rest
 * (spec §5 fixes only whether `errors` is empty). Both evaluators, and explain.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { MAX_LISTED_ERRORS } from "../../src/model/error-list.js";

/** `count` allows whose condition errs (a missing attribute), and one plain deny at a lower priority. */
function erring(count: number): string {
  const policies = Array.from(
    { length: count },
    (_, i) => `policy p${i} { allow subject * action * resource * when subject.missing${i} == 1 }`,
  );
  return `${policies.join("\n")}\npolicy floor { deny priority -1 subject * action * resource * }\n`;
}

describe("Decision.errors is bounded", () => {
  it("lists every error up to the bound, with no counting entry", () => {
    const engine = compile(erring(MAX_LISTED_ERRORS));
    const decision = engine.evaluate({}, "r", "a");
    expect(decision.effect).toBe("deny");
    expect(decision.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(decision.errors.every((e) => e.policy !== null)).toBe(true);
  });

  it("past the bound, one last entry (policy null) counts the errors not listed, in both evaluators and in explain", () => {
    const engine = compile(erring(MAX_LISTED_ERRORS + 57));
    const compiled = engine.evaluate({}, "r", "a");
    const reference = evaluateReference(engine.policySet, {}, "r", "a", undefined);
    const explained = engine.explain({}, "r", "a");
    for (const decision of [compiled, reference, explained.decision]) {
      expect(decision.effect).toBe("deny");
      expect(decision.errors).toHaveLength(MAX_LISTED_ERRORS + 1);
      expect(decision.errors.slice(0, 3).map((e) => e.policy)).toEqual(["p0", "p1", "p2"]);
      expect(decision.errors[MAX_LISTED_ERRORS]).toEqual({ policy: null, message: "57 more evaluation errors not listed" });
    }
  });

  it("says `error` for one error not listed", () => {
    const decision = compile(erring(MAX_LISTED_ERRORS + 1)).evaluate({}, "r", "a");
    expect(decision.errors[MAX_LISTED_ERRORS]).toEqual({ policy: null, message: "1 more evaluation error not listed" });
  });
});
