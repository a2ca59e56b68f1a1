/**
 * fast-check arbitraries derived from attribute schemas: values of the declared types
 * (type, enum/const, properties/required, items, minimum/maximum, lengths; `pattern` is
 * not followed), biased toward the literal values the policies mention at each path so
 * that generated requests land on both sides of every condition. A union is generated
 * one case at a time (`casesOf`: `anyOf`/`oneOf` alternatives, `dependencies`, `if`/`else`).
 */
import fc from "fast-check";
import type { LiteralValue } from "../model/ast.js";
import { ANY, type AttrType, casesOf, codePointLength, type JsonTypeName, lazily, mayBe, pathKey, setCases, typeOfLiteral } from "./attr-type.js";
import { defineOwn } from "./define-own.js";
import { sampleGlob } from "./glob-sample.js";
import { intersectType } from "./schema-type.js";
import { entriesForId, globMatches } from "./resource-match.js";
import type { AttributeSchema } from "./schema.js";

/** Literal values to favour, by attribute path key (see `pathKey`). */
export interface GenerationHints {
  /** Values the attribute at a path is compared with. */
  readonly values: ReadonlyMap<string, readonly LiteralValue[]>;
  /** Values looked for inside the array at a path. */
  readonly elements: ReadonlyMap<string, readonly LiteralValue[]>;
  /** Globs the string at a path is matched against. */
  readonly globs: ReadonlyMap<string, readonly string[]>;
  /** Member names tested with `has` on the object at a path. */
  readonly members?: ReadonlyMap<string, readonly string[]>;
  /** Whole lists the array at a path is compared with. */
  readonly lists?: ReadonlyMap<string, readonly (readonly LiteralValue[])[]>;
  readonly strings: readonly string[];
  readonly numbers: readonly number[];
}

export const NO_HINTS: GenerationHints = { values: new Map(), elements: new Map(), globs: new Map(), strings: [], numbers: [] };

export interface GeneratedRequest {
  readonly subject: Record<string, unknown>;
  readonly resource: string | Record<string, unknown>;
  readonly action: string;
  readonly env: Record<string, unknown>;
}

const MAX_DEPTH = 6;
const MAX_ARRAY = 4;
const MAX_STRING = 64;
/**
 * Most characters and array elements one generated request may need to meet the
 * schema's minimum lengths (counted over nested arrays). Beyond, the schema asks for
 * more than is worth generating: reported as a problem, never allocated.
 */
export const MAX_GENERATED_CHARS = 65_536;
export const MAX_GENERATED_ITEMS = 1_024;

/**
 * How an arbitrary is being built: hints, and where to write why a value cannot be
 * generated. A builder that cannot generate returns null with its reasons in `problems`;
 * its caller decides whether that matters (a required member, the only type) or not (an
 * optional member is left out, another type is used, an array stays empty).
 */
interface Ctx {
  readonly hints: GenerationHints;
  readonly interpolate: (p: string) => string;
  readonly problems: string[];
  /** Cases (see `casesOf`) left to build arbitraries for; shared by one whole build. */
  readonly cases: { left: number };
}

/**
 * Case arbitraries one build may make. Each case of a recursive definition holds
 * members with cases of their own: the number grows with every level, so past this
 * the merged type (every case in one) is generated instead.
 */
const CASE_BUDGET = 2_000;

type Maybe = fc.Arbitrary<unknown> | null;

/** Builds with a sink of its own: the reasons are the caller's to keep or drop. */
function attempt(ctx: Ctx, build: (inner: Ctx) => Maybe): { arb: Maybe; problems: string[] } {
  const inner: Ctx = { ...ctx, problems: [] };
  return { arb: build(inner), problems: inner.problems };
}

/** `subject.tags[]` for ["subject", "tags", "[]"]. */
function pathText(path: readonly string[]): string {
  return path.map((m, i) => (m === "[]" ? "[]" : i === 0 ? m : `.${m}`)).join("");
}

function problem(ctx: Ctx, path: readonly string[], text: string): null {
  ctx.problems.push(`\`${pathText(path)}\`: ${text}`);
  return null;
}

/** Members hinted below a path (what the policies read there, or test with `has`), by name. */
function hintedChildren(hints: GenerationHints, path: readonly string[]): string[] {
  const here = pathKey(path[0] ?? "", path.slice(1));
  const prefix = `${here}\u0000`;
  const out = new Set<string>(hints.members?.get(here) ?? []);
  for (const map of [hints.values, hints.elements, hints.globs, hints.members ?? new Map()]) {
    for (const key of map.keys()) {
      if (key.startsWith(prefix)) out.add(key.slice(prefix.length).split("\u0000")[0] ?? "");
    }
  }
  out.delete("");
  return [...out];
}

function hintsAt<T>(map: ReadonlyMap<string, readonly T[]>, path: readonly string[]): readonly T[] {
  return map.get(pathKey(path[0] ?? "", path.slice(1))) ?? [];
}

function withHints<T>(base: fc.Arbitrary<T>, favoured: readonly T[]): fc.Arbitrary<T> {
  if (favoured.length === 0) return base;
  return fc.oneof({ arbitrary: fc.constantFrom(...favoured), weight: 3 }, { arbitrary: base, weight: 1 });
}

function stringArbitrary(type: AttrType, path: readonly string[], ctx: Ctx, scale: number): Maybe {
  const { hints, interpolate } = ctx;
  const min = type.minLength ?? 0;
  if (type.maxLength !== undefined && type.maxLength < min) {
    return problem(ctx, path, `no string has at least ${min} and at most ${type.maxLength} characters (minLength, maxLength)`);
  }
  // Bounded whatever the schema says: a generator must never hang on `minLength: 1e9`.
  if (min * scale > MAX_GENERATED_CHARS) {
    return problem(ctx, path, `minLength ${min} asks for more characters than mcpolicy generates (${MAX_GENERATED_CHARS} per request)`);
  }
  const max = Math.max(min, Math.min(type.maxLength ?? min + 10, min + 10));
  // In code points, as the validator counts: "😀😀" fits `maxLength: 2`.
  const fitsLength = (s: string) => {
    const length = codePointLength(s);
    return length >= min && length <= (type.maxLength ?? Infinity);
  };
  const favoured = [
    ...hintsAt(hints.values, path).filter((v): v is string => typeof v === "string"),
    ...hintsAt(hints.globs, path).flatMap((g) => sampleGlob(g, interpolate)),
    // `p contains "x"` on a string: strings that hold the text, and one that is only it
    ...hintsAt(hints.elements, path).flatMap((v) => (typeof v === "string" ? [v, `a ${v} b`] : [])),
  ].filter(fitsLength);
  const pool = hints.strings.filter(fitsLength).slice(0, 64);
  // Past MAX_STRING, random text followed by padding: long strings cost one `repeat`,
  // not one generated character each, and still shrink (to the padding alone).
  const random =
    min <= MAX_STRING
      ? fc.string({ minLength: min, maxLength: max })
      : fc.string({ maxLength: max - min }).map((head) => head + "a".repeat(min));
  const base = pool.length > 0 ? fc.oneof(random, fc.constantFrom(...pool)) : random;
  return withHints(base, favoured);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function numberArbitrary(type: AttrType, path: readonly string[], ctx: Ctx): Maybe {
  const hinted = hintsAt(ctx.hints.values, path).filter((v): v is number => typeof v === "number");
  // Unbounded sides default to ±1000 (around the other bound when there is one), widened
  // past every literal the policies compare with: `amount > 5000` must be able to see
  // 5001 (the schema's own bounds still hold).
  let lo = type.minimum ?? Math.min(-1000, (type.maximum ?? 0) - 1000, ...hinted.map((n) => n - 1));
  let hi = type.maximum ?? Math.max(1000, (type.minimum ?? 0) + 1000, ...hinted.map((n) => n + 1));
  if (type.integer) {
    // Fractional bounds round inward: `minimum: 0.5` starts at 1.
    lo = Math.ceil(lo);
    hi = Math.floor(hi);
  }
  if (!(lo <= hi)) {
    const what = type.integer ? "integer" : "number";
    return problem(ctx, path, `no ${what} lies between minimum ${type.minimum ?? lo} and maximum ${type.maximum ?? hi}`);
  }
  const near = hinted
    .flatMap((n) => [n - 1, n, n + 1])
    .filter((n) => n >= lo && n <= hi && (!type.integer || Number.isInteger(n)));
  let base: fc.Arbitrary<number>;
  if (!type.integer) base = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  else {
    // Integers are drawn among the safe ones (JSON numbers past 2^53 are not exact).
    const safeLo = Math.max(lo, Number.MIN_SAFE_INTEGER);
    const safeHi = Math.min(hi, Number.MAX_SAFE_INTEGER);
    if (safeLo > safeHi) base = fc.constant(lo);
    else if (safeLo >= INT32_MIN && safeHi <= INT32_MAX) base = fc.integer({ min: safeLo, max: safeHi });
    // fc.integer stops at 32 bits; `minimum: 2e9` needs more.
    else base = fc.bigInt({ min: BigInt(safeLo), max: BigInt(safeHi) }).map(Number);
  }
  return withHints(base as fc.Arbitrary<unknown>, near);
}

/**
 * An arbitrary of values of `type` found at `path` (`["subject", "roles"]`). When no
 * value the schema accepts can be generated (an empty numeric range, a minimum length
 * past MAX_GENERATED_CHARS, at a path every value must have), the reasons are added to
 * `problems`, one sentence each, and the arbitrary gives `null`, which the schema refuses.
 */
export function arbitraryOfType(
  type: AttrType,
  path: readonly string[],
  hints: GenerationHints = NO_HINTS,
  interpolate: (p: string) => string = () => "x",
  depth = 0,
  problems?: Set<string>,
): fc.Arbitrary<unknown> {
  const ctx: Ctx = { hints, interpolate, problems: [], cases: { left: CASE_BUDGET } };
  return typeArbitrary(type, path, ctx, depth, 1) ?? reported(ctx.problems, problems);
}

/** Hands the reasons to `problems`; the stand-in gives `null`, which no schema here accepts. */
function reported(reasons: readonly string[], problems: Set<string> | undefined): fc.Arbitrary<unknown> {
  for (const reason of reasons) problems?.add(reason);
  return fc.constant(null);
}

/** `scale`: how many copies of this value one request holds (product of enclosing array lengths). */
function typeArbitrary(type: AttrType, path: readonly string[], ctx: Ctx, depth: number, scale: number): Maybe {
  const { hints } = ctx;
  if (type.values !== undefined && type.values.length > 0) return fc.constantFrom(...type.values);
  if (!type.any && type.types.size === 0) {
    return problem(ctx, path, "the schema admits no value here (its `type`, `enum`/`const`, bounds or required members rule out every one)");
  }
  const cases = ctx.cases.left > 0 ? casesOf(type) : undefined;
  if (cases !== undefined) {
    // One alternative at a time: the merged type mixes members of different ones.
    ctx.cases.left -= cases.length;
    const options: fc.Arbitrary<unknown>[] = [];
    const reasons: string[] = [];
    for (const c of cases) {
      const { arb, problems } = attempt(ctx, (inner) => typeArbitrary(c, path, inner, depth, scale));
      if (arb !== null) options.push(arb);
      else reasons.push(...problems);
    }
    if (options.length > 0) return options.length === 1 ? (options[0] as fc.Arbitrary<unknown>) : fc.oneof(...options);
    // No case can be generated (cases are approximations too): the merged type, as before.
  }
  const children = hintedChildren(hints, path);
  if (type.any) {
    const favoured = [...hintsAt(hints.values, path), ...hintsAt(hints.lists ?? new Map(), path)];
    if (children.length > 0 && depth < MAX_DEPTH) {
      return objectArbitrary({ ...ANY, any: false, types: new Set(["object"]), additional: ANY }, path, ctx, depth, scale);
    }
    if (hintsAt(hints.elements, path).length > 0) return arrayArbitrary({ ...ANY, items: ANY }, path, ctx, depth, scale);
    const isString = hintsAt(hints.globs, path).length > 0;
    const base = isString
      ? stringArbitrary(ANY, path, ctx, scale)
      : fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -100, max: 100 }), fc.boolean(), fc.constant(null));
    return base === null ? null : withHints(base, favoured);
  }
  // Each JSON type the value may have is tried on its own: one that cannot be generated
  // (an empty range) leaves the others; only when none can is the value impossible.
  const builders: ((inner: Ctx) => Maybe)[] = [];
  const of = (name: JsonTypeName): boolean => type.types.has(name);
  if (of("string")) builders.push((inner) => stringArbitrary(type, path, inner, scale));
  if (of("number")) builders.push((inner) => numberArbitrary(type, path, inner));
  if (of("boolean")) builders.push(() => fc.boolean());
  if (of("null")) builders.push(() => fc.constant(null));
  if (of("array")) builders.push((inner) => (depth < MAX_DEPTH ? arrayArbitrary(type, path, inner, depth, scale) : fc.constant([])));
  if (of("object")) builders.push((inner) => (depth < MAX_DEPTH ? objectArbitrary(type, path, inner, depth, scale) : deepObject(type, path, inner, depth, scale)));
  const options: fc.Arbitrary<unknown>[] = [];
  const reasons: string[] = [];
  for (const build of builders) {
    const { arb, problems } = attempt(ctx, build);
    if (arb !== null) options.push(arb);
    else reasons.push(...problems);
  }
  if (options.length === 0) {
    ctx.problems.push(...reasons);
    return null;
  }
  return options.length === 1 ? (options[0] as fc.Arbitrary<unknown>) : fc.oneof(...options);
}

function arrayArbitrary(type: AttrType, path: readonly string[], ctx: Ctx, depth: number, scale: number): Maybe {
  const minLength = type.minItems ?? 0;
  if (type.maxItems !== undefined && type.maxItems < minLength) {
    return problem(ctx, path, `no array has at least ${minLength} and at most ${type.maxItems} items (minItems, maxItems)`);
  }
  if (minLength * scale > MAX_GENERATED_ITEMS) {
    return problem(ctx, path, `minItems ${minLength} asks for more items than mcpolicy generates (${MAX_GENERATED_ITEMS} per request)`);
  }
  const maxLength = Math.max(minLength, Math.min(type.maxItems ?? MAX_ARRAY, minLength + MAX_ARRAY));
  const items = type.items ?? ANY;
  const favoured = hintsAt(ctx.hints.elements, path);
  // Whole lists the policies compare the array with (`== [1, 2]`), when they may fit.
  const lists = hintsAt(ctx.hints.lists ?? new Map(), path).filter(
    (l) => l.length >= minLength && l.length <= (type.maxItems ?? Number.POSITIVE_INFINITY) && l.every((v) => mayBe(items, typeOfLiteral(v))),
  ) as readonly unknown[];
  if (items.values !== undefined && items.values.length > 0) {
    return withHints(fc.array(fc.constantFrom(...items.values), { minLength, maxLength }), lists);
  }
  const { arb: item, problems } = attempt(ctx, (inner) => typeArbitrary(items, [...path, "[]"], inner, depth + 1, scale * Math.max(1, maxLength)));
  if (item === null) {
    // Items no value fits: the empty array is the only valid one (if it is long enough).
    if (minLength === 0) return fc.constant([]);
    ctx.problems.push(...problems);
    return null;
  }
  return withHints(fc.array(withHints(item, favoured as readonly unknown[]), { minLength, maxLength }), lists);
}

/**
 * An object past MAX_DEPTH: its required members only (a `{}` the schema would refuse
 * for lacking them), for a few more levels; then `{}`.
 */
function deepObject(type: AttrType, path: readonly string[], ctx: Ctx, depth: number, scale: number): Maybe {
  const required = [...type.properties].filter(([, m]) => m.required);
  if (required.length === 0 || depth >= MAX_DEPTH + MAX_REQUIRED_DEPTH) return fc.constant({});
  return objectArbitrary({ ...type, properties: new Map(required), additional: null, sealed: true }, path, ctx, depth, scale);
}

/** Levels past MAX_DEPTH that still give an object its required members. */
const MAX_REQUIRED_DEPTH = 6;

/** Marks an optional member left out; removed before the object is handed out. */
const MISSING: unique symbol = Symbol("missing");

function objectArbitrary(type: AttrType, path: readonly string[], ctx: Ctx, depth: number, scale: number): Maybe {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  // Optional members are present half of the time (fast-check's own default leans to
  // present), and shrink toward absent: minimal counterexamples carry fewer attributes.
  const optional = (arb: fc.Arbitrary<unknown>) => fc.oneof({ withCrossShrink: true }, fc.constant(MISSING), arb);
  let possible = true;
  for (const [name, member] of type.properties) {
    const { arb, problems } = attempt(ctx, (inner) => typeArbitrary(member.type, [...path, name], inner, depth + 1, scale));
    if (arb !== null) defineOwn(model, name, member.required ? arb : optional(arb));
    else if (member.required) {
      // Every other member is still tried: all the reasons are reported at once.
      ctx.problems.push(...problems);
      possible = false;
    }
    // An optional member no value fits is left out: absent is valid.
  }
  if (!possible) return null;
  // Undeclared members the policies read: of the `additionalProperties` type, or anything
  // where the schema does not forbid them (in one alternative of a union, a member another
  // declares may hold any value: the policies compare it with values only this one admits).
  if (type.additional !== null || type.sealed !== true) {
    for (const name of hintedChildren(ctx.hints, path)) {
      if (type.properties.has(name) || type.absent?.has(name)) continue;
      const { arb } = attempt(ctx, (inner) => typeArbitrary(type.additional ?? ANY, [...path, name], inner, depth + 1, scale));
      if (arb !== null) defineOwn(model, name, optional(arb));
    }
  }
  const keys = Object.keys(model);
  return fc.record(model).map((record) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = record[key];
      if (value !== MISSING) defineOwn(out, key, value);
    }
    return out;
  });
}

export interface RequestArbitraryOptions {
  /** Actions to draw from (default: declared actions, then the ones the policies name). */
  readonly actions?: readonly string[];
  /** Resource ids or globs to draw from (default: declared and mentioned resources). */
  readonly resources?: readonly string[];
  /** Action and resource patterns the policies use (sampled when nothing is declared). */
  readonly actionPatterns?: readonly string[];
  readonly resourcePatterns?: readonly string[];
  /** Receives what the schema asks for that cannot be generated (see `arbitraryOfType`). */
  readonly problems?: Set<string>;
}

/** Resource ids worth trying: declared ids, samples of declared and mentioned globs. */
export function candidateResourceIds(schema: AttributeSchema, options: RequestArbitraryOptions, interpolate: (p: string) => string): string[] {
  const pool = new Set<string>();
  for (const entry of schema.resources ?? []) {
    if (entry.exact) pool.add(entry.pattern);
    else for (const s of sampleGlob(entry.pattern)) pool.add(s);
  }
  // Samples of the policies' patterns, kept only where the schema declares such a resource
  // (a request about an undeclared one is refused by the schema: it tests nothing).
  const declared = schema.resources;
  const undeclared: string[] = [];
  for (const pattern of options.resourcePatterns ?? []) {
    for (const s of sampleGlob(pattern, interpolate)) {
      if (declared === null || s.includes(OPEN) || entriesForId(declared, s).length > 0) pool.add(s);
      else undeclared.push(s);
    }
  }
  // Nothing declared matches any of them: better undeclared ids than none at all.
  if (pool.size === 0) for (const s of undeclared) pool.add(s);
  if (options.resources === undefined) return [...pool];
  // The ids asked for (exact ids or globs): those of the pool they match, and samples of
  // their own; with declared resources, only the samples the schema declares (a sample of
  // `tool:admin_*` the schema does not declare is refused: it tests nothing). Undeclared
  // ones only when nothing declared is asked for: every request is then refused, and the
  // runner says so (unknown resource) rather than try ids nobody asked for.
  const out = new Set<string>();
  const asked: string[] = [];
  for (const wanted of options.resources) {
    const matching = [...pool].filter((id) => id === wanted || globMatches(id, wanted));
    for (const id of matching) out.add(id);
    for (const s of sampleGlob(wanted)) (declared === null || entriesForId(declared, s).length > 0 ? out.add(s) : asked.push(s));
  }
  if (out.size === 0) for (const s of asked) out.add(s);
  return [...out];
}

export function candidateActions(schema: AttributeSchema, options: RequestArbitraryOptions): string[] {
  const pool = new Set<string>(schema.actions ?? []);
  // With declared actions, samples of the policies' patterns are kept only when declared.
  const undeclared: string[] = [];
  for (const pattern of options.actionPatterns ?? []) {
    for (const s of sampleGlob(pattern)) (schema.actions === null || schema.actions.includes(s) ? pool.add(s) : undeclared.push(s));
  }
  if (pool.size === 0) for (const s of undeclared) pool.add(s);
  if (options.actions === undefined) return [...pool];
  // As for resources: samples of the actions asked for are kept only when declared.
  const out = new Set<string>();
  const asked: string[] = [];
  for (const wanted of options.actions) {
    for (const a of pool) if (a === wanted || globMatches(a, wanted)) out.add(a);
    for (const s of sampleGlob(wanted)) (schema.actions === null || schema.actions.includes(s) ? out.add(s) : asked.push(s));
  }
  if (out.size === 0) for (const s of asked) out.add(s);
  return [...out];
}

/**
 * `${subject.PATH}` in a sampled glob becomes this placeholder; once the subject of the
 * request is known it is replaced by that subject's value, so generated paths like
 * `/home/alice/x` belong to the generated `alice`.
 */
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000([^\uE001]*)\uE001/g;

export function subjectPlaceholder(path: string): string {
  return `${OPEN}${path}${CLOSE}`;
}

function subjectValue(subject: Record<string, unknown>, path: string): string {
  let value: unknown = subject;
  for (const member of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, member)) return "x";
    value = (value as Record<string, unknown>)[member];
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : "x";
}

function substitute(value: unknown, subject: Record<string, unknown>, depth = 0): unknown {
  if (typeof value === "string") return value.includes(OPEN) ? value.replace(PLACEHOLDER, (_, path: string) => subjectValue(subject, path)) : value;
  if (depth > 16 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, subject, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) defineOwn(out, key, substitute((value as Record<string, unknown>)[key], subject, depth + 1));
  return out;
}

/**
 * Whole requests: a subject, a resource and action, and env typed for that pair.
 *
 * Built without `chain`: fast-check cannot shrink what came before a `chain` once the
 * failure depends on what the chain made from it, so counterexamples stayed as large as
 * they were found. Instead, (resource id, action) pairs that need the same resource and
 * env arbitraries share one branch of a `oneof` (weighted by how many pairs it holds, so
 * every pair stays as likely as before), and each branch is a record whose parts shrink
 * independently.
 */
export function requestArbitrary(schema: AttributeSchema, hints: GenerationHints = NO_HINTS, options: RequestArbitraryOptions = {}): fc.Arbitrary<GeneratedRequest> {
  const ctx: Ctx = { hints, interpolate: subjectPlaceholder, problems: [], cases: { left: CASE_BUDGET } };
  const report = (reasons: readonly string[]) => {
    for (const reason of reasons) options.problems?.add(reason);
  };
  const objectAny: AttrType = { ...ANY, any: false, types: new Set<JsonTypeName>(["object"]), additional: ANY };
  const built = attempt(ctx, (inner) => typeArbitrary(schema.subject?.type ?? objectAny, ["subject"], { ...inner, interpolate: () => "x" }, 0, 1));
  if (built.arb === null) report(built.problems);
  const subject = (built.arb ?? fc.constant({})) as fc.Arbitrary<Record<string, unknown>>;
  const ids = candidateResourceIds(schema, options, subjectPlaceholder);
  const candidates = candidateActions(schema, options);
  const actions = candidates.length > 0 ? candidates : ["tools/call"];
  const envBase = schema.env?.type ?? objectAny;

  // Placeholders come only from interpolated globs; without any, skip the walk.
  const interpolated =
    [...hints.globs.values()].some((list) => list.some((g) => g.includes("${"))) || ids.some((i) => i.includes(OPEN));
  const fill = interpolated ? substitute : (value: unknown) => value;
  const assemble = (s: Record<string, unknown>, resource: unknown, action: string, env: unknown): GeneratedRequest => ({
    subject: s,
    resource: fill(resource, s) as string | Record<string, unknown>,
    action,
    env: (typeof env === "object" && env !== null && !Array.isArray(env) ? fill(env, s) : {}) as Record<string, unknown>,
  });

  if (ids.length === 0) {
    const id = fc.string({ minLength: 1, maxLength: 8 }).map((s) => `tool:${s}`);
    const env = attempt(ctx, (inner) => typeArbitrary(envBase, ["env"], inner, 0, 1));
    if (env.arb === null) report(env.problems);
    return fc
      .record({ subject, id, action: fc.constantFrom(...actions), env: env.arb ?? fc.constant({}) })
      .map((r) => assemble(r.subject, r.id, r.action, r.env));
  }

  // Resource arbitraries by the schema entries an id matches; env arbitraries by the
  // `arguments` schemas that apply to a pair. Both built once, shared by every pair.
  // Positions by identity (a Map, not `indexOf`: thousands of entries, one lookup per id).
  const argumentAt = new Map((schema.resources ?? []).flatMap((e) => e.arguments).map((a, i) => [a, i] as const));
  const entryAt = new Map((schema.resources ?? []).map((e, i) => [e, i] as const));
  // `arb` null with `problems`: no valid value (that id or pair is left out); without: the
  // entries declare no resource schema (the resource is its id).
  const resourceArbs = new Map<string, { arb: Maybe; problems: string[] }>();
  const envArbs = new Map<string, { arb: Maybe; problems: string[] }>();
  const groups = new Map<string, { pairs: { id: string; action: string }[]; resource: fc.Arbitrary<unknown> | null; env: fc.Arbitrary<unknown> }>();
  const impossible = new Set<string>();
  for (const id of ids) {
    const entries = schema.resources === null ? [] : entriesForId(schema.resources, id);
    const resourceKey = entries.map((e) => entryAt.get(e)).join(",");
    let resource = resourceArbs.get(resourceKey);
    if (resource === undefined) {
      const typed = entries.map((e) => e.type).filter((t): t is AttrType => t !== null);
      resource = typed.length === 0 ? { arb: null, problems: [] } : attempt(ctx, (inner) => typeArbitrary(typed.reduce(intersectType), ["resource"], inner, 0, 1));
      resourceArbs.set(resourceKey, resource);
    }
    for (const action of actions) {
      const applying = entries.flatMap((e) => e.arguments.filter((a) => globMatches(action, a.action)));
      const envKey = applying.map((a) => argumentAt.get(a)).join(",");
      let env = envArbs.get(envKey);
      if (env === undefined) {
        const type = envTypeWith(envBase, applying.map((a) => a.type));
        env = attempt(ctx, (inner) => typeArbitrary(type, ["env"], inner, 0, 1));
        envArbs.set(envKey, env);
      }
      // No valid request names this id with this action: other pairs may still be tried.
      if (resource.problems.length > 0 || env.arb === null) {
        for (const reason of [...resource.problems, ...env.problems]) impossible.add(reason);
        continue;
      }
      const key = `${resourceKey}|${envKey}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { pairs: [], resource: resource.arb, env: env.arb };
        groups.set(key, group);
      }
      group.pairs.push({ id, action });
    }
  }
  if (groups.size === 0) {
    report([...impossible]);
    const [id = "", action = ""] = [ids[0], actions[0]];
    return subject.map((s) => assemble(s, id, action, {}));
  }
  const branches = [...groups.values()].map(({ pairs, resource, env }) => ({
    weight: pairs.length,
    arbitrary: fc
      .record({ subject, pair: fc.constantFrom(...pairs), resource: resource ?? fc.constant(null), env })
      .map(({ subject: s, pair, resource: r, env: e }) =>
        assemble(s, resource === null ? pair.id : { ...(typeof r === "object" && r !== null ? r : {}), id: pair.id }, pair.action, e),
      ),
  }));
  return branches.length === 1 ? (branches[0] as { arbitrary: fc.Arbitrary<GeneratedRequest> }).arbitrary : fc.oneof(...branches);
}

/**
 * The env type for a pair whose resource entries declare `arguments` for its action:
 * every such schema applies, and so does the env section's own `arguments`.
 */
function envTypeWith(envBase: AttrType, argTypes: readonly AttrType[]): AttrType {
  if (argTypes.length === 0) return envBase;
  const properties = new Map(envBase.properties);
  const declared = envBase.properties.get("arguments");
  const args = argTypes.reduce(intersectType);
  properties.set("arguments", { type: declared === undefined ? args : intersectType(declared.type, args), required: true });
  const type: AttrType = { ...envBase, any: false, types: new Set(["object"]), properties };
  // The env section's cases, each with these arguments.
  setCases(type, lazily(() => casesOf(envBase)?.map((c) => envTypeWith(c, argTypes))));
  return type;
}
