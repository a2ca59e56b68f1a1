/**
 * The lint rules, in the order they run (and report within a position). Independent of
 * each other: each reads the checked set and the optional schema.
 */
import { allowEverything } from "./allow-everything.js";
import { conditionByType } from "./condition-by-type.js";
import { escapedOrdinaryGlob } from "./escaped-ordinary-glob.js";
import { escapedPipeGlob } from "./escaped-pipe-glob.js";
import { hiddenCharacters } from "./hidden-characters.js";
import { mcpActionSlash } from "./mcp-action-slash.js";
import { mcpListAction } from "./mcp-list-action.js";
import type { LintRule } from "./rule.js";
import { shadowedPolicy } from "./shadowed-policy.js";
import { unreachableTarget } from "./unreachable-target.js";
import { unsatisfiableArguments } from "./unsatisfiable-arguments.js";
import { unusedRole } from "./unused-role.js";

export const LINT_RULES: readonly LintRule[] = [
  // Conditions first: an always-erring condition also explains other findings.
  conditionByType,
  unreachableTarget,
  shadowedPolicy,
  allowEverything,
  unusedRole,
  hiddenCharacters,
  escapedPipeGlob,
  escapedOrdinaryGlob,
  unsatisfiableArguments,
  mcpListAction,
  mcpActionSlash,
];
