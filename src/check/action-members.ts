/**
 * Spec §3, §4.2: `action` is a string, so a path on it has no members: `action.x` and
 * `action["x"]` are errors (they could only ever fail at evaluation).
 */
import { diagnosticAt } from "../errors.js";
import { CODES } from "../syntax/codes.js";
import { shorten } from "../syntax/shorten.js";
import type { Rule } from "./rule.js";

export const actionMembers: Rule = {
  name: "action-members",
  scope: "policy",
  check(declarations, context) {
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      for (const path of context.facts(d).actionMemberPaths) {
        context.error(
          d,
          diagnosticAt(path.span, CODES.actionMembers, `\`action\` has no members, found \`action.${shorten(path.members[0] ?? "")}\``, {
            help: "`action` is the action string itself; compare it directly, e.g. `action == \"tools/call\"`",
          }),
        );
      }
    }
  },
};
