/**
 * W0808 allow-everything: an allow for any subject, any action and any resource with no
 * conditions. It grants everything to everyone below its priority — rarely meant.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import type { PatternTarget } from "../../model/ast.js";
import type { LintRule } from "./rule.js";

function everything(target: PatternTarget): boolean {
  return target.kind === "AnyPattern" || target.patterns.some((p) => p.value === "**");
}

export const allowEverything: LintRule = {
  name: "allow-everything",
  description: "unconditional allows for any subject, action and resource",
  check: ({ set }) => {
    const out: ReportedDiagnostic[] = [];
    for (const p of set.policies) {
      if (p.effect !== "allow" || p.conditions.length > 0 || p.subject.kind !== "AnySubject") continue;
      if (!everything(p.action) || !everything(p.resource)) continue;
      out.push(
        diagnosticAt(p.name.span, "W0808", `policy \`${p.name.value}\` allows every action on every resource to everyone`, {
          severity: "warning",
          help: "narrow its subject, action or resource, or add a condition",
        }),
      );
    }
    return out;
  },
};
