import { describe, expect, it } from "vitest";
import { expectedDecisions } from "../../bench/workload/expected.js";
import { generateWorkload } from "../../bench/workload/generate.js";
import { digest, fnv1a32, mulberry32 } from "../../bench/workload/prng.js";
import { areaCount, areaNames, roleCount } from "../../bench/workload/vocabulary.js";

/** The fingerprint table of WORKLOAD.md (seed 20240611, 10,000 requests). */
const FINGERPRINTS = [
  {
    n: 10,
    policies: "c2032143",
    requests: "018b8fb7",
    counts: [4248, 65, 222, 5465],
  },
  {
    n: 100,
    policies: "8051aa54",
    requests: "8daa32c8",
    counts: [5455, 252, 126, 4167],
  },
  {
    n: 1000,
    policies: "ff713e55",
    requests: "d69f734a",
    counts: [5486, 202, 150, 4162],
  },
  {
    n: 10000,
    policies: "894163eb",
    requests: "a43f7f70",
    counts: [5489, 187, 124, 4200],
  },
] as const;

describe("the benchmark workload", () => {
  it("hashes with FNV-1a-32 as the reference values say", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("draws floats in [0, 1) deterministically from a seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 100; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it("scales the vocabulary as the table of WORKLOAD.md says", () => {
    expect([10, 100, 1000, 10000].map(roleCount)).toEqual([3, 10, 32, 100]);
    expect([10, 100, 1000, 10000].map(areaCount)).toEqual([3, 7, 22, 70]);
    expect(areaNames(10000)[20]).toBe("files2");
    expect(areaNames(10000)[69]).toBe("jira4");
  });

  for (const fp of FINGERPRINTS) {
    it(`reproduces every fingerprint at N=${fp.n}`, () => {
      const w = generateWorkload(fp.n);
      expect(w.policySet.policies).toHaveLength(fp.n);
      expect(w.requests).toHaveLength(10_000);
      expect(digest(w.policySet)).toBe(fp.policies);
      expect(digest(w.requests)).toBe(fp.requests);
      const { counts, decisions } = expectedDecisions(w.policySet, w.requests);
      expect([counts.allow, counts["deny-override"], counts["deny-only"], counts["no-match"]]).toEqual([...fp.counts]);
      expect(decisions.filter(Boolean)).toHaveLength(fp.counts[0]);
    });
  }
});
