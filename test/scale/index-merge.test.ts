/**
 * Merging the candidates of a subject's buckets for a resource class walks, per bucket
 * list, the smaller of the list and the class's ranks: a subject holding N roles, each
 * the subject of one policy, used to cost N buckets × (ranks the class matched) on each
 * new class. A ratio measured in one run, not a time.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";

/**
 * `n` policies `subject role rI` (each on a resource of its own), `n` on `doc:*` for
 * another user (each `doc:…` id matches them all), and `rounds` literal ones on
 * `doc:kK`, each a class of its own: a new merge per round, of n buckets and n ranks
 * (whose candidates are none of them, so nothing else grows with n).
 */
function setup(n: number, rounds: number) {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`policy p${i} { allow subject role r${i} action "read" resource "own:${i}" }`);
  for (let i = 0; i < n; i++) lines.push(`policy d${i} { allow subject user nobody action "read" resource "doc:*" }`);
  for (let k = 0; k < rounds; k++) lines.push(`policy k${k} { deny subject user nobody action "read" resource "doc:k${k}" }`);
  const engine = compile(lines.join("\n"));
  const subject = { id: "u", roles: Array.from({ length: n }, (_, i) => `r${i}`) };
  return { engine, subject };
}

describe("a new resource class for a subject in many buckets", () => {
  const ROUNDS = 8;
  /** Per round, the time of a request on a never-merged class, in ms. */
  const timer = (n: number) => {
    const { engine, subject } = setup(n, ROUNDS);
    expect(engine.evaluate(subject, `own:${n - 1}`, "read").policy).toBe(`p${n - 1}`);
    return (k: number): number => {
      const start = performance.now();
      const decision = engine.evaluate(subject, `doc:k${k}`, "read");
      const ms = performance.now() - start;
      expect(decision.effect).toBe("notapplicable");
      return ms;
    };
  };

  it("merges in time about linear in buckets and ranks: 4x both cost about 4x, not 16x", () => {
    const warm = timer(250);
    for (let k = 0; k < ROUNDS; k++) warm(k);
    const small = timer(500);
    const large = timer(2000);
    let [bestSmall, bestLarge] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (let k = 0; k < ROUNDS; k++) {
      bestSmall = Math.min(bestSmall, small(k));
      bestLarge = Math.min(bestLarge, large(k));
    }
    expect(bestLarge / Math.max(bestSmall, 0.05)).toBeLessThan(8);
  });
});
