/**
 * JSON Schema → AttrType. Understands `type`, `enum`, `const`, `properties`,
 * `required`, `additionalProperties`, `items`, `anyOf`/`oneOf`, `allOf` (members merged),
 * `$ref` to `#/$defs/NAME`, and numeric/length bounds. Anything else widens, never
 * narrows. Recursive `$ref`s stop at a fixed depth (beyond it: `any`).
 */
import type { LiteralValue } from "../model/ast.js";
import {
  ANY,
  type AttrType,
  type JsonTypeName,
  JSON_TYPE_NAMES,
  type Member,
  NEVER,
  typeOfLiteral,
  unionType,
} from "./attr-type.js";

/** A JSON Schema as data (already checked to be JSON by the loader). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

const MAX_DEPTH = 24;

export function attrTypeOfSchema(schema: unknown, defs: Readonly<Record<string, unknown>>): AttrType {
  return convert(schema, defs, 0);
}

function own(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): value is LiteralValue {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function jsonTypeOf(value: unknown): JsonTypeName {
  if (Array.isArray(value)) return "array";
  if (isPrimitive(value)) return typeOfLiteral(value);
  return "object";
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** `#/$defs/NAME` (or `#/definitions/NAME`) → NAME. */
export function localRefName(ref: string): string | undefined {
  const match = /^#\/(?:\$defs|definitions)\/([^/~]+)$/.exec(ref);
  return match?.[1];
}

function convert(schema: unknown, defs: Readonly<Record<string, unknown>>, depth: number): AttrType {
  if (schema === true) return ANY;
  if (schema === false) return NEVER;
  if (!isObject(schema) || depth > MAX_DEPTH) return ANY;

  const ref = own(schema, "$ref");
  if (typeof ref === "string") {
    const name = localRefName(ref);
    const target = name !== undefined && Object.hasOwn(defs, name) ? convert(defs[name], defs, depth + 1) : ANY;
    // Keywords beside `$ref` apply too (2020-12, and ajv applies them): both hold.
    const rest: Record<string, unknown> = {};
    for (const key of Object.keys(schema)) if (key !== "$ref") rest[key] = schema[key];
    return Object.keys(rest).length === 0 ? target : intersectType(target, convert(rest, defs, depth + 1));
  }

  for (const key of ["anyOf", "oneOf"]) {
    const alternatives = own(schema, key);
    if (Array.isArray(alternatives) && alternatives.length > 0 && own(schema, "type") === undefined) {
      return alternatives.map((s) => convert(s, defs, depth + 1)).reduce(unionType);
    }
  }

  const constant = own(schema, "const");
  const hasConst = Object.hasOwn(schema, "const");
  const enumeration = own(schema, "enum");
  const allowed: unknown[] | undefined = hasConst ? [constant] : Array.isArray(enumeration) ? enumeration : undefined;

  let types: Set<JsonTypeName>;
  let integer = false;
  const declared = own(schema, "type");
  const declaredList = typeof declared === "string" ? [declared] : Array.isArray(declared) ? declared : undefined;
  if (declaredList !== undefined) {
    types = new Set();
    for (const t of declaredList) {
      if (t === "integer") {
        types.add("number");
        integer = true;
      } else if (typeof t === "string" && (JSON_TYPE_NAMES as readonly string[]).includes(t)) {
        types.add(t as JsonTypeName);
        if (t === "number") integer = false;
      }
    }
    if (declaredList.includes("number")) integer = false;
  } else if (allowed !== undefined) {
    types = new Set(allowed.map(jsonTypeOf));
  } else if (Object.hasOwn(schema, "properties") || Object.hasOwn(schema, "required")) {
    types = new Set(["object"]);
  } else if (Object.hasOwn(schema, "items")) {
    types = new Set(["array"]);
  } else {
    const all = own(schema, "allOf");
    return Array.isArray(all) ? mergeAll(all, defs, depth) : ANY;
  }
  if (allowed !== undefined) types = new Set(allowed.map(jsonTypeOf).filter((t) => types.has(t)));

  const properties = new Map<string, Member>();
  const required = new Set((Array.isArray(own(schema, "required")) ? (own(schema, "required") as unknown[]) : []).filter((k) => typeof k === "string"));
  const props = own(schema, "properties");
  if (isObject(props)) {
    for (const key of Object.keys(props)) {
      properties.set(key, { type: convert(props[key], defs, depth + 1), required: required.has(key) });
    }
  }
  const extra = own(schema, "additionalProperties");
  const patternProps = own(schema, "patternProperties");
  let additional: AttrType | null = null;
  if (extra !== undefined && extra !== false) additional = convert(extra, defs, depth + 1);
  // An object schema that declares no members at all is free-form, not empty.
  if (extra === undefined && !isObject(props)) additional = ANY;
  if (isObject(patternProps) && Object.keys(patternProps).length > 0) {
    // A member no `properties` entry names is one of the patterns' types, or (if allowed)
    // an additional one: their union (which member matches which pattern is not tracked).
    const patterned = Object.keys(patternProps).map((key) => convert(patternProps[key], defs, depth + 1)).reduce(unionType);
    additional = extra === false ? patterned : extra === undefined ? ANY : unionType(patterned, additional ?? ANY);
  }

  // A required member no `properties` entry declares is still required, of whatever type
  // undeclared members have (`allOf: [{properties: {p}}, {required: ["p"]}]` makes p
  // required). Where undeclared members are not allowed it is left out (no value fits).
  if (additional !== null) {
    for (const key of required) if (!properties.has(key)) properties.set(key, { type: additional, required: true });
  }

  const items = own(schema, "items");
  let result: AttrType = {
    any: false,
    types,
    integer,
    ...(allowed?.every(isPrimitive) ? { values: allowed } : {}),
    properties,
    additional,
    items: types.has("array") ? (items === undefined ? ANY : convert(items, defs, depth + 1)) : null,
    ...bounds(schema),
  };
  const all = own(schema, "allOf");
  if (Array.isArray(all) && all.length > 0) result = intersectType(result, mergeAll(all, defs, depth));
  return result;
}

function bounds(schema: Readonly<Record<string, unknown>>): Partial<AttrType> {
  const out: Record<string, number> = {};
  const min = num(own(schema, "minimum"));
  const exMin = num(own(schema, "exclusiveMinimum"));
  const max = num(own(schema, "maximum"));
  const exMax = num(own(schema, "exclusiveMaximum"));
  // An exclusive bound becomes the nearest number inside it (generation must not produce
  // the bound itself; an integer rounds past it).
  if (min !== undefined || exMin !== undefined) out.minimum = Math.max(min ?? -Infinity, exMin === undefined ? -Infinity : nudge(exMin, 1));
  if (max !== undefined || exMax !== undefined) out.maximum = Math.min(max ?? Infinity, exMax === undefined ? Infinity : nudge(exMax, -1));
  for (const key of ["minLength", "maxLength", "minItems", "maxItems"]) {
    const value = num(own(schema, key));
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The next number after `x` toward `direction` (±1): one unit in the last place, at least the smallest subnormal. */
function nudge(x: number, direction: 1 | -1): number {
  return x + direction * Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
}

function mergeAll(schemas: readonly unknown[], defs: Readonly<Record<string, unknown>>, depth: number): AttrType {
  return schemas.map((s) => convert(s, defs, depth + 1)).reduce(intersectType, ANY);
}

/** `a ∩ b`, approximately: types intersect, members merge (required if either says so). */
export function intersectType(a: AttrType, b: AttrType): AttrType {
  if (a.any) return b;
  if (b.any) return a;
  const properties = new Map(a.properties);
  for (const [key, member] of b.properties) {
    const prior = properties.get(key);
    properties.set(key, prior === undefined ? member : { type: intersectType(prior.type, member.type), required: prior.required || member.required });
  }
  return {
    ...a,
    ...b,
    types: new Set([...a.types].filter((t) => b.types.has(t))),
    integer: a.integer || b.integer,
    properties,
    additional: a.additional === null || b.additional === null ? null : intersectType(a.additional, b.additional),
    items: a.items === null ? b.items : b.items === null ? a.items : intersectType(a.items, b.items),
  };
}
