/**
 * Conditions compiled to closures, partially evaluated per subject: every `subject.…`
 * path and `${subject.…}` interpolation is resolved against the subject snapshot once,
 * and subtrees that then depend on nothing else fold to constants. What remains is a
 * closure over (resource, action, env) returning a value or a Fault.
 */
import type { Expr, Pattern } from "../model/ast.js";
import { splitTemplate } from "../model/template.js";
import { compileGlob, type GlobMatcher } from "./glob.js";
import { interpolate, type Interpolation } from "./interpolate.js";
import { compare, contains, has, isIn, matches, not } from "./operators.js";
import { kindName, pathReader } from "./paths.js";
import { Fault } from "./values.js";

/** The request-dependent rest of an expression. */
export type Run = (resource: object, action: string, env: object) => unknown;
export type Part = { readonly fixed: true; readonly value: unknown } | { readonly fixed: false; readonly run: Run };
/** Specializes an expression for one subject snapshot. */
export type Specializer = (subject: object) => Part;

const fixed = (value: unknown): Part => ({ fixed: true, value });
const live = (run: Run): Part => ({ fixed: false, run });

/** Compiles an expression; subject-independent expressions are specialized once, at load. */
export function compileExpr(expr: Expr): Specializer {
  const specialize = build(expr);
  if (readsSubject(expr)) return specialize;
  const shared = specialize(Object.create(null));
  return () => shared;
}

/** A `when`/`unless` test: true, false or a Fault (a non-boolean value is a Fault). */
export function compileTest(mode: "when" | "unless", expr: Expr): Specializer {
  const inner = compileExpr(expr);
  const finish = (v: unknown): unknown => {
    if (v instanceof Fault) return v;
    if (typeof v !== "boolean") return new Fault(`condition is ${kindName(v)}, not a boolean`);
    return mode === "when" ? v : !v;
  };
  return (subject) => {
    const part = inner(subject);
    if (part.fixed) return fixed(finish(part.value));
    const run = part.run;
    return live(mode === "when" ? (r, a, e) => finish(run(r, a, e)) : (r, a, e) => finish(run(r, a, e)));
  };
}

function readsSubject(expr: Expr): boolean {
  switch (expr.kind) {
    case "Literal":
    case "List":
      return false;
    case "Path":
      return expr.root === "subject";
    case "Not":
      return readsSubject(expr.operand);
    case "And":
    case "Or":
      return expr.operands.some(readsSubject);
    case "Compare":
    case "In":
    case "Contains":
      return readsSubject(expr.left) || readsSubject(expr.right);
    case "Matches": {
      const split = splitTemplate(expr.pattern.value);
      return readsSubject(expr.left) || (split.ok && split.interpolated);
    }
    case "Has":
      return readsSubject(expr.left);
  }
}

function build(expr: Expr): Specializer {
  switch (expr.kind) {
    case "Literal": {
      const part = fixed(expr.value);
      return () => part;
    }
    case "List": {
      const part = fixed(Object.freeze(expr.items.map((item) => item.value)));
      return () => part;
    }
    case "Path":
      return buildPath(expr.root, expr.members);
    case "Not":
      return unary(build(expr.operand), not);
    case "And":
      return junction(expr.operands.map(build), false);
    case "Or":
      return junction(expr.operands.map(build), true);
    case "Compare": {
      const op = expr.op;
      return binary(build(expr.left), build(expr.right), (a, b) => compare(op, a, b));
    }
    case "In":
      return binary(build(expr.left), build(expr.right), isIn);
    case "Contains":
      return binary(build(expr.left), build(expr.right), contains);
    case "Matches":
      return buildMatches(build(expr.left), expr.pattern);
    case "Has": {
      const left = build(expr.left);
      const name = expr.member;
      return (subject) => {
        const part = left(subject);
        if (part.fixed) return fixed(has(part.value, name));
        const run = part.run;
        return live((r, a, e) => has(run(r, a, e), name));
      };
    }
  }
}

function buildPath(root: "subject" | "resource" | "action" | "env", members: readonly string[]): Specializer {
  if (root === "action") {
    const part = live((_r, a) => a);
    return () => part;
  }
  const read = pathReader(root, members);
  if (root === "subject") return (subject) => fixed(read(subject));
  const part = live(root === "resource" ? (r) => read(r) : (_r, _a, e) => read(e));
  return () => part;
}

function unary(operand: Specializer, op: (v: unknown) => unknown): Specializer {
  return (subject) => {
    const part = operand(subject);
    if (part.fixed) return fixed(part.value instanceof Fault ? part.value : op(part.value));
    const run = part.run;
    return live((r, a, e) => {
      const v = run(r, a, e);
      return v instanceof Fault ? v : op(v);
    });
  };
}

function binary(left: Specializer, right: Specializer, op: (a: unknown, b: unknown) => unknown): Specializer {
  return (subject) => {
    const l = left(subject);
    const r = right(subject);
    if (l.fixed) {
      const x = l.value;
      if (x instanceof Fault) return l;
      if (r.fixed) return fixed(r.value instanceof Fault ? r.value : op(x, r.value));
      const runR = r.run;
      return live((res, a, e) => {
        const y = runR(res, a, e);
        return y instanceof Fault ? y : op(x, y);
      });
    }
    const runL = l.run;
    if (r.fixed) {
      const y = r.value;
      return live((res, a, e) => {
        const x = runL(res, a, e);
        if (x instanceof Fault) return x;
        return y instanceof Fault ? y : op(x, y);
      });
    }
    const runR = r.run;
    return live((res, a, e) => {
      const x = runL(res, a, e);
      if (x instanceof Fault) return x;
      const y = runR(res, a, e);
      return y instanceof Fault ? y : op(x, y);
    });
  };
}

function operandFault(v: unknown, stop: boolean): unknown {
  if (v instanceof Fault) return v;
  return new Fault(`expected a boolean operand of \`${stop ? "or" : "and"}\`, got ${kindName(v)}`);
}

/**
 * `and` (stop on false) / `or` (stop on true), left to right. Constant operands before
 * the first live one fold away; an error met first propagates.
 */
function junction(operands: readonly Specializer[], stop: boolean): Specializer {
  return (subject) => {
    const runs: Run[] = [];
    for (const operand of operands) {
      const part = operand(subject);
      if (part.fixed && runs.length === 0) {
        const v = part.value;
        if (v === stop) return fixed(stop);
        if (v !== !stop) return fixed(operandFault(v, stop));
        continue;
      }
      if (part.fixed) {
        const v = part.value;
        runs.push(() => v);
      } else {
        runs.push(part.run);
      }
    }
    if (runs.length === 0) return fixed(!stop);
    return live((r, a, e) => {
      for (let i = 0; i < runs.length; i++) {
        const v = (runs[i] as Run)(r, a, e);
        if (v === stop) return stop;
        if (v !== !stop) return operandFault(v, stop);
      }
      return !stop;
    });
  };
}

function buildMatches(left: Specializer, pattern: Pattern): Specializer {
  const split = splitTemplate(pattern.value);
  // The static checks reject a bad `${`; should one slip through, the test errs (fail closed).
  if (!split.ok) {
    const part = fixed(new Fault(split.message));
    return () => part;
  }
  if (!split.interpolated) {
    const glob = safeGlob(pattern.value);
    return unary(left, (s) => (glob instanceof Fault ? glob : matches(s, glob)));
  }
  const parts = split.parts;
  return (subject) => {
    const glob: Interpolation = interpolate(parts, subject, "`matches`");
    const l = left(subject);
    if (l.fixed) {
      const s = l.value;
      if (s instanceof Fault) return l;
      return fixed(glob instanceof Fault ? glob : matches(s, glob));
    }
    const run = l.run;
    return live((r, a, e) => {
      const s = run(r, a, e);
      if (s instanceof Fault) return s;
      return glob instanceof Fault ? glob : matches(s, glob);
    });
  };
}

function safeGlob(pattern: string): GlobMatcher | Fault {
  try {
    return compileGlob(pattern);
  } catch {
    return new Fault(`invalid glob \`${pattern}\``);
  }
}
