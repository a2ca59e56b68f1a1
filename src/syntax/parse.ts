/**
 * `parse`: text → tokens → CST → AST → single-source static checks.
 *
 * Never throws. Bounds come first: the size limit before lexing, the nesting limit
 * before the recursive parser. Every problem is a diagnostic, sorted by position; the
 * AST holds only the declarations that are well formed (no diagnostic inside them and
 * no static rule broken), so a caller can never evaluate a half-parsed policy.
 */
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import type { CheckedDeclaration } from "../check/policy-clauses.js";
import { policyOf } from "../check/policy-clauses.js";
import { runRules } from "../check/run-rules.js";
import { type Diagnostic, diagnosticAt, sortDiagnostics } from "../errors.js";
import type { Declaration, SourceFile } from "../model/ast.js";
import { SOURCE_LIMITS } from "../model/limits.js";
import { CODES } from "./codes.js";
import { CstToAst } from "./cst-to-ast.js";
import type { DeclarationCstNode } from "./cst-types.js";
import { lex, tokenEnd } from "./lexer.js";
import { LineIndex } from "./lines.js";
import { limitNesting } from "./nesting.js";
import { foundInstead, HELP_SEPARATOR } from "./parse-errors.js";
import { parser } from "./parser.js";
import { declarationStarts } from "./split.js";

export interface ParseResult {
  readonly ast: SourceFile;
  readonly diagnostics: Diagnostic[];
}

/** More diagnostics than this from one source are noise; the rest are summarized. */
export const MAX_DIAGNOSTICS = 200;

export function parse(text: unknown, name?: string): ParseResult {
  const source = typeof name === "string" ? name : undefined;
  try {
    return parseText(text, source);
  } catch (error) {
    // A bug in the front end must fail closed: no declarations, one diagnostic.
    const lines = new LineIndex("", source);
    return {
      ast: emptyFile(source, lines),
      diagnostics: [
        diagnosticAt(lines.span(0, 0), CODES.internalError, `internal error while parsing: ${String(error).slice(0, 200)}`),
      ],
    };
  }
}

function emptyFile(source: string | undefined, lines: LineIndex, length = 0): SourceFile {
  return { kind: "SourceFile", name: source ?? "", declarations: [], span: lines.span(0, length) };
}

function parseText(text: unknown, source: string | undefined): ParseResult {
  if (typeof text !== "string") {
    const lines = new LineIndex("", source);
    const got = text === null ? "null" : Array.isArray(text) ? "array" : typeof text;
    return {
      ast: emptyFile(source, lines),
      diagnostics: [diagnosticAt(lines.span(0, 0), CODES.notText, `policy source must be a string, got ${got}`)],
    };
  }
  // Bytes of UTF-8 are at most 3 per UTF-16 code unit: count exactly only when it matters.
  const max = SOURCE_LIMITS.maxSourceBytes;
  if (text.length * 3 > max) {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > max) {
      const lines = new LineIndex("", source);
      return {
        ast: emptyFile(source, lines),
        diagnostics: [
          diagnosticAt(lines.span(0, 0), CODES.sourceTooLarge, `source is too large (${bytes} bytes; the limit is ${max})`, {
            help: "split the policies into several files",
          }),
        ],
      };
    }
  }
  const lines = new LineIndex(text, source);
  // A leading BOM becomes a space: same length, so offsets still index `text`.
  const input = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const lexed = lex(input, lines);
  const nested = limitNesting(lexed.tokens, lines);
  const diagnostics = [...lexed.diagnostics, ...nested.diagnostics];

  // A declaration with a lexical or syntax error inside is left out before the static
  // rules run: its "missing clause" would only echo the typo already reported.
  const lexicalErrors = errorOffsets(diagnostics);
  const declarations = parseDeclarations(nested.tokens, text, lines, diagnostics).filter(
    (d) => !containsAny(lexicalErrors, d.span.start.offset, d.span.end.offset),
  );
  const checked = runRules(declarations);
  diagnostics.push(...checked.diagnostics);

  const ast: SourceFile = {
    kind: "SourceFile",
    name: source ?? "",
    declarations: wellFormed(declarations, checked.rejected),
    span: lines.span(0, text.length),
  };
  return { ast, diagnostics: capped(sortDiagnostics(diagnostics), lexed.suppressed, lines) };
}

/**
 * Parses declaration by declaration (see split.ts). A piece that ends early ran into
 * the next declaration: its "end of input" is reported at that declaration's first
 * token ("found `policy`"), and true end of input just past the last character.
 */
function parseDeclarations(tokens: IToken[], text: string, lines: LineIndex, diagnostics: Diagnostic[]): CheckedDeclaration[] {
  const converter = new CstToAst(lines);
  const out: CheckedDeclaration[] = [];
  const starts = declarationStarts(tokens);
  for (let k = 0; k < starts.length; k++) {
    // Bounds checked: an out-of-range index would read `Object.prototype`.
    const next = k + 1 < starts.length ? starts[k + 1] : undefined;
    parser.input = tokens.slice(starts[k] as number, next ?? tokens.length);
    const cst = parser.declaration() as DeclarationCstNode;
    const errors = parser.errors;
    for (const error of errors) {
      diagnostics.push(parseDiagnostic(error, next === undefined ? undefined : tokens[next], text, lines));
    }
    // A piece with a syntax error yields nothing (its error may sit on the next piece's
    // first token, so this is decided per piece, not by position). Stray tokens after a
    // complete declaration ("not all input parsed") leave that declaration intact.
    const broken = errors.some((e) => e.name !== "NotAllInputParsedException");
    const declaration = broken ? null : converter.declaration(cst);
    if (declaration !== null) out.push(declaration);
  }
  parser.input = [];
  return out;
}

/** A parse error at its token; at the end of a piece, at the next piece's first token. */
function parseDiagnostic(error: IRecognitionException, next: IToken | undefined, text: string, lines: LineIndex): Diagnostic {
  const token: IToken = error.token;
  const [message = "syntax error", help] = error.message.split(HELP_SEPARATOR);
  const options = help === undefined ? {} : { help };
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  if (!atEnd) {
    return diagnosticAt(lines.span(token.startOffset, tokenEnd(token)), CODES.unexpectedToken, message, options);
  }
  if (next !== undefined) {
    return diagnosticAt(
      lines.span(next.startOffset, tokenEnd(next)),
      CODES.unexpectedToken,
      foundInstead(message, next.image),
      options,
    );
  }
  return diagnosticAt(lines.span(text.length, text.length), CODES.unexpectedEnd, message, options);
}

/** Declarations no rule rejected, policies normalized. */
function wellFormed(declarations: readonly CheckedDeclaration[], rejected: ReadonlySet<CheckedDeclaration>): Declaration[] {
  const out: Declaration[] = [];
  for (const d of declarations) {
    if (rejected.has(d)) continue;
    if (d.kind === "RoleDecl") {
      out.push(d);
    } else {
      const policy = policyOf(d);
      if (policy !== null) out.push(policy);
    }
  }
  return out;
}

/** Offsets of the error diagnostics so far, sorted. */
function errorOffsets(diagnostics: readonly Diagnostic[]): number[] {
  return diagnostics
    .filter((d) => d.severity === "error" && d.offset !== undefined)
    .map((d) => d.offset as number)
    .sort((a, b) => a - b);
}

/** Whether a sorted list holds a value in [start, end). */
function containsAny(sorted: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && (sorted[lo] as number) < end;
}

function capped(diagnostics: Diagnostic[], uncounted: number, lines: LineIndex): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS && uncounted === 0) return diagnostics;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const more = diagnostics.length - kept.length + uncounted;
  const last = kept.length > 0 ? kept[kept.length - 1] : undefined;
  const at = lines.span(last?.offset ?? 0, last?.offset ?? 0);
  kept.push(diagnosticAt(at, CODES.tooManyErrors, `too many errors; ${more} more not shown`));
  return kept;
}
