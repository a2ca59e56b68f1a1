/**
 * Spec §4.1: every glob (resource, action, `matches`) is at most 1,024 characters
 * (UTF-16 code units), has at most 8 `**`, and brace-expands to at most 1,000
 * alternatives. minimatch has had catastrophic-backtracking CVEs and silently truncates
 * large expansions; these bounds keep every pattern cheap and exactly what it says.
 */
import { diagnosticAt } from "../errors.js";
import { GLOB_LIMITS } from "../model/glob.js";
import { CODES } from "../syntax/codes.js";
import { shorten } from "../syntax/shorten.js";
import { countBraceExpansions } from "./brace-count.js";
import type { Rule } from "./rule.js";

export const globLimits: Rule = {
  name: "glob-limits",
  scope: "policy",
  check(declarations, context) {
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      for (const { pattern } of context.facts(d).globs) {
        const glob = pattern.value;
        if (glob.length > GLOB_LIMITS.maxLength) {
          context.error(
            d,
            diagnosticAt(
              pattern.span,
              CODES.globTooLong,
              `pattern is too long (${glob.length} characters; the limit is ${GLOB_LIMITS.maxLength})`,
            ),
          );
          continue;
        }
        const globstars = countGlobstars(glob);
        if (globstars > GLOB_LIMITS.maxGlobstars) {
          context.error(
            d,
            diagnosticAt(
              pattern.span,
              CODES.tooManyGlobstars,
              `pattern \`${shorten(glob)}\` has ${globstars} \`**\` (the limit is ${GLOB_LIMITS.maxGlobstars})`,
            ),
          );
        }
        if (glob.includes("{")) {
          const alternatives = countBraceExpansions(glob);
          if (alternatives > GLOB_LIMITS.maxBraceAlternatives) {
            context.error(
              d,
              diagnosticAt(
                pattern.span,
                CODES.tooManyAlternatives,
                `pattern \`${shorten(glob)}\` expands to ${Number.isFinite(alternatives) && alternatives < 1e15 ? alternatives : "too many"} alternatives (the limit is ${GLOB_LIMITS.maxBraceAlternatives})`,
                { help: "split it into several patterns, or match a wider glob" },
              ),
            );
          }
        }
      }
    }
  },
};

/** Non-overlapping `**` occurrences (`***` is one, `****` two). */
function countGlobstars(glob: string): number {
  let count = 0;
  for (let at = glob.indexOf("**"); at >= 0; at = glob.indexOf("**", at + 2)) count++;
  return count;
}
