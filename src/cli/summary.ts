/**
 * The counts of a summary line (`✖ 30000 errors in 1 file`), the errors the front end
 * left out after its cap included: a source reports at most 200 diagnostics, then one
 * E0499 saying how many more there were (docs/diagnostics.md), so counting the
 * diagnostics alone said `201 errors` for 30,000.
 */
import type { ReportedDiagnostic } from "../errors.js";

/** The front end's "N more not shown" diagnostic: it stands for errors, it is not one. */
export const TOO_MANY_ERRORS = "E0499";
/** `too many errors; 800 more not shown`, `… (and 29800 more lexical errors not shown)`. */
const NOT_SHOWN = /(\d+) more (?:lexical errors )?not shown/;

export interface ProblemCount {
  /** Every error, shown or not (an E0499 is not one: it stands for the ones left out). */
  readonly errors: number;
  readonly warnings: number;
  /** Errors counted but not in the list (left out after the cap). */
  readonly notShown: number;
  /** Checking stopped early somewhere (parsing stopped, a declaration not checked): there may be more. */
  readonly atLeast: boolean;
}

export function countProblems(diagnostics: readonly ReportedDiagnostic[]): ProblemCount {
  let errors = 0;
  let warnings = 0;
  let notShown = 0;
  let atLeast = false;
  for (const d of diagnostics) {
    if (d.code === TOO_MANY_ERRORS) {
      const more = NOT_SHOWN.exec(d.message);
      if (more !== null) notShown += Number(more[1]);
      // Only the `N more not shown` form counts everything; the others stopped checking.
      if (more === null || d.message.includes("parsing stopped")) atLeast = true;
    } else if (d.severity === "error") errors++;
    else warnings++;
  }
  return { errors: errors + notShown, warnings, notShown, atLeast };
}

/** "2 errors, 1 warning"; "at least 30000 errors" when checking stopped early. */
export function summarizeCount(count: ProblemCount): string {
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const errors = `${count.atLeast ? "at least " : ""}${part(count.errors, "error")}`;
  return count.warnings > 0 ? `${errors}, ${part(count.warnings, "warning")}` : errors;
}
