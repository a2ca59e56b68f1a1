/** Writes the latest table into README.md (see readme-table.ts); says so on stderr. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { withLatestTable } from "./readme-table.js";

export function updateReadme(path: string, table: string): void {
  if (!existsSync(path)) return;
  const updated = withLatestTable(readFileSync(path, "utf8"), table);
  if (updated === null) {
    process.stderr.write(`${path}: no bench:latest markers, README not updated\n`);
    return;
  }
  writeFileSync(path, updated);
  process.stderr.write(`updated the results table in ${path}\n`);
}
