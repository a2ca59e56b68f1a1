/**
 * A path given with `*`, `?` or `[` that does not exist was most likely meant as a
 * pattern: quoted (`'policies/*.mcpolicy'`), or one that matched nothing, so the shell
 * passed it on as written. The CLI does not expand patterns — say so, instead of only
 * "no such file or directory".
 */
import type { ReportedDiagnostic } from "../errors.js";

const PATTERN_CHARACTER = /[*?[]/;

const HELP =
  "mcpolicy does not expand `*`, `?` or `[…]`: the shell does, when the pattern is not quoted (and matches a file); or give the directory, which is searched for `*.mcpolicy` files";

/** `d` with the hint as its help when it says that a path looking like a pattern does not exist (E0001). */
export function withGlobHint(d: ReportedDiagnostic): ReportedDiagnostic {
  return d.code === "E0001" && d.source !== undefined && PATTERN_CHARACTER.test(d.source) ? { ...d, help: HELP } : d;
}
