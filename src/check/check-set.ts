/**
 * `checkPolicySet`: sources → one checked `PolicySet` (the only way evaluators get one).
 *
 * Runs the whole rule table over the union of the sources in set order, so the
 * cross-source rules hold: policy names unique across the set (naming both places),
 * each role declared once, no `includes` cycle through any number of files. Rules one
 * source can break were reported by `parse` already, which left the offending
 * declarations out; running them again costs little and means a hand-built or JSON
 * `SourceFile` can never smuggle an ill-formed policy into a set.
 */
import { type Diagnostic, sortDiagnostics } from "../errors.js";
import type { Policy, RoleDecl, SourceFile } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { type CheckedDeclaration, clausesOf, type PolicyClauses } from "./policy-clauses.js";
import { runRules } from "./run-rules.js";
import { isVerified } from "./verified.js";

export interface CheckSetOptions {
  /**
   * Internal: skip the per-policy rules for policies `parse` built and checked (the
   * sources come straight from `parse`, untouched). Cross-source rules always run.
   */
  readonly trustParsed?: boolean;
}

export function checkPolicySet(
  files: readonly SourceFile[],
  options: CheckSetOptions = {},
): { set: PolicySet; diagnostics: Diagnostic[] } {
  const declarations: CheckedDeclaration[] = [];
  const trusted = new Set<CheckedDeclaration>();
  const policyOfClauses = new Map<PolicyClauses, Policy>();
  for (const file of files) {
    for (const d of file.declarations) {
      if (d.kind === "Policy") {
        const clauses = clausesOf(d);
        policyOfClauses.set(clauses, d);
        if (options.trustParsed === true && isVerified(d)) trusted.add(clauses);
        declarations.push(clauses);
      } else {
        declarations.push(d);
      }
    }
  }
  const { diagnostics, rejected } = runRules(declarations, trusted);
  const policies: Policy[] = [];
  const roles = new Map<string, RoleDecl>();
  for (const d of declarations) {
    if (rejected.has(d)) continue;
    if (d.kind === "RoleDecl") {
      if (!roles.has(d.name.value)) roles.set(d.name.value, d);
    } else {
      policies.push(policyOfClauses.get(d) as Policy);
    }
  }
  return {
    set: { sources: [...files], policies, roles },
    diagnostics: sortDiagnostics(
      diagnostics,
      files.map((f) => f.name),
    ),
  };
}
