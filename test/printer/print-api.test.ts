/**
 * The exported printers (src/syntax/print-api.ts) answer a value that is not an AST node
 * with a TypeError saying what they expect — never a bare internal error, never
 * `undefined` for text — and print real ASTs exactly as the internal printers do.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Engine, parse, printExpr, printSourceFile } from "../../src/index.js";
import { printSourceFile as printTrusted } from "../../src/syntax/printer.js";

describe("exported printers", () => {
  it("throw a TypeError naming what they expect for anything that is not an AST node", () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        for (const print of [() => printExpr(junk as never), () => printSourceFile(junk as never)]) {
          try {
            expect(typeof print()).toBe("string");
          } catch (error) {
            expect(error).toBeInstanceOf(TypeError);
            expect((error as Error).message).toMatch(/^print(Expr|SourceFile) expects /);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(() => printExpr({ kind: "Not" } as never)).toThrow(/^printExpr expects an expression node of the AST/);
    expect(() => printSourceFile({} as never)).toThrow(/^printSourceFile expects a SourceFile/);
  });

  it("never print a hand-made node as text of another meaning", () => {
    const literal = (value: unknown) => ({ kind: "Literal", value });
    for (const bad of [
      literal(10n),
      literal({ a: 1 }),
      literal(undefined),
      { kind: "Compare", op: "=== 1 or true", left: literal(1), right: literal(2) },
      { kind: "Path", root: "evil; policy x", members: [] },
    ]) {
      expect(() => printExpr(bad as never), JSON.stringify(bad, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))).toThrow(/^printExpr expects an expression node of the AST/);
    }
    const { ast } = parse("policy a { allow subject * action * resource * }");
    const forged = JSON.parse(JSON.stringify(ast));
    forged.declarations[0].effect = "allow\n  subject *";
    expect(() => printSourceFile(forged)).toThrow(/^printSourceFile expects a SourceFile/);
    // A valid hand-made expression prints.
    expect(printExpr({ kind: "Compare", op: "<", left: { kind: "Path", root: "env", members: ["hour"] }, right: literal(8) } as never)).toBe("env.hour < 8");
  });

  it("print a parsed file and its expressions as the internal printer does", () => {
    const { ast } = parse('policy a { allow subject * action * resource * when env.x == "undefined" or not env.y }');
    expect(printSourceFile(ast)).toBe(printTrusted(ast));
    const policy = ast.declarations[0];
    if (policy?.kind !== "Policy") throw new Error("no policy");
    expect(printExpr(policy.conditions[0]?.expr as never)).toBe('env.x == "undefined" or not env.y');
  });

  it("printExpr's static-rule problems are about the expression, not the policy it is checked in", () => {
    // docs/api.md: pointers relative to the expression. A rule broken inside it (spec §3:
    // `action` has no members; §4.1: glob limits) named `/declarations/0` (policy `p`),
    // a wrapper the caller never gave.
    const path = (root: string, members: string[]) => ({ kind: "Path", root, members });
    const actionMember = { kind: "Compare", op: "==", left: path("action", ["name"]), right: { kind: "Literal", value: "x" } };
    const longGlob = { kind: "Matches", left: path("env", ["p"]), pattern: { kind: "Pattern", value: "a".repeat(1025) } };
    for (const [expr, problem] of [
      [actionMember, "`action` has no members, found `action.name`"],
      [longGlob, "pattern is too long (1025 characters; the limit is 1024)"],
    ] as const) {
      let message = "";
      try {
        printExpr(expr as never);
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
        message = (error as Error).message;
      }
      expect(message).toBe(`printExpr expects an expression node of the AST: ${problem}`);
    }
  });

  it("an Engine is only made by compile, loadPolicies or createEngine", () => {
    expect(() => new (Engine as unknown as new () => unknown)()).toThrow(/made by compile\(\), loadPolicies\(\) or createEngine\(\)/);
  });
});
