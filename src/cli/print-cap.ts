/**
 * How many problems of one file `mcpolicy check` prints for people. The front end keeps
 * at most 200 diagnostics per source (E0499), but the set-wide rules run over every
 * source: two copies of a 60,000-policy file gave 60,000 "declared twice" errors, half a
 * million lines of output. People read the first ones; `--format json` keeps every one.
 */
import type { ReportedDiagnostic } from "../errors.js";
import { TOO_MANY_ERRORS } from "./summary.js";

/** Problems printed per file (as many as the front end reports for one source). */
export const MAX_PRINTED_PER_FILE = 200;

export interface PrintCap {
  /** What to print, in the order given. */
  readonly printed: readonly ReportedDiagnostic[];
  /** Per file, in order of first appearance: how many of its problems were not printed. */
  readonly omitted: ReadonlyMap<string, number>;
}

/**
 * Keeps the first `max` problems of each file (`<input>` for those without one), and
 * always the front end's own E0499 (it says how many it left out: not a problem itself).
 */
export function capPerFile(diagnostics: readonly ReportedDiagnostic[], max = MAX_PRINTED_PER_FILE): PrintCap {
  const seen = new Map<string, number>();
  const omitted = new Map<string, number>();
  const printed: ReportedDiagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code === TOO_MANY_ERRORS) {
      printed.push(d);
      continue;
    }
    const file = d.source ?? "<input>";
    const count = (seen.get(file) ?? 0) + 1;
    seen.set(file, count);
    if (count <= max) printed.push(d);
    else omitted.set(file, (omitted.get(file) ?? 0) + 1);
  }
  return { printed, omitted };
}
