/**
 * The shape of one static check. A rule reads declarations and reports each problem
 * against the declaration it disqualifies: that declaration is then left out of the AST
 * and of the policy set (only well-formed declarations go further).
 */
import type { ReportedDiagnostic } from "../errors.js";
import type { PolicyFacts } from "./facts.js";
import type { CheckedDeclaration, PolicyClauses } from "./policy-clauses.js";

export interface RuleContext {
  /** Reports `diagnostic` and rejects `declaration`. */
  error(declaration: CheckedDeclaration, diagnostic: ReportedDiagnostic): void;
  /** Whether an earlier rule rejected `declaration`. */
  rejected(declaration: CheckedDeclaration): boolean;
  /** Globs and `action` member paths of a policy block, gathered once per run. */
  facts(policy: PolicyClauses): PolicyFacts;
}

export interface Rule {
  /** Stable, kebab-case: names the rule in docs and tests. */
  readonly name: string;
  /**
   * "policy" rules look at one declaration at a time; "set" rules need all declarations
   * (of one source inside `parse`, of every source in `checkPolicySet`).
   */
  readonly scope: "policy" | "set";
  readonly check: (declarations: readonly CheckedDeclaration[], context: RuleContext) => void;
}
