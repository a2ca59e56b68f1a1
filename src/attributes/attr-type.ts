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

/** `a ∪ b`: a value of either. Members present in only one side become optional. */
export function unionType(a: AttrType, b: AttrType): AttrType {
  if (a.any || b.any) return ANY;
  if (a.types.size === 0) return b;
  if (b.types.size === 0) return a;
  const types = new Set([...a.types, ...b.types]);
  const aObj = a.types.has("object");
  const bObj = b.types.has("object");
  let properties: ReadonlyMap<string, Member> = aObj ? a.properties : b.properties;
  let additional = aObj ? a.additional : b.additional;
  if (aObj && bObj) {
    const merged = new Map<string, Member>();
    for (const key of new Set([...a.properties.keys(), ...b.properties.keys()])) {
      const ma = a.properties.get(key);
      const mb = b.properties.get(key);
      // A member one side does not declare is, on that side, whatever its
      // `additionalProperties` admits (nothing when closed).
      const ta = ma !== undefined ? ma.type : a.additional;
      const tb = mb !== undefined ? mb.type : b.additional;
      const type = ta === null ? tb : tb === null ? ta : unionType(ta, tb);
      if (type === null) continue;
      merged.set(key, { type, required: (ma?.required ?? false) && (mb?.required ?? false) });
    }
    properties = merged;
    additional = a.additional === null ? b.additional : b.additional === null ? a.additional : unionType(a.additional, b.additional);
  }
  const items = a.items === null ? b.items : b.items === null ? a.items : unionType(a.items, b.items);
  return {
    any: false,
    types,
    integer: a.integer && b.integer && !(a.types.has("number") !== b.types.has("number")),
    ...(a.values !== undefined && b.values !== undefined ? { values: [...a.values, ...b.values] } : {}),
    properties,
    additional,
    items,
    ...bound("minimum", a, b, Math.min),
    ...bound("maximum", a, b, Math.max),
    ...bound("minLength", a, b, Math.min),
    ...bound("maxLength", a, b, Math.max),
    ...bound("minItems", a, b, Math.min),
    ...bound("maxItems", a, b, Math.max),
  };
}

type BoundKey = "minimum" | "maximum" | "minLength" | "maxLength" | "minItems" | "maxItems";

function bound(key: BoundKey, a: AttrType, b: AttrType, pick: (x: number, y: number) => number): Partial<AttrType> {
  const x = a[key];
  const y = b[key];
  return x !== undefined && y !== undefined ? { [key]: pick(x, y) } : {};
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
