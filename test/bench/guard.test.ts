/**
 * `npm run bench:guard`'s decision logic with injected measurements (no timing): the
 * bounds of issue 4 (compiled vs the reference interpreter at N = 1,000, evaluate's
 * growth from N = 100 to 10,000, ours vs CASL), the ratios printed on every attempt, a
 * failing ratio measured again, and the exit code.
 */
import { describe, expect, it } from "vitest";
import { GUARDS, type TimingKey } from "../../bench/guard-rules.js";
import { type Guard, guardPasses, type RatioMeasurement, runGuards } from "../../bench/harness/guard-rounds.js";

const REFERENCE = "reference interpreter / evaluate at N=1,000";
const GROWTH = "evaluate at N=10,000 / evaluate at N=100";
const CASL = "CASL / evaluate at N=1,000";
const CONTEXT = "indexed JS at N=10,000 / indexed JS at N=100 (context)";

function guard(name: string): Guard<TimingKey> {
  const found = GUARDS.find((g) => g.name === name);
  if (found === undefined) throw new Error(`no guard ${name}`);
  return found;
}

/** Ratios that hold comfortably, as measured on a healthy build. */
const HEALTHY: Record<string, number> = { [REFERENCE]: 30_000, [GROWTH]: 1.7, [CASL]: 10, [CONTEXT]: 2.2 };

/** Runs the guard with ratios per attempt (1-based); returns the exit code, output and what was measured. */
async function run(ratioAt: (name: string, attempt: number) => number) {
  let output = "";
  const measured: string[][] = [];
  const code = await runGuards({
    guards: GUARDS,
    attempts: 3,
    label: (key) => `<${key}>`,
    newAttempt: () => {
      const attempt = measured.push([]);
      return async (g): Promise<RatioMeasurement> => {
        measured[attempt - 1]?.push(g.name);
        const ratio = ratioAt(g.name, attempt);
        return { ratio, numeratorNs: ratio * 100, denominatorNs: 100 };
      };
    },
    write: (text) => {
      output += text;
    },
  });
  return { code, output, measured };
}

describe("bench:guard's bounds", () => {
  it("wants compiled evaluate at least 1,000× faster than the reference interpreter at N=1,000 (stricter than the issue's 5×)", () => {
    expect(guardPasses(guard(REFERENCE), 1000)).toBe(true);
    expect(guardPasses(guard(REFERENCE), 999)).toBe(false);
    expect(guardPasses(guard(REFERENCE), 4.9)).toBe(false);
  });

  it("allows warm evaluate at N=10,000 at most 3× its cost at N=100", () => {
    expect(guardPasses(guard(GROWTH), 3)).toBe(true);
    expect(guardPasses(guard(GROWTH), 3.01)).toBe(false);
    expect(guardPasses(guard(GROWTH), 100)).toBe(false);
  });

  it("wants our evaluate faster than CASL at N=1,000", () => {
    expect(guardPasses(guard(CASL), 1.01)).toBe(true);
    expect(guardPasses(guard(CASL), 1)).toBe(false);
    expect(guardPasses(guard(CASL), 0.5)).toBe(false);
  });

  it("fails closed on a ratio that is no measurement (a side timed as zero)", () => {
    for (const g of [REFERENCE, GROWTH, CASL]) {
      expect(guardPasses(guard(g), Number.POSITIVE_INFINITY)).toBe(false);
      expect(guardPasses(guard(g), Number.NaN)).toBe(false);
      expect(guardPasses(guard(g), 0)).toBe(false);
    }
  });

  it("measures the three ratios the issue names, each side an engine at its N", () => {
    const asserted = GUARDS.filter((g) => !g.informational).map((g) => [g.numerator, g.denominator]);
    expect(asserted).toEqual([
      ["reference1000", "evaluate1000"],
      ["evaluate10000", "evaluate100"],
      ["casl1000", "evaluate1000"],
    ]);
  });
});

describe("bench:guard's rounds", () => {
  it("passes with exit code 0 and prints every ratio with its bound and both sides", async () => {
    const { code, output, measured } = await run((name) => HEALTHY[name] as number);
    expect(code).toBe(0);
    expect(measured).toHaveLength(1);
    expect(output).toContain(
      `ok   ${REFERENCE} = 30000.00 (must be ≥ 1,000); <reference1000> 3000000 ns, <evaluate1000> 100 ns`,
    );
    expect(output).toContain(`ok   ${GROWTH} = 1.70 (must be ≤ 3)`);
    expect(output).toContain(`ok   ${CASL} = 10.00 (must be > 1)`);
    expect(output).toContain(`info ${CONTEXT} = 2.20;`);
    expect(output.trimEnd().endsWith("bench:guard passed")).toBe(true);
  });

  it("fails with exit code 1 when a ratio fails on every attempt, printing it each time", async () => {
    const { code, output, measured } = await run((name) => (name === GROWTH ? 3.5 : (HEALTHY[name] as number)));
    expect(code).toBe(1);
    expect(output.match(/FAIL evaluate at N=10,000 \/ evaluate at N=100 = 3\.50 \(must be ≤ 3\)/g)).toHaveLength(3);
    // Only the failing guard (and the context) is measured again.
    expect(measured).toEqual([GUARDS.map((g) => g.name), [GROWTH, CONTEXT], [GROWTH, CONTEXT]]);
    expect(output).toContain(`bench:guard failed after 3 attempts: ${GROWTH}`);
    expect(output).not.toContain("bench:guard passed");
  });

  it("passes when a ratio that failed once holds when measured again", async () => {
    const { code, output } = await run((name, attempt) =>
      name === CASL && attempt === 1 ? 0.9 : (HEALTHY[name] as number),
    );
    expect(code).toBe(0);
    expect(output).toContain(`FAIL ${CASL} = 0.90`);
    expect(output).toContain("bench:guard attempt 2");
    expect(output).not.toContain("bench:guard attempt 3");
    expect(output).toContain(`ok   ${CASL} = 10.00`);
  });

  it("never fails on the informational ratio", async () => {
    const { code } = await run((name) => (name === CONTEXT ? 1e6 : (HEALTHY[name] as number)));
    expect(code).toBe(0);
  });

  it("fails when evaluate is timed as zero CPU (an infinite ratio proves nothing)", async () => {
    const { code } = await run((name) => (name === REFERENCE ? Number.POSITIVE_INFINITY : (HEALTHY[name] as number)));
    expect(code).toBe(1);
  });

  it("stops with the engine's disagreement when a measurement fails", async () => {
    const failing = runGuards({
      guards: GUARDS,
      attempts: 3,
      label: String,
      newAttempt: () => async () => {
        throw new Error("mcpolicy evaluate at N=100 disagrees on request #3");
      },
      write: () => {},
    });
    await expect(failing).rejects.toThrow("disagrees on request #3");
  });
});
