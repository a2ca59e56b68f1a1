/**
 * What a user gets from `npm install mcpolicy`: every package the shipped code imports at
 * run time is a dependency (or an optional peer, only under src/mcp), and the tarball
 * holds the entry points, the CLI, the grammar, the docs and the licence — and no tests, benchmark
 * or example builds, demo or source maps. (The CLI once imported picocolors, then a
 * devDependency: `npx mcpolicy` failed on every install.)
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  exports: Record<string, string | { types: string; default: string }>;
  imports: Record<string, Record<string, string>>;
  bin: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Bare specifiers a file loads at run time (type-only imports are erased). */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  // `import … from "x";` / `export … from "x";`, possibly over several lines, not `import type`.
  for (const m of text.matchAll(/^\s*(?:import|export)\b(?!\s+type\b)[^;]*?\bfrom\s+"([^"]+)"/gm)) found.push(m[1] as string);
  for (const m of text.matchAll(/^\s*import\s+"([^"]+)"/gm)) found.push(m[1] as string);
  for (const m of text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.push(m[1] as string);
  // `#name`: the package's own "imports" map (checked below), not a package.
  return found.filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !s.startsWith("#"));
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

describe("package manifest", () => {
  it("finds imports the way the check below needs (multi-line, type-only skipped)", () => {
    const text = 'import {\n  a,\n  b,\n} from "alpha/x.js";\nimport type { T } from "beta";\nexport { c } from "@scope/gamma/y";\nconst m = await import("delta");\nimport "./local.js";\nimport { d } from "#own";\n';
    expect(runtimeImports(text)).toEqual(["alpha/x.js", "@scope/gamma/y", "delta"]);
  });

  it("declares every package the shipped code imports at run time", () => {
    const undeclared: string[] = [];
    const peersOutsideMcp: string[] = [];
    for (const file of sourceFiles(join(ROOT, "src"))) {
      const path = relative(ROOT, file).split("\\").join("/");
      if (path.startsWith("src/demo/")) continue; // not shipped (package.json "files")
      for (const specifier of runtimeImports(readFileSync(file, "utf8"))) {
        const name = packageName(specifier);
        if (Object.hasOwn(manifest.dependencies, name)) continue;
        if (Object.hasOwn(manifest.peerDependencies, name)) {
          if (!path.startsWith("src/mcp/")) peersOutsideMcp.push(`${path}: ${name}`);
          expect(manifest.peerDependenciesMeta[name]?.optional).toBe(true);
          continue;
        }
        undeclared.push(`${path}: ${name}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(peersOutsideMcp).toEqual([]);
  });

  it("packs the entry points, CLI, grammar and licence, and nothing else", () => {
    expect(existsSync(join(ROOT, "dist", "src", "index.js")), "run `npm run build` first").toBe(true);
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path));
    const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === "string" ? [t] : [t.types, t.default]));
    for (const target of targets.filter((t) => !t.includes("*"))) expect(files.has(target.replace(/^\.\//, "")), target).toBe(true);
    for (const bin of Object.values(manifest.bin)) expect(files.has(bin.replace(/^\.\//, "")), bin).toBe(true);
    // The "imports" map (`#chevrotain-runtime`): every condition's target ships.
    const internal = Object.values(manifest.imports).flatMap((conditions) => Object.values(conditions));
    expect(internal.length).toBeGreaterThan(0);
    for (const target of internal) expect(files.has(target.replace(/^\.\//, "")), target).toBe(true);
    // The README links the docs: they ship with it.
    for (const path of ["LICENSE", "README.md", "dist/src/cli/main.js", "grammar/ast.schema.json", "docs/mcp.md", "docs/language.md"]) {
      expect(files.has(path), path).toBe(true);
    }
    const unwanted = [...files].filter(
      (p) => p.endsWith(".map") || /^(dist\/(bench|examples|test|src\/demo)|test|bench|examples|src)\//.test(p),
    );
    expect(unwanted).toEqual([]);
  });

  it("ships no JavaScript that points at a source map it does not ship, and a bin path npm keeps as written", () => {
    // A `//# sourceMappingURL=` to an absent map makes source-map loaders warn in users' builds.
    const pointing = sourceFiles(join(ROOT, "src"))
      .map((path) => join(ROOT, "dist", relative(ROOT, path)).replace(/\.ts$/, ".js"))
      .filter((path) => existsSync(path) && readFileSync(path, "utf8").includes("//# sourceMappingURL="));
    expect(pointing.map((path) => relative(ROOT, path))).toEqual([]);
    // `npm publish` warns that a `./`-prefixed bin path "was invalid and removed" (it is not).
    for (const bin of Object.values(manifest.bin)) expect(bin.startsWith("./")).toBe(false);
  });
});
