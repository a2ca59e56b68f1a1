/**
 * AST → canonical source text. The inverse of `parse`: for every valid AST,
 * `parse(printSourceFile(ast))` gives the same tree (ignoring spans), and printing is
 * idempotent. Canonical form: declarations in source order, 2-space indent, clauses in
 * the order effect, priority (omitted when 0), subject, action, resource, then
 * conditions in their order; names bare when they are identifiers; minimal parentheses;
 * invisible and control characters in strings as `\uXXXX` escapes.
 *
 * Comments are not part of the AST; `formatSource` (src/syntax/format.ts) re-attaches
 * them through the `comments` option.
 */
import type {
  Declaration,
  Expr,
  LiteralValue,
  Name,
  PathExpr,
  PatternTarget,
  Policy,
  RoleDecl,
  SourceFile,
  SubjectTarget,
} from "../model/ast.js";
import { SOURCE_LIMITS } from "../model/limits.js";
import { escapeUnsafe } from "../model/unsafe-characters.js";
import type { AttachedComments } from "./print-comments.js";

/** The reserved words of spec §2: never printed as bare names. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  "policy",
  "role",
  "includes",
  "allow",
  "deny",
  "priority",
  "subject",
  "user",
  "group",
  "action",
  "resource",
  "when",
  "unless",
  "and",
  "or",
  "not",
  "in",
  "contains",
  "matches",
  "has",
  "true",
  "false",
  "null",
  "env",
]);

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INDENT = "  ";

export interface PrintOptions {
  /** Comments to re-attach, keyed by the node they belong to (see print-comments.ts). */
  readonly comments?: AttachedComments;
}

/** Prints a whole source in canonical form; ends with one newline unless empty. */
export function printSourceFile(ast: SourceFile, options: PrintOptions = {}): string {
  const comments = options.comments;
  const chunks: string[] = [];
  let previous: Declaration | undefined;
  for (const declaration of ast.declarations) {
    const leading = comments?.leading.get(declaration) ?? [];
    if (previous !== undefined) chunks.push(declarationSeparator(previous, declaration, leading.length > 0));
    chunks.push(printLeading(leading, ""));
    chunks.push(printDeclaration(declaration, options));
    previous = declaration;
  }
  const trailing = comments?.fileTrailing ?? [];
  if (trailing.length > 0) {
    if (previous !== undefined) chunks.push("\n\n");
    chunks.push(printLeading(trailing, "").replace(/\n$/, ""));
  }
  const text = chunks.join("");
  return text === "" ? "" : `${text}\n`;
}

/** Between declarations: a blank line around policies and before comments; roles stack. */
export function declarationSeparator(previous: Declaration, next: Declaration, nextHasComments = false): string {
  return previous.kind === "Policy" || next.kind === "Policy" || nextHasComments ? "\n\n" : "\n";
}

/** One declaration, without a final newline. */
export function printDeclaration(declaration: Declaration, options: PrintOptions = {}): string {
  return declaration.kind === "RoleDecl" ? printRoleDecl(declaration, options) : printPolicy(declaration, options);
}

/** `role NAME [includes A, B]`. */
export function printRoleDecl(role: RoleDecl, options: PrintOptions = {}): string {
  const includes = role.includes.length > 0 ? ` includes ${role.includes.map(printName).join(", ")}` : "";
  return `role ${printName(role.name)}${includes}${printTrailing(options.comments, role)}`;
}

/** `policy NAME { ... }` with one clause per line, in canonical clause order. */
export function printPolicy(policy: Policy, options: PrintOptions = {}): string {
  const comments = options.comments;
  // Only one comment fits on the header line (a comment runs to the end of its line):
  // with a comment on both the name's line and the `{` line, the first stays there and
  // the others go on their own lines at the top of the block, where they are read back
  // as leading comments of the first clause (so the output is a fixed point).
  const [first, ...more] = comments?.header.get(policy) ?? [];
  const lines: string[] = [`policy ${printName(policy.name)} {${first === undefined ? "" : ` ${first.text}`}`];
  if (more.length > 0) lines.push(printLeading(more, INDENT).replace(/\n$/, ""));
  const clause = (node: object | undefined, text: string): void => {
    const leading = node === undefined ? "" : printLeading(comments?.leading.get(node) ?? [], INDENT);
    lines.push(`${leading}${INDENT}${text}${node === undefined ? "" : printTrailing(comments, node)}`);
  };
  const keywordLines = comments?.keywordLines.get(policy);
  clause(keywordLines?.effect, policy.effect);
  if (policy.priority !== 0) clause(keywordLines?.priority, `priority ${formatNumber(policy.priority)}`);
  clause(policy.subject, `subject ${printSubject(policy.subject)}`);
  clause(policy.action, `action ${printPatterns(policy.action)}`);
  clause(policy.resource, `resource ${printPatterns(policy.resource)}`);
  for (const condition of policy.conditions) clause(condition, `${condition.mode} ${printExpr(condition.expr)}`);
  const inner = comments?.blockTrailing.get(policy) ?? [];
  if (inner.length > 0) lines.push(printLeading(inner, INDENT).replace(/\n$/, ""));
  lines.push(`}${printTrailing(comments, policy)}`);
  return lines.join("\n");
}

function printLeading(comments: readonly { text: string; blankAfter: boolean }[], indent: string): string {
  return comments.map((c) => `${indent}${c.text}\n${c.blankAfter ? "\n" : ""}`).join("");
}

function printTrailing(comments: AttachedComments | undefined, node: object): string {
  const trailing = comments?.trailing.get(node);
  return trailing === undefined ? "" : trailing.map((c) => ` ${c.text}`).join("");
}

function printSubject(subject: SubjectTarget): string {
  if (subject.kind === "AnySubject") return "*";
  return subject.alternatives.map((alt) => `${alt.attribute} ${alt.names.map(printName).join(", ")}`).join(" or ");
}

function printPatterns(target: PatternTarget): string {
  if (target.kind === "AnyPattern") return "*";
  return target.patterns.map((p) => printString(p.value)).join(", ");
}

/** A name as a bare identifier when that reads back as the same name, else a JSON string. */
export function printName(name: Name | string): string {
  const value = typeof name === "string" ? name : name.value;
  return WORD.test(value) && !KEYWORDS.has(value) ? value : printString(value);
}

/**
 * A JSON string literal (the language's strings are exactly JSON strings), with every
 * unsafe character — control, bidirectional, zero-width or other invisible — written as
 * a `\uXXXX` escape, so the text shows what the string holds (the value is the same).
 * Only when those escapes would take the literal past the string limit (E0402; its
 * source held them raw, then) are they left raw: canonical text must read back.
 */
export function printString(value: string): string {
  const json = JSON.stringify(value);
  const escaped = escapeUnsafe(json);
  return escaped === json || withinStringLimit(escaped) ? escaped : json;
}

/** Whether a literal's text between its quotes is within the lexer's limit (E0402). */
function withinStringLimit(literal: string): boolean {
  const max = SOURCE_LIMITS.maxStringBytes;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: skip the exact count for short strings.
  return (literal.length - 2) * 3 <= max || Buffer.byteLength(literal, "utf8") - 2 <= max;
}

/** A literal value as source text. */
export function printLiteral(value: LiteralValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return printString(value);
  if (typeof value === "number") return formatNumber(value);
  return value ? "true" : "false";
}

/**
 * A number in the language's syntax, which has no exponent: `1e21` prints as
 * `1000000000000000000000`, `1e-7` as `0.0000001`, `-0` as `-0`. The digits are those of
 * the shortest round-tripping representation, so reading the text back gives the same
 * double. Non-finite numbers have no syntax; they print as a word that fails to parse.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (Object.is(value, -0)) return "-0";
  const text = String(value);
  const e = text.indexOf("e");
  if (e < 0) return text;
  const negative = text.startsWith("-");
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Position of the decimal point counted from the start of `digits`.
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + "0".repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}

/** Where an expression is printed; decides whether it needs parentheses. */
type Context = "top" | "or" | "and" | "not" | "operand";

/** Prints an expression with the fewest parentheses that keep the exact tree. */
export function printExpr(expr: Expr): string {
  return print(expr, "top");
}

function print(expr: Expr, context: Context): string {
  switch (expr.kind) {
    case "Literal":
      return printLiteral(expr.value);
    case "List":
      return `[${expr.items.map((item) => printLiteral(item.value)).join(", ")}]`;
    case "Path":
      return printPath(expr);
    case "Or":
      // A nested Or keeps its own node only inside parentheses.
      return wrap(expr.operands.map((o) => print(o, "or")).join(" or "), context !== "top");
    case "And":
      return wrap(expr.operands.map((o) => print(o, "and")).join(" and "), context !== "top" && context !== "or");
    case "Not":
      return wrap(`not ${print(expr.operand, "not")}`, context === "operand");
    case "Compare":
      return wrap(`${print(expr.left, "operand")} ${expr.op} ${print(expr.right, "operand")}`, context === "operand");
    case "In":
      return wrap(`${print(expr.left, "operand")} in ${print(expr.right, "operand")}`, context === "operand");
    case "Contains":
      return wrap(`${print(expr.left, "operand")} contains ${print(expr.right, "operand")}`, context === "operand");
    case "Matches":
      return wrap(`${print(expr.left, "operand")} matches ${printString(expr.pattern.value)}`, context === "operand");
    case "Has":
      return wrap(`${print(expr.left, "operand")} has ${printMember(expr.member)}`, context === "operand");
  }
}

function wrap(text: string, parenthesize: boolean): string {
  return parenthesize ? `(${text})` : text;
}

/** After `has`, as after `.`, any word (keywords included) is a member; anything else is quoted. */
function printMember(member: string): string {
  return WORD.test(member) ? member : printString(member);
}

/** `subject.a["b c"].d`. */
export function printPath(path: PathExpr): string {
  return path.root + path.members.map((m) => (WORD.test(m) ? `.${m}` : `[${printString(m)}]`)).join("");
}
