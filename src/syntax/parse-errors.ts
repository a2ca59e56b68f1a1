/**
 * Parse error messages: lowercase, one line, user text in backticks, with a help hint
 * where one is likely right (a misspelled keyword, a keyword used as a name).
 *
 * Chevrotain asks a message provider for a string; the help travels in the same string
 * after HELP_SEPARATOR and parse.ts splits it off into `Diagnostic.help`.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { EOF, tokenMatcher } from "./chevrotain.js";
import { shorten } from "./shorten.js";
import { closest } from "./suggest.js";
import {
  Action,
  Allow,
  Comma,
  CompareOperator,
  Deny,
  Identifier,
  KEYWORD_TOKENS,
  KEYWORDS,
  LSquare,
  NumberLiteral,
  Policy,
  Priority,
  RCurly,
  Resource,
  Role,
  RSquare,
  Star,
  StringLiteral,
  Subject,
  Unless,
  User,
  When,
  Word,
} from "./tokens.js";

export const HELP_SEPARATOR = "\u0000";

const CLAUSE_KEYWORDS = [Allow, Deny, Priority, Subject, Action, Resource, When, Unless];
const KEYWORD_SET = new Set<TokenType>(KEYWORD_TOKENS);

/** A token type as the reader knows it. */
function describe(type: TokenType): string {
  if (type === EOF) return "end of input";
  if (type === Identifier) return "a name";
  if (type === Word) return "a member name";
  if (type === StringLiteral) return "a string";
  if (type === NumberLiteral) return "a number";
  if (type === CompareOperator) return "a comparison operator";
  return type.LABEL ?? `\`${type.name}\``;
}

function found(token: IToken): string {
  if (tokenMatcher(token, EOF)) return "end of input";
  if (tokenMatcher(token, StringLiteral)) return `string \`${shorten(token.image)}\``;
  return `\`${shorten(token.image)}\``;
}

function list(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length === 0) return "something else";
  if (unique.length === 1) return unique[0] as string;
  return `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

/** The help for an unexpected token, given the keywords that would have fit. */
function hint(actual: IToken, expected: readonly TokenType[]): string | undefined {
  if (tokenMatcher(actual, Identifier)) {
    const fitting = expected.filter((t) => KEYWORD_SET.has(t)).map((t) => t.name.slice(3));
    const guess = closest(actual.image, fitting) ?? closest(actual.image, KEYWORDS);
    return guess === undefined ? undefined : `did you mean \`${guess}\`?`;
  }
  if (KEYWORD_SET.has(actual.tokenType) && expected.includes(Identifier)) {
    return `\`${actual.image}\` is a keyword; to use it as a name, quote it: \`"${actual.image}"\``;
  }
  return undefined;
}

const AT_END = "unexpected end of input, expected ";

const ROLE_IN_POLICY =
  "roles are declared at top level, outside any policy (`role NAME` before it); inside a policy, `subject role NAME` matches a role";

/** Rewrites an end-of-input message for a piece that stopped at the next declaration. */
export function foundInstead(message: string, image: string): string {
  return message.startsWith(AT_END) ? `expected ${message.slice(AT_END.length)}, found \`${image}\`` : message;
}

/**
 * What may follow a list's `,` only when the list ended there: the next clause or
 * declaration, a closing bracket, the end. After `,` it means a trailing comma (more
 * likely than a keyword meant as a name: `subject user alice,` then `action *`).
 */
const AFTER_LIST = new Set<TokenType>([...CLAUSE_KEYWORDS, RCurly, RSquare, Policy, EOF]);

function trailingCommaHint(actual: IToken, previous: IToken | undefined, expected: readonly TokenType[]): string | undefined {
  if (previous === undefined || !tokenMatcher(previous, Comma)) return undefined;
  if (!AFTER_LIST.has(actual.tokenType)) return undefined;
  const item = expected.includes(Identifier) ? "name" : expected.includes(NumberLiteral) ? "value" : "pattern";
  return `a ${item} is missing after \`,\`: remove the trailing comma`;
}

function message(expected: readonly TokenType[], actual: IToken, what?: string, previous?: IToken): string {
  const wanted = what ?? list(expected.map(describe));
  const text = tokenMatcher(actual, EOF)
    ? `${AT_END}${wanted}`
    : `expected ${wanted}, found ${found(actual)}`;
  let help = trailingCommaHint(actual, previous, expected) ?? hint(actual, expected);
  if (help === undefined && what === "an expression" && tokenMatcher(actual, Identifier)) {
    help = "a path starts with `subject`, `resource`, `action` or `env`, e.g. `subject.department`";
  }
  return help === undefined ? text : `${text}${HELP_SEPARATOR}${help}`;
}

/** What a rule is waiting for, in words, when the token list alone reads poorly. */
function ruleDescription(ruleName: string, expected: readonly TokenType[]): string | undefined {
  switch (ruleName) {
    case "operand":
    case "notExpr":
    case "expr":
    case "andExpr":
    case "test":
      return expected.length > 3 ? "an expression" : undefined;
    case "clause":
      // `subject` read, then none of its targets (the alternatives are inline in `clause`).
      if (expected.includes(User) || expected.includes(Star)) return "`*`, `user`, `role` or `group` after `subject`";
      return "a clause (`allow`, `deny`, `priority`, `subject`, `action`, `resource`, `when`, `unless`)";
    case "literal":
      return "a literal (string, number, `true`, `false` or `null`)";
    case "declaration":
      return "`policy` or `role`";
    default:
      return undefined;
  }
}

export const parseErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    // Inside a policy block the loop over clauses ended on something that is no clause.
    if (ruleName === "policy" && expected === RCurly) {
      const text = message([...CLAUSE_KEYWORDS, RCurly], actual, "a clause or `}`");
      // A `role` line inside a block (split.ts leaves it in the policy when a `}` follows).
      if (tokenMatcher(actual, Role)) return `${text}${HELP_SEPARATOR}${ROLE_IN_POLICY}`;
      return text;
    }
    if (ruleName === "list" && expected === RSquare) {
      // Right after `[` a literal may come; after a literal, only `,` or `]`.
      const afterOpen = previous !== undefined && tokenMatcher(previous, LSquare);
      return message([expected], actual, afterOpen ? "a literal or `]`" : "`,` or `]`");
    }
    return message([expected], actual, undefined, previous);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return message([], firstRedundant, "`policy` or `role`");
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }) {
    const expected = expectedPathsPerAlt.flatMap((paths) => paths.map((p) => p[0])).filter((t) => t !== undefined);
    const first = actual[0] as IToken;
    return message(expected, first, ruleDescription(ruleName, expected), previous);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, ruleName }) {
    const expected = expectedIterationPaths.map((p) => p[0]).filter((t) => t !== undefined);
    return message(expected, actual[0] as IToken, ruleDescription(ruleName, expected), previous);
  },
};
