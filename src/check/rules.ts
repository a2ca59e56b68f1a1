/**
 * The static checks, as one ordered, named table (spec §3, §4.1, §4.3). Every rule that
 * one source can break runs inside `parse`; `checkPolicySet` runs the whole table again
 * over the union of the sources, so the set-wide rules see every declaration.
 */
import { actionMembers } from "./action-members.js";
import { clauseCount } from "./clause-count.js";
import { globLimits } from "./glob-limits.js";
import { globSyntax } from "./glob-syntax.js";
import { interpolation } from "./interpolation.js";
import { priorityInteger } from "./priority.js";
import { roleCycles } from "./role-cycles.js";
import type { Rule } from "./rule.js";
import { uniquePolicyNames } from "./unique-policy-names.js";
import { uniqueRoles } from "./unique-roles.js";

export const RULES: readonly Rule[] = [
  // First: decides whether a block can become an AST policy at all; later rules still
  // look at the clauses of a rejected block, so one pass reports everything.
  clauseCount,
  priorityInteger,
  actionMembers,
  // Before interpolation: bounds every glob's length before anything scans it.
  globLimits,
  interpolation,
  // After limits and interpolation: only bounded, well-formed patterns are built.
  globSyntax,
  // Names are compared after per-policy rules: a rejected policy still claims its name,
  // so a later policy with the same name is reported too.
  uniquePolicyNames,
  uniqueRoles,
  // After unique-roles: only the first declaration of each role is part of the graph.
  roleCycles,
];
