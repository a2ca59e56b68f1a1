/**
 * Spec §3: a policy has exactly one effect (`allow` or `deny`), one `subject`, one
 * `action` and one `resource` clause, and at most one `priority`. A missing clause is
 * reported at the policy's name; a repeated one at the repetition.
 */
import { diagnosticAt } from "../errors.js";
import type { Span } from "../model/span.js";
import { CODES } from "../syntax/codes.js";
import { relatedAt } from "./related.js";
import type { Rule } from "./rule.js";

const MISSING_HELP: Record<string, string> = {
  effect: "add `allow` or `deny`",
  subject: "add `subject *` to apply to every subject",
  action: "add `action *` to apply to every action",
  resource: "add `resource *` to apply to every resource",
};

export const clauseCount: Rule = {
  name: "clause-count",
  scope: "policy",
  check(declarations, context) {
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      // The common case, decided without allocating: one of each, priority at most once.
      if (
        d.effects.length === 1 &&
        d.subjects.length === 1 &&
        d.actions.length === 1 &&
        d.resources.length === 1 &&
        d.priorities.length <= 1
      ) {
        continue;
      }
      const policy = `\`${d.name.value}\``;
      const groups: [string, readonly { span: Span }[], number][] = [
        ["effect", d.effects, 1],
        ["subject", d.subjects, 1],
        ["action", d.actions, 1],
        ["resource", d.resources, 1],
        ["priority", d.priorities, 0],
      ];
      for (const [clause, found, min] of groups) {
        const first = found.length > 0 ? found[0] : undefined;
        if (first === undefined && min === 1) {
          const what = clause === "effect" ? "effect (`allow` or `deny`)" : `\`${clause}\` clause`;
          context.error(
            d,
            diagnosticAt(d.name.span, CODES.missingClause, `policy ${policy} has no ${what}`, {
              help: MISSING_HELP[clause] as string,
            }),
          );
        }
        for (const extra of found.slice(1)) {
          const what = clause === "effect" ? "more than one effect" : `more than one \`${clause}\` clause`;
          context.error(
            d,
            diagnosticAt(extra.span, CODES.duplicateClause, `policy ${policy} has ${what}`, {
              help:
                clause === "effect"
                  ? "a policy either allows or denies; write two policies for both"
                  : clause === "priority"
                    ? "keep one `priority`"
                    : `list every alternative in one \`${clause}\` clause`,
              related: first === undefined ? undefined : [relatedAt(first.span, `first ${clause} here`)],
            }),
          );
        }
      }
    }
  },
};
