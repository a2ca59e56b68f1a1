/**
 * Spec §3: a role is declared at most once in the set (its `includes` are in one place).
 * The later declaration is the error; the diagnostic names the first.
 */
import { CODES } from "../syntax/codes.js";
import { reportDuplicateNames } from "./first-declaration.js";
import type { Rule } from "./rule.js";

export const uniqueRoles: Rule = {
  name: "unique-roles",
  scope: "set",
  check(declarations, context) {
    reportDuplicateNames(declarations, context, {
      kind: "RoleDecl",
      code: CODES.duplicateRole,
      noun: "role",
      advice: "list every included role in one declaration",
    });
  },
};
