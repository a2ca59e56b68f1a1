/** Runs every lint rule over a checked policy set; findings sorted by position. */
import type { AttributeSchema } from "../../attributes/schema.js";
import { sortDiagnostics } from "../../errors.js";
import type { PolicySet } from "../../model/policy-set.js";
import type { LintFinding } from "./rule.js";
import { LINT_RULES } from "./rules.js";

/** `texts`: the sources' texts by name, for the rules that read comments (W0809). */
export function lintPolicySet(
  set: PolicySet,
  schema: AttributeSchema | null = null,
  texts: ReadonlyMap<string, string> = new Map(),
): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const rule of LINT_RULES) {
    for (const d of rule.check({ set, schema, texts })) findings.push({ ...d, rule: rule.name });
  }
  return sortDiagnostics(findings, set.sources.map((s) => s.name)) as LintFinding[];
}
