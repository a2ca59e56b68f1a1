/**
 * Type-checks a policy set against an attribute schema (`mcpolicy check --schema`,
 * `compile(..., { schema })`): every attribute path a condition or an interpolation
 * reads must be declared, operators must get the types they need, and optional
 * attributes should be guarded by `has`. Diagnostic codes E0701–E0709, W0710–W0711
 * (docs/schemas.md).
 */
import { type AttrType, describeType, mayBe } from "../attributes/attr-type.js";
import type { AttributeSchema } from "../attributes/schema.js";
import { type ReportedDiagnostic, diagnosticAt, sortDiagnostics } from "../errors.js";
import type { Policy } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { Facts } from "./facts.js";
import { checkTemplate, factsOf, inferCondition, newContext } from "./infer.js";
import { type PolicyTypesCache, policyTypes } from "./policy-types.js";

export function typecheckPolicySet(set: PolicySet, schema: AttributeSchema): ReportedDiagnostic[] {
  const diagnostics: ReportedDiagnostic[] = [];
  const cache: PolicyTypesCache = new Map();
  for (const policy of set.policies) diagnostics.push(...typecheckPolicy(policy, schema, cache));
  return sortDiagnostics(dedupe(diagnostics), set.sources.map((s) => s.name));
}

export function typecheckPolicy(policy: Policy, schema: AttributeSchema, cache?: PolicyTypesCache): ReportedDiagnostic[] {
  const types = policyTypes(policy, schema, cache);
  const ctx = newContext(types);
  checkSubjectTargets(policy, types.subject, ctx.diagnostics);
  // Every test of a policy counts (spec §5): a `has` that a `when` proves holds for the others.
  // (A test that is false stops an allow and a deny alike, so an erring sibling is harmless.)
  const proven = policy.conditions.map((c) => factsOf(c.expr, c.mode === "when"));
  // The resource target is a test too: every condition's proven `has` guards it.
  const allFacts = Facts.of(proven);
  if (policy.resource.kind === "PatternList") for (const pattern of policy.resource.patterns) checkTemplate(pattern, ctx, allFacts);
  // Each condition is guarded by what the others prove: all but its own.
  policy.conditions.forEach((condition, i) => {
    inferCondition(condition.expr, ctx, allFacts.without(proven[i] as Set<string>));
  });
  return ctx.diagnostics;
}

function dedupe(diagnostics: readonly ReportedDiagnostic[]): ReportedDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.source}\u0000${d.offset ?? `${d.line}:${d.column}`}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * E0709: a `user`, `role` or `group` target on a subject field the schema declares with
 * a type it can never have there (`roles` a string, `id` a number): the target errs on
 * every valid request (spec §4.1) — such an allow never applies, such a deny always does.
 */
function checkSubjectTargets(policy: Policy, subject: AttrType, out: ReportedDiagnostic[]): void {
  if (policy.subject.kind !== "SubjectMatchers" || subject.any) return;
  for (const alternative of policy.subject.alternatives) {
    const field = alternative.attribute === "user" ? "id" : alternative.attribute === "role" ? "roles" : "groups";
    const member = subject.properties.get(field);
    const type = member?.type ?? subject.additional;
    if (type === null || type === undefined || type.any) continue;
    const fits =
      field === "id"
        ? mayBe(type, "string")
        : mayBe(type, "array") && (type.items === null || type.items.any || mayBe(type.items, "string"));
    if (fits) continue;
    const wanted = field === "id" ? "a string" : "an array of strings";
    out.push(
      diagnosticAt(
        alternative.span,
        "E0709",
        `\`subject ${alternative.attribute}\` needs \`subject.${field}\` to be ${wanted}; the schema declares ${describeType(type)}${type.items !== null && field !== "id" && mayBe(type, "array") ? ` of ${describeType(type.items)}` : ""}: the target always errs`,
        { help: "an erring target makes an allow never apply and a deny always apply; fix the schema or the target" },
      ),
    );
  }
}