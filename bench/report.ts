/**
 * Regenerates the tables from the results: bench/results/latest.md from latest.json,
 * full.md from full.json (the last complete full run), and the README's copy of full.md —
 * `npm run bench:report`, after a change to how tables are rendered.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResults } from "./harness/results.js";
import { renderTable } from "./harness/table.js";
import { resultsDir } from "./harness/paths.js";
import { updateReadme } from "./harness/readme-file.js";

const dir = resultsDir();
for (const name of ["latest", "full"]) {
  const source = join(dir, `${name}.json`);
  if (!existsSync(source)) continue;
  const table = renderTable(JSON.parse(readFileSync(source, "utf8")) as BenchResults);
  writeFileSync(join(dir, `${name}.md`), table);
  if (name === "full") updateReadme(join(dir, "..", "..", "README.md"), table);
  process.stdout.write(`${name}.md:\n${table}\n`);
}
