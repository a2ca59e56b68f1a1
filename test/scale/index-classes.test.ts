/**
 * Resource classes are keyed by their ranks, not by the ranks joined into a string: V8
 * hashes a string longer than 16,383 characters by its length alone, so once ids matched
 * ~3,000 policies each new class was compared, as a ~17 KB string, with every class so
 * far. A ratio measured in one run, not a time.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";

const BROAD = 3800; // 3,800 broad ranks and a literal one join to 17,894 characters, past V8's 16,383
const IDS = 1200;

describe("resource classes of ids that match thousands of policies", () => {
  // Every `d:…` id matches the broad policies; each `d:j` also its own literal deny (on
  // another action), so each id makes a class of its own.
  const lines: string[] = [];
  for (let i = 0; i < BROAD; i++) lines.push(`policy b${i} { allow subject * action "read" resource "d*" }`);
  for (let j = 0; j < IDS; j++) lines.push(`policy l${j} { deny subject * action "write" resource "d:${j}" }`);
  const engine = compile(lines.join("\n"));
  const subject = { id: "u" };

  /** The fastest of a few runs of 50 never-seen ids from `from` on, in ms (an action no policy has: no merge). */
  const fastest = (from: number, runs: number): number => {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      for (let j = from + run * 50; j < from + (run + 1) * 50; j++) {
        expect(engine.evaluate(subject, `d:${j}`, "list").effect).toBe("notapplicable");
      }
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };

  it("classifies a new id in time independent of the classes made before it", () => {
    const first = fastest(0, 4);
    fastest(200, 16); // 800 more classes
    const later = fastest(IDS - 200, 4);
    expect(later / first).toBeLessThan(2.5);
    expect(engine.evaluate(subject, "d:7", "write").policy).toBe("l7");
    expect(engine.evaluate(subject, "d:7", "read").policy).toBe("b0");
  });
});
