/**
 * Re-checks of a remembered subject object: whether its top-level attributes still hold
 * the values a plan was made from. One small object per attribute, made once per
 * remembered object, so the check of the common shapes (a `roles` array, a number) is a
 * short monomorphic method rather than a walk over a tagged record (measured ≈ 5 % of a
 * warm `evaluate` at N = 1,000). Every read is an own-data-property read, and none runs
 * user code on a non-Proxy object: an element turned into a getter, a hole, or an array
 * Proxy whose `get` lies must not pass for the snapshot's value.
 */
import { types } from "node:util";
import { MISSING } from "./values.js";

/** Whether a subject object still holds some remembered values. Answers false whenever unsure; never throws. */
export interface SubjectCheck {
  holds(subject: object): boolean;
}

const getOwn = Object.getOwnPropertyDescriptor;
const hasOwn = Object.hasOwn;
/** `Object.prototype.__lookupGetter__`, uncurried at load (later pollution cannot reach it). */
const getterOf = Function.prototype.call.bind(
  (Object.prototype as unknown as { __lookupGetter__(key: PropertyKey): unknown }).__lookupGetter__,
) as (object: object, key: PropertyKey) => unknown;
const getProto = Object.getPrototypeOf;
const ARRAY_PROTOTYPE = Array.prototype;

/** Holds for any subject (a part with no attributes). */
const ALWAYS: SubjectCheck = Object.freeze({ holds: () => true });
/** Holds for none (a value the checks cannot compare, e.g. an object). */
export const NEVER: SubjectCheck = Object.freeze({ holds: () => false });

/** An attribute that held a primitive, or was absent (MISSING). */
class PrimitiveCheck implements SubjectCheck {
  constructor(
    readonly name: string,
    readonly value: unknown,
  ) {}

  holds(subject: object): boolean {
    try {
      const descriptor = getOwn(subject, this.name);
      // An accessor counts as absent, as in the snapshot.
      if (descriptor === undefined || !("value" in descriptor)) return this.value === MISSING;
      // `value` is a primitive (never MISSING's twin): `===` rules out any object.
      return descriptor.value === this.value;
    } catch {
      return false;
    }
  }
}

/** Never found in a subject: it does not leave this module. */
const NO_ARRAY: readonly unknown[] = Object.freeze([]);

/**
 * An attribute that held an array of primitives. `#last`: the last array found there
 * that is not a Proxy.
 */
class ArrayCheck implements SubjectCheck {
  #last: readonly unknown[] = NO_ARRAY;

  constructor(
    readonly name: string,
    readonly items: readonly unknown[],
  ) {}

  holds(subject: object): boolean {
    try {
      const descriptor = getOwn(subject, this.name);
      if (descriptor === undefined || !("value" in descriptor)) return false;
      const value: unknown = descriptor.value;
      if (value !== this.#last) {
        // Being an array (or a Proxy) never changes: the same array again skips these.
        if (!Array.isArray(value) || types.isProxy(value)) return false;
        this.#last = value;
      }
      return sameElements(this.#last, this.items);
    } catch {
      return false;
    }
  }
}

/** Several attributes: all must hold. */
class AllChecks implements SubjectCheck {
  constructor(readonly checks: readonly SubjectCheck[]) {}

  holds(subject: object): boolean {
    const checks = this.checks;
    for (let i = 0; i < checks.length; i++) if (!(checks[i] as SubjectCheck).holds(subject)) return false;
    return true;
  }
}

/**
 * Whether an array that is not a Proxy (the caller checks) nor a subclass (checked
 * here) holds exactly `items`, through own data elements only. Cheaper than a descriptor
 * per element (no allocation), and as exact: `hasOwn` rules out a hole (which would read
 * the prototype), an own getter shows in `__lookupGetter__` (which, for an own data
 * element, never looks further), and a setter-only element reads `undefined`, which no
 * snapshot element is (copies turn `undefined` into an Invalid marker). None of these
 * runs user code on a non-Proxy array.
 */
function sameElements(value: readonly unknown[], items: readonly unknown[]): boolean {
  const length = items.length;
  // A real array's `length` is an own data property; only a Proxy could lie in `get`.
  if (getProto(value) !== ARRAY_PROTOTYPE || value.length !== length) return false;
  for (let j = 0; j < length; j++) {
    if (!hasOwn(value, j) || getterOf(value, j) !== undefined || value[j] !== items[j]) return false;
  }
  return true;
}

/** An array element `sameElements` can compare by `===` (what a snapshot copy holds). */
function isPrimitiveElement(item: unknown): boolean {
  return (typeof item !== "object" || item === null) && item !== undefined;
}

/** The check of one attribute `name` whose snapshot value is `copy` (MISSING when absent). */
function checkOf(name: string, copy: unknown): SubjectCheck {
  if (typeof copy !== "object" || copy === null) return new PrimitiveCheck(name, copy);
  if (Array.isArray(copy) && copy.every(isPrimitiveElement)) return new ArrayCheck(name, [...copy]);
  return NEVER;
}

/** The check of attributes `names` whose snapshot values are `copies` (same order). */
export function subjectCheck(names: readonly string[], copies: readonly unknown[]): SubjectCheck {
  if (names.length === 0) return ALWAYS;
  const checks = names.map((name, i) => checkOf(name, copies[i]));
  if (checks.includes(NEVER)) return NEVER;
  return checks.length === 1 ? (checks[0] as SubjectCheck) : new AllChecks(checks);
}
