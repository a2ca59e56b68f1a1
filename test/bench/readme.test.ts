/**
 * bench/README.md, "What the columns mean", explains every row of the results table:
 * each engine of bench/engines/index.ts and the compile and heap rows of
 * bench/harness/table.ts (step 3 of "Adding an engine").
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allEngines } from "../../bench/engines/index.js";

const README = readFileSync(new URL("../../bench/README.md", import.meta.url), "utf8");

/** The first cells of the table under "## What the columns mean". */
function explainedRows(): string[] {
  const section = README.split("\n## What the columns mean\n")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2) // header and rule
    .map((line) => line.split("|")[1]?.trim() ?? "");
}

describe("bench/README.md's column table", () => {
  it("explains every engine of the table", () => {
    const rows = explainedRows();
    const missing = allEngines([])
      .map((e) => e.name)
      .filter((name) => !rows.includes(name));
    expect(missing).toEqual([]);
  });

  it("explains the compile and heap rows", () => {
    expect(explainedRows()).toEqual(
      expect.arrayContaining(["compile", "heap: compiled set", "heap: cache of 10,000 subjects"]),
    );
  });
});
