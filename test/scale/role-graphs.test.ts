/**
 * Role graphs at scale: every place that follows `includes` costs time linear in roles +
 * includes. Each test times one size and four times that size in the same run and
 * asserts the ratio (linear gives about 4, quadratic about 16), never an absolute time.
 * Set-up (compiling the policy set) is left out of the timings; each round starts from
 * fresh state, so a memo kept from an earlier round cannot hide the cost.
 */
import { describe, expect, it } from "vitest";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { compile } from "../../src/engine.js";
import { TargetIndex } from "../../src/mcp/target-index.js";
import { parse } from "../../src/syntax/parse.js";

/**
 * The fastest of a few rounds, in ms; `prepare` runs untimed and returns the timed work.
 * A round repeats quick work (each time freshly prepared) until it has taken 2 ms, and
 * counts the mean: sub-millisecond timings alone are mostly noise.
 */
function fastest(prepare: () => () => void, rounds = 5, budgetMs = 3_000): number {
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    let spent = 0;
    let runs = 0;
    do {
      const work = prepare();
      const t0 = performance.now();
      work();
      spent += performance.now() - t0;
      runs++;
    } while (spent < 2 && runs < 1_000);
    best = Math.min(best, spent / runs);
    if (performance.now() - start > budgetMs) break;
  }
  return best;
}

/**
 * How much bigger the large case is: linear costs ≈ 8×, quadratic ≈ 64×, and the bound
 * of 32 stays far from both (at 4× a bound of 8 sat too near linear's 4 on a busy machine).
 */
const GROWTH = 8;
const BOUND = 32;

/** Time at `GROWTH * n` over time at `n` (after a warm-up at `n`). */
function growth(make: (n: number) => () => () => void, n: number): number {
  const small = make(n);
  fastest(small, 2);
  const base = fastest(small);
  const large = fastest(make(GROWTH * n));
  if (process.env.SCALE_DEBUG) console.log(`n=${n}: ${base.toFixed(2)} ms, ${GROWTH}n: ${large.toFixed(2)} ms`);
  return large / Math.max(base, 0.05);
}

/** `role r1 includes r0` … `role r{n-1} includes r{n-2}`, and `policies`. */
function chain(n: number, policies: string): string {
  let text = "";
  for (let i = 1; i < n; i++) text += `role r${i} includes r${i - 1}\n`;
  return `${text}${policies}\n`;
}

const ON_R0 = `policy p { allow subject role r0 action "tools/call" resource "tool:*" }`;

describe("role chains", () => {
  it("the MCP target index resolves a chain in linear time (roleMatchers built N²/2 entries)", () => {
    const ratio = growth((n) => {
      const set = compile(chain(n, ON_R0)).policySet;
      return () => () => {
        const index = new TargetIndex(set);
        expect(index.forRequest({ roles: [`r${n - 1}`] }, "tools/call")("tool:x")).toBe(true);
        expect(index.forRequest({ roles: ["other"] }, "tools/call")("tool:x")).toBe(false);
      };
    }, 1_000);
    expect(ratio).toBeLessThan(BOUND);
  });

  it("lint (unused-role, shadowed-policy) is linear on a chain", () => {
    const ratio = growth((n) => {
      const text = chain(n, `${ON_R0}\npolicy q { allow subject role r${n - 1} action "tools/call" resource "tool:a" }`);
      return () => {
        const set = compile(text).policySet;
        return () => {
          const rules = lintPolicySet(set).map((f) => f.rule);
          expect(rules).not.toContain("unused-role");
        };
      };
    }, 2_000);
    expect(ratio).toBeLessThan(BOUND);
  });

  it("unused-role still reports the roles below every named one", () => {
    const set = compile(chain(6, `policy p { allow subject role r3 action "a" resource "x" }`)).policySet;
    const unused = lintPolicySet(set).filter((f) => f.rule === "unused-role");
    expect(unused.map((f) => f.message)).toEqual([
      "role `r1` is declared but no policy matches it",
      "role `r2` is declared but no policy matches it",
    ]);
  });

  it("a subject holding every role of a chain is decided in linear time (RoleClosure memoized each role's closure)", () => {
    const ratio = growth((n) => {
      const text = chain(n, `policy p { allow subject role r0 action "read" resource "doc:*" }`);
      const roles = Array.from({ length: n }, (_, i) => `r${n - 1 - i}`);
      return () => {
        const engine = compile(text);
        return () => {
          expect(engine.evaluate({ id: "u", roles }, "doc:1", "read").effect).toBe("allow");
        };
      };
    }, 2_000);
    expect(ratio).toBeLessThan(BOUND);
  });
});

describe("role cycles", () => {
  /** `role ri includes r(i+1), r0`: every role closes a cycle back to r0. */
  const cycles = (n: number): string => {
    let text = "";
    for (let i = 0; i < n - 1; i++) text += `role r${i} includes r${i + 1}${i > 0 ? ", r0" : ""}\n`;
    return `${text}role r${n - 1} includes r0\n`;
  };

  it("are found in linear time, however many and however long", () => {
    const ratio = growth((n) => {
      const text = cycles(n);
      return () => () => {
        expect(parse(text, "cycles.mcpolicy").diagnostics.length).toBeGreaterThan(100);
      };
    }, 1_500);
    expect(ratio).toBeLessThan(BOUND);
  });

  it("name the cycle's ends and elide its middle", () => {
    const closing = parse(cycles(20), "cycles.mcpolicy").diagnostics.find((d) => d.message.startsWith("role `r19`"));
    expect(closing?.message).toBe(
      "role `r19` includes itself: `r19 → r0 → r1 → r2 → … → r17 → r18 → r19`",
    );
  });
});
