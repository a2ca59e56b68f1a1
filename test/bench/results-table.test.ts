/**
 * The results of `npm run bench`: one table with ns/decision and decisions/s for every
 * engine at every N plus compile time and memory, slow engines' shorter request counts
 * said in the table, and the committed results files in the shape bench/README.md
 * documents, each table rendered from its JSON (the README's copy is checked against
 * full.md in harness.test.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Measurement } from "../../bench/harness/measure.js";
import type { BenchResults } from "../../bench/harness/results.js";
import { renderTable } from "../../bench/harness/table.js";

const SIZES = [10, 100, 1000, 10_000];

function measurement(engine: string, n: number, nsPerDecision: number, requests = 10_000): Measurement {
  return {
    engine,
    n,
    nsPerDecision,
    decisionsPerSecond: 1e9 / nsPerDecision,
    requests,
    repeat: 1,
    batches: 3,
    samples: [nsPerDecision, nsPerDecision, nsPerDecision],
    wallNsPerDecision: nsPerDecision,
    setupMs: 1,
  };
}

const RESULTS: BenchResults = {
  format: "mcpolicy-bench",
  version: 1,
  date: "2026-01-01T00:00:00.000Z",
  mode: "quick",
  machine: { cpu: "Test CPU", cores: 2, memoryGiB: 4, os: "linux", node: "v20.0.0", v8: "11" },
  workload: { seed: 20240611, count: 10_000 },
  engines: [
    { name: "fast engine", note: "a fast one" },
    { name: "slow engine", note: "a slow one" },
  ],
  sizes: SIZES.map((n) => ({
    n,
    policySetDigest: "00000000",
    requestDigest: "00000000",
    compileMs: n / 10,
    compiledSetBytes: n * 1024,
    cacheBytes: 6 * 2 ** 20,
    cacheSubjects: 10_000,
  })),
  measurements: SIZES.flatMap((n) => [
    measurement("fast engine", n, 250),
    measurement("slow engine", n, 2_000_000, n === 10 ? 10_000 : 20),
  ]),
};

function row(table: string, name: string): string[] {
  const line = table.split("\n").find((l) => l.startsWith(`| ${name} |`));
  if (line === undefined) throw new Error(`no row ${name}`);
  return line
    .split("|")
    .slice(2, -1)
    .map((cell) => cell.trim());
}

describe("the results table", () => {
  const table = renderTable(RESULTS);

  it("has a column per N and, for every engine, ns per decision and decisions per second in each", () => {
    expect(table).toContain("| engine | N = 10 | N = 100 | N = 1,000 | N = 10,000 |");
    expect(row(table, "fast engine")).toEqual(Array(4).fill("250 ns · 4.0 M/s"));
    expect(row(table, "slow engine")[0]).toBe("2.0 ms · 500 /s");
  });

  it("has compile time and memory rows per N", () => {
    expect(row(table, "compile (parse included)")).toEqual(["1.0 ms", "10 ms", "100 ms", "1000 ms"]);
    expect(row(table, "heap: compiled set")).toEqual(["10 KiB", "100 KiB", "1000 KiB", "9.8 MiB"]);
    expect(row(table, "heap: cache of 10,000 subjects")).toEqual(Array(4).fill("6.0 MiB"));
  });

  it("marks the cells timed on fewer requests and says how many", () => {
    expect(row(table, "slow engine").slice(1)).toEqual(Array(3).fill("2.0 ms · 500 /s ¹"));
    expect(table).toContain(
      "¹ slow engine: timed (and checked) on the first 20 at N = 100, 20 at N = 1,000, 20 at N = 10,000 of the 10,000 requests.",
    );
    expect(table).not.toContain("¹ fast engine");
  });

  it("names the machine and the run", () => {
    expect(table).toContain("Machine: Test CPU (2 cores, 4 GiB), linux, Node v20.0.0 (V8 11).");
    expect(table).toContain(
      "Run: 2026-01-01T00:00:00.000Z, quick mode, workload seed 20240611, 10,000 requests per N.",
    );
  });
});

/** The documented shape (bench/README.md, "The results file"), field by field. */
const RESULT_KEYS = ["format", "version", "date", "mode", "machine", "workload", "engines", "sizes", "measurements"];
const MACHINE_KEYS = ["cpu", "cores", "memoryGiB", "os", "node", "v8"];
const SIZE_KEYS = [
  "n",
  "policySetDigest",
  "requestDigest",
  "compileMs",
  "compiledSetBytes",
  "cacheBytes",
  "cacheSubjects",
];
const MEASUREMENT_KEYS = [
  "engine",
  "n",
  "nsPerDecision",
  "decisionsPerSecond",
  "requests",
  "repeat",
  "batches",
  "samples",
  "wallNsPerDecision",
  "setupMs",
];

const sorted = (keys: readonly string[]) => [...keys].sort();

for (const name of ["latest", "full"]) {
  describe(`bench/results/${name}.json`, () => {
    const read = (ext: string) => readFileSync(new URL(`../../bench/results/${name}.${ext}`, import.meta.url), "utf8");
    const results = JSON.parse(read("json")) as BenchResults;

    it("has the documented shape", () => {
      expect(sorted(Object.keys(results))).toEqual(sorted(RESULT_KEYS));
      expect(results.format).toBe("mcpolicy-bench");
      expect(results.version).toBe(1);
      expect(["full", "quick"]).toContain(results.mode);
      expect(sorted(Object.keys(results.machine))).toEqual(sorted(MACHINE_KEYS));
      expect(sorted(Object.keys(results.workload))).toEqual(["count", "seed"]);
      for (const e of results.engines) expect(sorted(Object.keys(e))).toEqual(["name", "note"]);
      for (const s of results.sizes) expect(sorted(Object.keys(s))).toEqual(sorted(SIZE_KEYS));
      for (const m of results.measurements) expect(sorted(Object.keys(m))).toEqual(sorted(MEASUREMENT_KEYS));
    });

    it("has a measurement for every engine at every N, and its workload's fingerprints", () => {
      const cells = results.engines.flatMap((e) => results.sizes.map((s) => `${e.name} @ ${s.n}`));
      expect(sorted(results.measurements.map((m) => `${m.engine} @ ${m.n}`))).toEqual(sorted(cells));
      const fingerprints: Record<number, [string, string]> = {
        10: ["c2032143", "018b8fb7"],
        100: ["8051aa54", "8daa32c8"],
        1000: ["ff713e55", "d69f734a"],
        10000: ["894163eb", "a43f7f70"],
      };
      // Sizes other than WORKLOAD.md's four (a run with --sizes) have no published fingerprint.
      const published = results.sizes.filter((s) => fingerprints[s.n] !== undefined);
      if (name === "full") expect(published.map((s) => s.n)).toEqual([10, 100, 1000, 10000]);
      for (const s of published) expect([s.policySetDigest, s.requestDigest]).toEqual(fingerprints[s.n]);
    });

    it(`is what ${name}.md shows (npm run bench and bench:report render one from the other)`, () => {
      expect(read("md")).toBe(renderTable(results));
    });
  });
}
