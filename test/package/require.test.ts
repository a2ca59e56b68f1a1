/**
 * mcpolicy from CommonJS: `require("mcpolicy")` (and every subpath) works where Node can
 * require an ES module (≥ 20.19, ≥ 22.12), because nothing in the graph awaits at top
 * level — package.json's `#chevrotain-runtime` picks the synchronous chevrotain loader
 * under the "module-sync" condition. Without require(esm) the awaited loader is picked and
 * `import()` still works. Runs the build in dist/ through a node_modules link, as installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/** A project folder whose node_modules/mcpolicy is this checkout. */
function consumer(): string {
  const dir = mkdtempSync(join(tmpdir(), "mcpolicy-require-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "mcpolicy"), "dir");
  return dir;
}

const POLICY = 'policy "admins" { allow subject role admin action "tools/call" resource "tool:*" }';
const PROBE = `
const engine = compile(${JSON.stringify(POLICY)});
console.log(JSON.stringify([
  engine.isAllowed({ id: "a", roles: ["admin"] }, "tool:x", "tools/call"),
  engine.isAllowed({ id: "b", roles: ["user"] }, "tool:x", "tools/call"),
  typeof protect, typeof protectV2, typeof assertNeverAllowed,
]));`;

function node(args: string[], cwd: string) {
  return spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 60_000 });
}

describe("mcpolicy from CommonJS", () => {
  it.runIf(process.features.require_module)("require() loads every entry point, with no warning", () => {
    expect(existsSync(join(ROOT, "dist", "src", "index.js")), "run `npm run build` first").toBe(true);
    const script = `
const { compile } = require("mcpolicy");
const { protect } = require("mcpolicy/mcp");
const { protect: protectV2 } = require("mcpolicy/mcp/v2");
const { assertNeverAllowed } = require("mcpolicy/testing");
${PROBE}`;
    const result = node(["--input-type=commonjs", "-e", script], consumer());
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe('[true,false,"function","function","function"]');
    expect(result.status).toBe(0);
  });

  it.runIf(process.features.require_module)("import() works where require(esm) is off (the awaited loader)", () => {
    const script = `
const { compile } = await import("mcpolicy");
const { protect } = await import("mcpolicy/mcp");
const { protect: protectV2 } = await import("mcpolicy/mcp/v2");
const { assertNeverAllowed } = await import("mcpolicy/testing");
${PROBE}`;
    const result = node(["--no-experimental-require-module", "--input-type=module", "-e", script], consumer());
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe('[true,false,"function","function","function"]');
    expect(result.status).toBe(0);
  });
});
