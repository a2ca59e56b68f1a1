// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Spec §5 Decisions: priority, deny-overrides at the top priority, the deciding policy,
 * errors counting toward deny, when `errors` is non-empty, and malformed requests.
 */
import { describe, expect, it } from "vitest";
import { type Case, policy, runCases, SYSTEMS } from "./systems.js";

const boom = "env.missing == 1";

const cases: Case[] = [
  {
    it: "no policy: notapplicable, not allowed",
    source: "",
    request: {},
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "a higher-priority allow beats a lower-priority deny",
    source: policy("a", { priority: 10 }) + policy("d", { effect: "deny", priority: 5 }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "a higher-priority deny beats a lower-priority allow",
    source: policy("a", { priority: 5 }) + policy("d", { effect: "deny", priority: 10 }),
    request: {},
    expect: { effect: "deny", policy: "d", errors: false },
  },
  {
    it: "deny overrides allow at the same priority, whatever the order",
    source: policy("a") + policy("d", { effect: "deny" }),
    request: {},
    expect: { effect: "deny", policy: "d" },
  },
  {
    it: "priority defaults to 0",
    source: policy("a") + policy("d", { effect: "deny", priority: -1 }),
    request: {},
    expect: { effect: "allow", policy: "a" },
  },
  {
    it: "negative priorities order below the default",
    source: policy("d", { effect: "deny", priority: -10 }) + policy("a", { priority: -2 }),
    request: {},
    expect: { effect: "allow", policy: "a" },
  },
  {
    it: "the deciding policy is the first in set order among the winners",
    source: policy("second-by-name-but-first", {}) + policy("a-first-by-name", {}),
    request: {},
    expect: { effect: "allow", policy: "second-by-name-but-first" },
  },
  {
    it: "the deciding deny is the first deny in set order at the top priority",
    source: policy("a0") + policy("d1", { effect: "deny" }) + policy("d2", { effect: "deny" }),
    request: {},
    expect: { effect: "deny", policy: "d1" },
  },
  {
    it: "the deciding policy is taken at the winning priority, not earlier in the set",
    source: policy("low") + policy("high", { priority: 1 }),
    request: {},
    expect: { effect: "allow", policy: "high" },
  },
  {
    it: "the largest safe priority beats the next one down",
    source: policy("d", { effect: "deny", priority: "9007199254740990" }) + policy("a", { priority: "9007199254740991" }),
    request: {},
    expect: { effect: "allow", policy: "a" },
  },
  {
    it: "the smallest safe priority loses to everything",
    source: policy("a", { priority: "-9007199254740991" }) + policy("d", { effect: "deny", priority: "-9007199254740990" }),
    request: {},
    expect: { effect: "deny", policy: "d" },
  },
  {
    it: "sources given as a list keep their order for tie-breaking",
    source: [
      { name: "z.mcpolicy", text: policy("from-z") },
      { name: "a.mcpolicy", text: policy("from-a") },
    ],
    request: {},
    expect: { effect: "allow", policy: "from-z" },
  },
  {
    it: "an erroring allow does not apply",
    source: policy("a", { when: boom }),
    request: {},
    expect: { effect: "notapplicable", errors: true },
  },
  {
    it: "an erroring deny applies (fail closed)",
    source: policy("d", { effect: "deny", when: boom }),
    request: {},
    expect: { effect: "deny", policy: "d", errors: true },
  },
  {
    it: "an erroring deny does not apply when another of its tests is plainly false",
    source: policy("d", { effect: "deny", when: [boom, "false"] }),
    request: {},
    expect: { effect: "notapplicable", errors: true },
  },
  {
    it: "a plainly false test before an erroring one still leaves the error reported",
    source: policy("d", { effect: "deny", when: ["false", boom] }),
    request: {},
    expect: { effect: "notapplicable", errors: true },
  },
  {
    it: "an erroring deny at the top priority beats an allow there",
    source: policy("a", { priority: 3 }) + policy("d", { effect: "deny", priority: 3, when: boom }),
    request: {},
    expect: { effect: "deny", policy: "d", errors: true },
  },
  {
    it: "an erroring deny below a winning allow changes nothing, and errors stay empty",
    source: policy("a", { priority: 3 }) + policy("d", { effect: "deny", priority: 2, when: boom }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "an erroring allow below a winning allow leaves errors empty",
    source: policy("a", { priority: 0 }) + policy("b", { priority: -5, when: boom }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "an erroring allow above a winning allow is reported in errors",
    source: policy("a", { priority: 0 }) + policy("b", { priority: 5, when: boom }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: true },
  },
  {
    it: "an erroring allow at the winning priority is reported in errors",
    source: policy("a") + policy("b", { when: boom }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: true },
  },
  {
    it: "an erroring allow at the winning priority of a deny is reported in errors",
    source: policy("d", { effect: "deny" }) + policy("b", { when: boom }),
    request: {},
    expect: { effect: "deny", policy: "d", errors: true },
  },
  {
    it: "a higher deny stopped by a false test but with an erroring test reports errors",
    source: policy("a") + policy("d", { effect: "deny", priority: 9, when: [boom], unless: "true" }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: true },
  },
  {
    it: "errors at any priority are reported when nothing applies",
    source: policy("a", { priority: -100, when: boom }) + policy("b", { when: "false" }),
    request: {},
    expect: { effect: "notapplicable", errors: true },
  },
  {
    it: "errors in a policy whose target is false are not reported",
    source: policy("a") + policy("b", { priority: 9, action: '"other"', when: boom }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "a short-circuited error is no error",
    source: policy("a", { when: `false and ${boom}` }) + policy("b", { priority: -1 }),
    request: {},
    expect: { effect: "allow", policy: "b", errors: false },
  },
  {
    it: "an erring subject target makes an allow not apply and is reported",
    source: policy("a", { subject: "role admin", priority: 1 }) + policy("b"),
    request: { subject: { roles: "admin" } },
    expect: { effect: "allow", policy: "b", errors: true },
  },
  {
    it: "an erring subject target makes a deny apply",
    source: policy("a", { priority: 1 }) + policy("d", { effect: "deny", subject: "group banned", priority: 1 }),
    request: { subject: { groups: [1] } },
    expect: { effect: "deny", policy: "d", errors: true },
  },
  {
    it: "an erring subject target does not make a deny apply when its action is false",
    source: policy("a") + policy("d", { effect: "deny", subject: "group banned", action: '"other"' }),
    request: { subject: { groups: "banned" } },
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "an erring subject target is not reported when the policy's resource target is false",
    source: policy("a") + policy("d", { effect: "deny", subject: "group banned", resource: '"tool:y"' }),
    request: { subject: { groups: "banned" }, resource: "tool:x" },
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "an erring subject target is not reported when the policy's resource glob is false",
    source: policy("a") + policy("d", { effect: "deny", subject: "group banned", resource: '"tool:read_*", "tool:y"' }),
    request: { subject: { groups: "banned" }, resource: "tool:a/b" },
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "an erring subject target is not reported when the policy's action glob is false",
    source: policy("a") + policy("d", { effect: "deny", subject: "role admin", action: '"tools/*"' }),
    request: { subject: { roles: [1] }, action: "prompts/get/x" },
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "an erring resource interpolation is not reported when the policy's action target is false",
    source: policy("a") + policy("d", { effect: "deny", action: '"other"', resource: '"x:${subject.missing}"' }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: false },
  },
  {
    it: "an erring resource interpolation is not reported when the policy's subject target is false",
    source: policy("a") + policy("d", { effect: "deny", subject: "user bob", resource: '"x:${subject.missing}"' }),
    request: {},
    expect: { effect: "allow", policy: "a", errors: false },
  },
];

describe("spec §5 decisions", () => {
  runCases(cases);
});

class Thing {
  id = "x";
}
function throwingProxy(): unknown {
  return new Proxy(
    {},
    {
      get() {
        throw new Error("trap");
      },
      getOwnPropertyDescriptor() {
        throw new Error("trap");
      },
      getPrototypeOf() {
        throw new Error("trap");
      },
      ownKeys() {
        throw new Error("trap");
      },
      has() {
        throw new Error("trap");
      },
    },
  );
}

/** [what, subject, resource, action, env] — each a malformed request. */
const malformed: readonly (readonly [string, () => readonly [unknown, unknown, unknown, unknown]])[] = [
  ["a null subject", () => [null, "tool:x", "tools/call", {}]],
  ["an undefined subject", () => [undefined, "tool:x", "tools/call", {}]],
  ["a string subject", () => ["alice", "tool:x", "tools/call", {}]],
  ["an array subject", () => [[], "tool:x", "tools/call", {}]],
  ["a class-instance subject", () => [new Thing(), "tool:x", "tools/call", {}]],
  ["a Map subject", () => [new Map(), "tool:x", "tools/call", {}]],
  ["a throwing Proxy subject", () => [throwingProxy(), "tool:x", "tools/call", {}]],
  ["a number resource", () => [{ id: "alice" }, 5, "tools/call", {}]],
  ["a null resource", () => [{ id: "alice" }, null, "tools/call", {}]],
  ["an undefined resource", () => [{ id: "alice" }, undefined, "tools/call", {}]],
  ["a resource object without id", () => [{ id: "alice" }, { name: "x" }, "tools/call", {}]],
  ["a resource object with a number id", () => [{ id: "alice" }, { id: 5 }, "tools/call", {}]],
  ["an array resource", () => [{ id: "alice" }, ["tool:x"], "tools/call", {}]],
  ["a class-instance resource", () => [{ id: "alice" }, new Thing(), "tools/call", {}]],
  ["a resource whose id is a getter", () => [{ id: "alice" }, Object.defineProperty({}, "id", { get: () => "tool:x", enumerable: true }), "tools/call", {}]],
  ["a number action", () => [{ id: "alice" }, "tool:x", 5, {}]],
  ["an undefined action", () => [{ id: "alice" }, "tool:x", undefined, {}]],
  ["an object action", () => [{ id: "alice" }, "tool:x", { name: "tools/call" }, {}]],
  ["a String-object action", () => [{ id: "alice" }, "tool:x", new String("tools/call"), {}]],
  ["a null env", () => [{ id: "alice" }, "tool:x", "tools/call", null]],
  ["a string env", () => [{ id: "alice" }, "tool:x", "tools/call", "x"]],
  ["an array env", () => [{ id: "alice" }, "tool:x", "tools/call", []]],
  ["a class-instance env", () => [{ id: "alice" }, "tool:x", "tools/call", new Thing()]],
  ["a throwing Proxy env", () => [{ id: "alice" }, "tool:x", "tools/call", throwingProxy()]],
];

describe.each(SYSTEMS)("spec §5 malformed requests — $name", (system) => {
  it.each(malformed)("%s yields deny with policy null and errors, even when everything is allowed", async (_what, make) => {
    const decide = await system.load(policy("everyone"));
    const [subject, resource, action, env] = make();
    const d = decide(subject, resource, action, env);
    expect(d.allowed).toBe(false);
    expect(d.effect).toBe("deny");
    expect(d.policy).toBe(null);
    expect(d.errors.length).toBeGreaterThan(0);
    expect(d.errors.every((e) => e.policy === null && typeof e.message === "string" && e.message.length > 0)).toBe(true);
  });

  it("a malformed request is denied even by an empty policy set", async () => {
    const decide = await system.load("");
    const d = decide({ id: "alice" }, 42, "tools/call", {});
    expect(d).toMatchObject({ allowed: false, effect: "deny", policy: null });
    expect(d.errors.length).toBeGreaterThan(0);
  });

  it("an omitted env is the empty object, not a malformed request", async () => {
    const decide = await system.load(policy("everyone"));
    expect(decide({ id: "alice" }, "tool:x", "tools/call")).toMatchObject({ allowed: true, effect: "allow", policy: "everyone" });
  });

  it("errors name the policy and the path that erred", async () => {
    const decide = await system.load(policy("needs-dept", { effect: "deny", when: 'subject.department == "eng"' }));
    const d = decide({ id: "alice" }, "tool:x", "tools/call", {});
    expect(d.effect).toBe("deny");
    expect(d.errors.length).toBeGreaterThan(0);
    expect(d.errors.some((e) => e.policy === "needs-dept" && e.message.includes("subject.department"))).toBe(true);
  });

  it("a decision is `[]`-errors, allowed mirrors effect", async () => {
    const decide = await system.load(policy("a"));
    const d = decide({ id: "alice" }, "tool:x", "tools/call", {});
    expect(d).toEqual({ allowed: true, effect: "allow", policy: "a", errors: [] });
  });
});
