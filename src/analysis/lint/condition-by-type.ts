/**
 * E0804 condition-always-errs, W0805 condition-always-true, W0806 condition-always-false:
 * what the types alone say about a `when`/`unless` test (with a schema, attribute types;
 * without one, only literals and `action`). An always-erring test makes an allow
 * useless and a deny unconditional; a constant one is dead or redundant.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import type { AttrType } from "../../attributes/attr-type.js";
import { ANY, objectType } from "../../attributes/attr-type.js";
import { Facts } from "../facts.js";
import { factsOf, inferCondition, newContext } from "../infer.js";
import { type PolicyTypes, type PolicyTypesCache, policyTypes } from "../policy-types.js";
import type { LintRule } from "./rule.js";

const OPEN: AttrType = { ...objectType([]), additional: ANY };
const UNTYPED: PolicyTypes = { subject: OPEN, resource: OPEN, env: OPEN };

export const conditionByType: LintRule = {
  name: "condition-by-type",
  description: "conditions that always err, or are always true or always false, by the types of what they compare",
  check: ({ set, schema }) => {
    const out: ReportedDiagnostic[] = [];
    const cache: PolicyTypesCache = new Map();
    for (const policy of set.policies) {
      const types = schema === null ? UNTYPED : policyTypes(policy, schema, cache);
      const proven = policy.conditions.map((c) => factsOf(c.expr, c.mode === "when"));
      const allFacts = Facts.of(proven);
      policy.conditions.forEach((condition, i) => {
        // Guarded by what the other conditions prove: all but its own.
        const ctx = newContext(types);
        const result = inferCondition(condition.expr, ctx, allFacts.without(proven[i] as Set<string>));
        const name = `\`${policy.name.value}\``;
        if (result.errs === "always") {
          // An undeclared attribute is an error of the type check (E0701: schemas are closed
          // for typing), but validation lets requests carry it unless the schema says
          // `additionalProperties: false`: "always errs" would overclaim. `check` reports it.
          const errors = ctx.diagnostics.filter((d) => d.severity === "error");
          if (errors.length > 0 && errors.every((d) => d.code === "E0701")) return;
          const reason = errors.find((d) => d.code !== "E0701")?.message;
          out.push(
            diagnosticAt(condition.span, "E0804", `this \`${condition.mode}\` always errs${reason !== undefined ? `: ${reason}` : ""}`, {
              help: policy.effect === "allow" ? `${name} can never apply` : `${name} applies whenever its targets match, as if it had no conditions`,
            }),
          );
          return;
        }
        if (result.value === undefined) return;
        const holds = condition.mode === "when" ? result.value : !result.value;
        out.push(
          holds
            ? diagnosticAt(condition.span, "W0805", `this \`${condition.mode}\` always holds`, { severity: "warning", help: "remove it, or fix it if it should test something" })
            : diagnosticAt(condition.span, "W0806", `this \`${condition.mode}\` never holds: ${name} can never apply`, { severity: "warning" }),
        );
      });
    }
    return out;
  },
};
