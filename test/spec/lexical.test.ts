/**
 * Spec §1–§2 lexical elements: identifiers, keywords, JSON strings and escapes,
 * numbers without exponent, comments, BOM and whitespace.
 */
import { describe, expect, it } from "vitest";
import { compileErrors, parseErrors } from "./diagnose.js";
import { type Case, policy, runCases } from "./systems.js";

const body = "{\n  allow\n  subject *\n  action *\n  resource *\n}\n";

const rejected: readonly (readonly [string, string])[] = [
  ["an identifier starting with a digit", `policy 1a ${body}`],
  ["an identifier with a hyphen", `policy a-b ${body}`],
  ["an identifier with a non-ASCII letter", `policy café ${body}`],
  ["a keyword in upper case where a keyword is needed", "policy p {\n  ALLOW\n  subject *\n  action *\n  resource *\n}"],
  ["a single-quoted string", `policy 'p' ${body}`],
  ["an unterminated string", `policy "p ${body}`],
  ["an invalid escape \\x", `policy "\\x41" ${body}`],
  ["an invalid escape \\'", `policy "\\'" ${body}`],
  ["a short unicode escape", `policy "\\u12" ${body}`],
  ["a raw tab in a string", `policy "a\tb" ${body}`],
  ["a raw newline in a string", `policy "a\nb" ${body}`],
  ["a raw control character in a string", `policy "a\u0001b" ${body}`],
  ["a number with an exponent", policy("p", { when: "env.n == 1e3" })],
  ["a number with a capital exponent", policy("p", { when: "env.n == 1E3" })],
  ["a number starting with a dot", policy("p", { when: "env.n == .5" })],
  ["a number ending with a dot", policy("p", { when: "env.n == 5." })],
  ["a number with a leading zero", policy("p", { when: "env.n == 01" })],
  ["a number with a plus sign", policy("p", { when: "env.n == +1" })],
  ["a hexadecimal number", policy("p", { when: "env.n == 0x10" })],
  ["a number with an underscore", policy("p", { when: "env.n == 1_000" })],
  ["a minus sign apart from its number", policy("p", { when: "env.n == - 1" })],
  ["a block comment", `/* c */\n${policy("p")}`],
  ["a byte order mark that is not leading", `${policy("p")}\ufeff`],
  ["a second byte order mark", `\ufeff\ufeff${policy("p")}`],
  ["a form feed", `${policy("p")}\f`],
  ["a vertical tab", `${policy("p")}\v`],
  ["a no-break space", `policy\u00a0p ${body}`],
  ["a line separator", `${policy("p")}\u2028`],
  ["a character that is not punctuation", policy("p", { when: "env.n = 1" })],
  ["`!` alone", policy("p", { when: "!true" })],
  ["`&&`", policy("p", { when: "true && true" })],
  ["`;`", `${policy("p")};`],
];

describe("spec §2 lexical errors", () => {
  it.each(rejected)("parse rejects %s", async (_what, text) => {
    expect((await parseErrors(text)).length).toBeGreaterThan(0);
  });
  it.each(rejected)("compile rejects %s", async (_what, text) => {
    expect((await compileErrors(text)).length).toBeGreaterThan(0);
  });
});

const accepted: readonly (readonly [string, string])[] = [
  ["identifiers with underscores and digits", `policy _a1_B2 ${body}`],
  ["a keyword-prefixed identifier", `policy allowed ${body}policy policy_x ${body}policy notes ${body}`],
  ["a leading byte order mark", `\ufeff${policy("p")}`],
  ["tabs, CR and LF as whitespace", `policy\tp\r\n{\r\n\tallow\rsubject\t*\naction *   resource *}`],
  ["a comment with #", `# policy x {\n${policy("p")}`],
  ["a comment with //", `// policy x {\n${policy("p")}`],
  ["a trailing comment on a line", `policy p { # comment }\n  allow // more\n  subject * action * resource *\n}`],
  ["a comment at the end of input without a newline", `${policy("p")}# end`],
  ["DEL in a string", `policy "a\u007fb" ${body}`],
  ["every JSON escape", `policy "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\ud83d\\ude00" ${body}`],
  ["raw non-ASCII in a string", `policy "café 😀" ${body}`],
  ["numbers of every allowed form", policy("p", { when: "[0, -0, 5, -5, 0.5, -0.25, 10.0, 123456789] == [0, 0, 5, -5, 0.5, -0.25, 10, 123456789]" })],
  ["no whitespace between tokens", 'policy p{allow subject user"a","b"or role r action"x","y"resource*when(env.a==1)and(env.b!=[1,2])}'],
];

describe("spec §2 lexical elements that are accepted", () => {
  it.each(accepted)("parse accepts %s", async (_what, text) => {
    expect(await parseErrors(text)).toEqual([]);
  });
  it.each(accepted)("compile accepts %s", async (_what, text) => {
    expect(await compileErrors(text)).toEqual([]);
  });
});

const meaning: Case[] = [
  {
    it: "a string name decodes JSON escapes",
    source: `policy "a\\"b\\u0041\\/\\ud83d\\ude00" ${body}`,
    request: {},
    expect: { effect: "allow", policy: 'a"bA/😀' },
  },
  {
    it: "user names decode JSON escapes",
    source: policy("p", { subject: 'user "a\\tb", "\\u00e9"' }),
    request: { subject: { id: "é" } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "patterns decode JSON escapes",
    source: policy("p", { resource: '"tool:\\u0061\\n"' }),
    request: { resource: "tool:a\n" },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "an escaped backslash in a pattern is a glob escape",
    source: policy("p", { resource: '"a\\\\*b"' }),
    request: { resource: "axb" },
    expect: { effect: "notapplicable" },
  },
  {
    it: "a decimal literal equals the same number",
    source: policy("p", { when: "env.n == 0.1 and env.m == -12.50" }),
    request: { env: { n: 0.1, m: -12.5 } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "a negative literal compares as a number",
    source: policy("p", { when: "env.n < -1" }),
    request: { env: { n: -2 } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "string members after a dot use the keyword's text",
    source: policy("p", { when: "env.in.not == true" }),
    request: { env: { in: { not: true } } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "commented-out policies do not count",
    source: `# policy d { deny subject * action * resource * }\n// policy d2 { deny subject * action * resource * }\n${policy("p")}`,
    request: {},
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "a leading byte order mark does not change meaning",
    source: `\ufeff${policy("p")}`,
    request: {},
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "UTF-8 text decodes into the policy names it spells",
    source: `policy "naïve—policy" ${body}`,
    request: {},
    expect: { effect: "allow", policy: "naïve—policy" },
  },
];

describe("spec §2 what lexical elements mean", () => {
  runCases(meaning);
});
