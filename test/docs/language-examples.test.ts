import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import { evaluateReference } from "../../src/evaluate/index.js";

/**
 * docs/language.md's glob examples decide as the page says, in the engine and in the
 * reference interpreter. The table "Pattern | Id | Match" is read from the page (a
 * markdown table: `\|` in a cell is a literal bar).
 */
const doc = readFileSync(new URL("../../docs/language.md", import.meta.url), "utf8");

/** `"tool:*"` as a policy string literal → the glob's text. */
const globOf = (literal: string) => JSON.parse(literal) as string;

function matches(patternLiteral: string, id: string): boolean {
  const engine = compile(`policy p { allow subject * action * resource ${patternLiteral} }`);
  const fast = engine.evaluate({}, id, "a").allowed;
  expect(
    evaluateReference(engine.policySet, {}, id, "a", undefined).allowed,
    `reference: ${patternLiteral} on ${id}`,
  ).toBe(fast);
  return fast;
}

const rows = [
  ...doc.matchAll(/^\| `("(?:[^`]|\\\|)*")`(?: \(quoted\))? \| `([^`]*)` \| (\*\*no\*\*|no\b|yes\b)/gm),
].map((m) => ({ pattern: (m[1] ?? "").replace(/\\\|/g, "|"), id: m[2] ?? "", match: m[3] === "yes" }));

describe("docs/language.md, Patterns (globs): the Pattern | Id | Match table", () => {
  it("is read whole", () => {
    expect(rows.length).toBe(13);
  });

  it.each(rows.map((r) => [r.pattern, r.id, r.match] as const))("%s on %s → %s", (pattern, id, match) => {
    expect(matches(pattern, id)).toBe(match);
  });
});

describe("docs/language.md, the two backslash traps", () => {
  it("an escaped bar with other magic is an alternation: `tool:a\\|b*`, `\\|x*`", () => {
    expect(globOf('"tool:a\\\\|b*"')).toBe("tool:a\\|b*");
    expect(matches('"tool:a\\\\|b*"', "tool:anything")).toBe(true);
    expect(matches('"tool:a\\\\|b*"', "tool:a/b")).toBe(false); // one segment only
    expect(matches('"\\\\|x*"', "whatever")).toBe(true);
    expect(matches('"\\\\|x*"', "what/ever")).toBe(false);
    expect(matches('"a|b"', "a|b")).toBe(true); // a plain bar is ordinary
  });

  it("a backslash before an ordinary character: `*\\.pem` needs the backslash, `key\\.pem` does not", () => {
    expect(matches('"*\\\\.pem"', "key.pem")).toBe(false);
    expect(matches('"*\\\\.pem"', "key\\.pem")).toBe(true);
    expect(matches('"key\\\\.pem"', "key.pem")).toBe(true);
  });

  it("`**` is special only as a whole segment: in `tool:**` it behaves like `*`", () => {
    expect(matches('"tool:**"', "tool:a")).toBe(true);
    expect(matches('"tool:**"', "tool:a/b")).toBe(false);
  });
});
