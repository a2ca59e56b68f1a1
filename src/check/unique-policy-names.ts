/**
 * Spec §3: policy names are unique across the whole set. The later declaration (in set
 * order) is the error, and the diagnostic names the first place too (`related`).
 */
import { diagnosticAt } from "../errors.js";
import { CODES } from "../syntax/codes.js";
import { shorten } from "../syntax/shorten.js";
import type { PolicyClauses } from "./policy-clauses.js";
import { relatedAt } from "./related.js";
import type { Rule } from "./rule.js";

export const uniquePolicyNames: Rule = {
  name: "unique-policy-names",
  scope: "set",
  check(declarations, context) {
    const first = new Map<string, PolicyClauses>();
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      const earlier = first.get(d.name.value);
      if (earlier === undefined) {
        first.set(d.name.value, d);
        continue;
      }
      const where = earlier.name.span;
      context.error(
        d,
        diagnosticAt(d.name.span, CODES.duplicatePolicy, `policy \`${shorten(d.name.value)}\` is declared twice`, {
          help: `first declared at ${where.source !== undefined ? `${where.source}:` : ""}${where.start.line}:${where.start.column}; policy names are unique across the set`,
          related: [relatedAt(where, "first declared here")],
        }),
      );
    }
  },
};
