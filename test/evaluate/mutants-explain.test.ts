/**
 * A test found by mutation testing the reference interpreter's explanations
 * (src/evaluate/explain.ts): the summary's "overrides" clause.
 */
import { describe, expect, it } from "vitest";
import { explainReference } from "../../src/evaluate/index.js";
import { setFromText } from "./from-text.js";

describe("the explanation's summary names only overridden policies of the other effect", () => {
  // explain.ts: "it overrides …" lists the applying policies of the other effect that the
  // deciding one outranks — not those of its own effect that merely rank lower.
  const set = setFromText(`
    policy top { allow priority 10 subject * action * resource * }
    policy same { allow subject * action * resource * }
    policy other { deny subject * action * resource * }
  `);

  it("an allow at priority 10 overrides the deny below it, not the lower allow", () => {
    const { summary, decision } = explainReference(set, { id: "alice" }, "doc:1", "read", undefined);
    expect(decision.policy).toBe("top");
    expect(summary).toContain("overrides `other` (priority 0)");
    expect(summary).not.toContain("`same`");
  });
});
