/**
 * Spec §3: policy names are unique across the whole set. The later declaration (in set
 * order) is the error, and the diagnostic names the first place too (`related`).
 */
import { CODES } from "../syntax/codes.js";
import { reportDuplicateNames } from "./first-declaration.js";
import type { Rule } from "./rule.js";

export const uniquePolicyNames: Rule = {
  name: "unique-policy-names",
  scope: "set",
  check(declarations, context) {
    reportDuplicateNames(declarations, context, {
      kind: "PolicyClauses",
      code: CODES.duplicatePolicy,
      noun: "policy",
      advice: "policy names are unique across the set",
    });
  },
};
