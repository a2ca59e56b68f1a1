/**
 * Sources and code frames: the text around a diagnostic, with a caret under the
 * offending span, as printed by the CLI.
 */
import pc from "picocolors";
import { displayWidth, type Excerpt, graphemesAround, sliceColumns } from "./display-width.js";
import { escapeCodeUnits, UNSAFE_CHARACTER } from "./model/unsafe-characters.js";

/** A named policy source, as given to `compile`. */
export interface Source {
  readonly name: string;
  readonly text: string;
}

export interface CodeFrameOptions {
  readonly color?: boolean;
  /** The colours to use instead of picocolors' (the CLI's marked palette); `color` is then ignored. */
  readonly paint?: { readonly red: (text: string) => string; readonly dim: (text: string) => string };
  /** End column (exclusive) on the same line, to underline the whole span. */
  readonly endColumn?: number;
  /** Lines of context above and below. */
  readonly context?: number;
}

/** Lines split as the lexer counts them: LF, CRLF and lone CR each end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

const MAX_FRAME_WIDTH = 120;
/** Code units of the shown line measured around the column (graphemesAround's reach). */
const REACH = 4 * MAX_FRAME_WIDTH;

/** The last text split for a frame: a file's diagnostics are framed one after another. */
let lastSplit: { readonly text: string; readonly lines: readonly string[] } | null = null;

function linesOf(text: string): readonly string[] {
  if (lastSplit?.text !== text) lastSplit = { text, lines: splitLines(text.startsWith("\uFEFF") ? text.slice(1) : text) };
  return lastSplit.lines;
}

/** Renders `line:column` (1-based) of `text` with a caret; "" when out of range. */
export function codeFrame(text: string, line: number, column: number, options: CodeFrameOptions = {}): string {
  const c = options.paint ?? pc.createColors(options.color ?? false);
  const lines = linesOf(text);
  if (!Number.isInteger(line) || line < 1 || line > lines.length + 1) return "";
  const context = options.context ?? 1;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const gutter = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const full = lines[n - 1] ?? "";
    // Only the code units around the column are read at all, with a margin: each shows as
    // one or more, so the cut lies outside what graphemesAround keeps. Escaping and
    // measuring the whole line made each frame of an 8 MiB line cost 0.1 s.
    const { text: cut, from: lo } = around(full, n === line ? column - 1 : 0, 2 * REACH);
    const lineText = cut.replace(/\t/g, " ");
    // Shown with every unsafe character made visible (visibleLine); the caret is placed
    // on that shown text, in terminal columns (display-width.ts: `日本語` and emoji take
    // two, combining marks none), so an escape wider than its character moves it along.
    const raw = visibleLine(lineText);
    // Long lines: only the graphemes around the column are measured and shown, in a
    // window that keeps the caret visible, cut between graphemes (never through a
    // surrogate pair or an accented letter).
    const excerpt = graphemesAround(raw, n === line ? shownIndex(lineText, column - lo) : 0, REACH);
    const at = n === line ? shownColumn(lineText, excerpt, column - lo, full.length - lo) : 1;
    const from = at > MAX_FRAME_WIDTH - 20 ? at - 40 : 0;
    const window = sliceColumns(excerpt.text, from, from + MAX_FRAME_WIDTH);
    const cutBefore = excerpt.cutBefore || window.cutBefore;
    const cutAfter = excerpt.cutAfter || window.cutAfter;
    const marker = n === line ? c.red(">") : " ";
    out.push(`${marker} ${c.dim(`${String(n).padStart(gutter)} |`)} ${cutBefore ? "…" : ""}${window.text}${cutAfter ? "…" : ""}`);
    if (n === line) {
      const col = Math.max(1, at - window.start + (cutBefore ? 1 : 0));
      const end =
        options.endColumn !== undefined && options.endColumn > column ? shownColumn(lineText, excerpt, options.endColumn - lo, full.length - lo) : at + 1;
      const width = Math.min(Math.max(1, end - at), MAX_FRAME_WIDTH);
      out.push(`  ${" ".repeat(gutter)} ${c.dim("|")} ${" ".repeat(col - 1)}${c.red("^".repeat(width))}`);
    }
  }
  if (line === lines.length + 1) out.push(`  ${" ".repeat(gutter)} ${c.dim("|")} ${c.red("^")}`);
  return `${out.join("\n")}\n`;
}

/** Where column `column` (1-based, UTF-16 code units) of `text` is in `visibleLine(text)`, in code units. */
function shownIndex(text: string, column: number): number {
  return visibleLine(text.slice(0, Math.max(0, column - 1))).length;
}

/**
 * Terminal column (1-based), in `excerpt` of `visibleLine(text)`, of column `column` of
 * `text`; one a code unit past the end of the line (`length` code units from `text`'s start).
 */
function shownColumn(text: string, excerpt: Excerpt, column: number, length: number): number {
  const inside = Math.min(Math.max(0, shownIndex(text, column) - excerpt.offset), excerpt.text.length);
  return displayWidth(excerpt.text.slice(0, inside)) + 1 + Math.max(0, column - 1 - length);
}

/**
 * The code units of `line` within `margin` of `index` (at most its length), never cutting
 * a surrogate pair, and where they start.
 */
function around(line: string, index: number, margin: number): { readonly text: string; readonly from: number } {
  const at = Math.min(index, line.length);
  let from = Math.max(0, at - margin);
  let to = Math.min(line.length, at + margin);
  if (from === 0 && to === line.length) return { text: line, from: 0 };
  if (from > 0 && isLowSurrogate(line.charCodeAt(from))) from--;
  if (isLowSurrogate(line.charCodeAt(to))) to++;
  return { text: line.slice(from, to), from };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The line as the terminal may show it, with nothing left for terminalSafe to change: C0
 * controls as their Unicode control pictures (ESC as ␛), DEL as ␡, every other unsafe
 * character (bidi, zero-width, soft hyphen, tag characters …) as the `\uXXXX` escape
 * terminalSafe writes elsewhere.
 */
function visibleLine(line: string): string {
  return line.replace(UNSAFE_CHARACTER, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    return escapeCodeUnits(char);
  });
}
