/**
 * Spec §3, §4.2: `action` is a string, so a path on it has no members: `action.x` and
 * `action["x"]` are errors (they could only ever fail at evaluation).
 */
import { diagnosticAt } from "../errors.js";
import { CODES } from "../syntax/codes.js";
import type { Rule } from "./rule.js";
import { forEachExpr } from "./walk.js";

export const actionMembers: Rule = {
  name: "action-members",
  scope: "policy",
  check(declarations, context) {
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      for (const condition of d.conditions) {
        forEachExpr(condition.expr, (expr) => {
          if (expr.kind === "Path" && expr.root === "action" && expr.members.length > 0) {
            context.error(
              d,
              diagnosticAt(expr.span, CODES.actionMembers, `\`action\` has no members, found \`action.${expr.members[0]}\``, {
                help: "`action` is the action string itself; compare it directly, e.g. `action == \"tools/call\"`",
              }),
            );
          }
        });
      }
    }
  },
};
