/**
 * chevrotain, loaded from the single-file bundle its package ships (`lib/chevrotain.mjs`):
 * the package's entry point imports several hundred lodash-es modules, which made
 * importing mcpolicy take ≈ 0.5 s (≈ 0.35 s of it chevrotain's modules) — every CLI run and
 * every server start paid it. The bundle is the same version's same code in one file and
 * loads in ≈ 20 ms. When it is not where this version keeps it, the package entry is used.
 *
 * Two loaders, picked by package.json's "imports" (`#chevrotain-runtime`): where Node can
 * `require` an ES module (the "module-sync" condition) a synchronous one, so that nothing
 * awaits at top level and CommonJS can `require("mcpolicy")`; elsewhere an awaited one.
 *
 * Every runtime use of chevrotain goes through this module, so there is only ever one copy
 * (tokens, `EOF` and the parser's classes are compared by identity). Types come from the
 * package as usual (`import type … from "chevrotain"`).
 */
import { chevrotain } from "#chevrotain-runtime";

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
