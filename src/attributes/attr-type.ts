/**
 * What the static analyses know about an attribute: a JSON Schema reduced to the few
 * facts the operators care about (which JSON types, which members, which literal values,
 * numeric and length bounds). Derived once per schema; an approximation that only ever
 * widens (`any`) where a keyword is not understood, so it never invents an error.
 */
import type { LiteralValue } from "../model/ast.js";

export type JsonTypeName = "string" | "number" | "boolean" | "null" | "array" | "object";

export const JSON_TYPE_NAMES: readonly JsonTypeName[] = ["string", "number", "boolean", "null", "array", "object"];

export interface Member {
  readonly type: AttrType;
  /** Listed in `required`: present whenever the object is valid. */
  readonly required: boolean;
}

export interface AttrType {
  /** Nothing is known: every operator may apply. */
  readonly any: boolean;
  /** Possible JSON types (empty with `any: false`: no value is valid). */
  readonly types: ReadonlySet<JsonTypeName>;
  /** `integer` rather than any number. */
  readonly integer: boolean;
  /** From `enum`/`const` when every allowed value is a primitive; else undefined. */
  readonly values?: readonly LiteralValue[];
  /** Declared object members. */
  readonly properties: ReadonlyMap<string, Member>;
  /** Type of undeclared members; null: undeclared members are unknown attributes. */
  readonly additional: AttrType | null;
  /**
   * With `additional` null: the schema itself forbids undeclared members
   * (`additionalProperties: false`). Otherwise they are unknown to the type checker by
   * convention only, and valid: a union must not let another side's type decide them.
   */
  readonly sealed?: boolean;
  /** Members declared but never present (`"a": false`, or a type no value fits). */
  readonly absent?: ReadonlySet<string>;
  /** Element type for arrays; null when not an array type. */
  readonly items: AttrType | null;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

const NO_MEMBERS: ReadonlyMap<string, Member> = new Map();

export const ANY: AttrType = Object.freeze({
  any: true,
  types: new Set(JSON_TYPE_NAMES),
  integer: false,
  properties: NO_MEMBERS,
  additional: null,
  items: null,
});

export const NEVER: AttrType = Object.freeze({
  any: false,
  types: new Set<JsonTypeName>(),
  integer: false,
  properties: NO_MEMBERS,
  additional: null,
  items: null,
});

export function primitive(name: JsonTypeName, values?: readonly LiteralValue[]): AttrType {
  return { ...NEVER, types: new Set([name]), ...(values !== undefined ? { values } : {}) };
}

export const STRING = primitive("string");
export const NUMBER = primitive("number");
export const BOOLEAN = primitive("boolean");

/** A closed object type with the given members. */
export function objectType(members: Iterable<readonly [string, Member]>): AttrType {
  return { ...NEVER, types: new Set(["object"]), properties: new Map(members) };
}

export function arrayOf(items: AttrType): AttrType {
  return { ...NEVER, types: new Set(["array"]), items };
}

export function typeOfLiteral(value: LiteralValue): JsonTypeName {
  return value === null ? "null" : (typeof value as "string" | "number" | "boolean");
}

/**
 * Results of `unionType`/`intersectType` by operand identity. Types built from a
 * recursive schema share their subtrees (a DAG: schema-type.ts memoizes per definition
 * and depth), so walking them pair by pair without this memo would be exponential.
 * Types are never mutated after they are built, which makes identity a sound key.
 */
const UNIONS = new WeakMap<AttrType, WeakMap<AttrType, AttrType>>();
const INTERSECTIONS = new WeakMap<AttrType, WeakMap<AttrType, AttrType>>();

/**
 * Unions and intersections left to compute exactly. The memo alone does not bound them:
 * unions of intersections of a recursive definition's types (`oneOf` and `if`/`else`
 * beside members that `$ref` one another) are new types each, and their combinations
 * grew into millions (seconds to load a 2 KB schema). Past the budget a result widens
 * (a union to its sides' types with every member anything, an intersection to one side),
 * which never reports an error a valid request could contradict.
 */
export interface WorkBudget {
  left: number;
}

/** Work for one schema document (all its sections), or for one call from elsewhere. */
export const DOCUMENT_WORK = 20_000;
export const CALL_WORK = 5_000;

let budget: WorkBudget | null = null;

/** Runs `fn` with unions and intersections drawing on `work`. */
export function withWorkBudget<T>(work: WorkBudget, fn: () => T): T {
  const outer = budget;
  budget = work;
  try {
    return fn();
  } finally {
    budget = outer;
  }
}

function memo(table: WeakMap<AttrType, WeakMap<AttrType, AttrType>>, a: AttrType, b: AttrType, make: () => AttrType, widen: () => AttrType): AttrType {
  let inner = table.get(a);
  const hit = inner?.get(b);
  if (hit !== undefined) return hit;
  if (budget === null) return withWorkBudget({ left: CALL_WORK }, () => memo(table, a, b, make, widen));
  // Widened results are not remembered: a later call with work left computes them exactly.
  if (budget.left <= 0) return widen();
  budget.left--;
  const made = make();
  if (inner === undefined) {
    inner = new WeakMap();
    table.set(a, inner);
  }
  inner.set(b, made);
  return made;
}

/** `a ∪ b` without looking below the top: every member (and item) may be anything. */
function shallowUnion(a: AttrType, b: AttrType): AttrType {
  const properties = new Map<string, Member>();
  for (const side of [a, b]) {
    if (!side.types.has("object")) continue;
    const other = side === a ? b : a;
    for (const [key, member] of side.properties) {
      const required = member.required && (!other.types.has("object") || other.properties.get(key)?.required === true);
      properties.set(key, { type: ANY, required });
    }
    for (const key of side.absent ?? []) if (!properties.has(key)) properties.set(key, { type: ANY, required: false });
  }
  const bothClosed = (!a.types.has("object") || a.additional === null) && (!b.types.has("object") || b.additional === null);
  return {
    any: false,
    types: new Set([...a.types, ...b.types]),
    integer: false,
    properties,
    additional: bothClosed ? null : ANY,
    items: a.items === null && b.items === null ? null : ANY,
  };
}

/**
 * For generation only: the cases a type is the merged union of (the alternatives of an
 * `anyOf`/`oneOf`, the two sides of a `dependencies` entry, `then` and `else`), each a
 * narrower type. Type checking reads the merged type and never these; generating from a
 * case at a time keeps members of different alternatives from being mixed in one value
 * (which the schema refuses). Kept beside the types, not in them, so the types and their
 * identities (the memo keys above) are exactly what they were without it.
 */
const CASES = new WeakMap<AttrType, () => readonly AttrType[] | undefined>();

/** The most cases one type is generated from; past it, the merged type is generated. */
export const MAX_CASES = 16;

/** Registers `cases` for `type` (kept if it has some already; never itself a case). */
export function setCases(type: AttrType, cases: () => readonly AttrType[] | undefined): void {
  if (!CASES.has(type) && !Object.isFrozen(type)) CASES.set(type, cases);
}

/** The cases of `type` (see CASES), or undefined: generate the type itself. */
export function casesOf(type: AttrType): readonly AttrType[] | undefined {
  const cases = CASES.get(type)?.();
  // A type among its own cases would make generation loop: the merged type it is.
  return cases === undefined || cases.length === 0 || cases.length > MAX_CASES || cases.includes(type) ? undefined : cases;
}

/** Computes `make` once, on first use (cases are wanted only when generating). */
export function lazily<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      done = true;
      value = make();
    }
    return value;
  };
}

/**
 * The cases of `a ∩ b`: each case of one side intersected with each of the other's
 * (a type without cases is its own single case); none past MAX_CASES, or when neither
 * side has cases.
 */
function intersectionCases(a: AttrType, b: AttrType): readonly AttrType[] | undefined {
  const as = casesOf(a);
  const bs = casesOf(b);
  if (as === undefined && bs === undefined) return undefined;
  const left = as ?? [a];
  const right = bs ?? [b];
  if (left.length * right.length > MAX_CASES) return undefined;
  return left.flatMap((x) => right.map((y) => intersectType(x, y))).filter((t) => !isNever(t));
}

/** Whether no value has this type. */
export function isNever(type: AttrType): boolean {
  return !type.any && type.types.size === 0;
}

/** `a ∪ b`: a value of either. Members present in only one side become optional. */
export function unionType(a: AttrType, b: AttrType): AttrType {
  if (a.any || b.any) return ANY;
  if (a.types.size === 0 || a === b) return b;
  if (b.types.size === 0) return a;
  return memo(UNIONS, a, b, () => computeUnion(a, b), () => shallowUnion(a, b));
}

function computeUnion(a: AttrType, b: AttrType): AttrType {
  const types = new Set([...a.types, ...b.types]);
  const aObj = a.types.has("object");
  const bObj = b.types.has("object");
  let properties: ReadonlyMap<string, Member> = aObj ? a.properties : b.properties;
  let additional = aObj ? a.additional : b.additional;
  let sealed = aObj ? a.sealed === true : b.sealed === true;
  let absent = aObj ? a.absent : b.absent;
  if (aObj && bObj) {
    const merged = new Map<string, Member>();
    const never = new Set<string>();
    for (const key of new Set([...a.properties.keys(), ...b.properties.keys(), ...(a.absent ?? []), ...(b.absent ?? [])])) {
      const ma = a.properties.get(key);
      const mb = b.properties.get(key);
      // A member one side does not declare is, on that side, whatever its
      // `additionalProperties` admits: nothing when it is `false`, anything when absent.
      const ta = ma !== undefined ? ma.type : a.absent?.has(key) ? null : undeclared(a);
      const tb = mb !== undefined ? mb.type : b.absent?.has(key) ? null : undeclared(b);
      const type = ta === null ? tb : tb === null ? ta : unionType(ta, tb);
      if (type === null) never.add(key);
      else merged.set(key, { type, required: (ma?.required ?? false) && (mb?.required ?? false) });
    }
    properties = merged;
    absent = never.size > 0 ? never : undefined;
    if (a.additional === null && b.additional === null) {
      // Unknown to the type checker on both sides; forbidden only if both forbid them.
      additional = null;
      sealed = a.sealed === true && b.sealed === true;
    } else {
      const ta = undeclared(a);
      const tb = undeclared(b);
      additional = ta === null ? tb : tb === null ? ta : unionType(ta, tb);
    }
  }
  const items = a.items === null ? b.items : b.items === null ? a.items : unionType(a.items, b.items);
  const aNum = a.types.has("number");
  const bNum = b.types.has("number");
  return {
    any: false,
    types,
    // Integer when every side that may be a number is an integer.
    integer: (aNum || bNum) && (!aNum || a.integer) && (!bNum || b.integer),
    ...(a.values !== undefined && b.values !== undefined ? { values: [...a.values, ...b.values] } : {}),
    properties,
    additional,
    ...(sealed ? { sealed } : {}),
    ...(absent !== undefined ? { absent } : {}),
    items,
    ...unionBound("minimum", a, b, Math.min),
    ...unionBound("maximum", a, b, Math.max),
    ...unionBound("minLength", a, b, Math.min),
    ...unionBound("maxLength", a, b, Math.max),
    ...unionBound("minItems", a, b, Math.min),
    ...unionBound("maxItems", a, b, Math.max),
  };
}

/** What JSON Schema admits for an undeclared member of an object type; null: nothing. */
function undeclared(type: AttrType): AttrType | null {
  return type.additional ?? (type.sealed === true ? null : ANY);
}

type BoundKey = "minimum" | "maximum" | "minLength" | "maxLength" | "minItems" | "maxItems";

/** The JSON type each bound constrains. */
const BOUNDED: Readonly<Record<BoundKey, JsonTypeName>> = {
  minimum: "number",
  maximum: "number",
  minLength: "string",
  maxLength: "string",
  minItems: "array",
  maxItems: "array",
};

/**
 * A bound of `a ∪ b`: from the sides that may have a value it constrains (a side that
 * cannot be a number says nothing about numbers); a side without it is unbounded.
 */
function unionBound(key: BoundKey, a: AttrType, b: AttrType, pick: (x: number, y: number) => number): Partial<AttrType> {
  const x = a.types.has(BOUNDED[key]) ? a[key] : b[key];
  const y = b.types.has(BOUNDED[key]) ? b[key] : a[key];
  return x !== undefined && y !== undefined ? { [key]: pick(x, y) } : {};
}

/** A bound of `a ∩ b`: whichever sides have it hold. */
function bound(key: BoundKey, a: AttrType, b: AttrType, pick: (x: number, y: number) => number): Partial<AttrType> {
  const x = a[key];
  const y = b[key];
  const one = x ?? y;
  return x !== undefined && y !== undefined ? { [key]: pick(x, y) } : one !== undefined ? { [key]: one } : {};
}

/**
 * `a ∩ b`, approximately (never narrower than the exact intersection): types intersect,
 * members merge (required if either says so), bounds tighten (the larger minimum, the
 * smaller maximum, lengths alike), enumerated values are those both sides allow and
 * every bound admits. A member no value fits is left out (it is never present).
 */
export function intersectType(a: AttrType, b: AttrType): AttrType {
  if (a.any || a === b) return b;
  if (b.any) return a;
  if (a.types.size === 0) return a;
  if (b.types.size === 0) return b;
  // Either side holds every value of the intersection: `a` alone is a sound widening.
  const result = memo(INTERSECTIONS, a, b, () => computeIntersection(a, b), () => a);
  // Cases for generation: computed only if asked for, never while types are checked.
  if (result !== a && result !== b && (CASES.has(a) || CASES.has(b))) setCases(result, lazily(() => intersectionCases(a, b)));
  return result;
}

function computeIntersection(a: AttrType, b: AttrType): AttrType {
  const types = new Set([...a.types].filter((t) => b.types.has(t)));
  const properties = new Map(a.properties);
  for (const [key, member] of b.properties) {
    const prior = properties.get(key);
    properties.set(key, prior === undefined ? member : { type: intersectType(prior.type, member.type), required: prior.required || member.required });
  }
  for (const [key, member] of properties) {
    if (!isNever(member.type)) continue;
    properties.delete(key);
    // A required member that can have no value: no object is valid.
    if (member.required) types.delete("object");
  }
  const values = a.values !== undefined && b.values !== undefined ? a.values.filter((v) => b.values?.some((w) => w === v)) : (a.values ?? b.values);
  const result: AttrType = {
    any: false,
    types,
    integer: a.integer || b.integer,
    ...(values !== undefined ? { values } : {}),
    properties,
    additional: a.additional === null || b.additional === null ? null : intersectType(a.additional, b.additional),
    ...(a.sealed === true || b.sealed === true ? { sealed: true } : {}),
    ...(a.absent !== undefined || b.absent !== undefined ? { absent: new Set([...(a.absent ?? []), ...(b.absent ?? [])]) } : {}),
    items: a.items === null ? b.items : b.items === null ? a.items : intersectType(a.items, b.items),
    ...bound("minimum", a, b, Math.max),
    ...bound("maximum", a, b, Math.min),
    ...bound("minLength", a, b, Math.max),
    ...bound("maxLength", a, b, Math.min),
    ...bound("minItems", a, b, Math.max),
    ...bound("maxItems", a, b, Math.min),
  };
  return withFittingValues(result);
}

/**
 * The type with its enumerated values reduced to those its types and bounds admit (an
 * `enum` beside a `type`, or a `maximum` beside a `const`, does not make the others
 * valid); no value left: nothing is valid.
 */
export function withFittingValues(type: AttrType): AttrType {
  if (type.values === undefined) return type;
  const values = type.values.filter((v) => fits(type, v));
  if (values.length === 0) return { ...type, values, types: new Set<JsonTypeName>() };
  return values.length === type.values.length ? type : { ...type, values };
}

/** Whether a primitive value is valid for the type's JSON types, integer flag and bounds. */
function fits(type: AttrType, value: LiteralValue): boolean {
  const name = typeOfLiteral(value);
  if (!type.types.has(name)) return false;
  if (typeof value === "number") {
    if (type.integer && !Number.isInteger(value)) return false;
    if (type.minimum !== undefined && value < type.minimum) return false;
    if (type.maximum !== undefined && value > type.maximum) return false;
  } else if (typeof value === "string") {
    const length = codePointLength(value);
    if (type.minLength !== undefined && length < type.minLength) return false;
    if (type.maxLength !== undefined && length > type.maxLength) return false;
  }
  return true;
}

/** A string's length as JSON Schema (and ajv) counts it: in code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Whether a value of this type may be of JSON type `name`. */
export function mayBe(type: AttrType, name: JsonTypeName): boolean {
  return type.any || type.types.has(name);
}

/** Whether every value of this type is of one of `names` (false for `any`). */
export function onlyOf(type: AttrType, ...names: JsonTypeName[]): boolean {
  if (type.any) return false;
  for (const t of type.types) if (!names.includes(t)) return false;
  return true;
}

/** `string`, `number or string`, `anything` — for messages. */
export function describeType(type: AttrType): string {
  if (type.any) return "anything";
  if (type.types.size === 0) return "nothing";
  const names = JSON_TYPE_NAMES.filter((t) => type.types.has(t)).map((t) => (t === "number" && type.integer ? "integer" : t));
  return names.length === 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Key of an attribute path (`root`, members…) in maps of hints and facts. */
export function pathKey(root: string, members: readonly string[]): string {
  return [root, ...members].join("\u0000");
}
