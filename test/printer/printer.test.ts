// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written literally.
import { describe, expect, it } from "vitest";
import type { Expr, LiteralExpr, LiteralValue, PathExpr, Policy, SourceFile } from "../../src/model/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { formatNumber, printExpr, printName, printPolicy, printRoleDecl, printSourceFile, printString } from "../../src/syntax/printer.js";
import { stripSpans } from "../../src/syntax/strip-spans.js";
import { SPAN } from "../arbitraries/ast.js";

const span = SPAN;
const lit = (value: LiteralValue): LiteralExpr => ({ kind: "Literal", value, span });
const path = (root: PathExpr["root"], ...members: string[]): Expr => ({ kind: "Path", root, members, span });
const and = (...operands: Expr[]): Expr => ({ kind: "And", operands, span });
const or = (...operands: Expr[]): Expr => ({ kind: "Or", operands, span });
const not = (operand: Expr): Expr => ({ kind: "Not", operand, span });
const eq = (left: Expr, right: Expr): Expr => ({ kind: "Compare", op: "==", left, right, span });
const name = (value: string) => ({ kind: "Name" as const, value, span });

function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    kind: "Policy",
    name: name("p"),
    effect: "allow",
    priority: 0,
    subject: { kind: "AnySubject", span },
    action: { kind: "AnyPattern", span },
    resource: { kind: "AnyPattern", span },
    conditions: [],
    span,
    ...overrides,
  };
}

describe("printSourceFile", () => {
  it("prints clauses in canonical order with two-space indent and omits priority 0", () => {
    expect(printPolicy(policy())).toBe("policy p {\n  allow\n  subject *\n  action *\n  resource *\n}");
  });

  it("prints priority, subject alternatives, patterns and conditions in their order", () => {
    const p = policy({
      name: name("read-tools"),
      effect: "deny",
      priority: -5,
      subject: {
        kind: "SubjectMatchers",
        span,
        alternatives: [
          { kind: "SubjectAlternative", attribute: "role", names: [name("viewer"), name("on call")], span },
          { kind: "SubjectAlternative", attribute: "user", names: [name("alice")], span },
        ],
      },
      action: { kind: "PatternList", span, patterns: [{ kind: "Pattern", value: "tools/call", span }] },
      resource: {
        kind: "PatternList",
        span,
        patterns: [
          { kind: "Pattern", value: "tool:read_*", span },
          { kind: "Pattern", value: "*", span },
        ],
      },
      conditions: [
        { kind: "Condition", mode: "unless", expr: path("env", "hour"), span },
        { kind: "Condition", mode: "when", expr: lit(true), span },
      ],
    });
    expect(printPolicy(p)).toBe(
      [
        'policy "read-tools" {',
        "  deny",
        "  priority -5",
        '  subject role viewer, "on call" or user alice',
        '  action "tools/call"',
        '  resource "tool:read_*", "*"',
        "  unless env.hour",
        "  when true",
        "}",
      ].join("\n"),
    );
  });

  it("separates policies by a blank line and stacks role declarations", () => {
    const file: SourceFile = {
      kind: "SourceFile",
      name: "x",
      span,
      declarations: [
        { kind: "RoleDecl", name: name("viewer"), includes: [], span },
        { kind: "RoleDecl", name: name("editor"), includes: [name("viewer"), name("role")], span },
        policy(),
      ],
    };
    expect(printSourceFile(file)).toBe(
      'role viewer\nrole editor includes viewer, "role"\n\npolicy p {\n  allow\n  subject *\n  action *\n  resource *\n}\n',
    );
  });

  it("prints an empty source as empty text", () => {
    expect(printSourceFile({ kind: "SourceFile", name: "x", declarations: [], span })).toBe("");
  });

  it("prints a role declaration on one line", () => {
    expect(printRoleDecl({ kind: "RoleDecl", name: name("admin"), includes: [name("editor")], span })).toBe("role admin includes editor");
  });
});

describe("printName", () => {
  it("keeps identifiers bare and quotes keywords and other text", () => {
    expect(printName("viewer_2")).toBe("viewer_2");
    expect(printName("policy")).toBe('"policy"');
    expect(printName("true")).toBe('"true"');
    expect(printName("2fa")).toBe('"2fa"');
    expect(printName("")).toBe('""');
    expect(printName('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });
});

describe("printString", () => {
  it("writes invisible, bidirectional and control characters as escapes, in names, patterns and literals alike", () => {
    expect(printString("admin\u200b")).toBe('"admin\\u200b"');
    expect(printString("a\u00adb\u2028c\u034fd\x7f\u0085")).toBe('"a\\u00adb\\u2028c\\u034fd\\u007f\\u0085"');
    // A tag character or a supplementary variation selector: its surrogate pair, as JSON reads it back.
    expect(printString("tag\u{e0041}\u{e0100}")).toBe('"tag\\udb40\\udc41\\udb40\\udd00"');
    // Visible text beyond ASCII stays as it is.
    expect(printString("é日🎉")).toBe('"é日🎉"');
    const text = String.raw`role "ops\u2060" includes "x\ufeff"
policy "admin\u200b" { allow subject user "root\u202e" action "x" resource "tool:\u2066a" when env["k\u00ad"] == ["\u2069", "\ufe0f"] }`;
    const parsed = parse(text, "x");
    expect(parsed.diagnostics).toEqual([]);
    const printed = printSourceFile(parsed.ast);
    expect(printed).toBe(String.raw`role "ops\u2060" includes "x\ufeff"

policy "admin\u200b" {
  allow
  subject user "root\u202e"
  action "x"
  resource "tool:\u2066a"
  when env["k\u00ad"] == ["\u2069", "\ufe0f"]
}
`);
    expect(stripSpans(parse(printed, "x").ast)).toEqual(stripSpans(parsed.ast));
  });

  it("leaves them raw only where the escapes would take the literal past the 64 KiB string limit", () => {
    // 20,000 zero-width spaces: 60,000 bytes raw, 120,000 as escapes.
    const value = "\u200b".repeat(20_000);
    const ast = parse(`policy p { allow subject * action * resource * when env.a == ${JSON.stringify(value)} }`, "x").ast;
    const printed = printSourceFile(ast);
    const reparsed = parse(printed, "x");
    expect(reparsed.diagnostics).toEqual([]);
    expect(stripSpans(reparsed.ast)).toEqual(stripSpans(ast));
    expect(printString(`${"a".repeat(60_000)}\u202e`)).toBe(`"${"a".repeat(60_000)}\\u202e"`);
  });
});

describe("formatNumber", () => {
  it("never uses an exponent", () => {
    expect(formatNumber(1e21)).toBe("1000000000000000000000");
    expect(formatNumber(1.5e22)).toBe("15000000000000000000000");
    expect(formatNumber(1e-7)).toBe("0.0000001");
    expect(formatNumber(-1.25e-8)).toBe("-0.0000000125");
    expect(formatNumber(5e-324)).toBe(`0.${"0".repeat(323)}5`);
  });

  it("prints negative zero as -0 and keeps ordinary numbers as JavaScript prints them", () => {
    expect(formatNumber(-0)).toBe("-0");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-42)).toBe("-42");
    expect(formatNumber(0.1)).toBe("0.1");
  });

  it("prints text that reads back as the same double", () => {
    for (const n of [1e21, 1.7976931348623157e308, 5e-324, 1e-7, 123.456e-10, -2.5e25]) {
      expect(Number(formatNumber(n))).toBe(n);
      expect(formatNumber(n)).toMatch(/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/);
    }
  });
});

describe("printExpr", () => {
  it("keeps a nested And node with parentheses, but not an And inside Or", () => {
    expect(printExpr(and(and(lit(1), lit(2)), lit(3)))).toBe("(1 and 2) and 3");
    expect(printExpr(or(and(lit(1), lit(2)), lit(3)))).toBe("1 and 2 or 3");
    expect(printExpr(and(or(lit(1), lit(2)), lit(3)))).toBe("(1 or 2) and 3");
    expect(printExpr(or(lit(1), or(lit(2), lit(3))))).toBe("1 or (2 or 3)");
  });

  it("parenthesizes a not operand only when it is an and/or", () => {
    expect(printExpr(not(not(lit(true))))).toBe("not not true");
    expect(printExpr(not(eq(lit(1), lit(2))))).toBe("not 1 == 2");
    expect(printExpr(not(and(lit(true), lit(false))))).toBe("not (true and false)");
    expect(printExpr(and(not(lit(true)), lit(false)))).toBe("not true and false");
  });

  it("parenthesizes comparison operands that are not literals, paths or lists", () => {
    expect(printExpr(eq(eq(lit(1), lit(2)), lit(true)))).toBe("(1 == 2) == true");
    expect(printExpr(eq(not(path("subject", "a")), lit(true)))).toBe("(not subject.a) == true");
    expect(printExpr({ kind: "In", left: lit("a"), right: { kind: "List", items: [], span }, span })).toBe('"a" in []');
    expect(printExpr({ kind: "Has", left: eq(lit(1), lit(1)), member: "x", span })).toBe("(1 == 1) has x");
  });

  it("prints members as words when they are words, keywords included, else quoted", () => {
    expect(printExpr(path("env", "user", "a b", "true", ""))).toBe('env.user["a b"].true[""]');
    expect(printExpr({ kind: "Has", left: path("subject"), member: "not", span })).toBe("subject has not");
    expect(printExpr({ kind: "Has", left: path("subject"), member: "department", span })).toBe("subject has department");
    expect(printExpr({ kind: "Has", left: path("subject"), member: "x-y", span })).toBe('subject has "x-y"');
  });

  it("prints matches with its glob as a JSON string", () => {
    const e: Expr = { kind: "Matches", left: path("env", "arguments", "path"), pattern: { kind: "Pattern", value: "/home/${subject.id}/**", span }, span };
    expect(printExpr(e)).toBe('env.arguments.path matches "/home/${subject.id}/**"');
  });

  it("prints lists and every literal", () => {
    expect(printExpr({ kind: "List", items: [lit(null), lit(false), lit(-0.5), lit("é\u0000")], span })).toBe('[null, false, -0.5, "é\\u0000"]');
  });
});
