/**
 * Spec §6 states the types of the programmatic surface. These tests hold at two levels:
 * the assignments below are type checks (`npm run typecheck` in CI fails if the exported
 * types stop accepting the spec's shapes), and the assertions check the values at run time.
 */
import { describe, expect, it } from "vitest";
import { compile, type Diagnostic, PolicyError, parse, type ReportedDiagnostic } from "../../src/index.js";

function policyErrorOf(run: () => unknown): PolicyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error("expected a PolicyError");
}

describe("spec §6 types", () => {
  it("PolicyError.diagnostics is a Diagnostic[] (a mutable array of its own)", () => {
    const given: ReportedDiagnostic[] = [{ code: "E0101", severity: "error", message: "m", line: 1, column: 1 }];
    const error = new PolicyError(given);
    // Spec: `class PolicyError extends Error { diagnostics: Diagnostic[] }`.
    const diagnostics: Diagnostic[] = error.diagnostics;
    diagnostics.push({ message: "added by the caller", line: 2, column: 1 });
    expect(error.diagnostics).toHaveLength(2);
    // Its own copy: the array it was made from is not changed through it.
    expect(given).toHaveLength(1);
  });

  it("a value of the spec's Diagnostic shape is a Diagnostic (code and severity are optional)", () => {
    const bare: Diagnostic = { message: "m", line: 1, column: 1 };
    const named: Diagnostic = { message: "m", source: "a.mcpolicy", line: 2, column: 3 };
    expect([bare.code, bare.severity, named.source]).toEqual([undefined, undefined, "a.mcpolicy"]);
  });

  it("what mcpolicy reports always carries a code and a severity", () => {
    const error = policyErrorOf(() => compile("policy p {"));
    const reported: readonly ReportedDiagnostic[] = error.diagnostics;
    expect(reported.length).toBeGreaterThan(0);
    for (const d of reported) {
      // Typed `string` and `Severity`, not optional: no `?? …` needed by a reporter.
      const code: string = d.code;
      expect(code).toMatch(/^[EW]\d{4}$/);
      expect(["error", "warning"]).toContain(d.severity);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
    const parsed: Diagnostic[] = parse("policy p {", "p.mcpolicy").diagnostics;
    expect(parsed.every((d) => d.source === "p.mcpolicy")).toBe(true);
  });
});
