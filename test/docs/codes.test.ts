import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every diagnostic code mcpolicy can emit is documented, on docs/diagnostics.md or the
 * page it points to for its range, and the docs name no code that nothing emits.
 * (test/syntax/codes.test.ts covers the front end's CODES table; the other ranges are
 * string literals spread over src/.)
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CODE = /\b[EW]\d{4}\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Codes written as string literals in src/: `"E0701"`, `code: "W0801"`. */
const emitted = new Set(
  sourceFiles("src")
    .filter((f) => !f.startsWith("src/demo/"))
    .flatMap((f) => [...readFileSync(join(ROOT, f), "utf8").matchAll(/"([EW]\d{4})"/g)].map((m) => m[1] ?? "")),
);

const read = (page: string) => readFileSync(join(ROOT, "docs", page), "utf8");
const codesOn = (page: string) => new Set(read(page).match(CODE) ?? []);
/** `E0701–E0709`, `W0710–W0711`: ranges as the index on diagnostics.md writes them. */
function expandRanges(text: string): Set<string> {
  const codes = new Set(text.match(CODE) ?? []);
  for (const m of text.matchAll(/\b([EW])(\d{4})–[EW](\d{4})\b/g)) {
    for (let n = Number(m[2]); n <= Number(m[3]); n++) codes.add(`${m[1]}${String(n).padStart(4, "0")}`);
  }
  return codes;
}

/** The page that documents each range in full (diagnostics.md indexes them). */
function pageOf(code: string): string {
  if (/^[EW]07/.test(code)) return "schemas.md";
  if (/^[EW]08/.test(code)) return "lint.md";
  if (/^[EW]09/.test(code)) return "testing.md";
  return "diagnostics.md";
}

describe("diagnostic codes in src/ and in docs/", () => {
  it("src/ emits codes of every range (the scan finds them)", () => {
    for (const sample of ["E0001", "E0012", "E0201", "E0601", "E0701", "W0801", "E0901"])
      expect(emitted).toContain(sample);
  });

  it("every code emitted is indexed on docs/diagnostics.md", () => {
    const indexed = expandRanges(read("diagnostics.md"));
    expect([...emitted].filter((c) => !indexed.has(c)).sort()).toEqual([]);
  });

  it("every code emitted is described on the page of its range", () => {
    const missing = [...emitted].filter((c) => !codesOn(pageOf(c)).has(c)).map((c) => `${c} on ${pageOf(c)}`);
    expect(missing.sort()).toEqual([]);
  });

  it("no page names a code that nothing emits", () => {
    const pages = readdirSync(join(ROOT, "docs")).filter((p) => p.endsWith(".md"));
    const stale = pages.flatMap((p) =>
      [...expandRanges(read(p))].filter((c) => !emitted.has(c)).map((c) => `${c} on ${p}`),
    );
    const readme = [...(readFileSync(join(ROOT, "README.md"), "utf8").match(CODE) ?? [])].filter(
      (c) => !emitted.has(c),
    );
    expect([...stale, ...readme].sort()).toEqual([]);
  });

  it("a W code is a warning and an E code an error in lint.md's table", () => {
    for (const row of read("lint.md").matchAll(/^\| ([EW]\d{4}) \| `[a-z-]+` \| (\w+) \|/gm)) {
      expect(`${row[1]} ${row[2]}`).toBe(`${row[1]} ${row[1]?.startsWith("W") ? "warning" : "error"}`);
    }
  });
});
