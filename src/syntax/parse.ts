/**
 * `parse`: text → tokens → CST → AST → single-source static checks.
 *
 * Never throws. Bounds come first: the size limit before lexing, the nesting limit
 * before the recursive parser. Every problem is a diagnostic, sorted by position; the
 * AST holds only the declarations that are well formed (no diagnostic inside them and
 * no static rule broken), so a caller can never evaluate a half-parsed policy.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { EOF } from "./chevrotain.js";
import type { CheckedDeclaration } from "../check/policy-clauses.js";
import { policyOf } from "../check/policy-clauses.js";
import { runRules } from "../check/run-rules.js";
import { type ReportedDiagnostic, diagnosticAt, sortDiagnostics } from "../errors.js";
import type { Declaration, SourceFile } from "../model/ast.js";
import { SOURCE_LIMITS } from "../model/limits.js";
import { CODES } from "./codes.js";
import { CstToAst } from "./cst-to-ast.js";
import type { DeclarationCstNode } from "./cst-types.js";
import { lexRange, tokenEnd } from "./lexer.js";
import { LineIndex } from "./lines.js";
import { limitNesting } from "./nesting.js";
import { foundInstead, HELP_SEPARATOR } from "./parse-errors.js";
import { parser } from "./parser.js";
import { shorten } from "./shorten.js";
import { DiagnosticSink, MAX_DIAGNOSTICS } from "./sink.js";
import { DeclarationSplitter, type Piece } from "./split.js";
import { markVerified } from "../check/verified.js";
import { markIncomplete } from "../check/incomplete.js";
import { markWellFormed } from "../check/well-formed.js";

/** What `parse` returns: the source file with its well-formed declarations, and every diagnostic. */
export interface ParseResult {
  readonly ast: SourceFile;
  readonly diagnostics: ReportedDiagnostic[];
}

/** Lines lexed at a time: large enough to amortize, small enough for tokens to die young. */
const CHUNK_SIZE = 16 * 1024;

/**
 * Parses one `.mcpolicy` source (spec §2–§3) and runs the single-source checks. Never
 * throws: every problem is a diagnostic, and the AST holds only well-formed declarations.
 */
export function parse(text: unknown, name?: string): ParseResult {
  return parseChunked(text, name, CHUNK_SIZE);
}

/** `parse`, lexing about `chunkSize` characters at a time (tests use tiny chunks). */
export function parseChunked(text: unknown, name: string | undefined, chunkSize: number): ParseResult {
  const result = parseGuarded(text, name, chunkSize);
  // Declarations with errors were left out: this AST alone must not make a policy set.
  if (result.diagnostics.some((d) => d.severity === "error")) markIncomplete(result.ast);
  return result;
}

function parseGuarded(text: unknown, name: string | undefined, chunkSize: number): ParseResult {
  const source = typeof name === "string" ? name : undefined;
  try {
    return parseText(text, source, Math.max(1, Math.floor(chunkSize)));
  } catch (error) {
    // A bug in the front end must fail closed: no declarations, one diagnostic.
    const lines = new LineIndex("", source);
    return {
      ast: emptyFile(source, lines),
      diagnostics: [
        diagnosticAt(
          lines.span(0, 0),
          CODES.internalError,
          `internal error while parsing: ${error instanceof Error ? shorten(`${error.name}: ${error.message}`, 200) : "unknown error"}`,
        ),
      ],
    };
  }
}

function emptyFile(source: string | undefined, lines: LineIndex, length = 0): SourceFile {
  return { kind: "SourceFile", name: source ?? "", declarations: [], span: lines.span(0, length) };
}

function parseText(text: unknown, source: string | undefined, chunkSize: number): ParseResult {
  if (typeof text !== "string") {
    const lines = new LineIndex("", source);
    const got = kindOf(text);
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
  const sink = new DiagnosticSink();
  const { declarations: parsed, stoppedAt } = parseDeclarations(text, lines, sink, chunkSize);

  // A declaration with a lexical or syntax error inside is left out before the static
  // rules run: its "missing clause" would only echo the typo already reported.
  const syntaxErrors = [...sink.errorOffsets].sort((x, y) => x - y);
  const declarations = parsed.filter((d) => !containsAny(syntaxErrors, d.span.start.offset, d.span.end.offset));
  const checked = runRules(declarations);
  for (const diagnostic of checked.diagnostics) sink.report(() => diagnostic);

  const ast: SourceFile = {
    kind: "SourceFile",
    name: source ?? "",
    declarations: wellFormed(declarations, checked.rejected),
    span: lines.span(0, text.length),
  };
  markWellFormed(ast);
  return { ast, diagnostics: summarized(sortDiagnostics(sink.diagnostics), sink.suppressed, lines, stoppedAt) };
}

/**
 * Lexes a chunk of lines at a time and parses each declaration as soon as the next one
 * starts (see split.ts), so tokens and CSTs die young: a large file never holds all of
 * its tokens at once. Lexing line-aligned chunks is exact because no token spans a line
 * break. A piece whose parse stopped early ran into the next declaration: its "end of
 * input" is reported at that declaration's first token ("found `policy`").
 */
function parseDeclarations(
  text: string,
  lines: LineIndex,
  sink: DiagnosticSink,
  chunkSize: number,
): { declarations: CheckedDeclaration[]; stoppedAt: number | null } {
  // A leading BOM becomes a space: same length, so offsets still index `text`.
  const input = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const converter = new CstToAst(lines);
  const splitter = new DeclarationSplitter();
  const out: CheckedDeclaration[] = [];
  // Once the diagnostics are full, the source cannot load: parsing the rest would only
  // count errors, and error recovery costs tens of µs each (megabytes of `role role …`
  // took seconds per MiB). Lexing goes on (cheap), parsing stops.
  let stoppedAt: number | null = null;
  const parsePiece = (piece: Piece): void => {
    if (stoppedAt !== null) return;
    if (sink.diagnostics.length >= MAX_DIAGNOSTICS) {
      stoppedAt = piece.tokens[0]?.startOffset ?? null;
      return;
    }
    parser.begin(limitNesting(piece.tokens, lines, sink));
    // chevrotain reports each syntax error as an Error, and on junk it recovers from one
    // per token: without stack traces (which it never reads) that costs ~30× less.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let cst: DeclarationCstNode;
    try {
      cst = parser.declaration() as DeclarationCstNode;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    const errors = parser.errors;
    for (const error of errors) {
      // A syntax error that only echoes a lexical one (the `=` already reported as "did
      // you mean `==`?", the token after a dropped `é`, the end of input an unterminated
      // string ran into) is not reported again; the declaration is broken either way.
      if (!echoesLexicalError(error, piece.tokens, sink.errorOffsets)) addParseError(error, piece.next, text, lines, sink);
    }
    if (parser.recoveryStopped && errors.length > 0) {
      const first = errors[0]?.token;
      const at = first !== undefined && !Number.isNaN(first.startOffset) ? first.startOffset : (piece.tokens[0]?.startOffset ?? 0);
      sink.report(() =>
        diagnosticAt(lines.span(at, at), CODES.tooManyErrors, "this declaration has too many errors, or is too large to recover from one: the rest of it was not checked"),
      );
    }
    // A piece with a syntax error yields nothing (its error may sit on the next piece's
    // first token, so this is decided per piece, not by position). Stray tokens after a
    // complete declaration ("not all input parsed") leave that declaration intact.
    const broken = errors.some((e) => e.name !== "NotAllInputParsedException");
    const declaration = broken ? null : converter.declaration(cst);
    if (declaration !== null) out.push(declaration);
    else if (!broken) {
      // A declaration the parser accepted but that cannot be built: never dropped in
      // silence (it could be a deny), but reported, so the source does not load.
      const at = piece.tokens[0]?.startOffset ?? 0;
      sink.report(() => diagnosticAt(lines.span(at, at), CODES.internalError, "internal error while parsing: a declaration could not be read"));
    }
  };
  let before: IToken[] = [];
  for (let from = 0; from < input.length; ) {
    const to = lineStartAfter(input, from + chunkSize);
    const tokens = lexRange(input, from, to, lines, sink, before);
    // The last two tokens, across chunks of one token (what an `=` follows).
    if (tokens.length > 0) before = tokens.length >= 2 ? tokens.slice(-2) : [...before.slice(-1), ...tokens];
    for (const piece of splitter.push(tokens)) parsePiece(piece);
    from = to;
  }
  for (const piece of splitter.finish()) parsePiece(piece);
  parser.input = [];
  return { declarations: out, stoppedAt };
}

/**
 * Whether a syntax error sits where a lexical error already was: on a token that had one
 * (retyped, like `=` read as `==`), right after characters no token matched (dropped),
 * or at the end of a piece whose last token had one (an unterminated string).
 */
function echoesLexicalError(error: IRecognitionException, tokens: readonly IToken[], lexical: readonly number[]): boolean {
  if (lexical.length === 0) return false;
  const token: IToken = error.token;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  if (atEnd) {
    const last = tokens[tokens.length - 1];
    return last !== undefined && lexical.includes(last.startOffset);
  }
  if (lexical.includes(token.startOffset)) return true;
  // The gap between the previous token and this one: a lexical error there was dropped text.
  const index = tokenIndex(tokens, token.startOffset);
  const previous = index > 0 ? tokens[index - 1] : undefined;
  const gapStart = previous === undefined ? 0 : tokenEnd(previous);
  return lexical.some((offset) => offset >= gapStart && offset < token.startOffset);
}

/** The index of the token starting at `offset` in offset-ordered tokens (or where it would be). */
function tokenIndex(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as IToken).startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first line start at or after `at` (or the end of the text). Scans only to the
 * next line break: `indexOf("\r")` would run to the end of an LF-only text every chunk.
 */
function lineStartAfter(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

/** A parse error at its token; at the end of a piece, at the next piece's first token. */
function addParseError(
  error: IRecognitionException,
  next: IToken | undefined,
  text: string,
  lines: LineIndex,
  sink: DiagnosticSink,
): void {
  const token: IToken = error.token;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  sink.report(() => {
    const [message = "syntax error", help] = error.message.split(HELP_SEPARATOR);
    const options = help === undefined ? {} : { help };
    if (!atEnd) {
      return diagnosticAt(lines.span(token.startOffset, tokenEnd(token)), CODES.unexpectedToken, message, options);
    }
    if (next !== undefined) {
      return diagnosticAt(lines.span(next.startOffset, tokenEnd(next)), CODES.unexpectedToken, foundInstead(message, next.image), options);
    }
    return diagnosticAt(lines.span(text.length, text.length), CODES.unexpectedEnd, message, options);
  });
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
      if (policy !== null) {
        markVerified(policy);
        out.push(policy);
      }
    }
  }
  return out;
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

/** The kept diagnostics, and one more saying how many were left out (or where parsing stopped). */
function summarized(diagnostics: ReportedDiagnostic[], suppressed: number, lines: LineIndex, stoppedAt: number | null): ReportedDiagnostic[] {
  if (suppressed === 0 && stoppedAt === null) return diagnostics;
  const last = diagnostics.length > 0 ? diagnostics[diagnostics.length - 1] : undefined;
  const at = lines.span(last?.offset ?? 0, last?.offset ?? 0);
  const message =
    stoppedAt === null
      ? `too many errors; ${suppressed} more not shown`
      : `too many errors; parsing stopped at line ${lines.span(stoppedAt, stoppedAt).start.line}${suppressed > 0 ? ` (and ${suppressed} more lexical errors not shown)` : ""}`;
  return [...diagnostics, diagnosticAt(at, CODES.tooManyErrors, message)];
}

/** What a non-string source is, for the message; a revoked Proxy throws even on `Array.isArray`. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  try {
    return Array.isArray(value) ? "array" : typeof value;
  } catch {
    return typeof value;
  }
}
