/**
 * Token definitions of `.mcpolicy` (spec §2).
 *
 * Keywords are not lexed by patterns of their own (`LEXER_TOKENS` leaves them out):
 * every word is lexed as an `Identifier`, and the lexer post-pass (lexer.ts) retypes a
 * word spelled exactly like a keyword (so `policyx` stays one identifier). One match per
 * word, where a keyword pattern plus a `longer_alt: Identifier` cost chevrotain two
 * matches and three strings.
 *
 * Order matters: chevrotain tries patterns in array order, so two-character operators
 * come before their one-character prefixes, and the error tokens
 * (`BadString`, `NumberLike`, `SingleEquals`, `Unknown` …) after the valid ones: every
 * character becomes some token, and the lexer post-pass (lexer.ts) explains the
 * malformed ones. No token spans a line break (strings hold no raw CR or LF), which
 * lets parse.ts lex a long file a chunk of lines at a time.
 */
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";
import { scanJsonString, scanQuotedToLineEnd } from "./string-scan.js";

/** Any word: identifiers and keywords. After `.`, any word is a member (`env.user`). */
export const Word = createToken({ name: "Word", pattern: Lexer.NA });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Word] });

/**
 * A keyword. Its pattern only documents the spelling (the railroad diagrams show it):
 * the lexer never tries it, it retypes identifiers (see above).
 */
function keyword(word: string): TokenType {
  return createToken({
    name: `Kw_${word}`,
    label: `\`${word}\``,
    pattern: new RegExp(word),
    categories: [Word],
  });
}

export const Policy = keyword("policy");
export const Role = keyword("role");
export const Includes = keyword("includes");
export const Allow = keyword("allow");
export const Deny = keyword("deny");
export const Priority = keyword("priority");
export const Subject = keyword("subject");
export const User = keyword("user");
export const Group = keyword("group");
export const Action = keyword("action");
export const Resource = keyword("resource");
export const When = keyword("when");
export const Unless = keyword("unless");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const In = keyword("in");
export const Contains = keyword("contains");
export const Matches = keyword("matches");
export const Has = keyword("has");
export const True = keyword("true");
export const False = keyword("false");
export const Null = keyword("null");
export const Env = keyword("env");

/** Every keyword of spec §2, in spec order. */
export const KEYWORD_TOKENS: readonly TokenType[] = [
  Policy,
  Role,
  Includes,
  Allow,
  Deny,
  Priority,
  Subject,
  User,
  Group,
  Action,
  Resource,
  When,
  Unless,
  And,
  Or,
  Not,
  In,
  Contains,
  Matches,
  Has,
  True,
  False,
  Null,
  Env,
];

/** The keyword spellings, for "did you mean" hints. */
export const KEYWORDS: readonly string[] = KEYWORD_TOKENS.map((t) => t.name.slice(3));

/** Each keyword's token type by its spelling (a `Map`: no `Object.prototype` lookups). */
export const KEYWORD_BY_SPELLING: ReadonlyMap<string, TokenType> = new Map(KEYWORD_TOKENS.map((t) => [t.name.slice(3), t]));

/** Whitespace is space, tab, CR and LF; any mix of line breaks counts (see lines.ts). */
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

/** `#` or `//` to the end of the line (LF or CR). */
export const Comment = createToken({ name: "Comment", pattern: /(?:#|\/\/)[^\r\n]*/, group: Lexer.SKIPPED });

/** Exactly a JSON string (scanned by hand: see string-scan.ts). */
export const StringLiteral = createToken({
  name: "StringLiteral",
  label: "string",
  pattern: { exec: scanJsonString },
  start_chars_hint: ['"'],
  line_breaks: false,
});

/**
 * A string that is not valid JSON: a bad escape, a raw control character, or no closing
 * quote before the end of the line. The lexer post-pass reports it and hands the parser a
 * `StringLiteral` in its place, so parsing continues.
 */
export const BadString = createToken({
  name: "BadString",
  label: "string",
  pattern: { exec: scanQuotedToLineEnd(0x22) },
  start_chars_hint: ['"'],
  line_breaks: false,
});

/** `'…'`: reported, then read as the string the author meant. */
export const SingleQuoted = createToken({
  name: "SingleQuoted",
  pattern: { exec: scanQuotedToLineEnd(0x27) },
  start_chars_hint: ["'"],
  line_breaks: false,
});

/**
 * A number as the parser sees it: spec `-?(0|[1-9][0-9]*)(\.[0-9]+)?`. Never produced by
 * the lexer directly; the post-pass turns a `NumberLike` that is exactly this into one.
 */
export const NumberLiteral = createToken({ name: "NumberLiteral", label: "number", pattern: Lexer.NA });

/** The spelling of a valid number (spec §2). */
export const NUMBER_SYNTAX = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/**
 * Anything that starts like a number, valid or not (`01`, `1.`, `1e5`, `12abc`), so a
 * malformed number is one clear diagnostic rather than several tokens.
 */
export const NumberLike = createToken({
  name: "NumberLike",
  label: "number",
  pattern: /-?[0-9][0-9A-Za-z_]*(?:\.[0-9A-Za-z_]*)?/,
});

export const LCurly = createToken({ name: "LCurly", label: "`{`", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", label: "`}`", pattern: /\}/ });
export const LSquare = createToken({ name: "LSquare", label: "`[`", pattern: /\[/ });
export const RSquare = createToken({ name: "RSquare", label: "`]`", pattern: /\]/ });
export const LParen = createToken({ name: "LParen", label: "`(`", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", label: "`)`", pattern: /\)/ });
export const Comma = createToken({ name: "Comma", label: "`,`", pattern: /,/ });
export const Dot = createToken({ name: "Dot", label: "`.`", pattern: /\./ });
export const Star = createToken({ name: "Star", label: "`*`", pattern: /\*/ });

/** Comparison operators share a category so the grammar names them once. */
export const CompareOperator = createToken({ name: "CompareOperator", label: "comparison operator", pattern: Lexer.NA });
export const EqEq = createToken({ name: "EqEq", label: "`==`", pattern: /==/, categories: [CompareOperator] });
export const NotEq = createToken({ name: "NotEq", label: "`!=`", pattern: /!=/, categories: [CompareOperator] });
export const LessEq = createToken({ name: "LessEq", label: "`<=`", pattern: /<=/, categories: [CompareOperator] });
export const Less = createToken({ name: "Less", label: "`<`", pattern: /</, categories: [CompareOperator] });
export const GreaterEq = createToken({ name: "GreaterEq", label: "`>=`", pattern: />=/, categories: [CompareOperator] });
export const Greater = createToken({ name: "Greater", label: "`>`", pattern: />/, categories: [CompareOperator] });

/*
 * Error tokens: never reach the parser. The lexer post-pass reports each one and, where
 * the intent is clear, substitutes the token the author meant (`=` → `==`, `&&` → `and`),
 * so one typo gives one diagnostic instead of a cascade.
 */
export const SingleEquals = createToken({ name: "SingleEquals", pattern: /=/ });
export const AmpAmp = createToken({ name: "AmpAmp", pattern: /&&?/ });
export const PipePipe = createToken({ name: "PipePipe", pattern: /\|\|?/ });
export const Bang = createToken({ name: "Bang", pattern: /!/ });

/**
 * A run of characters that start no token: ASCII ones, and anything beyond ASCII (which
 * may only appear inside strings and comments). One token per run keeps the lexer fast
 * on garbage: chevrotain's own error path costs far more per character. Written as a
 * positive set so chevrotain can still index tokens by first character.
 */
export const Unknown = createToken({
  name: "Unknown",
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are unknown characters
  pattern: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f$%^~`;:?@+\\\u0080-\uffff]+/,
});

/** `-` or `/` starting no number or comment (a run of `-` at once); reported like `Unknown`. */
export const StrayPunctuation = createToken({ name: "StrayPunctuation", pattern: /-+|\// });

/** Tokens in lexing order. */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  BadString,
  SingleQuoted,
  NumberLike,
  NumberLiteral,
  ...KEYWORD_TOKENS,
  Identifier,
  Word,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  LParen,
  RParen,
  Comma,
  Dot,
  Star,
  EqEq,
  NotEq,
  LessEq,
  Less,
  GreaterEq,
  Greater,
  CompareOperator,
  SingleEquals,
  AmpAmp,
  PipePipe,
  Bang,
  Unknown,
  StrayPunctuation,
];

/** The tokens the lexer tries, in order: all but the keywords (see above). */
export const LEXER_TOKENS: readonly TokenType[] = ALL_TOKENS.filter((t) => !KEYWORD_TOKENS.includes(t));
