/**
 * Spec §3: `priority` is written without a fraction and is a safe integer
 * (|p| ≤ 2^53 − 1). A policy from the JSON AST has no literal text; its value is
 * checked the same way.
 */
import { diagnosticAt } from "../errors.js";
import { CODES } from "../syntax/codes.js";
import type { Rule } from "./rule.js";

export const priorityInteger: Rule = {
  name: "priority-integer",
  scope: "policy",
  check(declarations, context) {
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      for (const p of d.priorities) {
        const written = p.text ?? String(p.value);
        if (p.text?.includes(".") || !Number.isInteger(p.value)) {
          context.error(
            d,
            diagnosticAt(p.span, CODES.priorityFraction, `priority \`${written}\` is not an integer`, {
              help: "write the priority without a fraction, e.g. `priority 10`",
            }),
          );
        } else if (!Number.isSafeInteger(p.value)) {
          context.error(
            d,
            diagnosticAt(p.span, CODES.priorityRange, `priority \`${written}\` is out of range`, {
              help: "a priority lies between -9007199254740991 and 9007199254740991 (±(2^53 − 1))",
            }),
          );
        }
      }
    }
  },
};
