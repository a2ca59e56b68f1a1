/**
 * Runs the rule table over declarations: every diagnostic, and which declarations a
 * rule rejected (those never reach the AST or a policy set).
 */
import type { ReportedDiagnostic } from "../errors.js";
import { gatherFacts, type PolicyFacts } from "./facts.js";
import type { CheckedDeclaration, PolicyClauses } from "./policy-clauses.js";
import type { RuleContext } from "./rule.js";
import { RULES } from "./rules.js";

export interface RuleResult {
  readonly diagnostics: ReportedDiagnostic[];
  readonly rejected: ReadonlySet<CheckedDeclaration>;
}

/**
 * `trusted`: declarations every "policy"-scoped rule already passed (see verified.ts);
 * those rules skip them, "set" rules still see every declaration.
 */
export function runRules(
  declarations: readonly CheckedDeclaration[],
  trusted: ReadonlySet<CheckedDeclaration> = new Set(),
): RuleResult {
  const diagnostics: ReportedDiagnostic[] = [];
  const rejected = new Set<CheckedDeclaration>();
  const facts = new Map<PolicyClauses, PolicyFacts>();
  const context: RuleContext = {
    error(declaration, diagnostic) {
      diagnostics.push(diagnostic);
      rejected.add(declaration);
    },
    rejected: (declaration) => rejected.has(declaration),
    facts(policy) {
      let found = facts.get(policy);
      if (found === undefined) {
        found = gatherFacts(policy);
        facts.set(policy, found);
      }
      return found;
    },
  };
  const unchecked = trusted.size === 0 ? declarations : declarations.filter((d) => !trusted.has(d));
  for (const rule of RULES) rule.check(rule.scope === "policy" ? unchecked : declarations, context);
  return { diagnostics, rejected };
}
