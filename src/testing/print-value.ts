/**
 * JSON for reports: a counterexample from a test file may nest deeper than
 * `JSON.stringify` can recurse (thousands of levels parse fine); a report must still
 * print, so such a value is shown as a marker instead of ending the run.
 */
export function printValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return "[a value too deep or too odd to print]";
  }
}
