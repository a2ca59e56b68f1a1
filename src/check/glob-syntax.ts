/**
 * Every glob must be one minimatch can build under the language's options (spec §4.1).
 * A few legal-looking globs make minimatch throw when it builds its RegExp (e.g.
 * `,[[:alpha:]]` becomes an invalid unicode-mode escape); the spec defines no meaning
 * for them, so rather than letting each evaluator pick one at request time, they are
 * compile errors. Interpolations are checked with a plain stand-in value.
 */
import { diagnosticAt } from "../errors.js";
import { GLOB_LIMITS } from "../model/glob.js";
import { globBuildProblem } from "../model/glob-build.js";
import { splitTemplate } from "../model/template.js";
import { CODES } from "../syntax/codes.js";
import { shorten } from "../syntax/shorten.js";
import { countBraceExpansions } from "./brace-count.js";
import type { Rule } from "./rule.js";

/** The glob with each `${subject.PATH}` replaced by a harmless literal, or null if malformed. */
function withStandIns(value: string): string | null {
  if (!value.includes("${")) return value;
  const split = splitTemplate(value);
  if (!split.ok) return null; // reported by the interpolation rule
  return split.parts.map((p) => (p.kind === "text" ? p.text : "x")).join("");
}

export const globSyntax: Rule = {
  name: "glob-syntax",
  scope: "policy",
  check(declarations, context) {
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      for (const { pattern } of context.facts(d).globs) {
        const glob = withStandIns(pattern.value);
        // Over-limit globs are reported by glob-limits and never built (that is the point).
        if (glob === null || glob.length > GLOB_LIMITS.maxLength) continue;
        if (glob.includes("{") && countBraceExpansions(glob) > GLOB_LIMITS.maxBraceAlternatives) continue;
        if (!glob.includes("[")) continue;
        const problem = globBuildProblem(glob);
        if (problem !== null) {
          context.error(
            d,
            diagnosticAt(pattern.span, CODES.invalidGlob, `pattern \`${shorten(pattern.value)}\` is not a valid glob`, {
              help: `minimatch cannot build it (${shorten(problem)}); escape the special characters or simplify the pattern`,
            }),
          );
        }
      }
    }
  },
};
