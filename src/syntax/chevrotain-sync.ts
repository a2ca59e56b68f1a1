/**
 * chevrotain, loaded synchronously (see chevrotain.ts for why the bundle): used where
 * `require` can load an ES module (Node ≥ 20.19 and ≥ 22.12, the `module-sync` condition
 * of package.json's `#chevrotain-runtime`). No top-level `await` in this module graph, so
 * a CommonJS program can `require("mcpolicy")`.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as Chevrotain from "chevrotain";

function load(): typeof Chevrotain {
  const require = createRequire(import.meta.url);
  try {
    // lib/src/api.js → lib/chevrotain.mjs
    const bundle = join(dirname(require.resolve("chevrotain")), "..", "chevrotain.mjs");
    return require(bundle) as typeof Chevrotain;
  } catch {
    // Resolution differs (a bundler, another layout): the package entry below.
  }
  return require("chevrotain") as typeof Chevrotain;
}

export const chevrotain = load();
