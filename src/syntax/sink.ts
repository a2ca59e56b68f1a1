/**
 * Where the front end's diagnostics go. It keeps the first `MAX_DIAGNOSTICS` and only
 * counts the rest (megabytes of junk must not build millions of objects), but it
 * remembers the offset of every lexical or limit error, reported or not: a declaration
 * with such an error inside is never well formed, whether or not its error made the list.
 */
import type { ReportedDiagnostic } from "../errors.js";

/** More diagnostics than this from one source are noise; the rest are summarized. */
export const MAX_DIAGNOSTICS = 200;

export class DiagnosticSink {
  readonly diagnostics: ReportedDiagnostic[] = [];
  /** Offsets of every error so far, in the order added. */
  readonly errorOffsets: number[] = [];
  suppressed = 0;

  /**
   * Adds an error that disqualifies whatever declaration holds `offset` (lexical and
   * limit errors); `make` runs only while there is room in the list.
   */
  add(offset: number, make: () => ReportedDiagnostic): void {
    this.errorOffsets.push(offset);
    this.report(make);
  }

  /** Adds a diagnostic whose declaration is dealt with otherwise (parse errors, rules). */
  report(make: () => ReportedDiagnostic): void {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) this.diagnostics.push(make());
    else this.suppressed++;
  }
}
