import fc from "fast-check";
import type { IToken, TokenType } from "chevrotain";
import { describe, expect, it } from "vitest";
import { DeclarationSplitter } from "../../src/syntax/split.js";
import { Dot, Identifier, LCurly, Or, Policy, RCurly, Role, Subject } from "../../src/syntax/tokens.js";

const TYPES: Record<string, TokenType> = { policy: Policy, role: Role, "{": LCurly, "}": RCurly, ".": Dot, subject: Subject, or: Or, x: Identifier };

function tokens(words: readonly string[]): IToken[] {
  return words.map((image, i) => ({ image, startOffset: i, tokenType: TYPES[image] as TokenType }) as IToken);
}

/** The pieces as lists of words, fed `size` tokens at a time. */
function split(words: readonly string[], size: number): string[][] {
  const splitter = new DeclarationSplitter();
  const all = tokens(words);
  const pieces = [];
  for (let i = 0; i < all.length; i += size) pieces.push(...splitter.push(all.slice(i, i + size)));
  pieces.push(...splitter.finish());
  return pieces.map((p) => p.tokens.map((t) => t.image));
}

const pieces = (text: string): string[][] => split(text.split(" "), 1_000);

describe("DeclarationSplitter", () => {
  it("keeps a `role` inside a block that a `}` closes in that policy", () => {
    expect(pieces("policy x { role x subject x } role x")).toEqual([["policy", "x", "{", "role", "x", "subject", "x", "}"], ["role", "x"]]);
  });

  it("starts a declaration at a `role` after a block left open, before the next `policy` or the end", () => {
    expect(pieces("policy x { x role x role x policy x { }")).toEqual([
      ["policy", "x", "{", "x"],
      ["role", "x"],
      ["role", "x"],
      ["policy", "x", "{", "}"],
    ]);
    expect(pieces("policy x { x role x role x")).toEqual([["policy", "x", "{", "x"], ["role", "x"], ["role", "x"]]);
  });

  it("gives the same pieces however the tokens are chunked, and loses no token", () => {
    const word = fc.constantFrom(...Object.keys(TYPES));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (words, size) => {
        const whole = split(words, Math.max(1, words.length));
        expect(split(words, size)).toEqual(whole);
        expect(whole.flat()).toEqual(words);
        // Every piece but a leading stray one starts a declaration.
        for (const piece of whole.slice(1)) expect(["policy", "role"]).toContain(piece[0]);
      }),
      { numRuns: 2000 },
    );
  });
});
