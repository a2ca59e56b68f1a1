/**
 * W0801 shadowed-policy: a policy that can never be decisive, because another policy
 * Q with no conditions applies whenever it does and always wins over it:
 *
 * - Q has a higher priority (either effect): the highest priority that applies decides;
 * - Q has the same priority and is a deny while P is an allow: deny wins a tie;
 * - Q has the same priority and effect and comes first in set order: the first decides.
 *
 * "Applies whenever P does" needs care with errors (spec §5): an erring target makes a
 * deny apply but not an allow. So an allow Q must have targets that cannot err where
 * P's hold: subject `*`, or P an allow whose subject clause tests the same single
 * attribute (P holding proves that field well formed). A deny Q applies even when its
 * targets err. Interpolated patterns cover only themselves.
 */
import { diagnosticAt } from "../../errors.js";
import type { Policy } from "../../model/ast.js";
import type { PolicySet } from "../../model/policy-set.js";
import type { LintRule } from "./rule.js";
import { attributesOf, patternsCover, subjectCovers } from "./target-cover.js";

function errorFreeFor(q: Policy, p: Policy): boolean {
  if (q.effect === "deny") return true;
  if (q.subject.kind === "AnySubject") return true;
  const qa = attributesOf(q.subject);
  const pa = attributesOf(p.subject);
  return p.effect === "allow" && qa.size === 1 && pa.size === 1 && [...qa][0] === [...pa][0];
}

function covers(set: PolicySet, q: Policy, p: Policy): boolean {
  return (
    q.conditions.length === 0 &&
    errorFreeFor(q, p) &&
    subjectCovers(set, q.subject, p.subject) &&
    patternsCover(q.action, p.action) &&
    patternsCover(q.resource, p.resource)
  );
}

/** Why `q` always beats `p` when both apply, or null. `qFirst`: q precedes p in set order. */
function beats(q: Policy, p: Policy, qFirst: boolean): string | null {
  if (q.priority > p.priority) return `has a higher priority (${q.priority} > ${p.priority})`;
  if (q.priority < p.priority) return null;
  if (q.effect === "deny" && p.effect === "allow") return `is a deny at the same priority (${q.priority}), and deny wins a tie`;
  if (q.effect === p.effect && qFirst) return `has the same effect and priority and comes first in set order`;
  return null;
}

export const shadowedPolicy: LintRule = {
  name: "shadowed-policy",
  description: "policies that can never be decisive because an unconditional policy always wins over them",
  check: ({ set }) => {
    const out = [];
    const policies = set.policies;
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i] as Policy;
      for (let j = 0; j < policies.length; j++) {
        if (i === j) continue;
        const q = policies[j] as Policy;
        const reason = beats(q, p, j < i);
        if (reason === null || !covers(set, q, p)) continue;
        out.push(
          diagnosticAt(p.name.span, "W0801", `policy \`${p.name.value}\` can never be decisive: \`${q.name.value}\` applies whenever it does and ${reason}`, {
            severity: "warning",
            help: `\`${q.name.value}\` has no conditions and its targets cover this policy's; remove one of them or narrow \`${q.name.value}\``,
            related: [{ message: `\`${q.name.value}\` is here`, ...(q.span.source !== undefined ? { source: q.span.source } : {}), line: q.name.span.start.line, column: q.name.span.start.column }],
          }),
        );
        break;
      }
    }
    return out;
  },
};
