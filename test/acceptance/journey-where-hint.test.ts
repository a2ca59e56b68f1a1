/**
 * A new user writes an invariant's `where` as they would write JavaScript (`&&`). The
 * same mistake in a policy gets `help: did you mean `and`?` from `mcpolicy check`; the
 * `where`, "exactly a condition of the policy language" (docs/testing.md) reported
 * "with the parser's message", must keep the parser's hint too.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/index.js";
import { loadTestFile } from "../../src/testing/index.js";

const invariantWith = (where: string) => ({ invariants: [{ name: "w", where, never: "allow" }] });

describe("an invariant's `where` keeps the parser's help", () => {
  it.each([
    ["&&", "subject.level > 1 && env.hour > 3"],
    ["||", "subject.level > 1 || env.hour > 3"],
    ["=", "subject.id = \"bob\""],
  ])("`%s`", (_, where) => {
    const policyHelp = parse(`policy p { allow subject * action * resource * when ${where} }`).diagnostics[0]?.help;
    expect(policyHelp).toMatch(/did you mean/);
    const { file, diagnostics } = loadTestFile(invariantWith(where), "t.test.json");
    expect(file).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "E0902", help: policyHelp });
  });

  it("a problem without a hint gets none", () => {
    const { diagnostics } = loadTestFile(invariantWith("true priority 5"), "t.test.json");
    expect(diagnostics[0]?.code).toBe("E0902");
    expect(diagnostics[0]?.help).toBeUndefined();
  });
});
