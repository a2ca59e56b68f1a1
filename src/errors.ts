/**
 * Errors are data (STYLE §1): every problem is a Diagnostic with a stable code, a
 * lowercase one-line message (user input in backticks), a 1-based position and an
 * optional help. `PolicyError` carries all of them, sorted by position.
 */
import type { Span } from "./model/span.js";

/** How bad a diagnostic is: an error stops the set from loading, a warning does not. */
export type Severity = "error" | "warning";

/**
 * A problem found in policy text, a schema or an API argument, in the shape of spec §6
 * (`message`, `source?`, `line`, `column`, 1-based). What mcpolicy reports always has a
 * code and a severity too (`ReportedDiagnostic`); here they are optional, so that a
 * diagnostic built to the spec's shape (a custom reporter, a test fake) is one.
 */
export interface Diagnostic {
  /** Stable code, e.g. `E0101`; documented in docs/diagnostics.md. */
  readonly code?: string;
  readonly severity?: Severity;
  readonly message: string;
  /** Source name (file path or API name). */
  readonly source?: string;
  /** 1-based line and column (UTF-16 code units). */
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** 0-based offsets into the source text, when known (for code frames). */
  readonly offset?: number;
  readonly endOffset?: number;
  readonly help?: string;
  /** Other places involved (e.g. the first declaration of a duplicate name). */
  readonly related?: readonly { readonly message: string; readonly source?: string; readonly line: number; readonly column: number }[];
}

/** A diagnostic as mcpolicy reports it: always with its stable code and its severity. */
export interface ReportedDiagnostic extends Diagnostic {
  readonly code: string;
  readonly severity: Severity;
}

/** Builds a diagnostic located at a span. */
export function diagnosticAt(
  span: Span,
  code: string,
  message: string,
  options: { help?: string; severity?: Severity; related?: Diagnostic["related"] } = {},
): ReportedDiagnostic {
  return {
    code,
    severity: options.severity ?? "error",
    message,
    ...(span.source !== undefined ? { source: span.source } : {}),
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    offset: span.start.offset,
    endOffset: span.end.offset,
    ...(options.help !== undefined ? { help: options.help } : {}),
    ...(options.related !== undefined ? { related: options.related } : {}),
  };
}

/** Orders diagnostics by source name (in the given source order), then line, then column. */
export function sortDiagnostics(diagnostics: readonly ReportedDiagnostic[], sourceOrder: readonly string[] = []): ReportedDiagnostic[] {
  const rank = new Map(sourceOrder.map((name, i) => [name, i] as const));
  return [...diagnostics].sort((a, b) => {
    const ra = a.source === undefined ? -1 : (rank.get(a.source) ?? sourceOrder.length);
    const rb = b.source === undefined ? -1 : (rank.get(b.source) ?? sourceOrder.length);
    if (ra !== rb) return ra - rb;
    if (a.source !== b.source) return (a.source ?? "") < (b.source ?? "") ? -1 : 1;
    return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}

/** Thrown (or rejected with) by `compile` and `loadPolicies` for any bad input. */
export class PolicyError extends Error {
  /** Every diagnostic, errors and warnings (a copy of the array given). */
  readonly diagnostics: ReportedDiagnostic[];

  constructor(diagnostics: readonly ReportedDiagnostic[], message?: string) {
    // Public constructor: a wrong argument says so, not "cannot read properties of null".
    if (!Array.isArray(diagnostics) || !diagnostics.every((d) => typeof d === "object" && d !== null)) {
      throw new TypeError("new PolicyError() expects an array of diagnostics (objects)");
    }
    if (message !== undefined && typeof message !== "string") throw new TypeError("new PolicyError(): the message must be a string");
    super(message ?? summary(diagnostics));
    this.name = "PolicyError";
    this.diagnostics = [...diagnostics];
  }
}

/**
 * "2 errors in policy set; first: a.mcpolicy:3:1: …", or for warnings alone "1 warning in
 * policy set (no errors); first: …" — never "0 errors". A diagnostic without a severity
 * (the spec's shape) counts as an error, as `diagnosticAt` makes one by default.
 */
function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === undefined || d.severity === "error");
  const counted = errors.length > 0 ? errors : diagnostics;
  const first = counted[0];
  if (first === undefined) return "invalid policy set";
  const kind = errors.length > 0 ? "error" : "warning";
  const count = `${counted.length} ${kind}${counted.length === 1 ? "" : "s"} in policy set${errors.length > 0 ? "" : " (no errors)"}`;
  return `${count}; first: ${first.source ?? "<source>"}:${first.line}:${first.column}: ${first.message}`;
}
