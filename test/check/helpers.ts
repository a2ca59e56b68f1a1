/** Helpers for rule tests: parse one source, or check several as a set. */
import { checkPolicySet } from "../../src/check/check-set.js";
import { parse } from "../../src/syntax/parse.js";

/** `code line:column` of each diagnostic parse reports. */
export function diagnose(text: string): string[] {
  return parse(text, "t.mcpolicy").diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
}

/** Names of the declarations that made it into the AST. */
export function kept(text: string): string[] {
  return parse(text).ast.declarations.map((d) => d.name.value);
}

/** A policy with the given target clauses and conditions. */
export function policy(name: string, body: string): string {
  return `policy ${name} { ${body} }`;
}

/** Parses each source (which must be clean on its own) and checks them as one set. */
export function checkSources(sources: Record<string, string>) {
  const files = Object.entries(sources).map(([name, text]) => {
    const result = parse(text, name);
    if (result.diagnostics.length > 0) throw new Error(`${name}: ${result.diagnostics[0]?.message}`);
    return result.ast;
  });
  return checkPolicySet(files);
}
