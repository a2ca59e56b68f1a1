import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { hasUnsafeCharacter } from "../../src/model/unsafe-characters.js";
import { printExpr, printSourceFile, printString } from "../../src/syntax/printer.js";
import { exprArb, sourceFileArb, stripSpans } from "../arbitraries/ast.js";

const RUNS = Number(process.env.MCPOLICY_PROPERTY_RUNS ?? 600);

describe("printing and parsing", () => {
  it("parses the print of every valid AST back to the same tree", () => {
    fc.assert(
      fc.property(sourceFileArb, (ast) => {
        const text = printSourceFile(ast);
        const parsed = parse(text, ast.name);
        expect(parsed.diagnostics).toEqual([]);
        expect(stripSpans(parsed.ast)).toEqual(stripSpans(ast));
      }),
      { numRuns: RUNS },
    );
  });

  it("prints idempotently: the print of a parsed print is the same text", () => {
    fc.assert(
      fc.property(sourceFileArb, (ast) => {
        const text = printSourceFile(ast);
        expect(printSourceFile(parse(text, ast.name).ast)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it("never writes an invisible, bidirectional or control character raw: each is an escape of the same value", () => {
    fc.assert(
      fc.property(sourceFileArb, (ast) => {
        expect(hasUnsafeCharacter(printSourceFile(ast))).toBe(false);
      }),
      { numRuns: RUNS },
    );
    const unsafeArb = fc.constantFrom(
      ...["\u200b", "\u202e", "\u2066", "\u00ad", "\u2028", "\u0085", "\ufe0f", "\u{e0041}", "\u{e0100}", "\x7f"],
    );
    const pieceArb = fc.oneof(fc.string({ unit: "binary", maxLength: 4 }), unsafeArb);
    const textArb = fc.array(pieceArb, { maxLength: 6 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(textArb, (text) => {
        const printed = printString(text);
        expect(hasUnsafeCharacter(printed)).toBe(false);
        expect(JSON.parse(printed)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps every expression tree through a when clause, deeply nested ones included", () => {
    fc.assert(
      fc.property(exprArb(6), (expr) => {
        const text = `policy p {\n  allow\n  subject *\n  action *\n  resource *\n  when ${printExpr(expr)}\n}\n`;
        const parsed = parse(text, "expr");
        expect(parsed.diagnostics).toEqual([]);
        const policy = parsed.ast.declarations[0];
        expect(policy?.kind === "Policy" ? stripSpans(policy.conditions[0]?.expr) : undefined).toEqual(stripSpans(expr));
      }),
      { numRuns: RUNS },
    );
  });

  it("reads canonical text of the spec example back unchanged", () => {
    const text = `role editor includes viewer

policy admins {
  allow
  priority 100
  subject role admin
  action *
  resource *
}

policy "read-tools" {
  allow
  subject role viewer
  action "tools/call", "tools/list"
  resource "tool:read_*", "tool:search_*"
}

policy "no-writes-after-hours" {
  deny
  priority 50
  subject *
  action "tools/call"
  resource "tool:write_*", "tool:execute_*"
  when env.hour < 8 or env.hour >= 18
  unless "oncall" in subject.groups
}
`;
    const parsed = parse(text, "spec");
    expect(parsed.diagnostics).toEqual([]);
    expect(printSourceFile(parsed.ast)).toBe(text);
  });

  it("puts clauses written in any order into canonical order", () => {
    const parsed = parse('policy p { when true resource * subject user "a" action * priority 0 deny }', "x");
    expect(parsed.diagnostics).toEqual([]);
    expect(printSourceFile(parsed.ast)).toBe('policy p {\n  deny\n  subject user a\n  action *\n  resource *\n  when true\n}\n');
  });
});
