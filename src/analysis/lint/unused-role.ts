/**
 * W0807 unused-role: a declared role that no `subject role …` clause can ever see —
 * neither the role nor any role it includes is named by a policy. Usually a leftover
 * or a misspelt name.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import type { LintRule } from "./rule.js";
import { roleClosure } from "./target-cover.js";

export const unusedRole: LintRule = {
  name: "unused-role",
  description: "role declarations that no policy's subject clause can match",
  check: ({ set }) => {
    const named = new Set<string>();
    for (const policy of set.policies) {
      if (policy.subject.kind !== "SubjectMatchers") continue;
      for (const alt of policy.subject.alternatives) if (alt.attribute === "role") for (const n of alt.names) named.add(n.value);
    }
    const out: ReportedDiagnostic[] = [];
    for (const [name, decl] of set.roles) {
      if ([...roleClosure(set, name)].some((r) => named.has(r))) continue;
      out.push(
        diagnosticAt(decl.name.span, "W0807", `role \`${name}\` is declared but no policy matches it`, {
          severity: "warning",
          help: "no `subject role` clause names it or a role it includes",
        }),
      );
    }
    return out;
  },
};
