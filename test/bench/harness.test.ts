import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../bench/engines/adapter.js";
import { allEngines } from "../../bench/engines/index.js";
import { indexedJsAdapter } from "../../bench/engines/indexed-js.js";
import { BenchFailure, type Budget, measure, median } from "../../bench/harness/measure.js";
import { README_END, README_START, readmeTable, withLatestTable } from "../../bench/harness/readme-table.js";
import { expectedDecisions } from "../../bench/workload/expected.js";
import { generateWorkload } from "../../bench/workload/generate.js";

const TINY: Budget = { batchMs: 2, batches: 3, warmupMs: 1, minRequests: 1 };

describe("the benchmark harness", () => {
  it("takes the median of an odd and an even number of samples", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  for (const n of [10, 100]) {
    // Every engine of the table (bench/engines/index.ts): a new engine is checked here
    // as soon as it is listed there.
    it(`gets the expected decision from every engine on the first 300 requests at N=${n}`, async () => {
      const w = generateWorkload(n);
      const expected = expectedDecisions(w.policySet, w.requests).decisions;
      for (const adapter of allEngines(w.requests)) {
        const prepared = new Map<unknown, unknown>();
        await adapter.setup(w.policySet);
        const got = w.requests.slice(0, 300).map((req) => {
          if (adapter.prepareSubject !== undefined && !prepared.has(req.subject)) {
            prepared.set(req.subject, adapter.prepareSubject(req.subject));
          }
          return adapter.decide(req, prepared.get(req.subject));
        });
        expect({ engine: adapter.name, got }).toEqual({
          engine: adapter.name,
          got: expected.slice(0, 300),
        });
      }
    });
  }

  it("fails the benchmark, naming the first differing request, when an engine disagrees", async () => {
    const w = generateWorkload(10);
    const expected = expectedDecisions(w.policySet, w.requests).decisions;
    const wrong: EngineAdapter<undefined> = {
      name: "always allow",
      note: "wrong on purpose",
      setup() {},
      decide: () => true,
    };
    const first = expected.indexOf(false);
    const failure = measure(wrong, w, expected, TINY);
    await expect(failure).rejects.toBeInstanceOf(BenchFailure);
    await expect(failure).rejects.toThrow(`always allow at N=10 disagrees on request #${first}`);
  });

  it("times an engine that agrees and reports its decisions per second", async () => {
    const w = generateWorkload(10);
    const expected = expectedDecisions(w.policySet, w.requests).decisions;
    const m = await measure(indexedJsAdapter(), w, expected, TINY);
    expect(m.requests).toBeGreaterThan(0);
    expect(m.requests).toBeLessThanOrEqual(10_000);
    expect(m.samples).toHaveLength(3);
    expect(m.nsPerDecision).toBeGreaterThan(0);
    expect(m.decisionsPerSecond).toBeCloseTo(1e9 / m.nsPerDecision);
  });
});

describe("the README's results table", () => {
  it("is the last complete full run's table (npm run bench / bench:report keep it so)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const full = readFileSync(new URL("../../bench/results/full.md", import.meta.url), "utf8");
    expect(readmeTable(readme)).toBe(full.trim());
    const results = JSON.parse(readFileSync(new URL("../../bench/results/full.json", import.meta.url), "utf8"));
    expect(results.mode).toBe("full");
    expect(results.sizes.map((size: { n: number }) => size.n)).toEqual([10, 100, 1000, 10000]);
  });

  it("replaces only the marked block", () => {
    const text = `a\n${README_START}\nold\n${README_END}\nb\n`;
    expect(withLatestTable(text, "new table\n")).toBe(`a\n${README_START}\n\nnew table\n\n${README_END}\nb\n`);
    expect(withLatestTable("no markers", "t")).toBeNull();
  });
});
