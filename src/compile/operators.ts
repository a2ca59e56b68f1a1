/**
 * The operators of spec §4.2 on resolved values (never Faults: callers propagate those
 * first). Each returns a boolean or a Fault naming the operator and the kinds involved.
 */
import type { CompareOp } from "../model/ast.js";
import { includesLinear } from "../model/find-substring.js";
import type { GlobMatcher } from "./glob.js";
import { kindName } from "./paths.js";
import { equalRead, Fault, isPlain, jsonEquals, MISSING, readJson, readOwn, THREW_MEMBER } from "./values.js";

export function equals(a: unknown, b: unknown): boolean | Fault {
  // Identity proves equality of primitives only: one object may still nest too deep.
  if (a === b && (typeof a !== "object" || a === null)) return true;
  if (typeof a !== "object" && typeof b !== "object") return false;
  return jsonEquals(a, b);
}

export function compare(op: CompareOp, a: unknown, b: unknown): boolean | Fault {
  switch (op) {
    case "==":
      return equals(a, b);
    case "!=": {
      const eq = equals(a, b);
      return eq instanceof Fault ? eq : !eq;
    }
  }
  const ta = typeof a;
  if ((ta !== "number" && ta !== "string") || ta !== typeof b) {
    return new Fault(`expected a number or string on both sides of \`${op}\`, got ${kindName(a)} and ${kindName(b)}`);
  }
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    default:
      return x >= y;
  }
}

/**
 * Membership by `==` in a JSON array; the whole array must be JSON. Both are read once
 * (`readJson`): the list's elements through own data properties, never a Proxy's `get`.
 */
function member(list: unknown[], x: unknown): boolean | Fault {
  const items = readJson(list);
  if (items instanceof Fault) return items;
  const value = readJson(x);
  if (value instanceof Fault) return value;
  const read = items as unknown[];
  for (let i = 0; i < read.length; i++) if (equalRead(value, read[i])) return true;
  return false;
}

/** `x in L`. */
export function isIn(x: unknown, list: unknown): boolean | Fault {
  if (!Array.isArray(list)) return new Fault(`expected an array on the right of \`in\`, got ${kindName(list)}`);
  return member(list, x);
}

/** `L contains x`: array membership or substring. */
export function contains(list: unknown, x: unknown): boolean | Fault {
  if (Array.isArray(list)) return member(list, x);
  if (typeof list === "string") {
    if (typeof x === "string") return includesLinear(list, x);
    return new Fault(`expected a string on the right of \`contains\` after a string, got ${kindName(x)}`);
  }
  return new Fault(`expected an array or a string on the left of \`contains\`, got ${kindName(list)}`);
}

/** `s matches glob`. */
export function matches(s: unknown, glob: GlobMatcher): boolean | Fault {
  if (typeof s !== "string") return new Fault(`expected a string on the left of \`matches\`, got ${kindName(s)}`);
  return glob(s);
}

/** `p has name`: never a Fault. */
export function has(value: unknown, name: string): boolean {
  if (value instanceof Fault) return false;
  try {
    if (!isPlain(value)) return false;
    const member = readOwn(value, name);
    // A snapshot's member that threw when the original was read: not known to be there.
    return member !== MISSING && member !== THREW_MEMBER;
  } catch {
    return false;
  }
}

/** `not v`. */
export function not(v: unknown): boolean | Fault {
  if (typeof v === "boolean") return !v;
  return new Fault(`expected a boolean operand of \`not\`, got ${kindName(v)}`);
}
