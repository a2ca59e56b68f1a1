/** Small helpers for front-end tests: parse and look at codes, positions, trees. */
import type { Diagnostic } from "../../src/errors.js";
import type { Expr, Policy, SourceFile } from "../../src/model/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { stripSpans } from "../../src/syntax/strip-spans.js";

/** `code line:column` for each diagnostic, in order. */
export function where(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
}

export function codes(text: string): string[] {
  return parse(text).diagnostics.map((d) => d.code);
}

/** Parses text that must be clean; fails the test with the diagnostics otherwise. */
export function parseClean(text: string, name?: string): SourceFile {
  const result = parse(text, name);
  if (result.diagnostics.length > 0) {
    throw new Error(`unexpected diagnostics:\n${result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join("\n")}`);
  }
  return result.ast;
}

/** The only policy of a clean source. */
export function onlyPolicy(text: string): Policy {
  const ast = parseClean(text);
  const policy = ast.declarations[0];
  if (ast.declarations.length !== 1 || policy?.kind !== "Policy") throw new Error("expected exactly one policy");
  return policy;
}

/** A complete policy around the given clauses (defaults fill the required ones). */
export function policyWith(clauses: string, name = "p"): string {
  return `policy ${name} {\n  allow\n  subject *\n  action *\n  resource *\n  ${clauses}\n}\n`;
}

/** The span-free tree of the expression in `when E`. */
export function exprOf(source: string): unknown {
  const policy = onlyPolicy(policyWith(`when ${source}`));
  const condition = policy.conditions[0];
  if (condition === undefined) throw new Error("no condition");
  return stripSpans(condition.expr as Expr);
}
