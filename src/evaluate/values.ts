/**
 * Request values (spec §4): JSON values read defensively. Only own data properties are
 * read (a getter counts as missing), prototypes are compared by identity and never
 * read from, and every reflective call is guarded because a Proxy may throw.
 */
import { MAX_VALUE_DEPTH } from "../model/limits.js";
import type { JsonValue } from "../model/request.js";
import { fail, ok, type Result } from "./result.js";

/** The JSON kinds a value may have. */
export type Kind = "string" | "number" | "boolean" | "null" | "array" | "object";

/** A plain object (prototype `Object.prototype` or `null`). */
export type PlainObject = object;

/**
 * The kind of a value at its top level, or an error describing why it is not a JSON
 * value (undefined, NaN, ±Infinity, function, bigint, symbol, class instance, a
 * Proxy whose traps throw).
 */
export function kindOf(value: unknown): Result<Kind> {
  switch (typeof value) {
    case "string":
      return ok("string");
    case "boolean":
      return ok("boolean");
    case "number":
      return Number.isFinite(value) ? ok("number") : fail(String(value));
    case "undefined":
      return fail("undefined");
    case "function":
      return fail("a function");
    case "bigint":
      return fail("a bigint");
    case "symbol":
      return fail("a symbol");
  }
  if (value === null) return ok("null");
  try {
    if (Array.isArray(value)) {
      return Object.getPrototypeOf(value) === Array.prototype ? ok("array") : fail("an instance of an array subclass");
    }
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null ? ok("object") : fail("a non-plain object");
  } catch {
    return fail("an object that threw when inspected");
  }
}

/** A short description of a value's type for messages ("a string", "NaN"); reads no user data. */
export function describeValue(value: unknown): string {
  const kind = kindOf(value);
  if (!kind.ok) return kind.message;
  return kind.value === "array" ? "an array" : kind.value === "object" ? "an object" : kind.value === "null" ? "null" : `a ${kind.value}`;
}

/** Whether a value is a plain object; a throwing Proxy is not. */
export function isPlainObject(value: unknown): value is PlainObject {
  const kind = kindOf(value);
  return kind.ok && kind.value === "object";
}

/** What an own property read found: a getter, like an absent key, counts as missing. */
export type OwnRead = { readonly found: false } | { readonly found: true; readonly value: unknown };

/** Reads an own data property; never consults the prototype chain. */
export function readOwn(object: PlainObject, key: string): Result<OwnRead> {
  try {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    if (descriptor === undefined || !("value" in descriptor)) return ok({ found: false });
    return ok({ found: true, value: descriptor.value });
  } catch {
    return fail("an object that threw when inspected");
  }
}

/** The elements of a (kind "array") value; a hole or an accessor element is an error. */
export function arrayElements(array: unknown): Result<unknown[]> {
  try {
    const length = Object.getOwnPropertyDescriptor(array, "length");
    if (length === undefined || typeof length.value !== "number") return fail("an array without a length");
    const elements: unknown[] = [];
    for (let i = 0; i < length.value; i++) {
      const element = Object.getOwnPropertyDescriptor(array, String(i));
      // Stops at the first hole, so a sparse `new Array(2 ** 32 - 1)` costs one step.
      if (element === undefined || !("value" in element)) return fail(`an array with a hole at index ${i}`);
      elements.push(element.value);
    }
    return ok(elements);
  } catch {
    return fail("an array that threw when inspected");
  }
}

/** The own data properties (string keys) of a plain object; accessors are skipped. */
export function plainEntries(object: PlainObject): Result<[string, unknown][]> {
  try {
    const entries: [string, unknown][] = [];
    for (const key of Reflect.ownKeys(object)) {
      if (typeof key !== "string") continue;
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (descriptor !== undefined && "value" in descriptor) entries.push([key, descriptor.value]);
    }
    return ok(entries);
  } catch {
    return fail("an object that threw when inspected");
  }
}

interface Snap {
  readonly value: JsonValue;
  /** Containers on the longest downward chain: 0 for a primitive, 1 for `[]`. */
  readonly height: number;
}

const TOO_DEEP = `a structure nested deeper than ${MAX_VALUE_DEPTH}`;

/**
 * A trusted copy of a whole JSON value, or an error when anything inside is not a JSON
 * value or containers nest deeper than MAX_VALUE_DEPTH (a cycle nests infinitely).
 * Each object is read once, so a Proxy cannot answer differently while we compare,
 * and shared sub-structures are copied once (no exponential blow-up on DAGs).
 */
export function snapshot(value: unknown): Result<JsonValue> {
  const result = snap(value, 1, new Map());
  return result.ok ? ok(result.value.value) : result;
}

function snap(value: unknown, depth: number, memo: Map<object, Snap | "busy">): Result<Snap> {
  const kind = kindOf(value);
  if (!kind.ok) return kind;
  if (kind.value !== "array" && kind.value !== "object") return ok({ value: value as JsonValue, height: 0 });
  const container = value as object;
  const seen = memo.get(container);
  if (seen === "busy") return fail(TOO_DEEP);
  if (seen !== undefined) return depth + seen.height - 1 > MAX_VALUE_DEPTH ? fail(TOO_DEEP) : ok(seen);
  if (depth > MAX_VALUE_DEPTH) return fail(TOO_DEEP);
  memo.set(container, "busy");
  let height = 1;
  let copy: JsonValue;
  if (kind.value === "array") {
    const elements = arrayElements(container);
    if (!elements.ok) return elements;
    const items: JsonValue[] = [];
    for (const element of elements.value) {
      const child = snap(element, depth + 1, memo);
      if (!child.ok) return child;
      items.push(child.value.value);
      height = Math.max(height, child.value.height + 1);
    }
    copy = items;
  } else {
    const entries = plainEntries(container);
    if (!entries.ok) return entries;
    // A null-prototype copy: a `__proto__` key stays an ordinary own property.
    const object: Record<string, JsonValue> = Object.create(null);
    for (const [key, member] of entries.value) {
      const child = snap(member, depth + 1, memo);
      if (!child.ok) return child;
      object[key] = child.value.value;
      height = Math.max(height, child.value.height + 1);
    }
    copy = object;
  }
  const result = { value: copy, height };
  memo.set(container, result);
  return ok(result);
}

/**
 * `==` on snapshots (spec §4.2): no coercion, primitives by `===` (so `-0 == 0`),
 * arrays element-wise, objects by the same key set with equal values.
 */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  return equals(a, b, new Map());
}

function equals(a: JsonValue, b: JsonValue, known: Map<object, Set<object>>): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  // Snapshots share sub-structures; remembering equal pairs keeps DAGs linear.
  if (known.get(a)?.has(b) === true) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!equals(a[i] as JsonValue, b[i] as JsonValue, known)) return false;
    }
  } else {
    const left = a as Record<string, JsonValue>;
    const right = b as Record<string, JsonValue>;
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(right, key)) return false;
      if (!equals(left[key] as JsonValue, right[key] as JsonValue, known)) return false;
    }
  }
  const set = known.get(a) ?? new Set();
  set.add(b);
  known.set(a, set);
  return true;
}
