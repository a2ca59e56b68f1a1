/**
 * chevrotain, loaded with a top-level `await` (see chevrotain.ts for why the bundle): used
 * where `require` cannot load an ES module (Node 20 before 20.19), so nothing is lost there:
 * such a Node cannot `require("mcpolicy")` anyway.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Chevrotain from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  try {
    // lib/src/api.js → lib/chevrotain.mjs
    const entry = createRequire(import.meta.url).resolve("chevrotain");
    const bundle = join(dirname(entry), "..", "chevrotain.mjs");
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as typeof Chevrotain;
  } catch {
    // Resolution differs (a bundler, another layout): the package entry below.
  }
  return await import("chevrotain");
}

export const chevrotain = await load();
