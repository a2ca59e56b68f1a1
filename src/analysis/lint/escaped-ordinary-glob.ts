/**
 * W0813 escaped-ordinary-glob: a glob (action, resource or `matches`) with a backslash
 * before a character that has no meaning in a glob (`\.`, `\-`, `\/` …), outside a
 * `[…]` class. Globs are minimatch's (spec §4.1), and minimatch does not always drop
 * such a backslash: a segment written `*` + plain text is tested with `endsWith` on
 * the raw text, so `*\.pem` matches only names ending in a literal `\.pem` — never
 * `key.pem`. A deny written with regular-expression habits then refuses nothing. The
 * engine follows minimatch exactly; this warning points at the backslash.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import type { Policy } from "../../model/ast.js";
import type { Span } from "../../model/span.js";
import { eachGlob } from "./each-glob.js";
import type { LintRule } from "./rule.js";

/**
 * Characters a backslash may stand before: glob magic, braces and their commas, the
 * backslash itself, `|` (W0810's), and `$` (an escaped `${` is for interpolation rules).
 */
const MEANINGFUL = new Set(["*", "?", "[", "]", "{", "}", ",", "\\", "|", "$"]);

/** The end (index of `]`) of a class opened at `open`, as minimatch reads it, or -1 (a literal `[`). */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === "!" || pattern[i] === "^") i++;
  // A `]` first in the class is a member.
  if (pattern[i] === "]") i++;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "[" && pattern[i + 1] === ":") {
      const close = pattern.indexOf(":]", i + 2);
      if (close !== -1) i = close + 1;
    } else if (c === "]") return i;
  }
  return -1;
}

/** The first character escaped for no reason outside a class, or null. */
export function escapedOrdinary(pattern: string): string | null {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next !== undefined && !MEANINGFUL.has(next)) return next;
      i++;
    } else if (c === "[") {
      const end = classEnd(pattern, i);
      if (end !== -1) i = end;
    }
  }
  return null;
}

export const escapedOrdinaryGlob: LintRule = {
  name: "escaped-ordinary-glob",
  description: "globs with a backslash before a character that has no meaning in a glob (`*\\.pem` needs a literal backslash)",
  check: ({ set }) => {
    const out: ReportedDiagnostic[] = [];
    const report = (policy: Policy, pattern: string, span: Span, clause: string) => {
      const escaped = escapedOrdinary(pattern);
      if (escaped === null) return;
      const shown = JSON.stringify(escaped).slice(1, -1);
      out.push(
        diagnosticAt(
          span,
          "W0813",
          `policy \`${policy.name.value}\`: the ${clause} pattern \`${pattern}\` escapes \`${shown}\`, which has no meaning in a glob, and minimatch may then match the backslash itself`,
          {
            severity: "warning",
            help: "`*\\.pem` matches only names ending in a literal `\\.pem`, never `key.pem`: write the character unescaped (`*.pem`); only `* ? [ ] { } , \\` need a backslash",
          },
        ),
      );
    };
    eachGlob(set, report);
    return out;
  },
};
