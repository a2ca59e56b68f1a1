/**
 * Spec §3: a role is declared at most once in the set (its `includes` are in one place).
 * The later declaration is the error; the diagnostic names the first.
 */
import { diagnosticAt } from "../errors.js";
import type { RoleDecl } from "../model/ast.js";
import { CODES } from "../syntax/codes.js";
import { shorten } from "../syntax/shorten.js";
import { relatedAt } from "./related.js";
import type { Rule } from "./rule.js";

export const uniqueRoles: Rule = {
  name: "unique-roles",
  scope: "set",
  check(declarations, context) {
    const first = new Map<string, RoleDecl>();
    for (const d of declarations) {
      if (d.kind !== "RoleDecl") continue;
      const earlier = first.get(d.name.value);
      if (earlier === undefined) {
        first.set(d.name.value, d);
        continue;
      }
      const where = earlier.name.span;
      context.error(
        d,
        diagnosticAt(d.name.span, CODES.duplicateRole, `role \`${shorten(d.name.value)}\` is declared twice`, {
          help: `first declared at ${where.source !== undefined ? `${where.source}:` : ""}${where.start.line}:${where.start.column}; list every included role in one declaration`,
          related: [relatedAt(where, "first declared here")],
        }),
      );
    }
  },
};
