/**
 * Source text → canonical source text, keeping comments (what `mcpolicy fmt` writes).
 * Only a source that parses without errors is formatted; the result is verified to
 * parse back to the same tree with the same comments before it is returned, so a
 * formatter bug can never produce a changed or broken policy file.
 */
import type { ReportedDiagnostic } from "../errors.js";
import { SOURCE_LIMITS } from "../model/limits.js";
import { parse } from "./parse.js";
import { attachComments, scanComments } from "./print-comments.js";
import { printSourceFile } from "./printer.js";
import { stripSpans } from "./strip-spans.js";

/** What `format` returns: the canonical text (null when the source has errors) and the diagnostics. */
export interface FormatResult {
  /** The canonical text, or null when the source has errors (see diagnostics). */
  readonly text: string | null;
  readonly diagnostics: ReportedDiagnostic[];
}

/** The canonical form of a source (what `mcpolicy fmt` writes), keeping every comment; null text when it has errors. */
export function formatSource(text: string, name?: string): FormatResult {
  const parsed = parse(text, name);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { text: null, diagnostics: parsed.diagnostics };
  const output = printSourceFile(parsed.ast, { comments: attachComments(parsed.ast, text) });
  // Invisible characters are printed as 6-character escapes: a source near the limit that
  // holds many of them raw can grow past it. Said plainly, not as an internal error.
  const max = SOURCE_LIMITS.maxSourceBytes;
  if (output.length * 3 > max && Buffer.byteLength(output, "utf8") > max) {
    const diagnostic: ReportedDiagnostic = {
      code: "E0691",
      severity: "error",
      message: `the canonical form would be larger than the source limit (${max} bytes), so the file was left alone`,
      ...(name !== undefined ? { source: name } : {}),
      line: 1,
      column: 1,
      help: "invisible and control characters in strings are written as `\\uXXXX` escapes (6 bytes each): split the file",
    };
    return { text: null, diagnostics: [...parsed.diagnostics, diagnostic] };
  }
  const reparsed = parse(output, name);
  const sameTree = JSON.stringify(stripSpans(reparsed.ast)) === JSON.stringify(stripSpans(parsed.ast));
  // Clauses move into canonical order and take their comments along: compare as multisets.
  const commentTexts = (source: string): string => JSON.stringify(scanComments(source).map((c) => c.text).sort());
  const sameComments = commentTexts(output) === commentTexts(text);
  if (reparsed.diagnostics.length > 0 || !sameTree || !sameComments) {
    const diagnostic: ReportedDiagnostic = {
      code: "E0690",
      severity: "error",
      message: "internal error: the canonical form would change this source, so it was left alone",
      ...(name !== undefined ? { source: name } : {}),
      line: 1,
      column: 1,
      help: "please report this file to the mcpolicy maintainers",
    };
    return { text: null, diagnostics: [...parsed.diagnostics, diagnostic] };
  }
  return { text: output, diagnostics: parsed.diagnostics };
}
