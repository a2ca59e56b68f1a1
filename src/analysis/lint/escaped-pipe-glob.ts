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

/** A `|` after an odd run of backslashes: an escaped bar, not an escaped backslash. */
const ESCAPED_BAR = /(?:^|[^\\])(?:\\\\)*\\\|/;

/**
 * What minimatch makes of the pattern's `\|`, asked of minimatch itself: "alternation"
 * when the RegExp of a segment has a top-level `|` (an escaped backslash before a `|`, or
 * a pattern minimatch reduces to a plain string, has none); "backslash" when a segment
 * holding `\|` is matched by minimatch's own fast test instead (`*EXT`, `?EXT`: an own
 * `test` comparing the raw text with `endsWith`, so `*\|x` matches only a literal `\|x`
 * and never runs its RegExp); null when neither.
 */
function pipeReading(pattern: string): "alternation" | "backslash" | null {
  if (!pattern.includes("|")) return null;
  let matcher: Minimatch;
  try {
    matcher = new Minimatch(pattern, GLOB_OPTIONS);
  } catch {
    return null;
  }
  let backslash = false;
  for (const [i, parts] of matcher.set.entries()) {
    for (const [j, part] of parts.entries()) {
      if (!(part instanceof RegExp)) continue;
      if (Object.hasOwn(part, "test")) {
        if (ESCAPED_BAR.test(String(matcher.globParts[i]?.[j] ?? pattern))) backslash = true;
      } else if (topLevelBar(part.source)) return "alternation";
    }
  }
  return backslash ? "backslash" : null;
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
      const reading = pipeReading(pattern);
      if (reading === null) return;
      out.push(
        reading === "alternation"
          ? diagnosticAt(span, "W0810", `policy \`${policy.name.value}\`: the ${clause} pattern \`${pattern}\` holds \`\\|\`, which minimatch makes a regular-expression alternation`, {
              severity: "warning",
              help: "the pattern matches far more than it reads: text starting with what precedes `\\|`, or ending with what follows it; to match a literal `|`, write it unescaped",
            })
          : diagnosticAt(span, "W0810", `policy \`${policy.name.value}\`: the ${clause} pattern \`${pattern}\` holds \`\\|\`, which minimatch compares as written: it matches only text holding the backslash itself`, {
              severity: "warning",
              help: "`*\\|x` matches only names ending in a literal `\\|x`, never `a|x`: to match a literal `|`, write it unescaped",
            }),
      );
    };
    eachGlob(set, report);
    return out;
  },
};
