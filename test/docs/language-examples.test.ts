import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, format, parse } from "../../src/index.js";
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

describe("docs/language.md, Choices where the specification is silent", () => {
  const any = "subject * action * resource *";
  const decide = (text: string, subject: object = {}) => compile(text).evaluate(subject, "r", "a");

  it("line breaks, the BOM and `priority -0` as fmt writes them", () => {
    expect(format(`\ufeffrole a\r\nrole b\rpolicy p { allow priority -0 ${any} }`).text).toBe(
      "role a\nrole b\n\npolicy p {\n  allow\n  subject *\n  action *\n  resource *\n}\n",
    );
  });

  it("undeclared roles may be included and named; empty names are allowed", () => {
    const roles = "role editor includes viewer\npolicy p { allow subject role viewer action * resource * }";
    expect(decide(roles, { roles: ["editor"] }).allowed).toBe(true);
    expect(parse(`policy "" { allow subject user "" action * resource * }`).diagnostics).toEqual([]);
  });

  it("keywords are case-sensitive: `Allow`, `AND` are errors where a keyword is expected, with the keyword as help", () => {
    for (const [text, help] of [
      [`policy p { Allow ${any} }`, "did you mean `allow`?"],
      [`policy p { allow ${any} when env.a AND env.b }`, "did you mean `and`?"],
    ] as const) {
      expect(parse(text).diagnostics.map((d) => [d.code, d.help])).toEqual([["E0201", help]]);
    }
  });

  it("`when null` and `when 1 in 2` compile and err at evaluation; `action has x` is false", () => {
    expect(decide(`policy p { allow ${any} when null }`)).toMatchObject({ effect: "notapplicable" });
    expect(decide(`policy p { allow ${any} when null }`).errors).toHaveLength(1);
    expect(decide(`policy p { deny ${any} when 1 in 2 }`)).toMatchObject({ effect: "deny", policy: "p" });
    expect(decide(`policy p { allow ${any} when action has x }`)).toEqual({
      allowed: false,
      effect: "notapplicable",
      policy: null,
      errors: [],
    });
  });
});
