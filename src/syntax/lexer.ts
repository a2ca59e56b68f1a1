/**
 * text → tokens. One chevrotain `Lexer`, then a post-pass that turns every error token
 * into a diagnostic and, where the author's intent is clear, into the token they meant
 * (`=` → `==`, `&&` → `and`, a malformed string → a string), so the parser goes on and
 * one typo gives one diagnostic.
 */
import type { IToken, TokenType } from "chevrotain";
import { Lexer } from "./chevrotain.js";
import { type ReportedDiagnostic, diagnosticAt } from "../errors.js";
import { SOURCE_LIMITS } from "../model/limits.js";
import { CODES } from "./codes.js";
import type { LineIndex } from "./lines.js";
import type { DiagnosticSink } from "./sink.js";
import { shorten } from "./shorten.js";
import {
  AmpAmp,
  And,
  Bang,
  BadString,
  EqEq,
  Action,
  Identifier,
  KEYWORD_BY_SPELLING,
  GreaterEq,
  LessEq,
  Matches,
  NotEq,
  Includes,
  KEYWORD_TOKENS,
  LEXER_TOKENS,
  Not,
  NUMBER_SYNTAX,
  NumberLike,
  NumberLiteral,
  Or,
  PipePipe,
  Policy,
  Priority,
  Resource,
  Role,
  SingleEquals,
  SingleQuoted,
  StrayPunctuation,
  StringLiteral,
  Subject,
  Unknown,
} from "./tokens.js";

const lexer = new Lexer(LEXER_TOKENS as TokenType[], {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
});

/**
 * Lexes `text` from `from` to `to` (both at line starts, or the ends of the text: no
 * token spans a line break, so lexing line-aligned pieces separately is exact). Token
 * offsets index the whole text. A leading BOM must already be replaced by a space.
 */
export function lexRange(
  text: string,
  from: number,
  to: number,
  lines: LineIndex,
  sink: DiagnosticSink,
  /** The last tokens of the range before (what an `=` follows, across chunks). */
  before: readonly IToken[] = [],
): IToken[] {
  const result = lexer.tokenize(from === 0 && to === text.length ? text : text.slice(from, to));
  if (from !== 0) {
    for (const token of result.tokens) {
      token.startOffset += from;
      if (token.endOffset !== undefined) token.endOffset += from;
    }
  }
  // `make` gets the token as an argument: a closure in the loop below that captured the
  // loop's `token` would make V8 allocate a scope object for every token, used or not.
  const report = (token: IToken, make: (token: IToken) => ReportedDiagnostic): void => sink.add(token.startOffset, () => make(token));
  // `=~` (a regex match) and `=!` (`!=` reversed) are one mistake each: the character
  // after the `=` goes into the `=`'s diagnostic instead of getting its own.
  const joined = new Map<IToken, string>();
  const absorbed = new Set<IToken>();
  for (let i = 0; i + 1 < result.tokens.length; i++) {
    const token = result.tokens[i] as IToken;
    const next = result.tokens[i + 1] as IToken;
    if (token.tokenType !== SingleEquals || next.startOffset !== token.startOffset + 1) continue;
    if (next.tokenType === Bang) {
      joined.set(token, "!");
      absorbed.add(next);
    } else if (next.tokenType === Unknown && next.image.startsWith("~")) {
      joined.set(token, "~");
      if (next.image.length === 1) absorbed.add(next);
      else {
        // `=~@`: the rest of the run is still reported as unexpected characters.
        next.image = next.image.slice(1);
        next.startOffset += 1;
      }
    }
  }
  // Characters no token matches (chevrotain lexer errors and `Unknown` runs); adjacent
  // ones are one diagnostic: `@@@` is one mistake.
  const unknown: { offset: number; length: number }[] = result.errors.map((e) => ({ offset: e.offset + from, length: e.length }));
  for (const token of result.tokens) {
    if ((token.tokenType === Unknown || token.tokenType === StrayPunctuation) && !absorbed.has(token)) unknown.push({ offset: token.startOffset, length: token.image.length });
  }
  // Both lists are in offset order; chevrotain errors are rare (the error tokens cover
  // nearly every character), so sort only when there are any.
  if (result.errors.length > 0) unknown.sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < unknown.length; i++) {
    const first = unknown[i] as { offset: number; length: number };
    let stop = first.offset + first.length;
    while (i + 1 < unknown.length && (unknown[i + 1] as { offset: number }).offset === stop) {
      i++;
      const next = unknown[i] as { offset: number; length: number };
      stop = next.offset + next.length;
    }
    const image = text.slice(first.offset, stop);
    sink.add(first.offset, () =>
      diagnosticAt(
        lines.span(first.offset, stop),
        CODES.unexpectedCharacter,
        `unexpected character${[...image.slice(0, 4)].length > 1 ? "s" : ""} \`${shorten(image)}\``,
        unknownHelp(image),
      ),
    );
  }
  const tokens: IToken[] = [];
  const input = result.tokens;
  for (let i = 0; i < input.length; i++) {
    const token = input[i] as IToken;
    if (absorbed.size > 0 && absorbed.has(token)) continue;
    const type = token.tokenType;
    if (type === StringLiteral) {
      checkStringSize(token, lines, sink);
      tokens.push(token);
    } else if (type === NumberLike) {
      const split = NUMBER_SYNTAX.test(token.image) ? null : numberThenKeyword(token);
      if (split !== null) {
        tokens.push(...split);
        continue;
      }
      if (!NUMBER_SYNTAX.test(token.image)) {
        report(token, (t) => malformedNumber(t, lines));
      } else if (!Number.isFinite(Number(token.image))) {
        // Well spelled, but past the largest double: it would read as Infinity, which is no JSON value.
        report(token, (t) =>
          diagnosticAt(spanOf(t, lines), CODES.malformedNumber, `number \`${shorten(t.image)}\` is too large`, {
            help: "numbers are finite doubles: at most about 1.8e308 in magnitude",
          }),
        );
      }
      tokens.push(retype(token, NumberLiteral));
    } else if (type === BadString) {
      checkStringSize(token, lines, sink);
      report(token, (t) => malformedString(t, lines));
      tokens.push(retype(token, StringLiteral));
    } else if (type === SingleQuoted) {
      report(token, (t) =>
        diagnosticAt(spanOf(t, lines), CODES.singleQuotedString, `single-quoted string \`${shorten(t.image)}\``, {
          help: 'strings are written in double quotes: `"…"`',
        }),
      );
      tokens.push(retype(token, StringLiteral));
    } else if (type === SingleEquals && joined.has(token)) {
      const regex = joined.get(token) === "~";
      report(token, (t) =>
        diagnosticAt(lines.span(t.startOffset, t.startOffset + 2), CODES.singleEquals, `unexpected \`=${regex ? "~" : "!"}\``, {
          help: regex ? 'did you mean `matches`? It takes a glob pattern: `resource.path matches "/tmp/*"`' : "did you mean `!=`?",
        }),
      );
      tokens.push(retype(token, regex ? Matches : NotEq));
    } else if (type === SingleEquals && isExtraEquals(token, tokens[tokens.length - 1])) {
      // `!==`, `===`, `<==`, `>==`: an operator with one `=` too many. Dropped, so parsing
      // goes on with the operator before it.
      const operator = (tokens[tokens.length - 1] as IToken).image;
      report(token, (t) =>
        diagnosticAt(spanOf(t, lines), CODES.singleEquals, "unexpected `=`", { help: `did you mean \`${operator}\`?` }),
      );
    } else if (type === SingleEquals) {
      // After a clause keyword or a policy name (`priority = 5`, `policy p = {`) the `=`
      // is simply extra; elsewhere it is a comparison missing its second `=`.
      const previous = tokens.length >= 1 ? tokens[tokens.length - 1] : before[before.length - 1];
      const twoBack = tokens.length >= 2 ? tokens[tokens.length - 2] : tokens.length === 1 ? before[before.length - 1] : before[before.length - 2];
      const extra = previous !== undefined && (CLAUSE_OPENERS.has(previous.tokenType) || twoBack?.tokenType === Policy);
      report(token, (t) =>
        diagnosticAt(spanOf(t, lines), CODES.singleEquals, "unexpected `=`", {
          help: extra ? "remove it: clauses and policy names take no `=` (`priority 5`)" : "did you mean `==`?",
        }),
      );
      tokens.push(retype(token, EqEq));
    } else if (type === AmpAmp || type === PipePipe || type === Bang) {
      const meant = type === AmpAmp ? "and" : type === PipePipe ? "or" : "not";
      report(token, (t) =>
        diagnosticAt(spanOf(t, lines), CODES.foreignOperator, `unexpected \`${t.image}\``, {
          help: `did you mean \`${meant}\`?`,
        }),
      );
      tokens.push(retype(token, type === AmpAmp ? And : type === PipePipe ? Or : Not));
    } else if (type === Identifier) {
      // A word spelled like a keyword is that keyword (see tokens.ts).
      const keyword = KEYWORD_BY_SPELLING.get(token.image);
      tokens.push(keyword === undefined ? token : retype(token, keyword));
    } else if (type !== Unknown && type !== StrayPunctuation) {
      tokens.push(token);
    }
  }
  return tokens;
}

export function spanOf(token: IToken, lines: LineIndex) {
  return lines.span(token.startOffset, tokenEnd(token));
}

/** The token as another type; tokens are fresh from the lexer, so in place. */
/** Keywords a clause or declaration starts with: an `=` right after one is extra. */
const CLAUSE_OPENERS: ReadonlySet<TokenType> = new Set([Priority, Subject, Action, Resource, Role, Includes]);

/** Whether an `=` comes right after a two-character comparison operator (`!==`). */
function isExtraEquals(token: IToken, previous: IToken | undefined): boolean {
  return (
    previous !== undefined &&
    TWO_CHARACTER_OPERATORS.has(previous.tokenType) &&
    previous.image.length === 2 &&
    tokenEnd(previous) === token.startOffset
  );
}

const TWO_CHARACTER_OPERATORS: ReadonlySet<TokenType> = new Set([EqEq, NotEq, LessEq, GreaterEq]);

function retype(token: IToken, type: TokenType): IToken {
  token.tokenType = type;
  token.tokenTypeIdx = type.tokenTypeIdx as number;
  return token;
}

function checkStringSize(token: IToken, lines: LineIndex, sink: DiagnosticSink): void {
  const max = SOURCE_LIMITS.maxStringBytes;
  // The literal's text between its quotes, as written (escapes undecoded): a string of
  // exactly 64 KiB is not "longer than 64 KiB" (spec §3). A UTF-16 code unit is at most
  // 3 UTF-8 bytes: skip the exact count for short strings.
  const content = token.image.length - 2;
  if (content * 3 <= max) return;
  const bytes = Buffer.byteLength(token.image, "utf8") - 2;
  if (bytes > max) {
    sink.add(token.startOffset, () =>
      diagnosticAt(
        lines.span(token.startOffset, token.startOffset + 1),
        CODES.stringTooLong,
        `string literal is too long (${bytes} bytes; the limit is ${max})`,
      ),
    );
  }
}

/**
 * A number written right against a keyword (`x == 1and y == 2`): spec §2's tokens, read
 * longest first, are the number and then the keyword, so that is how it is read. Any
 * other letters after a number (`12abc`, `1e5`) are reported as a malformed number —
 * read as two tokens they could never parse either. Null when the image is not such a pair.
 */
function numberThenKeyword(token: IToken): IToken[] | null {
  const match = NUMBER_THEN_WORD.exec(token.image);
  if (match === null) return null;
  const [, number, word] = match as unknown as [string, string, string];
  const keyword = KEYWORD_TOKENS.find((type) => type.name === `Kw_${word}`);
  if (keyword === undefined) return null;
  const at = token.startOffset + number.length;
  const first: IToken = { ...token, image: number, endOffset: at - 1, tokenType: NumberLiteral, tokenTypeIdx: NumberLiteral.tokenTypeIdx as number };
  const second: IToken = { ...token, image: word, startOffset: at, tokenType: keyword, tokenTypeIdx: keyword.tokenTypeIdx as number };
  return [first, second];
}

const NUMBER_THEN_WORD = /^(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)([A-Za-z_][A-Za-z0-9_]*)$/;

/** `1_000`, `-2_500.5`: a valid number but for `_` between its digits (what some languages allow). */
function digitSeparated(image: string): boolean {
  return image.includes("_") && /^[-0-9._]+$/.test(image) && NUMBER_SYNTAX.test(image.replaceAll("_", ""));
}

function malformedNumber(token: IToken, lines: LineIndex): ReportedDiagnostic {
  const image = token.image;
  let help = "numbers are written `-?(0|[1-9][0-9]*)(.[0-9]+)?`";
  if (/^-?0[0-9]/.test(image)) help = "numbers have no leading zeros";
  else if (/[eE]/.test(image) && /^-?[0-9.]+[eE][0-9]*$/.test(image)) help = "numbers have no exponent";
  else if (/\.$/.test(image)) help = "a `.` in a number must be followed by digits";
  else if (digitSeparated(image)) help = `numbers have no \`_\` digit separators: write \`${shorten(image.replaceAll("_", ""))}\``;
  else if (/[A-Za-z_]/.test(image)) help = "a name cannot start with a digit";
  return diagnosticAt(spanOf(token, lines), CODES.malformedNumber, `malformed number \`${shorten(image)}\``, { help });
}

function malformedString(token: IToken, lines: LineIndex): ReportedDiagnostic {
  const image = token.image;
  for (let i = 1; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c === 0x5c) {
      if (i + 1 >= image.length) break;
      const next = image.charAt(i + 1);
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(image.slice(i + 2, i + 6))) {
          // The escape is `\u` and the hex digits that follow (at most four), never the closing quote.
          let end = i + 2;
          while (end < i + 6 && end < image.length && /[0-9a-fA-F]/.test(image.charAt(end))) end++;
          return diagnosticAt(
            lines.span(token.startOffset + i, token.startOffset + end),
            CODES.badEscape,
            `invalid escape \`${shorten(image.slice(i, end))}\` in string`,
            { help: "`\\u` takes exactly four hexadecimal digits" },
          );
        }
        i += 5;
        continue;
      }
      if (!'"\\/bfnrt'.includes(next)) {
        return diagnosticAt(
          lines.span(token.startOffset + i, token.startOffset + i + 2),
          CODES.badEscape,
          `invalid escape \`\\${shorten(next)}\` in string`,
          { help: 'strings use JSON escapes: `\\"` `\\\\` `\\/` `\\b` `\\f` `\\n` `\\r` `\\t` `\\uXXXX`' },
        );
      }
      i++;
    } else if (c === 0x22) {
      break;
    } else if (c < 0x20) {
      return diagnosticAt(
        lines.span(token.startOffset + i, token.startOffset + i + 1),
        CODES.controlCharacter,
        `raw control character U+${c.toString(16).toUpperCase().padStart(4, "0")} in string`,
        { help: `write it as an escape, e.g. \`\\u${c.toString(16).padStart(4, "0")}\`` },
      );
    }
  }
  return diagnosticAt(
    lines.span(token.startOffset, token.startOffset + 1),
    CODES.unterminatedString,
    "unterminated string",
    { help: "a string ends with `\"` on the same line" },
  );
}

function unknownHelp(image: string): { help?: string } {
  if (image === "\ufeff") return { help: "a byte-order mark is only allowed at the very start" };
  if (image === "/") return { help: "comments start with `#` or `//`" };
  if (image.startsWith("-")) return { help: "a `-` must be followed by digits" };
  return {};
}

/** Exclusive end offset of a token. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}
