/**
 * Issue: "Full TypeScript types for everything exported; JSDoc on each." Every name the
 * package index exports by name is declared with a JSDoc comment right above it.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const INDEX = "src/index.ts";

/** `export { a, b as c, type D } from "./x.js"` → [["a", "src/x.ts"], …] (the declared names). */
function exportedNames(): [string, string][] {
  const text = readFileSync(INDEX, "utf8");
  const out: [string, string][] = [];
  for (const match of text.matchAll(/export (?:type )?\{([^}]*)\} from "\.\/([^"]+)\.js";/g)) {
    const file = join(dirname(INDEX), `${match[2]}.ts`);
    for (const part of (match[1] as string).split(",")) {
      const name = part.trim().replace(/^type /, "").split(/ as /)[0]?.trim();
      if (name) out.push([name, file]);
    }
  }
  return out;
}

describe("public exports", () => {
  const names = exportedNames();

  it("are found", () => {
    expect(names.length).toBeGreaterThan(30);
  });

  it.each(names)("%s has a JSDoc comment (%s)", (name, file) => {
    const text = readFileSync(file, "utf8");
    const declaration = new RegExp(`^export (?:declare )?(?:abstract )?(?:interface|type|function|class|const|async function) ${name}\\b`, "m");
    const at = text.search(declaration);
    expect(at, `${name} is declared in ${file}`).toBeGreaterThanOrEqual(0);
    const before = text.slice(0, at).trimEnd();
    expect(before.endsWith("*/"), `${name} in ${file} has a JSDoc comment`).toBe(true);
  });
});
