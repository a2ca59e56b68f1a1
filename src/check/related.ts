/** A "related" entry of a diagnostic: another place involved (e.g. the first declaration). */
import type { ReportedDiagnostic } from "../errors.js";
import type { Span } from "../model/span.js";

type Related = NonNullable<ReportedDiagnostic["related"]>[number];

export function relatedAt(span: Span, message: string): Related {
  return {
    message,
    ...(span.source !== undefined ? { source: span.source } : {}),
    line: span.start.line,
    column: span.start.column,
  };
}
