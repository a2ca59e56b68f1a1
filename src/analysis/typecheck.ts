/**
 * Type-checks a policy set against an attribute schema (`mcpolicy check --schema`,
 * `compile(..., { schema })`): every attribute path a condition or an interpolation
 * reads must be declared, operators must get the types they need, and optional
 * attributes should be guarded by `has`. Diagnostic codes E0701–E0708, W0710–W0711
 * (docs/schemas.md).
 */
import type { AttributeSchema } from "../attributes/schema.js";
import { type Diagnostic, sortDiagnostics } from "../errors.js";
import type { Policy } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { checkTemplate, factsOf, inferCondition, newContext } from "./infer.js";
import { type PolicyTypesCache, policyTypes } from "./policy-types.js";

export function typecheckPolicySet(set: PolicySet, schema: AttributeSchema): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const cache: PolicyTypesCache = new Map();
  for (const policy of set.policies) diagnostics.push(...typecheckPolicy(policy, schema, cache));
  return sortDiagnostics(dedupe(diagnostics), set.sources.map((s) => s.name));
}

export function typecheckPolicy(policy: Policy, schema: AttributeSchema, cache?: PolicyTypesCache): Diagnostic[] {
  const ctx = newContext(policyTypes(policy, schema, cache));
  if (policy.resource.kind === "PatternList") for (const pattern of policy.resource.patterns) checkTemplate(pattern, ctx);
  // Every test of a policy counts (spec §5): a `has` that a `when` proves holds for the others.
  // (A test that is false stops an allow and a deny alike, so an erring sibling is harmless.)
  const proven = policy.conditions.map((c) => factsOf(c.expr, c.mode === "when"));
  policy.conditions.forEach((condition, i) => {
    const facts = new Set<string>();
    proven.forEach((set, j) => {
      if (j !== i) for (const fact of set) facts.add(fact);
    });
    inferCondition(condition.expr, ctx, facts);
  });
  return ctx.diagnostics;
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.source}\u0000${d.offset ?? `${d.line}:${d.column}`}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
