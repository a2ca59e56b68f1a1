// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * fast-check arbitraries for requests drawn from the vocabulary of ./policy-set.ts, so
 * that targets often match — with missing and malformed subject fields, weird ids,
 * resources as strings or objects, nested env values, wrong types, NaN, arrays and
 * `__proto__` keys made by JSON.parse — plus junk for the never-throws properties.
 */
import fc from "fast-check";
import { TRICKY_TEXTS, VOCABULARY } from "./policy-set.js";

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

/** Marks an attribute that the record leaves out. */
const ABSENT = Symbol("absent");
type Maybe<T> = T | typeof ABSENT;

function maybe<T>(arbitrary: fc.Arbitrary<T>, presentWeight = 4): fc.Arbitrary<Maybe<T>> {
  return fc.oneof({ weight: presentWeight, arbitrary }, { weight: 1, arbitrary: fc.constant(ABSENT) });
}

/** JSON.parse makes `__proto__` an own data property; it must never act as a prototype. */
export function withProtoKey(value: Record<string, unknown>, proto: unknown): unknown {
  const rest = JSON.stringify(value).slice(1, -1);
  return JSON.parse(`{"__proto__": ${JSON.stringify(proto)}${rest === "" ? "" : `, ${rest}`}}`);
}

function withoutAbsent(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value !== ABSENT) out[key] = value;
  return out;
}

export const WEIRD_IDS = [
  "*",
  "**",
  "{alice,bob}",
  "a,b",
  "?",
  "[a]",
  "a/b",
  "..",
  ".",
  "",
  "a\\b",
  "${subject.id}",
] as const;
/** Ids that must stay literal next to a pattern's braces, escapes and stars (spec §4.3). */
export const TRICKY_IDS = ["x$", "x\ny", "{", "}", ",", "a..b", "p,q", "{b,c}", "a\\", "\\", "$", "*a*"] as const;

const idArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: pick(VOCABULARY.users) },
  { weight: 3, arbitrary: pick(WEIRD_IDS) },
  { weight: 1, arbitrary: pick(TRICKY_IDS) },
  { weight: 1, arbitrary: pick<unknown>([5, 1.5, -0, null, true, ["alice"], {}, Number.NaN]) },
);

function nameList(names: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.uniqueArray(pick([...names, "root"]), { maxLength: 3 }) },
    { weight: 1, arbitrary: pick<unknown>([names[0], null, 5, {}]) },
    { weight: 1, arbitrary: fc.tuple(pick(names), pick<unknown>([1, null, ["x"]])).map(([a, b]) => [a, b]) },
  );
}

/** A class of no members of its own: instances are objects, not plain ones. */
class Holder {}

/**
 * Not a plain object, yet holding `key` (the member a path reads next) as an own data
 * property: a class instance, an array with a named key, an object of another prototype,
 * a Date. A path stepping through it errs (spec §4.2), however ordinary `key` looks.
 */
function notPlainHolding(key: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(pick(["class instance", "array", "other prototype", "Date"] as const), value).map(([kind, v]) => {
    const holder =
      kind === "class instance"
        ? new Holder()
        : kind === "array"
          ? [v]
          : kind === "other prototype"
            ? Object.create({ [key]: "inherited" })
            : new Date(0);
    Object.defineProperty(holder, key, { value: v, enumerable: true, writable: true, configurable: true });
    return holder;
  });
}

const orgArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        id: maybe(pick<unknown>(["acme", "globex", "*", "a/b", 5, "", "{acme,globex}"])),
        tier: maybe(pick<unknown>(["gold", "silver", 1])),
      })
      .map(withoutAbsent),
  },
  { weight: 1, arbitrary: pick<unknown>(["acme", null, ["acme"]]) },
  { weight: 1, arbitrary: notPlainHolding("id", pick<unknown>(["acme", "globex"])) },
);

/** Plain-object subjects (the ones a caller can mutate). */
export const plainSubjectArbitrary: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    id: maybe(idArbitrary, 8),
    roles: maybe(nameList(VOCABULARY.roles), 6),
    groups: maybe(nameList(VOCABULARY.groups), 3),
    org: maybe(orgArbitrary, 2),
    level: maybe(pick<unknown>([0, 1, 3, 5, "3", Number.NaN, -1]), 2),
    dept: maybe(pick<unknown>(["eng", "ops", 7]), 1),
    tags: maybe(fc.array(pick<unknown>(["a", "b", 1, null]), { maxLength: 3 }), 1),
    admin: maybe(fc.boolean(), 1),
  })
  .map(withoutAbsent);

/** A chain of `depth` objects ending in `{ leaf: 1 }`. */
function nested(depth: number, key: string, inner: unknown = { leaf: 1 }): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = { [key]: value };
  return value;
}

/**
 * One object reached at two depths: within the 64-level bound through `org`, beyond it
 * through `tags` — a copy that memoizes shared objects must still count the deeper one.
 */
const sharedDeepSubject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(plainSubjectArbitrary, fc.integer({ min: 55, max: 62 }), fc.integer({ min: 0, max: 10 }), fc.boolean())
  .map(([s, depth, extra, shallowFirst]) => {
    const shared = nested(depth, "x");
    const shallow = { id: "acme", deep: shared };
    const deep = nested(extra, "y", shared);
    return shallowFirst ? { ...s, org: shallow, tags: deep } : { tags: deep, ...s, org: shallow };
  });

/** Subjects: mostly plain objects, sometimes null-prototype or JSON-parsed with `__proto__`. */
export const subjectArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 40, arbitrary: plainSubjectArbitrary },
  { weight: 1, arbitrary: sharedDeepSubject },
  {
    weight: 1,
    arbitrary: plainSubjectArbitrary.map((s) => Object.assign(Object.create(null) as Record<string, unknown>, s)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(plainSubjectArbitrary, pick(["__proto__", "constructor", "prototype"]))
      .map(([s, key]) =>
        JSON.parse(JSON.stringify({ ...s, [key]: { id: "alice", roles: ["admin"], org: { id: "acme" } } })),
      ),
  },
  {
    weight: 1,
    arbitrary: plainSubjectArbitrary.map((s) => withProtoKey(s, { roles: ["admin"], id: "alice" })),
  },
  { weight: 1, arbitrary: pick<unknown>([null, "alice", [], 5, undefined]) },
);

export const resourceArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 24, arbitrary: pick(VOCABULARY.resources) },
  { weight: 2, arbitrary: pick(VOCABULARY.resources).map((r) => `${r}/`) },
  { weight: 1, arbitrary: pick(TRICKY_TEXTS).map((t) => `id:${t}`) },
  {
    weight: 12,
    arbitrary: fc
      .record({
        id: pick(VOCABULARY.resources),
        owner: maybe(pick<unknown>([...VOCABULARY.users, 5])),
        kind: maybe(pick(["file", "tool"])),
        tags: maybe(fc.array(pick(["a", "b", "eng"]), { maxLength: 3 })),
        size: maybe(pick<unknown>([0, 10, "10", Number.POSITIVE_INFINITY])),
      })
      .map(withoutAbsent),
  },
  { weight: 1, arbitrary: pick<unknown>([5, null, {}, { id: 5 }, ["tool:read_file"], undefined]) },
);

export const actionArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 40, arbitrary: pick(VOCABULARY.actions) },
  // A literal action pattern also matches its text plus one `/` (minimatch): on any resource,
  // one a cache has classified or one never seen.
  { weight: 4, arbitrary: pick(VOCABULARY.actions).map((action) => `${action}/`) },
  {
    weight: 3,
    arbitrary: pick([
      "tools/a/b",
      "",
      "TOOLS/CALL",
      "tools/call/x",
      "tools/tall",
      "tools/call/",
      "tools/list//",
      "tools//call",
    ]),
  },
  { weight: 1, arbitrary: pick<unknown>([5, undefined, null]) },
);

const plainEnv: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    hour: maybe(pick<unknown>([3, 10, 20, 8, 18, "10", Number.NaN, -1, 2.5])),
    flag: maybe(pick<unknown>([true, false, "true", null])),
    n: maybe(pick<unknown>([0, 1, 5, -0, "5", [5]]), 2),
    arguments: maybe(
      fc.oneof(
        {
          weight: 6,
          arbitrary: fc
            .record({ path: maybe(pick<unknown>([...VOCABULARY.paths, ...TRICKY_TEXTS.slice(0, 6), 5, null])) })
            .map(withoutAbsent),
        },
        { weight: 1, arbitrary: pick<unknown>(["x", [], null]) },
        { weight: 1, arbitrary: notPlainHolding("path", pick<unknown>(VOCABULARY.paths)) },
      ),
    ),
    tags: maybe(fc.array(pick<unknown>(["eng", "x", 1]), { maxLength: 3 }), 2),
    nested: maybe(pick<unknown>([{ a: { b: 1 } }, { a: 1 }, { a: { b: [1] } }]), 1),
    user: maybe(pick<unknown>(["alice", 1]), 1),
  })
  .map(withoutAbsent);

export const envArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 40, arbitrary: plainEnv },
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: plainEnv.map((e) => withProtoKey(e, { hour: 10, flag: true })) },
  { weight: 1, arbitrary: pick<unknown>([null, [], "x"]) },
);

export interface GeneratedRequest {
  /** Index into the subject pool, so requests share subject objects (warm cache). */
  readonly subject: number;
  readonly resource: unknown;
  readonly action: unknown;
  readonly env: unknown;
}

export interface RequestBatch {
  readonly subjects: readonly unknown[];
  readonly requests: readonly GeneratedRequest[];
}

/** A small pool of subjects and requests that reuse them. */
export const requestBatchArbitrary: fc.Arbitrary<RequestBatch> = fc.record({
  subjects: fc.array(subjectArbitrary, { minLength: 1, maxLength: 3 }),
  requests: fc.array(
    fc.record({ subject: fc.nat({ max: 2 }), resource: resourceArbitrary, action: actionArbitrary, env: envArbitrary }),
    { minLength: 1, maxLength: 6 },
  ),
});

/** Mutations a caller might make to a subject between calls. */
export type Mutation = (subject: Record<string, unknown>) => void;

/** Sets an own data property, even where an earlier mutation left a getter (assignment would throw). */
function put(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export const mutationArbitrary: fc.Arbitrary<{ name: string; apply: Mutation }> = fc.oneof(
  fc.constant({
    name: "revoke a role in place",
    apply: (s: Record<string, unknown>) => (Array.isArray(s.roles) ? void s.roles.pop() : undefined),
  }),
  pick(VOCABULARY.roles).map((role) => ({
    name: `grant ${role} in place`,
    apply: (s: Record<string, unknown>) => {
      if (Array.isArray(s.roles)) s.roles.push(role);
      else put(s, "roles", [role]);
    },
  })),
  pick([...VOCABULARY.users, "*", 5]).map((id) => ({
    name: `change id to ${String(id)}`,
    apply: (s: Record<string, unknown>) => {
      put(s, "id", id);
    },
  })),
  pick(["id", "roles", "groups", "org", "level"]).map((key) => ({
    name: `delete ${key}`,
    apply: (s: Record<string, unknown>) => void delete s[key],
  })),
  pick(["acme", "globex", "a/b"]).map((id) => ({
    name: `change org.id to ${id}`,
    apply: (s: Record<string, unknown>) => {
      const org = s.org;
      if (typeof org === "object" && org !== null && !Array.isArray(org)) put(org as Record<string, unknown>, "id", id);
      else put(s, "org", { id });
    },
  })),
  pick(VOCABULARY.roles).map((role) => ({
    name: `replace the first role by ${role} in place`,
    apply: (s: Record<string, unknown>) => {
      if (Array.isArray(s.roles) && s.roles.length > 0) put(s.roles, 0, role);
    },
  })),
  pick(VOCABULARY.groups).map((g) => ({
    name: `replace the first group by ${g} in place`,
    apply: (s: Record<string, unknown>) => {
      if (Array.isArray(s.groups) && s.groups.length > 0) put(s.groups, 0, g);
    },
  })),
  fc.constant({
    name: "make roles malformed",
    apply: (s: Record<string, unknown>) => {
      put(s, "roles", "admin");
    },
  }),
  pick(VOCABULARY.groups).map((g) => ({
    name: `join ${g}`,
    apply: (s: Record<string, unknown>) => {
      put(s, "groups", [g]);
    },
  })),
  // Attributes only conditions read (re-checked only when a condition runs).
  fc.tuple(pick(["level", "dept", "admin", "tags"]), pick<unknown>([0, 3, "3", true, false, "eng", ["a"], null])).map(
    ([key, value]) => ({
      name: `set ${key} to ${JSON.stringify(value)}`,
      apply: (s: Record<string, unknown>) => {
        put(s, key, value);
      },
    }),
  ),
  pick(["admin", "dept", "tags", "level"]).map((key) => ({
    name: `delete ${key} (read by \`has\` and conditions)`,
    apply: (s: Record<string, unknown>) => void delete s[key],
  })),
  fc.constant({
    name: "push a tag in place",
    apply: (s: Record<string, unknown>) => {
      if (Array.isArray(s.tags)) s.tags.push("a");
      else put(s, "tags", ["a"]);
    },
  }),
  // Changes a re-check must see without being fooled: getters, holes, inherited values.
  pick(["roles", "id", "level", "org"]).map((key) => ({
    name: `turn ${key} into a getter returning its value`,
    apply: (s: Record<string, unknown>) => {
      const value = s[key];
      Object.defineProperty(s, key, { get: () => value, enumerable: true, configurable: true });
    },
  })),
  fc.constant({
    name: "turn the first role into a getter returning it",
    apply: (s: Record<string, unknown>) => {
      const roles = s.roles;
      if (Array.isArray(roles) && roles.length > 0) {
        const first: unknown = roles[0];
        Object.defineProperty(roles, 0, { get: () => first, enumerable: true, configurable: true });
      }
    },
  }),
  fc.constant({
    name: "make a hole at the first role",
    apply: (s: Record<string, unknown>) => {
      if (Array.isArray(s.roles) && s.roles.length > 0) delete s.roles[0];
    },
  }),
  fc.constant({
    name: "replace org by an object inheriting its id",
    apply: (s: Record<string, unknown>) => {
      put(s, "org", Object.create({ id: "acme" }));
    },
  }),
);

/** A junk value built fresh at each use (Proxies and cycles cannot be shared or printed safely). */
export interface Junk {
  readonly label: string;
  make(): unknown;
}

function junk(label: string, make: () => unknown): Junk {
  return { label, make, toString: () => label } as Junk;
}

function throwingProxy(target: object = {}): unknown {
  const trap = () => {
    throw new Error("trap");
  };
  return new Proxy(target, {
    get: trap,
    getOwnPropertyDescriptor: trap,
    getPrototypeOf: trap,
    ownKeys: trap,
    has: trap,
  });
}

/** A Proxy over `target` whose trap for `key` (descriptor and get) throws; other keys read normally. */
function throwingOnKey(target: object, key: string): unknown {
  return new Proxy(target, {
    getOwnPropertyDescriptor(t, k) {
      if (k === key) throw new Error("trap");
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
    get(t, k, receiver) {
      if (k === key) throw new Error("trap");
      return Reflect.get(t, k, receiver);
    },
  });
}

/** A structure shared `levels` times over: `[w, w]` nested. */
function shared(levels: number): unknown {
  let w: unknown = ["x"];
  for (let i = 0; i < levels; i++) w = [w, w];
  return w;
}

const SPECIAL: readonly Junk[] = [
  junk("Proxy throwing on one key (org) of a subject", () =>
    throwingOnKey({ id: "alice", roles: ["editor", "suspended"], groups: ["banned"], org: { id: "alice" }, tags: ["x"] }, "org"),
  ),
  junk("Proxy throwing on roles", () => throwingOnKey({ id: "mallory", roles: ["editor"], groups: [] }, "roles")),
  junk("object whose keys cannot be listed", () =>
    new Proxy(
      { id: "alice", roles: ["suspended", "editor"], groups: ["banned"], hour: 9, tags: ["x"] },
      {
        ownKeys() {
          throw new Error("trap");
        },
      },
    ),
  ),
  junk("nested org throwing on name", () => ({ id: "alice", roles: ["editor"], org: throwingOnKey({ id: "alice", name: "n" }, "name") })),
  junk("array Proxy whose get lies", () => new Proxy(["x"], { get: (t, k, r) => (k === "0" ? "nobody" : Reflect.get(t, k, r)) })),
  junk("env with a lying tags array", () => ({ hour: 9, tags: new Proxy(["x"], { get: (t, k, r) => (k === "0" ? "y" : Reflect.get(t, k, r)) }) })),
  junk("structure shared 2^30 times", () => shared(30)),
  junk("env holding a structure shared 2^30 times", () => ({ hour: 9, tags: shared(30), whole: shared(30) })),
  junk("throwing Proxy", () => throwingProxy()),
  junk("throwing Proxy over an array", () => throwingProxy([])),
  junk("revoked Proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  }),
  junk("transparent Proxy of a subject", () => new Proxy({ id: "alice", roles: ["admin"] }, {})),
  junk("throwing getter", () =>
    Object.defineProperty({}, "id", {
      get() {
        throw new Error("getter");
      },
      enumerable: true,
    }),
  ),
  junk("getters for every known field", () => {
    const o = {};
    for (const key of ["id", "roles", "groups", "org", "level", "path", "arguments", "hour"]) {
      Object.defineProperty(o, key, { get: () => ["admin"], enumerable: true });
    }
    return o;
  }),
  junk("cyclic object", () => {
    const o: Record<string, unknown> = { id: "alice", roles: ["admin"] };
    o.self = o;
    o.org = o;
    o.arguments = { path: o };
    return o;
  }),
  junk("cyclic array", () => {
    const a: unknown[] = ["admin"];
    a.push(a);
    return a;
  }),
  junk("symbol", () => Symbol("s")),
  junk("symbol-keyed object", () => ({ [Symbol("id")]: "alice", id: "alice" })),
  junk("function", () => () => "alice"),
  junk("function with id", () => Object.assign(() => 1, { id: "alice", roles: ["admin"] })),
  junk("bigint", () => 10n),
  junk("throwing toString/valueOf/toJSON", () => ({
    id: "alice",
    toString() {
      throw new Error("x");
    },
    valueOf() {
      throw new Error("x");
    },
    toJSON() {
      throw new Error("x");
    },
    [Symbol.toPrimitive]() {
      throw new Error("x");
    },
  })),
  junk("frozen object", () => Object.freeze({ id: "alice", roles: Object.freeze(["admin"]) })),
  junk("object inheriting id and roles", () => Object.create({ id: "alice", roles: ["admin"] })),
  junk("array with extra properties", () => Object.assign(["admin"], { id: "alice" })),
  // Not plain one level down, holding the next member of a path as own data (spec §4.2: errs).
  junk("arguments a class instance with an own path", () => ({
    arguments: Object.assign(new Holder(), { path: "/tmp/x" }),
    hour: 10,
  })),
  junk("arguments an array with a named path", () => ({
    arguments: Object.assign(["/tmp/x"], { path: "/tmp/x" }),
    hour: 10,
  })),
  junk("org a class instance with an own id", () => ({
    id: "alice",
    roles: ["admin"],
    org: Object.assign(new Holder(), { id: "acme" }),
  })),
  junk("org an array with a named id", () => ({
    id: "alice",
    roles: ["admin"],
    org: Object.assign(["acme"], { id: "acme" }),
  })),
  junk("very long string", () => "x".repeat(1_000_000)),
  junk("deep object", () => {
    let v: unknown = "alice";
    for (let i = 0; i < 5_000; i++) v = { id: v, org: v };
    return v;
  }),
  junk("typed array", () => new Uint8Array(4)),
  junk("promise", () => Promise.resolve(1)),
  junk("String object", () => new String("tools/call")),
  junk("Date", () => new Date(0)),
];

const anything: fc.Arbitrary<Junk> = fc
  .anything({
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withTypedArray: true,
    withSparseArray: true,
  })
  .map((v) => junk(`anything ${fc.stringify(v)}`, () => v));

const leaf: fc.Arbitrary<Junk> = fc.oneof({ weight: 2, arbitrary: anything }, { weight: 2, arbitrary: pick(SPECIAL) });

/** Junk in the shape of a request part: junk at the top, or junk inside an otherwise good object. */
export const junkArbitrary: fc.Arbitrary<Junk> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        pick(["id", "roles", "groups", "org", "level", "arguments", "hour", "owner", "__proto__", "constructor"]),
        leaf,
      )
      .map(([key, inner]) =>
        junk(`{ ${key}: ${inner.label} }`, () => {
          const o: Record<string, unknown> = { id: "alice", roles: ["admin"], groups: ["eng"], org: { id: "acme" } };
          Object.defineProperty(o, key, { value: inner.make(), enumerable: true, writable: true, configurable: true });
          return o;
        }),
      ),
  },
  {
    weight: 1,
    arbitrary: leaf.map((inner) =>
      junk(`{ arguments: { path: ${inner.label} } }`, () => ({ arguments: { path: inner.make() }, hour: 10 })),
    ),
  },
  // One level deeper: junk as an element of a list the targets read, or inside `org`.
  {
    weight: 1,
    arbitrary: fc
      .tuple(pick(["roles", "groups", "tags"]), leaf)
      .map(([key, inner]) =>
        junk(`{ ${key}: ["admin", ${inner.label}] }`, () => ({ id: "alice", [key]: ["admin", inner.make()] })),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(pick(["id", "tier", "__proto__"]), leaf)
      .map(([key, inner]) =>
        junk(`{ org: { ${key}: ${inner.label} } }`, () => {
          const org: Record<string, unknown> = { id: "acme" };
          Object.defineProperty(org, key, { value: inner.make(), enumerable: true, writable: true, configurable: true });
          return { id: "alice", roles: ["admin"], org };
        }),
      ),
  },
);
