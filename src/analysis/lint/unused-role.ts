/**
 * W0807 unused-role: a declared role that no `subject role …` clause can ever see —
 * neither the role nor any role it includes is named by a policy. Usually a leftover
 * or a misspelt name.
 *
 * The used roles are found in one walk against `includes`, from the named roles to the
 * roles that include them (O(roles + includes)): not a closure per role, which is
 * quadratic on a long chain.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import type { LintRule } from "./rule.js";

export const unusedRole: LintRule = {
  name: "unused-role",
  description: "role declarations that no policy's subject clause can match",
  check: ({ set }) => {
    const named = new Set<string>();
    for (const policy of set.policies) {
      if (policy.subject.kind !== "SubjectMatchers") continue;
      for (const alt of policy.subject.alternatives) if (alt.attribute === "role") for (const n of alt.names) named.add(n.value);
    }
    // included role → the declared roles that include it directly.
    const includedBy = new Map<string, string[]>();
    for (const [name, decl] of set.roles) {
      for (const included of decl.includes) {
        const holders = includedBy.get(included.value);
        if (holders === undefined) includedBy.set(included.value, [name]);
        else holders.push(name);
      }
    }
    // A role is used when it is named or includes a used role.
    const used = new Set<string>(named);
    const pending = [...named];
    while (pending.length > 0) {
      for (const holder of includedBy.get(pending.pop() as string) ?? []) {
        if (!used.has(holder)) {
          used.add(holder);
          pending.push(holder);
        }
      }
    }
    const out: ReportedDiagnostic[] = [];
    for (const [name, decl] of set.roles) {
      if (used.has(name)) continue;
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
