/** A "related" entry of a diagnostic: another place involved (e.g. the first declaration). */
import type { Diagnostic } from "../errors.js";
import type { Span } from "../model/span.js";

type Related = NonNullable<Diagnostic["related"]>[number];

export function relatedAt(span: Span, message: string): Related {
  return {
    message,
    ...(span.source !== undefined ? { source: span.source } : {}),
    line: span.start.line,
    column: span.start.column,
  };
}
