/**
 * `mcpolicy/mcp/v2` must load without the v1 SDK installed, and `mcpolicy/mcp` without
 * the v2 one: no module reachable from one entry imports the other line at run time.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../../src");
/** Run-time imports (`import type` and `export type` are erased). */
const IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;

function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = match[1] as string;
      if (target.startsWith(".")) pending.push(join(dirname(file), target.replace(/\.js$/, ".ts")));
      else packages.add(target);
    }
  }
  return { files, packages };
}

describe("the MCP entry points", () => {
  it("keeps the v2 entry free of the v1 SDK", () => {
    const { packages, files } = reachable(join(SRC, "mcp/v2/index.ts"));
    expect([...packages].filter((p) => p.startsWith("@modelcontextprotocol/sdk"))).toEqual([]);
    expect([...packages]).toContain("@modelcontextprotocol/server");
    expect(files.size).toBeGreaterThan(5);
  });

  it("keeps the v1 entry free of the v2 SDK", () => {
    const { packages } = reachable(join(SRC, "mcp/index.ts"));
    expect([...packages].filter((p) => p.startsWith("@modelcontextprotocol/server"))).toEqual([]);
    expect([...packages]).toContain("@modelcontextprotocol/sdk/types.js");
  });
});
