/**
 * Tests found by mutation testing `couldAllow` in the reference interpreter
 * (src/evaluate/partial*.ts): each pins a case a plausible bug survived before.
 */
import { describe, expect, it } from "vitest";
import { couldAllowReference, evaluateReference, searchArgumentsReference } from "../../src/evaluate/index.js";
import { setFromText } from "./from-text.js";

const alice = { id: "alice" };

describe("couldAllow: a deny whose test on the rest of the request errs still counts (spec §5)", () => {
  // §5: an erroring deny applies unless another of its tests is plainly false. A deny with
  // an erring test that does not read the arguments must stay in the witness search: for
  // `x == 1` it applies (error + true), so no arguments are allowed.
  const set = setFromText(`
    policy a { allow subject * action * resource * when env.arguments.x == 1 }
    policy d { deny subject * action * resource * when subject.missing == 1 when env.arguments.x == 1 }
  `);

  it("the only arguments the allow wants are denied, so couldAllow is false", () => {
    const denied = evaluateReference(set, alice, "tool:t", "tools/call", { arguments: { x: 1 } });
    expect(denied.effect).toBe("deny");
    expect(denied.policy).toBe("d");
    expect(searchArgumentsReference(set, alice, "tool:t", "tools/call", {})).toEqual({ outcome: "never" });
    expect(couldAllowReference(set, alice, "tool:t", "tools/call", {})).toBe(false);
  });

  it("with the subject field present and not 1, the deny is plainly false and x == 1 is allowed", () => {
    const subject = { id: "alice", missing: 2 };
    expect(evaluateReference(set, subject, "tool:t", "tools/call", { arguments: { x: 1 } }).allowed).toBe(true);
    expect(couldAllowReference(set, subject, "tool:t", "tools/call", {})).toBe(true);
  });
});
