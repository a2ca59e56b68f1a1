/**
 * Regenerates bench/results/latest.md from bench/results/latest.json, and the README's
 * copy of it: `npm run bench:report` (a full `npm run bench` does the same).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResults } from "./harness/results.js";
import { renderTable } from "./harness/table.js";
import { resultsDir } from "./harness/paths.js";
import { updateReadme } from "./harness/readme-file.js";

const dir = resultsDir();
const results = JSON.parse(readFileSync(join(dir, "latest.json"), "utf8")) as BenchResults;
const table = renderTable(results);
writeFileSync(join(dir, "latest.md"), table);
updateReadme(join(dir, "..", "..", "README.md"), table);
process.stdout.write(table);
