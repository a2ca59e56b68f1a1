/**
 * chevrotain, loaded from the single-file bundle its package ships (`lib/chevrotain.mjs`):
 * the package's entry point imports several hundred lodash-es modules, which made
 * importing mcpolicy take ≈ 0.5 s (≈ 0.35 s of it chevrotain's modules) — every CLI run and
 * every server start paid it. The bundle is the same version's same code in one file and
 * loads in ≈ 20 ms. When it is not where this version keeps it, the package entry is used.
 *
 * Every runtime use of chevrotain goes through this module, so there is only ever one copy
 * (tokens, `EOF` and the parser's classes are compared by identity). Types come from the
 * package as usual (`import type … from "chevrotain"`).
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

const chevrotain = await load();

export const {
  CstParser,
  createSyntaxDiagramsCode,
  createToken,
  EOF,
  /** For test/syntax/cst-types.test.ts: it must see this copy's grammar classes. */
  generateCstDts,
  Lexer,
  LLkLookaheadStrategy,
  tokenMatcher,
} = chevrotain;
