// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Fail closed: every way a deny's test can err makes the deny apply — over an allow at
 * the same priority — and reports the error; the same error in an allow never allows.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { type Case, decisionShape, policy, runCases, SYSTEMS } from "../spec/systems.js";

/** [how it errs, deny clauses, request]. */
const erring: readonly (readonly [string, Parameters<typeof policy>[1], Case["request"]])[] = [
  ["a missing attribute", { when: 'subject.department == "eng"' }, {}],
  ["a step into a string", { when: "subject.id.first == 1" }, {}],
  ["an ordering of mixed types", { when: "env.hour < 8" }, { env: { hour: "7" } }],
  ["an ordering of null", { when: "env.hour >= 18" }, { env: { hour: null } }],
  ["a NaN attribute", { when: "env.hour > 18" }, { env: { hour: Number.NaN } }],
  ["an Infinity attribute", { when: "env.hour > 18" }, { env: { hour: Number.POSITIVE_INFINITY } }],
  ["an undefined attribute", { when: "env.hour > 18" }, { env: { hour: undefined } }],
  ["a non-boolean condition", { when: "env.flag" }, { env: { flag: "yes" } }],
  ["a non-boolean unless", { unless: "env.flag" }, { env: { flag: 0 } }],
  ["`not` of a non-boolean", { when: "not env.flag" }, { env: { flag: "no" } }],
  ["`in` a non-array", { unless: '"oncall" in subject.groups' }, { subject: { groups: "oncall" } }],
  ["`contains` on a number", { when: "env.n contains 1" }, { env: { n: 1 } }],
  ["`matches` on a number", { when: 'env.path matches "/etc/**"' }, { env: { path: 7 } }],
  ["a deep structure in `==`", { when: "env.a == env.b" }, () => ({ env: { a: nest(100), b: nest(100) } })],
  ["roles sent as a string", { subject: "role suspended" }, { subject: { roles: "suspended" } }],
  ["roles holding a number", { subject: "role suspended" }, { subject: { roles: ["suspended", 0] } }],
  ["groups sent as an object", { subject: "group banned" }, { subject: { groups: { banned: true } } }],
  ["an id sent as a number", { subject: "user mallory" }, { subject: { id: 1 } }],
  ["an interpolation of a missing attribute", { resource: '"tool:${subject.tenant}/*"' }, { resource: "tool:x/y" }],
  ["an interpolation containing a slash", { resource: '"home:${subject.id}/*"' }, { subject: { id: "a/b" }, resource: "home:a/b/c" }],
  ["an interpolation of `..`", { resource: '"home:/${subject.id}/*"' }, { subject: { id: ".." }, resource: "home:/../x" }],
  ["an interpolation of an object", { when: 'env.path matches "/home/${subject.org}/**"' }, { subject: { org: { id: 1 } }, env: { path: "/home/x/y" } }],
  ["a getter", { when: "env.hour < 8" }, () => ({ env: Object.defineProperty({}, "hour", { get: () => 3, enumerable: true }) })],
  ["a class instance", { when: "env.when.day == 1" }, { env: { when: new Date(0) } }],
  ["an error on the left of `and false`", { when: "env.missing == 1 and false or true" }, {}],
];

function nest(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = { v };
  return v;
}

describe("an erroring deny must deny", () => {
  runCases(
    erring.map(([how, clauses, request]) => ({
      it: `through ${how}`,
      source: policy("allow-all", { priority: 9 }) + policy("guard", { ...clauses, effect: "deny", priority: 9 }),
      request,
      expect: { effect: "deny", policy: "guard", errors: true },
    })),
  );
});

describe("an erroring allow never allows", () => {
  runCases(
    erring.map(([how, clauses, request]) => ({
      it: `through ${how}`,
      source: policy("guarded", { ...clauses, priority: 9 }),
      request,
      expect: { effect: "notapplicable", errors: true },
    })),
  );
});

describe.each(SYSTEMS)("failures of the evaluator itself fail closed — $name", (system) => {
  it("decides deny for a malformed request even when a policy allows everything at the top priority", async () => {
    const decide = await system.load(policy("all", { priority: 9007199254740991 }));
    expect(decisionShape(decide({ id: "a" }, { id: "r" }, Symbol("a") as unknown, {}))).toEqual({ effect: "deny", policy: null, errors: true });
  });
});

describe("a thrown value that throws again when inspected (audit finding)", () => {
  it("still gives the deny Decision from evaluate, forSubject's function, isAllowed and explain", () => {
    const engine = compile('policy p { allow subject * action "read" resource "doc:*" when env.ok == true }');
    // A Proxy thrown from a trap, whose own traps throw it again; an Error whose message is a getter that throws.
    const poison: object = new Proxy({}, {
      getPrototypeOf() {
        throw poison;
      },
      get() {
        throw poison;
      },
    });
    const badMessage = new Error("x");
    Object.defineProperty(badMessage, "message", {
      get() {
        throw new Error("second");
      },
    });
    for (const thrown of [poison, badMessage]) {
      const env = new Proxy({}, {
        getPrototypeOf() {
          throw thrown;
        },
      });
      for (const validateRequests of [false, true]) {
        const checked = validateRequests
          ? compile('policy p { allow subject * action "read" resource "doc:*" when env.ok == true }', {
              schema: { version: 1, env: { type: "object" } },
              validateRequests,
            })
          : engine;
        const decisions = [checked.evaluate({ id: "a" }, "doc:1", "read", env), checked.forSubject({ id: "a" })("doc:1", "read", env)];
        for (const decision of decisions) expect(decision).toMatchObject({ allowed: false, effect: "deny", policy: null });
        expect(checked.isAllowed({ id: "a" }, "doc:1", "read", env)).toBe(false);
        expect(checked.explain({ id: "a" }, "doc:1", "read", env).decision.allowed).toBe(false);
      }
    }
  });
});
