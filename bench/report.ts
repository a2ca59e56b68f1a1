/**
 * Regenerates bench/results/latest.md from bench/results/latest.json (the table the
 * README shows): `node dist/bench/report.js`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResults } from "./harness/results.js";
import { renderTable } from "./harness/table.js";
import { resultsDir } from "./harness/paths.js";

const dir = resultsDir();
const results = JSON.parse(readFileSync(join(dir, "latest.json"), "utf8")) as BenchResults;
const table = renderTable(results);
writeFileSync(join(dir, "latest.md"), table);
process.stdout.write(table);
