/**
 * `npm run bench` / `npm run bench:quick`: every engine on the shared workload at every N,
 * one process, engines in turn; prints one table and writes bench/results/latest.{json,md}
 * (and, for a complete full run, full.{json,md} and the README's table).
 * Exit 1 when an engine disagrees with the expected decisions.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { allEngines } from "./engines/index.js";
import { CACHE_SUBJECTS, compileMetrics } from "./harness/compile-metrics.js";
import { machineInfo } from "./harness/machine.js";
import { gc } from "./harness/memory.js";
import { updateReadme } from "./harness/readme-file.js";
import { failureReport } from "./harness/failure-report.js";
import { type Budget, type Measurement, measure } from "./harness/measure.js";
import type { BenchResults, SizeInfo } from "./harness/results.js";
import { renderTable } from "./harness/table.js";
import { resultsDir } from "./harness/paths.js";
import { expectedDecisions } from "./workload/expected.js";
import { generateWorkload } from "./workload/generate.js";
import { digest } from "./workload/prng.js";
import { DEFAULT_COUNT, DEFAULT_SEED, SIZES } from "./workload/vocabulary.js";

const FULL: Budget = {
  batchMs: 100,
  batches: 7,
  warmupMs: 150,
  minRequests: 20,
};
const QUICK: Budget = { batchMs: 20, batches: 5, warmupMs: 30, minRequests: 3 };

const USAGE = `usage: node dist/bench/run.js [--quick] [--sizes=10,1000] [--engines=NAME,NAME…]

  --quick     shorter batches (under a minute)
  --sizes     policy-set sizes, comma-separated (default 10,100,1000,10000)
  --engines   engines whose table name contains one of these, comma-separated
              (e.g. --engines=floor,forSubject,validateRequests)
`;

async function main(): Promise<number> {
  let values: { quick?: boolean; sizes?: string; engines?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        quick: { type: "boolean", default: false },
        sizes: { type: "string" },
        engines: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const mode = values.quick ? "quick" : "full";
  const budget = values.quick ? QUICK : FULL;
  const sizes = values.sizes === undefined ? [...SIZES] : values.sizes.split(",").map(Number);
  // The workload is defined for policy-set sizes of at least 10 (WORKLOAD.md); each once.
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 10 || n > 100_000) || new Set(sizes).size !== sizes.length) {
    process.stderr.write(
      `--sizes must list distinct whole numbers from 10 to 100000, got \`${values.sizes}\`\n${USAGE}`,
    );
    return 2;
  }
  const only = values.engines?.split(",").filter((name) => name !== "");
  if (only !== undefined && !allEngines([]).some((a) => only.some((name) => a.name.includes(name)))) {
    process.stderr.write(`--engines names no engine of the table (\`${values.engines}\`)\n${USAGE}`);
    return 2;
  }
  const machine = machineInfo();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`mcpolicy bench (${mode}) on ${machine.cpu}, Node ${machine.node}`);

  const sizeInfo: SizeInfo[] = [];
  const measurements: Measurement[] = [];
  let engines: { name: string; note: string }[] = [];
  for (const n of sizes) {
    const workload = generateWorkload(n, DEFAULT_SEED, DEFAULT_COUNT);
    const { decisions } = expectedDecisions(workload.policySet, workload.requests);
    const metrics = compileMetrics(workload, values.quick ? 1 : 3);
    const info: SizeInfo = {
      n,
      policySetDigest: digest(workload.policySet),
      requestDigest: digest(workload.requests),
      ...metrics,
      cacheSubjects: CACHE_SUBJECTS,
    };
    sizeInfo.push(info);
    log(
      `N=${n}: policy set ${info.policySetDigest}, requests ${info.requestDigest}; compile ${metrics.compileMs.toFixed(1)} ms`,
    );
    const adapters = allEngines(workload.requests).filter(
      (a) => only === undefined || only.some((name) => a.name.includes(name)),
    );
    engines = adapters.map((a) => ({ name: a.name, note: a.note }));
    for (const adapter of adapters) {
      // Every engine starts on a collected heap, and leaves nothing behind for the next.
      gc();
      const m = await measure(adapter, workload, decisions, budget);
      adapter.teardown?.();
      measurements.push(m);
      const subset = m.requests < workload.requests.length ? ` (first ${m.requests} requests)` : "";
      log(`  ${adapter.name.padEnd(30)} ${m.nsPerDecision.toFixed(1).padStart(12)} ns/decision${subset}`);
    }
  }

  const results: BenchResults = {
    format: "mcpolicy-bench",
    version: 1,
    date: new Date().toISOString(),
    mode,
    machine,
    workload: { seed: DEFAULT_SEED, count: DEFAULT_COUNT },
    engines,
    sizes: sizeInfo,
    measurements,
  };
  const table = renderTable(results);
  process.stdout.write(`\n${table}`);
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, "\t")}\n`;
  writeFileSync(join(dir, "latest.json"), json);
  writeFileSync(join(dir, "latest.md"), table);
  log(`wrote ${join(dir, "latest.json")} and latest.md`);
  // Only a complete full run stands for the project: it is also kept as full.{json,md},
  // which the README shows, so a quick or partial run afterwards leaves both as they are.
  if (mode === "full" && values.sizes === undefined && values.engines === undefined) {
    writeFileSync(join(dir, "full.json"), json);
    writeFileSync(join(dir, "full.md"), table);
    log(`wrote ${join(dir, "full.json")} and full.md (the last complete full run)`);
    updateReadme(join(dir, "..", "..", "README.md"), table);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const report = failureReport("benchmark", error);
    process.stderr.write(report.message);
    process.exitCode = report.exitCode;
  },
);
