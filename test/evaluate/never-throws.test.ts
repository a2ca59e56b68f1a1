// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { couldAllowReference, evaluateReference, explainReference } from "../../src/evaluate/index.js";
import {
  and,
  anyOf,
  allow,
  cmp,
  contains,
  deny,
  group,
  has,
  isIn,
  list,
  lit,
  matches,
  not,
  or,
  path,
  patterns,
  policySet,
  role,
  unless,
  user,
  when,
} from "./builders.js";

// A set that exercises every operator, target kind and interpolation.
const set = policySet(
  [
    allow("admins", { priority: 100, subject: role("admin") }),
    allow("home", {
      subject: anyOf(user("alice"), group("staff")),
      resource: patterns("/home/${subject.id}/**", "/org/${subject.org.id}/*"),
      conditions: [when(matches(path("env.arguments.path"), "/home/${subject.id}/**"))],
    }),
    deny("guard", {
      priority: 50,
      action: patterns("tools/call", "write*"),
      conditions: [
        when(or(cmp(path("env.hour"), "<", lit(8)), cmp(path("env.hour"), ">=", lit(18)))),
        unless(isIn(lit("oncall"), path("subject.groups"))),
      ],
    }),
    allow("misc", {
      conditions: [
        when(not(and(has(path("subject"), "x"), contains(path("subject.tags"), lit("t"))))),
        unless(cmp(path("env.a"), "==", list(1, "b", null))),
      ],
    }),
  ],
  { admin: ["editor"], editor: ["viewer"] },
);

const hostileProxy = new Proxy(
  {},
  {
    get() {
      throw new Error("get");
    },
    getPrototypeOf() {
      throw new Error("getPrototypeOf");
    },
    getOwnPropertyDescriptor() {
      throw new Error("getOwnPropertyDescriptor");
    },
    ownKeys() {
      throw new Error("ownKeys");
    },
    has() {
      throw new Error("has");
    },
  },
);
const revoked = Proxy.revocable({}, {});
revoked.revoke();
const cyclic: Record<string, unknown> = { id: "alice" };
cyclic.self = cyclic;
cyclic.roles = [cyclic];

const WEIRD: unknown[] = [
  hostileProxy,
  revoked.proxy,
  cyclic,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  undefined,
  null,
  10n,
  Symbol("s"),
  () => 1,
  new Date(0),
  new (class Thing {})(),
  JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": 1}}'),
  Object.create(null),
  Object.assign(new Array(3), { 0: 1, 2: 2 }),
  "..",
  "*",
  "{a,b}",
  "/",
];
// fast-check must not inspect hostile values itself: it generates markers, and
// `hydrate` swaps them for the hostile values inside the property.
const weird = fc.nat(WEIRD.length - 1).map((i) => ({ weird: i }));
function hydrate(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(hydrate);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === "weird") return WEIRD[(value as { weird: number }).weird];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hydrate(v)]));
}
const valueArb = fc.oneof(fc.anything({ maxDepth: 3 }), weird);
const objectArb = fc.oneof(
  fc.dictionary(fc.constantFrom("id", "roles", "groups", "org", "tags", "x", "hour", "a", "arguments", "path"), valueArb, {
    maxKeys: 5,
  }),
  weird,
);

describe("the reference interpreter never throws", () => {
  it("on arbitrary and hostile requests, for evaluate, explain and couldAllow", () => {
    fc.assert(
      fc.property(objectArb, fc.oneof(fc.string(), objectArb), fc.oneof(fc.string(), valueArb), fc.oneof(objectArb, fc.constant(undefined)), (...raw) => {
        const [subject, resource, action, env] = raw.map(hydrate);
        const decision = evaluateReference(set, subject, resource, action, env);
        expect(["allow", "deny", "notapplicable"]).toContain(decision.effect);
        expect(decision.allowed).toBe(decision.effect === "allow");
        expect(explainReference(set, subject, resource, action, env).decision).toEqual(decision);
        const could = couldAllowReference(set, subject, resource, action, env);
        if (decision.allowed) expect(could).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("never reads through a throwing Proxy at the top level", () => {
    expect(evaluateReference(set, hostileProxy, hostileProxy, hostileProxy, hostileProxy).effect).toBe("deny");
    expect(evaluateReference(set, { id: "alice", roles: hostileProxy, groups: hostileProxy }, "/home/alice/x", "tools/call", { hour: hostileProxy }).policy).toBe("guard");
  });

  it("fails closed on a deny guarded by a hostile attribute", () => {
    const decision = evaluateReference(set, { id: "bob", groups: hostileProxy }, "x", "tools/call", { hour: 3 });
    expect(decision.effect).toBe("deny");
    expect(decision.policy).toBe("guard");
    expect(decision.errors.length).toBeGreaterThan(0);
  });

  it("does not let prototype pollution grant a role", () => {
    const subject = JSON.parse('{"id": "eve", "__proto__": {"roles": ["admin"]}}');
    expect(evaluateReference(set, subject, "x", "read", {}).policy).not.toBe("admins");
    const polluted = Object.create({ roles: ["admin"] });
    expect(evaluateReference(set, polluted, "x", "read", {}).effect).toBe("deny");
  });

  it("unless-without-errors keeps an allow when the deny's own test is plainly false", () => {
    const decision = evaluateReference(set, { id: "bob", groups: ["oncall"] }, "x", "tools/call", { hour: 3 });
    expect(decision.policy).not.toBe("guard");
  });
});
