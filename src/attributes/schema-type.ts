/**
 * JSON Schema → AttrType. Understands `type`, `enum`, `const`, `properties`,
 * `required`, `additionalProperties`, `items`, `$ref` to `#/$defs/NAME`, numeric/length
 * bounds, and the applicators: `allOf` and keywords beside a `$ref` (all hold: the types
 * intersect), `anyOf`/`oneOf` (the union of each alternative with the rest of the
 * schema), `if`/`then`/`else` and `dependencies` (the union of the cases, so a member
 * declared in one case is known, and optional). Anything else widens, never narrows.
 * The cases of a union are kept beside the merged type for generation only (`setCases`):
 * the checker reads the merged type.
 *
 * Types are built once per (schema node, depth) and shared: a definition recursive
 * through several members is a DAG whose size is polynomial in the schema, not a tree
 * exponential in the depth. Recursion stops at a fixed depth (beyond it: `any`): 24, or
 * 12 or 6 when unions and intersections of recursive definitions would take more work
 * than a load may spend (their number doubles about every two levels).
 */
import type { LiteralValue } from "../model/ast.js";
import {
  ANY,
  type AttrType,
  DOCUMENT_WORK,
  casesOf,
  intersectType,
  isNever,
  type JsonTypeName,
  JSON_TYPE_NAMES,
  lazily,
  MAX_CASES,
  type Member,
  NEVER,
  setCases,
  typeOfLiteral,
  unionType,
  withFittingValues,
  withWorkBudget,
  type WorkBudget,
} from "./attr-type.js";

export { intersectType };

/** A JSON Schema as data (already checked to be JSON by the loader). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Depths to type a section to, deepest first: the next is tried when the work budget runs out. */
const DEPTHS = [24, 12, 6] as const;

interface Converter {
  readonly defs: Readonly<Record<string, unknown>>;
  readonly maxDepth: number;
  readonly work: WorkBudget;
  /** By schema node: by `depth * 2 + (implied ? 1 : 0)`. */
  readonly memo: WeakMap<object, Map<number, AttrType>>;
}

/**
 * A converter for the schemas of one document: sections that refer to the same
 * definitions share their types. The schemas must not change while it is in use.
 */
export function schemaTyper(defs: Readonly<Record<string, unknown>>): (schema: unknown) => AttrType {
  // One converter per depth, each with its own budget shared by every section: types stay
  // shared between sections, and a document costs at most a few budgets' work in all.
  const converters: Converter[] = DEPTHS.map((maxDepth) => ({ defs, maxDepth, work: { left: DOCUMENT_WORK }, memo: new WeakMap() }));
  return (schema) => {
    for (const c of converters) {
      if (c.work.left <= 0 && c !== converters[converters.length - 1]) continue;
      const type = withWorkBudget(c.work, () => convert(c, schema, 0, true));
      // Exact at this depth (nothing widened for lack of work), or the last resort.
      if (c.work.left > 0 || c === converters[converters.length - 1]) return type;
    }
    return ANY;
  };
}

export function attrTypeOfSchema(schema: unknown, defs: Readonly<Record<string, unknown>>): AttrType {
  return schemaTyper(defs)(schema);
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

const ALL_TYPES: ReadonlySet<JsonTypeName> = new Set(JSON_TYPE_NAMES);

/**
 * `implied`: a schema that declares no type but object keywords (`properties`,
 * `required`) or `items` is taken to be of that type, as authors mean it. Not inside
 * `allOf`, `anyOf`, `then`… when the rest of the schema says what the value is: there
 * such a subschema constrains objects only and must not rule out the others
 * (`{"type": ["object", "null"], "allOf": [{"properties": …}]}` still admits null).
 */
function convert(c: Converter, schema: unknown, depth: number, implied: boolean): AttrType {
  if (schema === true) return ANY;
  if (schema === false) return NEVER;
  if (!isObject(schema) || depth > c.maxDepth) return ANY;
  let byDepth = c.memo.get(schema);
  const key = depth * 2 + (implied ? 1 : 0);
  const known = byDepth?.get(key);
  if (known !== undefined) return known;
  let type = build(c, schema, depth, false);
  // Nothing declared a type: read the object/array keywords as declaring one.
  if (implied && !type.any && type.types.size === ALL_TYPES.size) type = build(c, schema, depth, true);
  if (byDepth === undefined) {
    byDepth = new Map();
    c.memo.set(schema, byDepth);
  }
  byDepth.set(key, type);
  return type;
}

function build(c: Converter, schema: Readonly<Record<string, unknown>>, depth: number, implied: boolean): AttrType {
  const sub = (s: unknown) => convert(c, s, depth + 1, implied);
  let type = ownType(c, schema, depth, implied);

  // Keywords beside `$ref` apply too (2020-12, and ajv applies them): both hold.
  const ref = own(schema, "$ref");
  if (typeof ref === "string") {
    const name = localRefName(ref);
    type = intersectType(type, name !== undefined && Object.hasOwn(c.defs, name) ? sub(c.defs[name]) : ANY);
  }
  const all = own(schema, "allOf");
  if (Array.isArray(all)) for (const s of all) type = intersectType(type, sub(s));

  for (const key of ["anyOf", "oneOf"]) {
    const alternatives = own(schema, key);
    if (Array.isArray(alternatives) && alternatives.length > 0) {
      const rest = type;
      const cases = alternatives.map((s) => intersectType(rest, sub(s)));
      type = cases.reduce(unionType);
      // Generation draws from one alternative at a time (the merged type mixes them). For
      // `oneOf`, only between objects (discriminated shapes): overlapping scalar cases such as
      // `oneOf [integer, number]` would mostly draw values both admit, which `oneOf` refuses,
      // where the merged type draws mostly values only one admits.
      const exclusiveScalars = key === "oneOf" && !cases.every((t) => t.types.size === 1 && t.types.has("object"));
      if (cases.length > 1 && !exclusiveScalars) setCases(type, () => cases.filter((t) => !isNever(t)));
    }
  }

  // (if ∧ then) ∨ (¬if ∧ else), widened to (if ∩ then) ∪ else: a member `then` declares
  // is known, optional unless both cases require it.
  if (Object.hasOwn(schema, "if") && (Object.hasOwn(schema, "then") || Object.hasOwn(schema, "else"))) {
    const then = Object.hasOwn(schema, "then") ? sub(schema.then) : ANY;
    const otherwise = Object.hasOwn(schema, "else") ? sub(schema.else) : ANY;
    const thenCase = intersectType(intersectType(type, sub(schema.if)), then);
    const elseType = intersectType(type, otherwise);
    type = unionType(thenCase, elseType);
    setCases(
      type,
      lazily(() => [thenCase, elseCase(schema.if, elseType)].filter((t) => !isNever(t))),
    );
  }

  // A dependency holds when its member is present: the value is the rest, or the rest
  // and the dependency's schema. (A list of names only requires members.)
  const dependents: [string, unknown][] = [];
  const base = type;
  for (const key of ["dependencies", "dependentSchemas", "dependentRequired"]) {
    const dependencies = own(schema, key);
    if (!isObject(dependencies)) continue;
    for (const name of Object.keys(dependencies)) {
      const dependency = dependencies[name];
      dependents.push([name, dependency]);
      if (!Array.isArray(dependency)) type = unionType(type, intersectType(type, sub(dependency)));
    }
  }
  if (dependents.length > 0 && base.types.has("object")) {
    // Generation must not give a member without what it depends on. A fresh object when
    // nothing changed the type: the cases are this schema's, not those of a shared type.
    if (type === base) type = { ...type };
    const typed = dependents.map(([name, d]): [string, readonly string[] | AttrType] => [name, Array.isArray(d) ? d.filter((n): n is string => typeof n === "string") : sub(d)]);
    setCases(type, lazily(() => dependencyCases(base, typed)));
  }
  return type;
}

/**
 * The `else` case for generation: what `if` rules out, where that is simple. An `if`
 * that only gives one member a `const` or `enum` (no `required`) fails when the member is present with
 * another value (an absent member passes `properties`); when the type enumerates the
 * member's values, the case requires it with the others. Otherwise the case is `else` as
 * written, and some of its values meet `if` (they must meet `then`: the schema may refuse them).
 */
function elseCase(condition: unknown, otherwise: AttrType): AttrType {
  if (!isObject(condition)) return otherwise;
  const props = own(condition, "properties");
  // Only `properties`: a `required` beside it makes `if` fail when a member is absent too,
  // and the else case must then admit that (it would miss every valid value without the member).
  if (Object.keys(condition).some((k) => k !== "properties") || !isObject(props) || Object.keys(props).length !== 1) return otherwise;
  const [name = ""] = Object.keys(props);
  const test = props[name];
  if (!isObject(test) || Object.keys(test).length !== 1) return otherwise;
  const ruled = Object.hasOwn(test, "const") ? [test.const] : Array.isArray(test.enum) ? test.enum : undefined;
  const member = otherwise.properties.get(name);
  if (ruled === undefined || member?.type.values === undefined) return otherwise;
  const values = member.type.values.filter((v) => !ruled.includes(v));
  if (values.length === 0) return NEVER;
  const properties = new Map(otherwise.properties);
  properties.set(name, { type: { ...member.type, values }, required: true });
  return { ...otherwise, properties };
}

/**
 * Cases for generation of an object with `dependencies`: for each member that has
 * some, either it is absent, or it is present (required) with what it depends on (the
 * members listed, required; or the dependency's schema). Every combination, unless there
 * are more than MAX_CASES (then none: the merged type is generated).
 */
function dependencyCases(base: AttrType, dependents: readonly [string, readonly string[] | AttrType][]): readonly AttrType[] | undefined {
  let cases: AttrType[] = [...(casesOf(base) ?? [base])];
  for (const [name, dependency] of dependents) {
    if (cases.length * 2 > MAX_CASES) return undefined;
    const next: AttrType[] = [];
    for (const c of cases) {
      if (!c.properties.get(name)?.required) next.push(without(c, name));
      let present = requiring(c, [name]);
      present = Array.isArray(dependency) ? requiring(present, dependency) : intersectType(present, dependency as AttrType);
      next.push(present);
    }
    cases = next.filter((t) => !isNever(t));
  }
  return cases;
}

/** `type` with member `name` never present. */
function without(type: AttrType, name: string): AttrType {
  const properties = new Map(type.properties);
  properties.delete(name);
  return { ...type, properties, absent: new Set([...(type.absent ?? []), name]) };
}

/** `type` with members `names` required (of the undeclared members' type if not declared); none fits: no object. */
function requiring(type: AttrType, names: readonly string[]): AttrType {
  const properties = new Map(type.properties);
  let possible = type.types.has("object");
  for (const name of names) {
    const member = properties.get(name);
    const declared = member?.type ?? (type.absent?.has(name) ? null : (type.additional ?? (type.sealed === true ? null : ANY)));
    if (declared === null || isNever(declared)) possible = false;
    else properties.set(name, { type: declared, required: true });
  }
  return possible ? { ...type, properties } : NEVER;
}

const BOUND_KEYWORDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems"];
const OBJECT_KEYWORDS = ["properties", "required", "additionalProperties", "patternProperties"];

/** The type the schema's own keywords give (its applicators aside). */
function ownType(c: Converter, schema: Readonly<Record<string, unknown>>, depth: number, implied: boolean): AttrType {
  const sub = (s: unknown) => convert(c, s, depth + 1, true);
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
  } else if (implied && (Object.hasOwn(schema, "properties") || Object.hasOwn(schema, "required"))) {
    types = new Set(["object"]);
  } else if (implied && Object.hasOwn(schema, "items")) {
    types = new Set(["array"]);
  } else if (!implied && [...OBJECT_KEYWORDS, ...BOUND_KEYWORDS, "items"].some((k) => Object.hasOwn(schema, k))) {
    // Constraints on some types, none on which types: every type, so constrained.
    types = new Set(ALL_TYPES);
  } else {
    return ANY;
  }
  if (allowed !== undefined) types = new Set(allowed.map(jsonTypeOf).filter((t) => types.has(t)));

  const props = own(schema, "properties");
  const extra = own(schema, "additionalProperties");
  const patternProps = own(schema, "patternProperties");
  let additional: AttrType | null = null;
  if (extra !== undefined && extra !== false) additional = sub(extra);
  // An object schema that declares no members at all is free-form, not empty.
  if (extra === undefined && !isObject(props)) additional = ANY;
  if (isObject(patternProps) && Object.keys(patternProps).length > 0) {
    // A member no `properties` entry names is one of the patterns' types, or (if allowed)
    // an additional one: their union (which member matches which pattern is not tracked).
    const patterned = Object.keys(patternProps).map((key) => sub(patternProps[key])).reduce(unionType);
    additional = extra === false ? patterned : extra === undefined ? ANY : unionType(patterned, additional ?? ANY);
  }

  const properties = new Map<string, Member>();
  const absent = new Set<string>();
  const required = new Set((Array.isArray(own(schema, "required")) ? (own(schema, "required") as unknown[]) : []).filter((k) => typeof k === "string"));
  if (isObject(props)) {
    for (const key of Object.keys(props)) {
      const type = sub(props[key]);
      // A member no value fits (`"a": false`) is never present: left out, not typed
      // "nothing" (generation would give it some value, type checks a type).
      if (isNever(type)) absent.add(key);
      else properties.set(key, { type, required: required.has(key) });
    }
  }

  // A required member no `properties` entry declares is still required, of whatever type
  // undeclared members have (`allOf: [{properties: {p}}, {required: ["p"]}]` makes p
  // required). Where undeclared members are not allowed it is left out (no value fits).
  if (additional !== null) {
    for (const key of required) if (!properties.has(key) && !absent.has(key)) properties.set(key, { type: additional, required: true });
  }

  // A required member no value fits (declared so, or forbidden by `additionalProperties:
  // false`): no object is valid, as in an intersection.
  for (const key of required) if (absent.has(key) || (!properties.has(key) && extra === false && additional === null)) types.delete("object");

  const items = own(schema, "items");
  return withFittingValues({
    any: false,
    types,
    integer,
    ...(allowed?.every(isPrimitive) ? { values: allowed } : {}),
    properties,
    additional,
    // `additionalProperties: false` (no `patternProperties`): undeclared members are invalid.
    ...(additional === null && extra === false ? { sealed: true } : {}),
    ...(absent.size > 0 ? { absent } : {}),
    items: types.has("array") ? (items === undefined ? ANY : sub(items)) : null,
    ...bounds(schema),
  });
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

const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);

/**
 * The representable double next to `x` toward `direction` (±1). Exact, by stepping the
 * bit pattern: adding |x|·EPSILON rounds to two ulps for many x (past -0.9999999999999999
 * for `exclusiveMinimum: -1`), excluding a number the validator accepts.
 */
function nudge(x: number, direction: 1 | -1): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return direction * Number.MIN_VALUE;
  F64[0] = x;
  // Away from zero the magnitude (and so the bit pattern) grows, toward zero it shrinks.
  I64[0] = (I64[0] as bigint) + ((x > 0) === (direction > 0) ? 1n : -1n);
  return F64[0] as number;
}
