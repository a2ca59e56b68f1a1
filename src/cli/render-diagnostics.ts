/**
 * Prints diagnostics for people: `file:line:col: message [CODE]`, a code frame with a
 * caret, and the help line — the format of spec §7, shared by every command. Each part
 * stays on its line: a line break in a file name or a message is printed as an escape.
 */
import type { ReportedDiagnostic } from "../errors.js";
import { codeFrame } from "../source.js";
import { palette } from "./io.js";
import { oneLine } from "./terminal-safe.js";

/** Text of the sources by name, to draw code frames. */
export type SourceTexts = ReadonlyMap<string, string>;

export function renderDiagnostic(d: ReportedDiagnostic, texts: SourceTexts, color: boolean): string {
  const c = palette(color);
  const where = `${oneLine(d.source ?? "<input>")}:${d.line}:${d.column}`;
  const severity = d.severity === "warning" ? `${c.yellow("warning")}: ` : "";
  const message = oneLine(d.message);
  const head = `${c.bold(where)}: ${severity}${d.severity === "error" ? c.red(message) : message} ${c.dim(`[${d.code}]`)}`;
  const text = d.source !== undefined ? texts.get(d.source) : undefined;
  const frame =
    text !== undefined
      ? codeFrame(text, d.line, d.column, { paint: c, ...(d.endLine === d.line && d.endColumn !== undefined ? { endColumn: d.endColumn } : {}) })
      : "";
  const help = d.help !== undefined ? `  ${c.cyan("help")}: ${oneLine(d.help)}\n` : "";
  const related = (d.related ?? [])
    .map((r) => `  ${c.dim("note")}: ${oneLine(r.source ?? "<input>")}:${r.line}:${r.column}: ${oneLine(r.message)}\n`)
    .join("");
  return `${head}\n${frame}${help}${related}`;
}

export function renderDiagnostics(diagnostics: readonly ReportedDiagnostic[], texts: SourceTexts, color: boolean): string {
  return diagnostics.map((d) => renderDiagnostic(d, texts, color)).join("\n");
}

/** "2 errors, 1 warning" */
export function summarize(diagnostics: readonly ReportedDiagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return warnings > 0 ? `${part(errors, "error")}, ${part(warnings, "warning")}` : part(errors, "error");
}
