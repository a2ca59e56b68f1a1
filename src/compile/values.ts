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
 * marker in place, so `has` still sees the keys around it: a property whose read throws
 * is one Invalid member, not an Invalid object. Shared structures copy once.
 * `extraDepth`: levels of paths below this value the policies read (`subject.a` copied
 * for `subject.a.b == …` keeps `b`'s own 64 levels and one more to tell "too deep").
 */
export function copyValue(value: unknown, extraDepth = 0): unknown {
  if (typeof value !== "object" || value === null) {
    const reason = notJsonReason(value);
    return reason === null ? value : new Invalid(reason);
  }
  const strings = copyStrings(value);
  return strings ?? copy(value, 1, new Map(), MAX_VALUE_DEPTH + extraDepth);
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
 * copied for each (at most `limit` times; a cycle ends at the bound).
 */
function copy(value: unknown, depth: number, memo: Map<object, Map<number, unknown>>, limit: number): unknown {
  if (typeof value !== "object" || value === null) {
    const reason = notJsonReason(value);
    return reason === null ? value : new Invalid(reason);
  }
  let byDepth = memo.get(value);
  const known = byDepth?.get(depth);
  if (known !== undefined) return known;
  if (depth > limit) return new Invalid(TOO_DEEP);
  if (byDepth === undefined) {
    byDepth = new Map();
    memo.set(value, byDepth);
  }
  try {
    const reason = notJsonReason(value);
    if (reason !== null) return new Invalid(reason);
    let result: unknown;
    if (Array.isArray(value)) {
      // An array is one value: an element that cannot be read makes all of it invalid.
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
        items.push(copy(element, depth + 1, memo, limit));
      }
      result = bad ?? items;
    } else {
      let keys: (string | symbol)[];
      try {
        keys = Reflect.ownKeys(value);
      } catch {
        return new Invalid(UNLISTED_KEYS);
      }
      const object: Record<string, unknown> = Object.create(null);
      for (const key of keys) {
        if (typeof key !== "string") continue;
        const member = readOwnOrThrew(value, key);
        if (member === THREW) object[key] = threwWhenRead();
        else if (member !== MISSING) object[key] = copy(member, depth + 1, memo, limit);
      }
      result = object;
    }
    byDepth.set(depth, result);
    return result;
  } catch {
    return new Invalid("an object that threw when inspected");
  }
}

/** What `readOwnOrThrew` returns for a read that threw (a primitive: comparing it runs no trap). */
export const THREW: unique symbol = Symbol("threw");

/**
 * An own data property, MISSING, or THREW when reading it throws (a Proxy's trap): one
 * property that throws errs where it is read (`threwWhenRead`), its siblings stay
 * readable. Callers compare with `===` — `instanceof` on a hostile value would run its
 * `getPrototypeOf` trap.
 */
export function readOwnOrThrew(object: object, key: string): unknown {
  try {
    return readOwn(object, key);
  } catch {
    return THREW;
  }
}

/**
 * The marker a property that threw when read becomes in a copy: one shared instance, so
 * `has` can tell it by identity (`THREW_MEMBER`) — such a property is not known to be
 * there, and `has` never errs: it is false, as when reading the original (spec §4.2).
 */
export const THREW_MEMBER: Invalid = Object.freeze(new Invalid("a property that threw when read"));

export function threwWhenRead(): Invalid {
  return THREW_MEMBER;
}

/** Why an object whose own keys cannot be listed is not a JSON value. */
export const UNLISTED_KEYS = "an object whose keys threw when listed";

/**
 * Values `readJson` may use as they are: the policies' own literal lists (frozen arrays
 * of JSON primitives, made at compile time).
 */
const CONSTANTS = new WeakSet<object>();

/** Marks a compile-time constant (a literal list) that `readJson` need not copy. */
export function markConstant<T extends object>(value: T): T {
  CONSTANTS.add(value);
  return value;
}

/**
 * Snapshot objects whose own keys could not be listed (a Proxy whose `ownKeys` threw):
 * they hold the attributes read by name, and the whole value errs when compared.
 */
const PARTIAL = new WeakMap<object, Invalid>();

/** Marks a partial snapshot object (see PARTIAL). */
export function markPartial(copy: object, why: Invalid): void {
  PARTIAL.set(copy, why);
}

/** Whether a snapshot object is partial (its whole value errs). */
export function isPartial(value: object): boolean {
  return PARTIAL.has(value);
}

/** A container read by `readJson`: our copy, and its height (1 for `[]`). */
interface Read {
  readonly value: unknown;
  readonly height: number;
}

const BUSY: unique symbol = Symbol("busy");
const TOO_DEEP_FAULT_MESSAGE = `cannot compare ${TOO_DEEP}`;

function notJsonFault(reason: string): Fault {
  return new Fault(`cannot compare ${reason}`);
}

/**
 * An operand of `==`, `in` or `contains`, read once, whole, into our own copy: every
 * object and array through own data properties only (a Proxy is asked once per key, so
 * it cannot answer one way when checked and another when compared), shared
 * sub-structures read once (a DAG stays linear). A Fault when anything inside is not a
 * JSON value, is a hole, threw, or nests deeper than the bound counted from `value`.
 */
export function readJson(value: unknown): unknown {
  if (typeof value !== "object" || value === null) {
    const reason = notJsonReason(value);
    return reason === null ? value : notJsonFault(reason);
  }
  if (CONSTANTS.has(value)) return value;
  const read = readContainer(value, 1, new Map());
  return read instanceof Fault ? read : read.value;
}

function readContainer(value: object, depth: number, memo: Map<object, Read | typeof BUSY>): Read | Fault {
  const seen = memo.get(value);
  // A container met again while being read: a cycle, which nests without end.
  if (seen === BUSY) return new Fault(TOO_DEEP_FAULT_MESSAGE);
  if (seen !== undefined) return depth + seen.height - 1 > MAX_VALUE_DEPTH ? new Fault(TOO_DEEP_FAULT_MESSAGE) : seen;
  if (depth > MAX_VALUE_DEPTH) return new Fault(TOO_DEEP_FAULT_MESSAGE);
  const reason = notJsonReason(value);
  if (reason !== null) return notJsonFault(reason);
  const partial = PARTIAL.get(value);
  if (partial !== undefined) return notJsonFault(partial.what);
  memo.set(value, BUSY);
  let height = 1;
  let copied: unknown;
  try {
    if (Array.isArray(value)) {
      const length = readOwn(value, "length");
      if (typeof length !== "number") return notJsonFault("an array without a length");
      const items: unknown[] = [];
      for (let i = 0; i < length; i++) {
        const element = readOwn(value, String(i));
        if (element === MISSING) return notJsonFault(`an array with a hole at index ${i}`);
        const inner = readMember(element, depth, memo);
        if (inner instanceof Fault) return inner;
        if (typeof element === "object" && element !== null) {
          items.push((inner as Read).value);
          height = Math.max(height, (inner as Read).height + 1);
        } else {
          items.push(element);
        }
      }
      copied = items;
    } else {
      const object: Record<string, unknown> = Object.create(null);
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key !== "string") continue;
        const member = readOwn(value, key);
        if (member === MISSING) continue;
        const inner = readMember(member, depth, memo);
        if (inner instanceof Fault) return inner;
        if (typeof member === "object" && member !== null) {
          object[key] = (inner as Read).value;
          height = Math.max(height, (inner as Read).height + 1);
        } else {
          object[key] = member;
        }
      }
      copied = object;
    }
  } catch {
    return notJsonFault("an object that threw when inspected");
  }
  const read: Read = { value: copied, height };
  memo.set(value, read);
  return read;
}

/** A member of a container at `depth`: the primitive itself, a Read of a container, or a Fault. */
function readMember(member: unknown, depth: number, memo: Map<object, Read | typeof BUSY>): unknown {
  if (typeof member !== "object" || member === null) {
    const reason = notJsonReason(member);
    return reason === null ? member : notJsonFault(reason);
  }
  return readContainer(member, depth + 1, memo);
}

/**
 * `==` of spec §4.2 on request values: no coercion, `===` on primitives, arrays
 * element-wise, objects by key set. A non-JSON value anywhere inside, a hole, or
 * nesting deeper than the bound is a Fault. Own data properties only.
 */
export function jsonEquals(a: unknown, b: unknown): boolean | Fault {
  const left = readJson(a);
  if (left instanceof Fault) return left;
  const right = readJson(b);
  if (right instanceof Fault) return right;
  return equalRead(left, right);
}

/** Pairs of containers found equal, made once a comparison gets this big (DAGs stay linear). */
const PAIR_MEMO_AFTER = 64;

/** Structural equality of two values made by `readJson` (our copies: plain reads are safe). */
export function equalRead(a: unknown, b: unknown): boolean {
  return equalCopies(a, b, { visits: 0, equalPairs: null });
}

interface EqualState {
  visits: number;
  equalPairs: Map<object, Set<object>> | null;
}

function equalCopies(a: unknown, b: unknown, state: EqualState): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (state.equalPairs?.get(a)?.has(b) === true) return true;
  if (++state.visits > PAIR_MEMO_AFTER) state.equalPairs ??= new Map();
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equalCopies(x[i], y[i], state)) return false;
  } else {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(y, key) || !equalCopies(x[key], y[key], state)) return false;
    }
  }
  const pairs = state.equalPairs;
  if (pairs !== null) {
    let set = pairs.get(a);
    if (set === undefined) {
      set = new Set();
      pairs.set(a, set);
    }
    set.add(b);
  }
  return true;
}
