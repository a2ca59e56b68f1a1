// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Issue 3 item 3 / spec §5 last paragraph, §6 (acceptance): caching is invisible.
 * `evaluate` sees the subject as it is at each call — whatever the caller changed, at
 * any depth, in place or by replacing it, by a getter or a prototype — with the cache on
 * (default, of one) or off; `forSubject` specialized before the change never sees it.
 * The oracle is `explain`, which decides with the reference interpreter (no cache) on a
 * copy taken at the right time. Two engines never share plans, even for one subject
 * object evaluated by both in turn.
 */
import { describe, expect, it } from "vitest";
import { compile, type Decision, type PolicyEngine } from "../../src/index.js";

const SOURCE = `
role editor includes viewer
policy viewers { allow priority 1 subject role viewer action "read" resource "doc:*" }
policy ops { allow subject group ops action "ops" resource * }
policy org { allow subject * action "org" resource "org:\${subject.org.id}/*" }
policy level { allow subject * action "level" resource * when subject.level > 2 }
policy deep { allow subject * action "deep" resource * when subject.a.b.c == [1, 2] and subject.a.b.d.x == 2 }
policy member { allow subject * action "has" resource * when subject.a has b }
policy tags { allow subject * action "tags" resource * when "t" in subject.tags }
policy home { allow subject * action "home" resource * when env.path matches "/h/\${subject.org.id}/**" }
policy whole { allow subject * action "whole" resource * when subject.org == env.org }
policy banned { deny priority 9 subject role suspended action * resource * }
`;

const REQUESTS: [string, string, unknown][] = [
  ["doc:1", "read", undefined],
  ["x", "ops", undefined],
  ["org:acme/1", "org", undefined],
  ["x", "level", undefined],
  ["x", "deep", undefined],
  ["x", "has", undefined],
  ["x", "tags", undefined],
  ["x", "home", { path: "/h/acme/f" }],
  ["x", "whole", { org: { id: "acme" } }],
];

class Account {
  id = "acme";
}

const fresh = () => ({
  id: "u",
  roles: ["editor"],
  groups: ["ops"],
  org: { id: "acme" },
  level: 3,
  a: { b: { c: [1, 2], d: { x: 2 } } },
  tags: ["t"],
});
type Subject = ReturnType<typeof fresh>;

const getter = (target: object, key: string, value: unknown) =>
  Object.defineProperty(target, key, { get: () => value, configurable: true, enumerable: true });

const MUTATIONS: [string, (s: Subject) => void][] = [
  ["push a role", (s) => s.roles.push("suspended")],
  ["replace the roles array", (s) => Object.assign(s, { roles: ["suspended"] })],
  ["roles made a string", (s) => Object.assign(s, { roles: "suspended" })],
  ["change a role in place", (s) => (s.roles[0] = "suspended")],
  ["change a group in place", (s) => (s.groups[0] = "dev")],
  ["change a nested id", (s) => (s.org.id = "zz")],
  ["replace a nested object", (s) => (s.org = { id: "zz" })],
  ["nested object becomes a class instance", (s) => Object.setPrototypeOf(s.org, Account.prototype)],
  ["nested object gets a null prototype", (s) => Object.setPrototypeOf(s.org, null)],
  ["subject becomes a class instance", (s) => Object.setPrototypeOf(s, Account.prototype)],
  ["subject gets a null prototype", (s) => Object.setPrototypeOf(s, null)],
  ["a getter replaces an attribute", (s) => getter(s, "level", 5)],
  ["a getter replaces a nested attribute", (s) => getter(s.org, "id", "acme")],
  ["a getter replaces a role", (s) => getter(s.roles, "0", "editor")],
  ["delete an attribute", (s) => delete (s as Partial<Subject>).level],
  ["delete a nested object", (s) => delete (s as Partial<Subject>).org],
  ["change deep inside", (s) => (s.a.b.d.x = 3)],
  ["push deep inside", (s) => s.a.b.c.push(3)],
  ["remove a member `has` asks for", (s) => delete (s.a as Partial<Subject["a"]>).b],
  ["add a key to a compared object", (s) => Object.assign(s.org, { more: 1 })],
  ["empty an array through its length", (s) => (s.tags.length = 0)],
  ["a hole in an array", (s) => (s.tags.length = 2)],
  ["NaN attribute", (s) => (s.level = Number.NaN)],
  [
    "freeze the top, then change a nested value",
    (s) => {
      Object.freeze(s);
      s.org.id = "zz";
    },
  ],
  [
    "freeze the top, then push a role",
    (s) => {
      Object.freeze(s);
      s.roles.push("suspended");
    },
  ],
];

const key = (d: Decision) => `${d.effect} ${d.policy} errors=${d.errors.length > 0}`;

/** The reference's decision (explain) for each request, for this subject as it is now. */
const reference = (engine: PolicyEngine, subject: unknown) =>
  REQUESTS.map(([r, a, env]) => key(engine.explain(subject, r, a, env).decision));

describe("issue 3 · evaluate always reflects the subject as it is; forSubject never does", () => {
  for (const [what, mutate] of MUTATIONS) {
    it(what, () => {
      const engines = [compile(SOURCE), compile(SOURCE, { maxSubjects: 1 }), compile(SOURCE, { maxSubjects: 0 })];
      const subject = fresh();
      const decide = (engine: PolicyEngine) => REQUESTS.map(([r, a, env]) => key(engine.evaluate(subject, r, a, env)));
      // Three rounds: the cache admits content on its second sight and then remembers the object.
      for (let round = 0; round < 3; round++) for (const e of engines) expect(decide(e)).toEqual(reference(e, subject));
      const before = structuredClone(subject);
      const specialized = engines.map((e) => e.forSubject(subject));
      mutate(subject);
      const now = reference(engines[0] as PolicyEngine, subject);
      for (let round = 0; round < 2; round++) for (const e of engines) expect(decide(e)).toEqual(now);
      const then = reference(engines[0] as PolicyEngine, before);
      for (const f of specialized) expect(REQUESTS.map(([r, a, env]) => key(f(r, a, env)))).toEqual(then);
      // A null prototype keeps an object plain (spec §4): nothing changes. Every other
      // mutation changes some decision, or its case would test nothing.
      if (what.includes("null prototype")) expect(now).toEqual(then);
      else expect(now).not.toEqual(then);
    });
  }
});

describe("issue 3 · two engines never share a cached plan", () => {
  it("one subject object, two sets that read it differently, decided in turn", () => {
    const flat = compile(`policy v { allow subject role viewer action "read" resource * }`);
    const nested = compile(
      `role editor includes viewer\npolicy v { allow subject role viewer action "read" resource * }`,
    );
    const subject = { id: "u", roles: ["editor"] };
    for (let round = 0; round < 4; round++) {
      expect(flat.evaluate(subject, "r", "read").effect).toBe("notapplicable");
      expect(nested.evaluate(subject, "r", "read").effect).toBe("allow");
    }
    subject.roles = ["viewer"];
    expect(flat.evaluate(subject, "r", "read").effect).toBe("allow");
    expect(nested.evaluate(subject, "r", "read").effect).toBe("allow");
  });

  it("the same interpolated pattern in two sets with different deny priorities", () => {
    const a = compile(`policy own { allow subject * action "r" resource "home/\${subject.id}/*" }`);
    const b = compile(`policy own { allow subject * action "r" resource "home/\${subject.id}/*" }
policy no { deny subject * action "r" resource "home/\${subject.id}/secret" }`);
    const subject = { id: "*" };
    for (let round = 0; round < 3; round++) {
      expect(a.evaluate(subject, "home/*/secret", "r").effect).toBe("allow");
      expect(b.evaluate(subject, "home/*/secret", "r").effect).toBe("deny");
      expect(a.evaluate(subject, "home/x/secret", "r").effect).toBe("notapplicable");
      expect(b.evaluate(subject, "home/x/secret", "r").effect).toBe("notapplicable");
    }
  });
});
