// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * The per-subject cache must be invisible (spec §5: "caching … invisible except in
 * speed"): two subjects that a lossy key (JSON.stringify, joined strings, String())
 * would confuse must still get their own decisions, in either order.
 */
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { parse } from "../../src/syntax/parse.js";
import { policy } from "../spec/systems.js";

const SET = [
  policy("joined", { when: 'subject.a == "xsy" and subject.b == "z"', priority: 10 }),
  policy("admins", { subject: "role admin", priority: 9 }),
  policy("role-a", { subject: "role a", priority: 8 }),
  policy("user-ab", { subject: 'user "a,b", "a|b"', priority: 7 }),
  policy("level-null", { when: "subject.level == null", priority: 6 }),
  policy("level-one", { when: "subject.level == 1", priority: 5 }),
  policy("date", { when: 'subject.d == "1970-01-01T00:00:00.000Z"', priority: 4 }),
  policy("tags", { when: "subject.tags == [null]", priority: 3 }),
  policy("org", { resource: '"org:${subject.org.id}"', priority: 2 }),
  policy("deny-banned", { effect: "deny", subject: "group banned", priority: 1 }),
].join("");

class Org {
  id = "acme";
}

/** [what, a subject, another subject that a lossy cache key would confuse with it]. */
const pairs: readonly (readonly [string, () => unknown, () => unknown])[] = [
  ["NaN and null", () => ({ level: null }), () => ({ level: Number.NaN })],
  ["Infinity and null", () => ({ level: null }), () => ({ level: Number.POSITIVE_INFINITY })],
  ["undefined and null in an array", () => ({ tags: [null] }), () => ({ tags: [undefined] })],
  ["a hole and null in an array", () => ({ tags: [null] }), () => ({ tags: new Array(1) })],
  ["a Date and its ISO string", () => ({ d: "1970-01-01T00:00:00.000Z" }), () => ({ d: new Date(0) })],
  ["an array and an object whose toJSON is that array", () => ({ roles: ["admin"] }), () => ({ roles: { toJSON: () => ["admin"] } })],
  ["a data property and a getter", () => ({ roles: ["admin"] }), () => Object.defineProperty({}, "roles", { get: () => ["admin"], enumerable: true })],
  ["a group data property and a getter", () => ({ groups: ["banned"] }), () => Object.defineProperty({}, "groups", { get: () => ["banned"], enumerable: true })],
  ["one role with a comma and two roles", () => ({ roles: ["a,b"] }), () => ({ roles: ["a", "b"] })],
  ["a role with a NUL and two roles", () => ({ roles: ["x\u0000a"] }), () => ({ roles: ["x", "a"] })],
  ["an id with a comma and an id plus a role", () => ({ id: "a,b" }), () => ({ id: "a", roles: ["b"] })],
  ["an id with a bar and an id plus a role", () => ({ id: "a|b" }), () => ({ id: "a", roles: ["|b"] })],
  ["a number and a numeric string", () => ({ level: 1 }), () => ({ level: "1" })],
  ["a plain object and a class instance", () => ({ org: { id: "acme" } }), () => ({ org: new Org() })],
  ["an own __proto__ key and a prototype", () => JSON.parse('{"__proto__": {"roles": ["admin"]}}'), () => Object.create({ roles: ["admin"] })],
  ["a string and a String object", () => ({ roles: ["admin"] }), () => ({ roles: [new String("admin")] })],
  ["roles as an array and as an array-like object", () => ({ roles: ["admin"] }), () => ({ roles: { 0: "admin", length: 1 } })],
  // A key that tags strings without their length joins these to the same text.
  ["two attributes whose values are the same text when joined", () => ({ a: "xsy", b: "z" }), () => ({ a: "x", b: "ysz" })],
];

describe("the per-subject cache never confuses two subjects", () => {
  const parsed = parse(SET);
  const set = checkPolicySet([parsed.ast]).set;
  const requests = [
    ["org:acme", "a", {}],
    ["x", "a", {}],
  ] as const;

  it.each(pairs)("%s, in either order", (_what, first, second) => {
    for (const order of [
      [first, second],
      [second, first],
    ]) {
      const engine = compile(SET);
      for (const make of order) {
        for (const [resource, action, env] of requests) {
          const subject = make();
          const want = evaluateReference(set, subject, resource, action, env);
          const got = engine.evaluate(subject, resource, action, env);
          expect({ effect: got.effect, policy: got.policy, errors: got.errors.length > 0 }, `${String(JSON.stringify(subject))} on ${resource}`).toEqual({
            effect: want.effect,
            policy: want.policy,
            errors: want.errors.length > 0,
          });
        }
      }
    }
  });

  it.each(pairs)("%s, through forSubject", (_what, first, second) => {
    const engine = compile(SET);
    for (const make of [first, second, first]) {
      const subject = make();
      const decide = engine.forSubject(subject);
      for (const [resource, action, env] of requests) {
        const want = evaluateReference(set, subject, resource, action, env);
        const got = decide(resource, action, env);
        expect({ effect: got.effect, policy: got.policy, errors: got.errors.length > 0 }).toEqual({
          effect: want.effect,
          policy: want.policy,
          errors: want.errors.length > 0,
        });
      }
    }
  });
});

describe("the per-subject cache keys attribute values by their length", () => {
  it("does not give a cached plan to a subject whose values join to the same text", () => {
    const engine = compile(`policy p { allow subject * action "x" resource * when subject.a == "xsy" and subject.b == "z" }`);
    // Seen three times in new objects: cached by content.
    for (let i = 0; i < 3; i++) expect(engine.evaluate({ a: "xsy", b: "z" }, "r", "x").policy).toBe("p");
    expect(engine.evaluate({ a: "x", b: "ysz" }, "r", "x").effect).toBe("notapplicable");
    expect(engine.forSubject({ a: "x", b: "ysz" })("r", "x").effect).toBe("notapplicable");
    expect(engine.evaluate({ a: "xsy", b: "z" }, "r", "x").policy).toBe("p");
  });
});
