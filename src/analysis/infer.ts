/**
 * Abstract evaluation of a condition over attribute types: what each expression's value
 * can be, whether it never, maybe or always errs, and whether it is a constant. Emits
 * the type-check diagnostics (E07xx/W07xx) on the way. Shared by `typecheck` (for the
 * diagnostics) and the lint rules (for the always-erring and constant conditions).
 */
import {
  ANY,
  type AttrType,
  arrayOf,
  BOOLEAN,
  describeType,
  mayBe,
  onlyOf,
  pathKey,
  primitive,
  STRING,
  typeOfLiteral,
  unionType,
} from "../attributes/attr-type.js";
import { type ReportedDiagnostic, diagnosticAt } from "../errors.js";
import type { Expr, LiteralValue, PathExpr, Pattern } from "../model/ast.js";
import type { Span } from "../model/span.js";
import { splitTemplate } from "../model/template.js";
import { didYouMean } from "./did-you-mean.js";
import { type Facts, NO_FACTS } from "./facts.js";
import type { PolicyTypes } from "./policy-types.js";

export type Errs = "never" | "maybe" | "always";

export interface Inferred {
  readonly type: AttrType;
  readonly errs: Errs;
  /** Known boolean value (only when `errs` is "never"). */
  readonly value?: boolean;
}


export interface InferContext {
  readonly types: PolicyTypes;
  /** Collected diagnostics (deduplicated per message and position). */
  readonly diagnostics: ReportedDiagnostic[];
  /** Keys of optional paths already warned about in this policy. */
  readonly warned: Set<string>;
}

export function newContext(types: PolicyTypes): InferContext {
  return { types, diagnostics: [], warned: new Set() };
}

function worst(...errs: Errs[]): Errs {
  return errs.includes("always") ? "always" : errs.includes("maybe") ? "maybe" : "never";
}

const BOOL_TRUE: Inferred = { type: primitive("boolean", [true]), errs: "never", value: true };
const BOOL_FALSE: Inferred = { type: primitive("boolean", [false]), errs: "never", value: false };
const ALWAYS_ERRS: Inferred = { type: ANY, errs: "always" };

function bool(errs: Errs, value?: boolean): Inferred {
  if (errs === "never" && value !== undefined) return value ? BOOL_TRUE : BOOL_FALSE;
  return { type: BOOLEAN, errs };
}

export { pathKey };

/** `subject.a["b c"]` as written in the language. */
export function pathText(root: string, members: readonly string[]): string {
  return root + members.map((m) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(m) ? `.${m}` : `[${JSON.stringify(m)}]`)).join("");
}

function operandText(expr: Expr): string {
  if (expr.kind === "Path") return ` (\`${pathText(expr.root, expr.members)}\`)`;
  if (expr.kind === "Literal") return ` (\`${JSON.stringify(expr.value)}\`)`;
  return "";
}

/** The value of a condition as a `when`/`unless` test sees it. */
export function inferCondition(expr: Expr, ctx: InferContext, facts: Facts = NO_FACTS): Inferred {
  const result = infer(expr, ctx, facts);
  if (!result.type.any && !mayBe(result.type, "boolean") && result.errs !== "always") {
    ctx.diagnostics.push(
      diagnosticAt(expr.span, "E0707", `a condition must be a boolean, got ${describeType(result.type)}${operandText(expr)}`),
    );
    return ALWAYS_ERRS;
  }
  return result;
}

/** Paths a true (`truthy`) or false value of `expr` proves present. */
export function factsOf(expr: Expr, truthy: boolean): Set<string> {
  const out = new Set<string>();
  const visit = (e: Expr, when: boolean): void => {
    if (e.kind === "Has" && when && e.left.kind === "Path") out.add(pathKey(e.left.root, [...e.left.members, e.member]));
    else if (e.kind === "Not") visit(e.operand, !when);
    else if (e.kind === "And" && when) for (const o of e.operands) visit(o, true);
    else if (e.kind === "Or" && !when) for (const o of e.operands) visit(o, false);
  };
  visit(expr, truthy);
  return out;
}

function infer(expr: Expr, ctx: InferContext, facts: Facts): Inferred {
  switch (expr.kind) {
    case "Literal":
      return expr.value === true ? BOOL_TRUE : expr.value === false ? BOOL_FALSE : { type: literalType(expr.value), errs: "never" };
    case "List": {
      const items = expr.items.map((i) => literalType(i.value));
      return { type: arrayOf(items.length === 0 ? { ...ANY, any: false, types: new Set() } : items.reduce(unionType)), errs: "never" };
    }
    case "Path":
      return inferPath(expr, ctx, facts, false);
    case "Not": {
      const operand = needBoolean(infer(expr.operand, ctx, facts), expr.operand, "not", ctx);
      return bool(operand.errs, operand.value === undefined ? undefined : !operand.value);
    }
    case "And":
    case "Or":
      return inferJunction(expr.kind, expr.operands, ctx, facts);
    case "Compare":
      return inferCompare(expr.op, expr.left, expr.right, expr.span, ctx, facts);
    case "In": {
      const left = infer(expr.left, ctx, facts);
      const right = infer(expr.right, ctx, facts);
      return membership("in", left, expr.left, right, expr.right, expr.span, ctx);
    }
    case "Contains": {
      const left = infer(expr.left, ctx, facts);
      const right = infer(expr.right, ctx, facts);
      if (!left.type.any && !mayBe(left.type, "array") && mayBe(left.type, "string")) {
        if (!right.type.any && !mayBe(right.type, "string")) {
          ctx.diagnostics.push(
            diagnosticAt(expr.span, "E0704", `\`contains\` on a string needs a string, got ${describeType(right.type)}${operandText(expr.right)}`),
          );
          return ALWAYS_ERRS;
        }
        return bool(worst(left.errs, right.errs));
      }
      // A value that may be a string or an array: a substring test or a membership test,
      // depending on the request — a string on the right may match either way.
      if (!left.type.any && mayBe(left.type, "string") && mayBe(left.type, "array") && (right.type.any || mayBe(right.type, "string"))) {
        return bool(worst(left.errs, right.errs));
      }
      return membership("contains", right, expr.right, left, expr.left, expr.span, ctx);
    }
    case "Matches": {
      const left = infer(expr.left, ctx, facts);
      checkTemplate(expr.pattern, ctx, facts);
      if (!left.type.any && !mayBe(left.type, "string")) {
        if (left.errs !== "always") {
          ctx.diagnostics.push(
            diagnosticAt(expr.span, "E0706", `\`matches\` needs a string, got ${describeType(left.type)}${operandText(expr.left)}`),
          );
        }
        return ALWAYS_ERRS;
      }
      return bool(left.errs);
    }
    case "Has":
      return inferHas(expr.left, expr.member, expr.span, ctx, facts);
  }
}

function literalType(value: LiteralValue): AttrType {
  const t = primitive(typeOfLiteral(value), [value]);
  return typeof value === "number" && Number.isInteger(value) ? { ...t, integer: true } : t;
}

function needBoolean(result: Inferred, expr: Expr, operator: string, ctx: InferContext): Inferred {
  if (result.errs !== "always" && !result.type.any && !mayBe(result.type, "boolean")) {
    ctx.diagnostics.push(
      diagnosticAt(expr.span, "E0707", `\`${operator}\` needs a boolean, got ${describeType(result.type)}${operandText(expr)}`),
    );
    return ALWAYS_ERRS;
  }
  return result;
}

function inferJunction(kind: "And" | "Or", operands: readonly Expr[], ctx: InferContext, facts: Facts): Inferred {
  const local = facts.layer();
  const stop = kind === "Or"; // the value that short-circuits
  // Left to right: once an operand surely stops or surely errs, the rest is never evaluated.
  let decided: boolean | undefined;
  let errs: Errs = "never";
  let allKnown = true;
  /** An earlier operand may have stopped evaluation (its value is not known). */
  let mayHaveStopped = false;
  for (const operand of operands) {
    const r = needBoolean(infer(operand, ctx, local), operand, kind === "And" ? "and" : "or", ctx);
    for (const f of factsOf(operand, kind === "And")) local.add(f);
    if (decided !== undefined || errs === "always") continue; // analysed for diagnostics only
    if (r.errs === "always") {
      errs = errs === "never" && !mayHaveStopped ? "always" : "maybe";
      if (errs === "maybe") allKnown = false;
      continue;
    }
    if (r.errs === "maybe") errs = "maybe";
    if (r.value === stop && r.errs === "never" && !mayHaveStopped && errs === "never") decided = stop;
    else if (r.value === stop) {
      allKnown = false;
      mayHaveStopped = true;
    } else if (r.value === undefined) {
      allKnown = false;
      mayHaveStopped = true;
    }
  }
  if (errs === "always") return ALWAYS_ERRS;
  if (decided !== undefined) return bool(errs, decided);
  return bool(errs, allKnown && errs === "never" ? !stop : undefined);
}

function inferPath(expr: PathExpr, ctx: InferContext, facts: Facts, forHas: boolean): Inferred {
  const root = expr.root === "action" ? STRING : ctx.types[expr.root];
  let type = root;
  let errs: Errs = "never";
  const done: string[] = [];
  for (const member of expr.members) {
    const here = pathText(expr.root, done);
    if (type.any) return { type: ANY, errs: worst(errs, "maybe") };
    if (!mayBe(type, "object")) {
      ctx.diagnostics.push(
        diagnosticAt(expr.span, "E0702", `\`${pathText(expr.root, [...done, member])}\` steps into \`${here}\`, which is ${article(type)}, not an object`),
      );
      return ALWAYS_ERRS;
    }
    const declared = type.properties.get(member);
    done.push(member);
    const key = pathKey(expr.root, done);
    if (declared === undefined && type.additional === null) {
      const suggestion = didYouMean(member, type.properties.keys());
      const names = [...type.properties.keys()];
      ctx.diagnostics.push(
        diagnosticAt(expr.span, "E0701", `unknown attribute \`${pathText(expr.root, done)}\``, {
          help:
            suggestion !== undefined
              ? `did you mean \`${pathText(expr.root, [...done.slice(0, -1), suggestion])}\`?`
              : names.length > 0
                ? `\`${here}\` declares ${names.slice(0, 8).map((n) => `\`${n}\``).join(", ")}${names.length > 8 ? ", …" : ""}`
                : `the schema declares no attributes for \`${here}\``,
        }),
      );
      return ALWAYS_ERRS;
    }
    const optional = declared === undefined || !declared.required || !onlyOf(type, "object");
    if (optional && !facts.known(key) && !(forHas && done.length === expr.members.length)) {
      errs = worst(errs, "maybe");
      if (!forHas && !ctx.warned.has(key)) {
        ctx.warned.add(key);
        const parent = pathText(expr.root, done.slice(0, -1));
        ctx.diagnostics.push(
          diagnosticAt(expr.span, "W0710", `\`${pathText(expr.root, done)}\` may be missing, and the condition errs when it is`, {
            severity: "warning",
            help: `guard it with \`${parent} has ${/^[A-Za-z_][A-Za-z0-9_]*$/.test(member) ? member : JSON.stringify(member)}\` (an erring allow does not apply; an erring deny does)`,
          }),
        );
      }
    }
    type = declared?.type ?? type.additional ?? ANY;
  }
  return { type, errs };
}

function article(type: AttrType): string {
  const text = describeType(type);
  return /^[aeiou]/.test(text) ? `an ${text}` : `a ${text}`;
}

function inferHas(left: Expr, member: string, span: Span, ctx: InferContext, facts: Facts): Inferred {
  if (left.kind !== "Path") {
    infer(left, ctx, facts);
    return bool("never");
  }
  const before = ctx.diagnostics.length;
  const target = inferPath(left, ctx, facts, true);
  // `has` never errs: an unreachable left side just makes it false.
  if (target.errs === "always") return bool("never", ctx.diagnostics.length > before ? false : undefined);
  const type = target.type;
  if (type.any) return bool("never");
  if (!mayBe(type, "object")) return bool("never", false);
  const declared = type.properties.get(member);
  if (declared === undefined && type.additional === null) {
    const suggestion = didYouMean(member, type.properties.keys());
    ctx.diagnostics.push(
      diagnosticAt(span, "E0701", `unknown attribute \`${pathText(left.root, [...left.members, member])}\`: \`has\` is always false`, {
        ...(suggestion !== undefined ? { help: `did you mean \`${suggestion}\`?` } : {}),
      }),
    );
    return bool("never", false);
  }
  const sure = declared?.required && onlyOf(type, "object") && target.errs === "never";
  return bool("never", sure ? true : undefined);
}

function inferCompare(op: string, leftExpr: Expr, rightExpr: Expr, span: Span, ctx: InferContext, facts: Facts): Inferred {
  const left = infer(leftExpr, ctx, facts);
  const right = infer(rightExpr, ctx, facts);
  const errs = worst(left.errs, right.errs);
  if (errs === "always") return ALWAYS_ERRS;
  const lt = left.type;
  const rt = right.type;
  if (op === "==" || op === "!=") {
    if (!lt.any && !rt.any && ![...lt.types].some((t) => rt.types.has(t))) {
      ctx.diagnostics.push(
        diagnosticAt(
          span,
          "E0705",
          `\`${op}\` compares ${describeType(lt)}${operandText(leftExpr)} with ${describeType(rt)}${operandText(rightExpr)}: always ${op === "==" ? "false" : "true"}`,
        ),
      );
      return bool(errs, op !== "==");
    }
    if (leftExpr.kind === "Literal" && rightExpr.kind === "Literal") return bool(errs, (leftExpr.value === rightExpr.value) === (op === "=="));
    checkEnum(leftExpr, lt, rightExpr, rt, span, ctx);
    return bool(errs);
  }
  const common = ["number", "string"].filter((t) => mayBe(lt, t as "number") && mayBe(rt, t as "number"));
  if (common.length === 0) {
    ctx.diagnostics.push(
      diagnosticAt(
        span,
        "E0703",
        `\`${op}\` needs two numbers or two strings, got ${describeType(lt)}${operandText(leftExpr)} and ${describeType(rt)}${operandText(rightExpr)}`,
      ),
    );
    return ALWAYS_ERRS;
  }
  if (leftExpr.kind === "Literal" && rightExpr.kind === "Literal") {
    const a = leftExpr.value as number | string;
    const b = rightExpr.value as number | string;
    return bool(errs, op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b);
  }
  return bool(errs);
}

/** Warns when a literal compared with an enumerated attribute is none of its values. */
function checkEnum(leftExpr: Expr, lt: AttrType, rightExpr: Expr, rt: AttrType, span: Span, ctx: InferContext): void {
  const pairs: [Expr, AttrType, Expr][] = [
    [leftExpr, lt, rightExpr],
    [rightExpr, rt, leftExpr],
  ];
  for (const [pathExpr, type, literal] of pairs) {
    if (pathExpr.kind !== "Path" || literal.kind !== "Literal" || type.values === undefined) continue;
    if (type.values.includes(literal.value)) continue;
    ctx.diagnostics.push(
      diagnosticAt(span, "W0711", `\`${JSON.stringify(literal.value)}\` is not a value \`${pathText(pathExpr.root, pathExpr.members)}\` can have`, {
        severity: "warning",
        help: `the schema allows ${type.values.slice(0, 8).map((v) => `\`${JSON.stringify(v)}\``).join(", ")}${type.values.length > 8 ? ", …" : ""}`,
      }),
    );
  }
}

/** `item in collection` (also the array form of `collection contains item`). */
function membership(operator: "in" | "contains", item: Inferred, itemExpr: Expr, collection: Inferred, collectionExpr: Expr, span: Span, ctx: InferContext): Inferred {
  const errs = worst(item.errs, collection.errs);
  if (errs === "always") return ALWAYS_ERRS;
  const ct = collection.type;
  if (!ct.any && !mayBe(ct, "array")) {
    const side = operator === "in" ? "an array on the right" : "an array or a string on the left";
    ctx.diagnostics.push(diagnosticAt(span, "E0704", `\`${operator}\` needs ${side}, got ${describeType(ct)}${operandText(collectionExpr)}`));
    return ALWAYS_ERRS;
  }
  const items = ct.items;
  if (items !== null && !items.any && !item.type.any && items.types.size > 0 && ![...item.type.types].some((t) => items.types.has(t))) {
    ctx.diagnostics.push(
      diagnosticAt(
        span,
        "E0705",
        `\`${operator}\` looks for ${describeType(item.type)}${operandText(itemExpr)} among ${describeType(items)} values${operandText(collectionExpr)}: always false`,
      ),
    );
    return bool(errs, false);
  }
  if (collectionExpr.kind === "List" && itemExpr.kind === "Literal") {
    return bool(errs, collectionExpr.items.some((i) => i.value === itemExpr.value));
  }
  if (collectionExpr.kind === "List" && collectionExpr.items.length === 0) return bool(errs, false);
  if (itemExpr.kind === "Path" && collectionExpr.kind === "List") {
    for (const literal of collectionExpr.items) checkEnum(itemExpr, item.type, literal, literalType(literal.value), literal.span, ctx);
  }
  return bool(errs);
}

/** `${subject.PATH}` in a pattern must name a string or number attribute. */
export function checkTemplate(pattern: Pattern, ctx: InferContext, facts: Facts = NO_FACTS): void {
  const split = splitTemplate(pattern.value);
  if (!split.ok || !split.interpolated) return;
  for (const part of split.parts) {
    if (part.kind !== "subject") continue;
    const path: PathExpr = { kind: "Path", root: "subject", members: part.path, span: pattern.span };
    const before = ctx.diagnostics.length;
    // `has` guards count as for any read (`subject has org and … matches "${subject.org}"`).
    const result = inferPath(path, ctx, facts, false);
    // A path that is itself wrong (E0701, E0702) says enough; a W0710 (the attribute may
    // be missing) does not: a present value of the wrong type errs as well.
    if (ctx.diagnostics.slice(before).some((d) => d.severity !== "warning") || result.type.any) continue;
    if (!mayBe(result.type, "string") && !mayBe(result.type, "number")) {
      ctx.diagnostics.push(
        diagnosticAt(
          pattern.span,
          "E0708",
          `\`\${${pathText("subject", part.path)}}\` must be a string or a number, got ${describeType(result.type)}`,
        ),
      );
    } else if (neverInterpolable(result.type)) {
      // Spec §4.3: a non-empty string without `/`, not `.` or `..` (or a finite number).
      ctx.diagnostics.push(
        diagnosticAt(
          pattern.span,
          "E0708",
          `\`\${${pathText("subject", part.path)}}\` can only be an empty string, \`.\`, \`..\` or a text with \`/\`, which never interpolate: the pattern always errs`,
        ),
      );
    }
  }
}

/** Whether every value of the type is a string interpolation refuses (spec §4.3). */
function neverInterpolable(type: AttrType): boolean {
  if (type.any || mayBe(type, "number")) return false;
  const refused = (v: unknown) => typeof v === "string" && (v === "" || v === "." || v === ".." || v.includes("/"));
  if (type.values !== undefined && type.values.length > 0) return type.values.every((v) => typeof v !== "string" || refused(v)) && type.values.some(refused);
  return type.maxLength === 0;
}
