/**
 * W0810 escaped-pipe-glob: a glob (action, resource or `matches`) holding `\|`. Globs are
 * minimatch's (spec §4.1), and minimatch writes an escaped `|` into its regular
 * expression unescaped, as an alternation: `tool:a\|b*` becomes /^tool:a|b[^/]*?$/,
 * which matches any text starting with `tool:a` or ending in a segment starting with
 * `b`, and `\|x*` every one-segment text. The engine follows minimatch exactly; this
 * warning says what the pattern really matches.
 */
import { Minimatch } from "minimatch";
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import { GLOB_OPTIONS } from "../../model/glob.js";
import type { Policy } from "../../model/ast.js";
import type { Span } from "../../model/span.js";
import { eachGlob } from "./each-glob.js";
import type { LintRule } from "./rule.js";

/**
 * Whether minimatch's RegExp for the pattern has a top-level `|`: asked of minimatch
 * itself (an escaped backslash before a `|`, or a pattern minimatch reduces to a plain
 * string, has none).
 */
function alternates(pattern: string): boolean {
  if (!pattern.includes("|")) return false;
  let matcher: Minimatch;
  try {
    matcher = new Minimatch(pattern, GLOB_OPTIONS);
  } catch {
    return false;
  }
  return matcher.set.some((parts) => parts.some((part) => part instanceof RegExp && topLevelBar(part.source)));
}

/** A `|` outside any group, class or escape of a RegExp source. */
function topLevelBar(source: string): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") {
      for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

export const escapedPipeGlob: LintRule = {
  name: "escaped-pipe-glob",
  description: "globs holding `\\|`, which minimatch turns into a regular-expression alternation",
  check: ({ set }) => {
    const out: ReportedDiagnostic[] = [];
    const report = (policy: Policy, pattern: string, span: Span, clause: string) => {
      if (!alternates(pattern)) return;
      out.push(
        diagnosticAt(span, "W0810", `policy \`${policy.name.value}\`: the ${clause} pattern \`${pattern}\` holds \`\\|\`, which minimatch makes a regular-expression alternation`, {
          severity: "warning",
          help: "the pattern matches far more than it reads: text starting with what precedes `\\|`, or ending with what follows it; to match a literal `|`, write it unescaped",
        }),
      );
    };
    eachGlob(set, report);
    return out;
  },
};
