import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CstParser, createSyntaxDiagramsCode, createToken, EOF, Lexer, LLkLookaheadStrategy, tokenMatcher } from "../../src/syntax/chevrotain.js";

// src/syntax/chevrotain.ts loads chevrotain's single-file bundle instead of its package
// entry (hundreds of lodash-es modules, ≈ 0.35 s at every start). One copy only: the
// parser compares tokens and EOF by identity.
describe("the chevrotain the front end uses", () => {
  it("is the single-file bundle the package ships", async () => {
    const entry = createRequire(import.meta.url).resolve("chevrotain");
    const bundle = await import(pathToFileURL(join(dirname(entry), "..", "chevrotain.mjs")).href);
    const ours = { CstParser, createSyntaxDiagramsCode, createToken, EOF, Lexer, LLkLookaheadStrategy, tokenMatcher };
    for (const [name, value] of Object.entries(ours)) expect(value, name).toBe(bundle[name]);
  });

  it("is the package's own version", async () => {
    const lib = dirname(createRequire(import.meta.url).resolve("chevrotain"));
    const bundle = await import(pathToFileURL(join(lib, "..", "chevrotain.mjs")).href);
    const entry = await import(pathToFileURL(join(lib, "api.js")).href);
    expect(bundle.VERSION).toBe(entry.VERSION);
  });

  it("is the same module whichever loader package.json picks (require-able or awaited)", async () => {
    const { chevrotain: loadedSync } = await import("../../src/syntax/chevrotain-sync.js");
    const { chevrotain: loadedAwaited } = await import("../../src/syntax/chevrotain-async.js");
    expect(loadedSync.CstParser).toBe(CstParser);
    expect(loadedAwaited.CstParser).toBe(CstParser);
    expect(loadedAwaited.EOF).toBe(loadedSync.EOF);
  });
});
