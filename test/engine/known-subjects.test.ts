import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

// A remembered subject object is re-checked on every call without descriptors per
// element (own key, no getter, `===`); these pin that check to the reference.
const SET = `
role editor includes viewer
policy admins { allow priority 100 subject role admin action * resource * }
policy suspended { deny priority 1000 subject role suspended action * resource * }
policy read { allow subject role viewer action "call" resource "tool:read_*" when subject.level >= 2 }
policy ops { allow subject group ops action "call" resource "tool:ops_*" }
`;

function remembered(engine: ReturnType<typeof compile>, subject: object): void {
  // New content is cached by key first; the object itself is remembered when it returns.
  for (let i = 0; i < 3; i++) engine.evaluate(subject, "tool:read_a", "call");
}

function agrees(engine: ReturnType<typeof compile>, subject: unknown, resource: string): void {
  const d = engine.evaluate(subject, resource, "call");
  const reference = evaluateReference(engine.policySet, subject, resource, "call", undefined);
  expect([d.effect, d.policy, d.errors.length > 0]).toEqual([
    reference.effect,
    reference.policy,
    reference.errors.length > 0,
  ]);
}

/** `forSubject(subject)` now decides as the reference does on the subject now. */
function specializedAgrees(engine: ReturnType<typeof compile>, subject: unknown, resources: readonly string[]): void {
  const decide = engine.forSubject(subject);
  for (const resource of resources) {
    const d = decide(resource, "call");
    const reference = evaluateReference(engine.policySet, subject, resource, "call", undefined);
    expect(["forSubject", resource, d.effect, d.policy, d.errors.length > 0]).toEqual([
      "forSubject",
      resource,
      reference.effect,
      reference.policy,
      reference.errors.length > 0,
    ]);
  }
}

const polluted: PropertyKey[] = [];
function pollute(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  polluted.push(key);
}
afterEach(() => {
  for (const key of polluted.splice(0)) delete (Array.prototype as unknown as Record<PropertyKey, unknown>)[key];
});

describe("a remembered subject object", () => {
  it("does not read a setter-only role element as the role it replaced", () => {
    const engine = compile(SET);
    const subject = { roles: ["admin"], level: 3 };
    remembered(engine, subject);
    Object.defineProperty(subject.roles, 0, { set: () => {} });
    expect(engine.isAllowed(subject, "tool:x", "call")).toBe(false);
    agrees(engine, subject, "tool:x");
  });

  it("does not read a hole through a polluted Array.prototype", () => {
    const engine = compile(SET);
    const subject = { roles: ["admin"], level: 3 };
    remembered(engine, subject);
    delete subject.roles[0];
    pollute(Array.prototype, 0, "admin");
    expect(engine.isAllowed(subject, "tool:x", "call")).toBe(false);
    agrees(engine, subject, "tool:x");
  });

  it("does not trust a roles Proxy whose `get` repeats the remembered roles", () => {
    const engine = compile(SET);
    const subject: { roles: unknown; level: number } = { roles: ["admin"], level: 3 };
    remembered(engine, subject);
    subject.roles = new Proxy(["viewer"], { get: (t, key) => (key === "0" ? "admin" : Reflect.get(t, key)) });
    expect(engine.isAllowed(subject, "tool:x", "call")).toBe(false);
    agrees(engine, subject, "tool:x");
  });

  it("does not take a Proxy planted on Array.prototype for a checked condition array", () => {
    const engine = compile(
      `policy tagged { allow subject * action "call" resource "tool:tag_*" when "ok" in subject.tags }`,
    );
    const subject: { tags: unknown } = { tags: ["no"] };
    for (let i = 0; i < 3; i++) expect(engine.isAllowed(subject, "tool:tag_a", "call")).toBe(false);
    const liar = new Proxy(["ok"], { get: (t, key) => (key === "0" ? "no" : Reflect.get(t, key)) });
    for (let slot = 0; slot < 4; slot++) pollute(Array.prototype, slot, liar);
    subject.tags = liar;
    expect(engine.isAllowed(subject, "tool:tag_a", "call")).toBe(true);
    agrees(engine, subject, "tool:tag_a");
  });

  it("sees the roles array turned into a subclass instance, and the subject into a non-plain object", () => {
    const engine = compile(SET);
    const subject = { roles: ["admin"], level: 3 };
    remembered(engine, subject);
    class Roles extends Array<string> {}
    Object.setPrototypeOf(subject.roles, Roles.prototype);
    expect(engine.isAllowed(subject, "tool:x", "call")).toBe(false);
    agrees(engine, subject, "tool:x");
    Object.setPrototypeOf(subject.roles, Array.prototype);
    expect(engine.isAllowed(subject, "tool:x", "call")).toBe(true);
    Object.setPrototypeOf(subject, class {}.prototype);
    expect(engine.evaluate(subject, "tool:x", "call").effect).toBe("deny");
  });

  it("agrees with the reference through any sequence of mutations", () => {
    const engine = compile(SET, { maxSubjects: 8 });
    const role = fc.constantFrom("admin", "viewer", "editor", "suspended", "x");
    const value = fc.oneof(role, fc.integer({ min: 0, max: 3 }), fc.constant(undefined), fc.constant(null));
    const change = fc.oneof(
      fc.record({ op: fc.constant("set" as const), roles: fc.array(role, { maxLength: 3 }) }),
      fc.record({ op: fc.constant("push" as const), role }),
      fc.record({ op: fc.constant("pop" as const) }),
      fc.record({ op: fc.constant("element" as const), at: fc.nat(3), value }),
      fc.record({ op: fc.constant("getter" as const), at: fc.nat(2), role }),
      fc.record({ op: fc.constant("setter" as const), at: fc.nat(2) }),
      fc.record({ op: fc.constant("hole" as const), at: fc.nat(2) }),
      fc.record({ op: fc.constant("level" as const), value }),
      fc.record({
        op: fc.constant("groups" as const),
        groups: fc.array(fc.constantFrom("ops", "dev"), { maxLength: 2 }),
      }),
      fc.record({ op: fc.constant("malformed" as const), value }),
      fc.record({ op: fc.constant("freeze" as const) }),
    );
    // After a change: evaluate, or specialize for the subject as it is now (forSubject,
    // before any evaluate has seen the change), or both.
    const step = fc.tuple(change, fc.constantFrom("evaluate", "forSubject", "both"));
    const resources = ["tool:x", "tool:read_a", "tool:ops_b"];
    fc.assert(
      fc.property(fc.array(role, { maxLength: 2 }), fc.array(step, { maxLength: 12 }), (initial, steps) => {
        let subject: Record<string, unknown> = { roles: [...initial], level: 2, groups: [] };
        for (const [s, check] of steps) {
          const roles = subject.roles as unknown[];
          try {
            if (s.op === "set") subject.roles = [...s.roles];
            else if (s.op === "push" && Array.isArray(roles)) roles.push(s.role);
            else if (s.op === "pop" && Array.isArray(roles)) roles.pop();
            else if (s.op === "element" && Array.isArray(roles)) roles[s.at] = s.value;
            else if (s.op === "getter" && Array.isArray(roles))
              Object.defineProperty(roles, s.at, { get: () => s.role, configurable: true });
            else if (s.op === "setter" && Array.isArray(roles))
              Object.defineProperty(roles, s.at, { set: () => {}, configurable: true });
            else if (s.op === "hole" && Array.isArray(roles)) delete roles[s.at];
            else if (s.op === "level") subject.level = s.value;
            else if (s.op === "groups") subject.groups = [...s.groups];
            else if (s.op === "malformed") subject.roles = s.value;
            else if (s.op === "freeze") {
              if (Array.isArray(roles)) Object.freeze(roles);
              Object.freeze(subject);
            }
          } catch {
            // A frozen subject refuses mutation: start over with a copy, as a caller would.
            subject = { ...subject, roles: Array.isArray(roles) ? [...roles] : roles };
          }
          if (check !== "evaluate") specializedAgrees(engine, subject, resources);
          if (check === "forSubject") continue;
          for (const resource of resources) {
            for (let round = 0; round < 2; round++) agrees(engine, subject, resource);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
