/**
 * Conditions compiled to closures over (resource, action, env, subject view). Subject
 * paths read a value the subject plan resolved once; interpolated `matches` patterns
 * use the matcher the plan built once. A condition that reads only the subject is
 * marked so the plan evaluates it once and caches the result.
 */
import type { CompareOp, Expr, PathExpr, Pattern } from "../model/ast.js";
import { someExpr } from "../model/expr-walk.js";
import { splitTemplate } from "../model/template.js";
import { notBooleanMessage, operatorMessage } from "../syntax/expr-text.js";
import { compileGlob, type GlobMatcher } from "./glob.js";
import type { Interpolation } from "./interpolate.js";
import type { RequestReads } from "./request-reads.js";
import { compare, contains, has, isIn, matches, not } from "./operators.js";
import { kindName, pathReader } from "./paths.js";
import type { SubjectSlots } from "./slots.js";
import { Fault, markConstant } from "./values.js";

/** What a compiled condition sees of the subject: resolved paths and built matchers. */
export interface SubjectView {
  readonly values: readonly unknown[];
  glob(slot: number): Interpolation;
  /** This decision's reads of request paths (shared by its conditions). */
  readonly reads: RequestReads;
}

/** A compiled expression: a value or a Fault. */
export type Run = (resource: object, action: string, env: object, subject: SubjectView) => unknown;

/** A `when`/`unless` test: true, false or a Fault. */
export interface Test {
  /** Subject-only tests have a slot for their per-subject cached result; others -1. */
  readonly slot: number;
  /** Whether the test reads the subject (a path, or an interpolation in `matches`). */
  readonly readsSubject: boolean;
  readonly run: Run;
}

/** Compiles a `when`/`unless` condition. */
export function compileTest(mode: "when" | "unless", expr: Expr, slots: SubjectSlots): Test {
  const inner = build(expr, slots);
  const finish = (v: unknown): unknown => {
    if (v === true) return mode === "when";
    if (v === false) return mode !== "when";
    if (v instanceof Fault) return v;
    return new Fault(notBooleanMessage(`a \`${mode}\` condition must be a boolean`, kindName(v), expr));
  };
  const ordered =
    expr.kind === "Compare"
      ? orderedTest(mode === "when", expr.op, build(expr.left, slots), build(expr.right, slots), located(expr))
      : null;
  const run: Run = ordered ?? ((r, a, e, s) => finish(inner(r, a, e, s)));
  const readsSubject = reads(expr, "subject");
  const subjectOnly = readsSubject && !reads(expr, "request");
  return { slot: subjectOnly ? slots.test() : -1, readsSubject, run };
}

/**
 * A whole `when`/`unless` test that is one ordering comparison, in one closure: the
 * commonest condition shape (`subject.clearance >= resource.sensitivity`) skips the
 * generic operator dispatch. Mismatched kinds still go through `compare` for its Fault.
 */
function orderedTest(when: boolean, op: CompareOp, left: Run, right: Run, at: (v: unknown) => unknown): Run | null {
  const same = (x: unknown, y: unknown) => {
    const t = typeof x;
    return (t === "number" || t === "string") && t === typeof y;
  };
  switch (op) {
    case "<":
      return (r, a, e, s) => {
        const x = left(r, a, e, s);
        if (x instanceof Fault) return x;
        const y = right(r, a, e, s);
        if (y instanceof Fault) return y;
        return same(x, y) ? (x as number) < (y as number) === when : at(compare(op, x, y));
      };
    case "<=":
      return (r, a, e, s) => {
        const x = left(r, a, e, s);
        if (x instanceof Fault) return x;
        const y = right(r, a, e, s);
        if (y instanceof Fault) return y;
        return same(x, y) ? (x as number) <= (y as number) === when : at(compare(op, x, y));
      };
    case ">":
      return (r, a, e, s) => {
        const x = left(r, a, e, s);
        if (x instanceof Fault) return x;
        const y = right(r, a, e, s);
        if (y instanceof Fault) return y;
        return same(x, y) ? (x as number) > (y as number) === when : at(compare(op, x, y));
      };
    case ">=":
      return (r, a, e, s) => {
        const x = left(r, a, e, s);
        if (x instanceof Fault) return x;
        const y = right(r, a, e, s);
        if (y instanceof Fault) return y;
        return same(x, y) ? (x as number) >= (y as number) === when : at(compare(op, x, y));
      };
    default:
      return null;
  }
}

/** Whether the expression reads the subject (a path, or an interpolation in `matches`) or the request. */
function reads(expr: Expr, what: "subject" | "request"): boolean {
  return someExpr(expr, (node) => {
    if (node.kind === "Path") return what === "subject" ? node.root === "subject" : node.root !== "subject";
    if (node.kind !== "Matches" || what !== "subject") return false;
    const split = splitTemplate(node.pattern.value);
    return split.ok && split.interpolated;
  });
}

function build(expr: Expr, slots: SubjectSlots): Run {
  switch (expr.kind) {
    case "Literal": {
      const value = expr.value;
      return () => value;
    }
    case "List": {
      // JSON primitives, frozen: `in` and `==` use it without reading it again.
      const value = markConstant(Object.freeze(expr.items.map((item) => item.value)));
      return () => value;
    }
    case "Path":
      return buildPath(expr.root, expr.members, slots);
    case "Not": {
      const operand = build(expr.operand, slots);
      const fault = notBoolean("not", expr.operand);
      return (r, a, e, s) => {
        const v = operand(r, a, e, s);
        if (v instanceof Fault) return v;
        const result = not(v);
        return result instanceof Fault ? fault(v) : result;
      };
    }
    case "And":
      return (
        sameTextGlobs(expr.operands, false, slots) ??
        junction(
          expr.operands.map((operand) => build(operand, slots)),
          expr.operands,
          false,
        )
      );
    case "Or":
      return (
        sameTextGlobs(expr.operands, true, slots) ??
        junction(
          expr.operands.map((operand) => build(operand, slots)),
          expr.operands,
          true,
        )
      );
    case "Compare": {
      const op = expr.op;
      return binary(build(expr.left, slots), build(expr.right, slots), (x, y) => compare(op, x, y), located(expr));
    }
    case "In":
      return binary(build(expr.left, slots), build(expr.right, slots), isIn, located(expr));
    case "Contains":
      return binary(build(expr.left, slots), build(expr.right, slots), contains, located(expr));
    case "Matches":
      return buildMatches(build(expr.left, slots), expr.pattern, slots, located(expr));
    case "Has": {
      const left = build(expr.left, slots);
      const name = expr.member;
      return (r, a, e, s) => has(left(r, a, e, s), name);
    }
  }
}

function buildPath(
  root: "subject" | "resource" | "action" | "env",
  members: readonly string[],
  slots: SubjectSlots,
): Run {
  switch (root) {
    case "action":
      return (_r, a) => a;
    case "subject": {
      const slot = slots.path(members);
      return (_r, _a, _e, s) => s.values[slot];
    }
    case "resource": {
      const read = pathReader(root, members);
      const slot = slots.requestPath(root, members);
      return (r, _a, _e, s) => s.reads.get(slot, r, read);
    }
    case "env": {
      const read = pathReader(root, members);
      const slot = slots.requestPath(root, members);
      return (_r, _a, e, s) => s.reads.get(slot, e, read);
    }
  }
}

/**
 * Spec §5: an error's message names the path. An operator's own type error (not one its
 * operands propagate) is located by the test's text, as the reference words it; the
 * text is printed only when such an error first happens.
 */
function located(expr: Expr): (v: unknown) => unknown {
  return (v) => (v instanceof Fault ? new Fault(operatorMessage(v.message, expr)) : v);
}

/** The Fault of a non-boolean operand of `not`/`and`/`or`, naming that operand. */
function notBoolean(keyword: string, operand: Expr): (v: unknown) => Fault {
  return (v) => new Fault(notBooleanMessage(`\`${keyword}\` needs a boolean`, kindName(v), operand));
}

function binary(left: Run, right: Run, op: (x: unknown, y: unknown) => unknown, at: (v: unknown) => unknown): Run {
  return (r, a, e, s) => {
    const x = left(r, a, e, s);
    if (x instanceof Fault) return x;
    const y = right(r, a, e, s);
    if (y instanceof Fault) return y;
    const v = op(x, y);
    return v instanceof Fault ? at(v) : v;
  };
}

/** `and` stops on false, `or` on true, left to right; an error met first propagates. */
function junction(operands: readonly Run[], exprs: readonly Expr[], stop: boolean): Run {
  const faults = exprs.map((operand) => notBoolean(stop ? "or" : "and", operand));
  return (r, a, e, s) => {
    for (let i = 0; i < operands.length; i++) {
      const v = (operands[i] as Run)(r, a, e, s);
      if (v === stop) return stop;
      if (v !== !stop) return v instanceof Fault ? v : (faults[i] as (v: unknown) => Fault)(v);
    }
    return !stop;
  };
}

/**
 * `p matches "a" or p matches "b" or …` (or `and`) on one path with literal patterns — the
 * usual shape of a deny list — as one closure: the path is read once and each glob
 * tested in turn. Exactly `junction` over the separate `matches` (the same stops, the
 * same Faults in the same order); null for any other shape.
 */
function sameTextGlobs(operands: readonly Expr[], stop: boolean, slots: SubjectSlots): Run | null {
  const first = operands[0];
  if (operands.length < 2 || first?.kind !== "Matches" || first.left.kind !== "Path") return null;
  const path = first.left;
  const globs: (GlobMatcher | Fault)[] = [];
  for (const operand of operands) {
    if (operand.kind !== "Matches" || !samePath(operand.left, path)) return null;
    const split = splitTemplate(operand.pattern.value);
    if (!split.ok || split.interpolated) return null;
    globs.push(literalGlob(operand.pattern.value));
  }
  const left = buildPath(path.root, path.members, slots);
  const at = operands.map(located);
  return (r, a, e, s) => {
    const text = left(r, a, e, s);
    if (text instanceof Fault) return text;
    for (let i = 0; i < globs.length; i++) {
      const glob = globs[i] as GlobMatcher | Fault;
      if (glob instanceof Fault) return glob;
      const v = matches(text, glob);
      if (v === stop) return stop;
      if (v !== !stop) return (at[i] as (v: unknown) => unknown)(v);
    }
    return !stop;
  };
}

function samePath(expr: Expr, path: PathExpr): boolean {
  return (
    expr.kind === "Path" &&
    expr.root === path.root &&
    expr.members.length === path.members.length &&
    expr.members.every((member, i) => member === path.members[i])
  );
}

/** The matcher of a pattern without interpolation, or the Fault it errs with. */
function literalGlob(pattern: string): GlobMatcher | Fault {
  try {
    return compileGlob(pattern);
  } catch {
    return new Fault(`invalid glob \`${pattern}\``);
  }
}

/** Never called: `matches` errs on a non-string before it looks at the glob. */
const NO_GLOB: GlobMatcher = () => false;

function buildMatches(left: Run, pattern: Pattern, slots: SubjectSlots, at: (v: unknown) => unknown): Run {
  const split = splitTemplate(pattern.value);
  // The static checks reject a bad `${`; should one slip through, the test errs (fail closed).
  if (!split.ok) {
    const fault = new Fault(split.message);
    return () => fault;
  }
  if (split.interpolated) {
    const slot = slots.template(split.parts, pattern.value);
    return (r, a, e, s) => {
      const text = left(r, a, e, s);
      if (text instanceof Fault) return text;
      // As the reference: a left side that is no string errs before the pattern is built.
      if (typeof text !== "string") return at(matches(text, NO_GLOB));
      const glob = s.glob(slot);
      return glob instanceof Fault ? glob : matches(text, glob);
    };
  }
  const matcher = literalGlob(pattern.value);
  return (r, a, e, s) => {
    const text = left(r, a, e, s);
    if (text instanceof Fault) return text;
    return matcher instanceof Fault ? matcher : at(matches(text, matcher));
  };
}
