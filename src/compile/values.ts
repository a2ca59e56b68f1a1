/**
 * Request values for the compiled engine (spec §4): own data properties of plain
 * objects only, JSON values only, errors as data. Deliberately independent of
 * src/evaluate/ (the oracle of the differential test must not share this code).
 */
import { MAX_VALUE_DEPTH } from "../model/limits.js";

/** An evaluation error travelling as a value through compiled closures. */
export class Fault {
  constructor(readonly message: string) {}
}

/** A present value that is not a JSON value (or could not be copied); reaching it errs. */
export class Invalid {
  constructor(readonly what: string) {}
}

/** What an own-property read returns for an absent key or an accessor. */
export const MISSING: unique symbol = Symbol("missing");

const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;
const protoOf = Object.getPrototypeOf;

/** Whether `value` is a plain object (prototype Object.prototype or null). May throw for a Proxy. */
export function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === OBJECT_PROTOTYPE || proto === null) && !Array.isArray(value);
}

/** Reads an own data property; MISSING for an absent key or a getter. May throw for a Proxy. */
export function readOwn(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !("value" in descriptor)) return MISSING;
  return descriptor.value;
}

/** Why a top-level value is not a JSON value, or null when it is one. */
export function notJsonReason(value: unknown): string | null {
  switch (typeof value) {
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(value) ? null : String(value);
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    case "bigint":
      return "a bigint";
    case "symbol":
      return "a symbol";
  }
  if (value === null) return null;
  if (value instanceof Invalid) return value.what;
  try {
    if (Array.isArray(value)) return protoOf(value) === ARRAY_PROTOTYPE ? null : "an instance of an array subclass";
    const proto = protoOf(value);
    return proto === OBJECT_PROTOTYPE || proto === null ? null : "a non-plain object";
  } catch {
    return "an object that threw when inspected";
  }
}

/** Formats a path for messages: `subject.a["b c"]`. */
export function describePath(root: string, members: readonly string[]): string {
  let text = root;
  for (const member of members)
    text += /^[A-Za-z_][A-Za-z0-9_]*$/.test(member) ? `.${member}` : `[${JSON.stringify(member)}]`;
  return text;
}

const TOO_DEEP = `a structure nested deeper than ${MAX_VALUE_DEPTH}`;

/**
 * A trusted deep copy of a request value, for subject snapshots: plain objects become
 * null-prototype objects of their own data properties, arrays are copied, anything
 * that is not JSON (or nests deeper than the bound, or throws) becomes an `Invalid`
 * marker in place, so `has` still sees the keys around it. Shared structures copy once.
 */
export function copyValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) {
    const reason = notJsonReason(value);
    return reason === null ? value : new Invalid(reason);
  }
  const strings = copyStrings(value);
  return strings ?? copy(value, 1, new Map());
}

/** The common case without a memo: a plain array of strings (roles, groups). */
function copyStrings(value: object): string[] | null {
  try {
    if (!Array.isArray(value) || Object.getPrototypeOf(value) !== ARRAY_PROTOTYPE) return null;
    const length = readOwn(value, "length");
    if (typeof length !== "number") return null;
    const items: string[] = [];
    for (let i = 0; i < length; i++) {
      const element = readOwn(value, String(i));
      if (typeof element !== "string") return null;
      items.push(element);
    }
    return items;
  } catch {
    return null;
  }
}

/**
 * `memo` is per object *and depth*: a copy made at one depth holds the depth bound's
 * Invalid markers for that depth only, so a shared object reached at two depths is
 * copied for each (at most 64 times; a cycle ends at the bound).
 */
function copy(value: unknown, depth: number, memo: Map<object, Map<number, unknown>>): unknown {
  if (typeof value !== "object" || value === null) {
    const reason = notJsonReason(value);
    return reason === null ? value : new Invalid(reason);
  }
  let byDepth = memo.get(value);
  const known = byDepth?.get(depth);
  if (known !== undefined) return known;
  if (depth > MAX_VALUE_DEPTH) return new Invalid(TOO_DEEP);
  if (byDepth === undefined) {
    byDepth = new Map();
    memo.set(value, byDepth);
  }
  try {
    const reason = notJsonReason(value);
    if (reason !== null) return new Invalid(reason);
    let result: unknown;
    if (Array.isArray(value)) {
      const length = readOwn(value, "length");
      if (typeof length !== "number") return new Invalid("an array without a length");
      const items: unknown[] = [];
      let bad: Invalid | null = null;
      for (let i = 0; i < length; i++) {
        const element = readOwn(value, String(i));
        if (element === MISSING) {
          bad = new Invalid(`an array with a hole at index ${i}`);
          break;
        }
        items.push(copy(element, depth + 1, memo));
      }
      result = bad ?? items;
    } else {
      const object: Record<string, unknown> = Object.create(null);
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key !== "string") continue;
        const member = readOwn(value, key);
        if (member !== MISSING) object[key] = copy(member, depth + 1, memo);
      }
      result = object;
    }
    byDepth.set(depth, result);
    return result;
  } catch {
    return new Invalid("an object that threw when inspected");
  }
}

/**
 * `==` of spec §4.2 on request values: no coercion, `===` on primitives, arrays
 * element-wise, objects by key set. A non-JSON value anywhere inside, a hole, or
 * nesting deeper than the bound is a Fault. Own data properties only.
 */
export function jsonEquals(a: unknown, b: unknown): boolean | Fault {
  const left = validate(a, 1);
  if (left !== null) return left;
  const right = validate(b, 1);
  if (right !== null) return right;
  return equal(a, b);
}

/** Null when `value` is a JSON value throughout (within the depth bound), else a Fault. */
export function validate(value: unknown, depth: number): Fault | null {
  if (typeof value !== "object" || value === null) {
    const reason = notJsonReason(value);
    return reason === null ? null : new Fault(`expected a JSON value, got ${reason}`);
  }
  const reason = notJsonReason(value);
  if (reason !== null) return new Fault(`expected a JSON value, got ${reason}`);
  if (depth > MAX_VALUE_DEPTH) return new Fault(`expected a JSON value, got ${TOO_DEEP}`);
  try {
    if (Array.isArray(value)) {
      const length = readOwn(value, "length") as number;
      for (let i = 0; i < length; i++) {
        const element = readOwn(value, String(i));
        if (element === MISSING) return new Fault(`expected a JSON value, got an array with a hole at index ${i}`);
        const inner = validate(element, depth + 1);
        if (inner !== null) return inner;
      }
      return null;
    }
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key !== "string") continue;
      const member = readOwn(value, key);
      if (member === MISSING) continue;
      const inner = validate(member, depth + 1);
      if (inner !== null) return inner;
    }
    return null;
  } catch {
    return new Fault("expected a JSON value, got an object that threw when inspected");
  }
}

/** Structural equality of two validated JSON values. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equal(x[i], y[i])) return false;
    return true;
  }
  const keysA = dataKeys(a);
  const keysB = dataKeys(b);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    const other = readOwn(b, key);
    if (other === MISSING || !equal(readOwn(a, key), other)) return false;
  }
  return true;
}

function dataKeys(object: object): string[] {
  const keys: string[] = [];
  for (const key of Reflect.ownKeys(object)) {
    if (typeof key === "string" && readOwn(object, key) !== MISSING) keys.push(key);
  }
  return keys;
}
