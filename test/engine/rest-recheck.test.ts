import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

// A remembered subject object's attributes other than `id`/`roles`/`groups` are
// re-checked only when a candidate policy may read them (a condition on the subject, an
// interpolated pattern). These pin that laziness to the reference: candidates that read
// nothing of the subject, next to ones that read `level` and `team` in every way.
const SET = `
policy night { deny subject role r action "call" resource "tool:a*" when env.hour < 6 }
policy open { allow subject role r action "list" resource "tool:b*" }
policy leveled { allow subject role r action "call" resource "tool:a*" when subject.level >= 2 }
policy home { allow subject role r action "read" resource "tool:\${subject.team}/*" }
policy named { allow subject role r action "write" resource * when env.path matches "\${subject.team}/*" }
policy senior { allow subject role r action "list" resource "tool:c*" when subject.level > 3 }
`;

const REQUESTS: readonly [string, string, Record<string, unknown>][] = [
  ["tool:a1", "call", { hour: 3 }],
  ["tool:a1", "call", { hour: 12 }],
  ["tool:b1", "list", { hour: 3 }],
  ["tool:c1", "list", {}],
  ["tool:blue/x", "read", {}],
  ["tool:red/x", "read", {}],
  ["doc", "write", { path: "blue/x" }],
];

function agrees(engine: ReturnType<typeof compile>, subject: unknown): void {
  for (const [resource, action, env] of REQUESTS) {
    const d = engine.evaluate(subject, resource, action, env);
    const reference = evaluateReference(engine.policySet, subject, resource, action, env);
    expect([resource, action, d.effect, d.policy, d.errors.length > 0]).toEqual([
      resource,
      action,
      reference.effect,
      reference.policy,
      reference.errors.length > 0,
    ]);
  }
}

/** `forSubject(subject)` now decides every request as the reference does on the subject now. */
function specializedAgrees(engine: ReturnType<typeof compile>, subject: unknown): void {
  const decide = engine.forSubject(subject);
  for (const [resource, action, env] of REQUESTS) {
    const d = decide(resource, action, env);
    const reference = evaluateReference(engine.policySet, subject, resource, action, env);
    expect(["forSubject", resource, action, d.effect, d.policy, d.errors.length > 0]).toEqual([
      "forSubject",
      resource,
      action,
      reference.effect,
      reference.policy,
      reference.errors.length > 0,
    ]);
  }
}

describe("the rest of a remembered subject object", () => {
  it("is seen changed by forSubject, not only by evaluate", () => {
    const engine = compile(`policy p { allow subject role r action "x" resource * when subject.level >= 2 }`);
    const s = { roles: ["r"], level: 3 };
    for (let i = 0; i < 3; i++) expect(engine.evaluate(s, "r", "x").policy).toBe("p");
    s.level = 1;
    expect(engine.forSubject(s)("r", "x").effect).toBe("notapplicable");
    expect(engine.evaluate(s, "r", "x").effect).toBe("notapplicable");
    s.level = 2;
    expect(engine.forSubject(s)("r", "x").policy).toBe("p");
  });

  it("is seen changed by forSubject when only an interpolated attribute changed", () => {
    const engine = compile(SET);
    const subject: Record<string, unknown> = { roles: ["r"], level: 3, team: "blue" };
    for (let i = 0; i < 3; i++) agrees(engine, subject);
    subject.team = "red";
    expect(engine.forSubject(subject)("tool:blue/x", "read").allowed).toBe(false);
    expect(engine.forSubject(subject)("tool:red/x", "read").policy).toBe("home");
    specializedAgrees(engine, subject);
  });

  it("is seen changed by the first candidate that reads it, after candidates that did not", () => {
    const engine = compile(SET);
    const subject: Record<string, unknown> = { roles: ["r"], level: 3, team: "blue" };
    for (let i = 0; i < 3; i++) agrees(engine, subject);
    subject.level = 1;
    subject.team = "red";
    // Candidates that read nothing of the subject first, then ones that read level and team.
    expect(engine.evaluate(subject, "tool:b1", "list").policy).toBe("open");
    expect(engine.evaluate(subject, "tool:a1", "call", { hour: 12 }).allowed).toBe(false);
    expect(engine.evaluate(subject, "tool:red/x", "read").policy).toBe("home");
    expect(engine.evaluate(subject, "tool:blue/x", "read").allowed).toBe(false);
    expect(engine.evaluate(subject, "doc", "write", { path: "red/y" }).policy).toBe("named");
    Object.defineProperty(subject, "level", { get: () => 5 });
    expect(engine.evaluate(subject, "tool:c1", "list").allowed).toBe(false);
    agrees(engine, subject);
  });

  it("agrees with the reference through any sequence of changes", () => {
    const engine = compile(SET, { maxSubjects: 8 });
    const value = fc.oneof(
      fc.integer({ min: 0, max: 5 }),
      fc.constantFrom("blue", "red"),
      fc.constant(undefined),
      fc.constant(null),
    );
    const change = fc.oneof(
      fc.record({ op: fc.constant("level" as const), value }),
      fc.record({ op: fc.constant("team" as const), value }),
      fc.record({ op: fc.constant("getter" as const), name: fc.constantFrom("level", "team"), value }),
      fc.record({ op: fc.constant("delete" as const), name: fc.constantFrom("level", "team") }),
      fc.record({ op: fc.constant("roles" as const), roles: fc.array(fc.constantFrom("r", "x"), { maxLength: 2 }) }),
    );
    // After a change: evaluate, or specialize for the subject as it is now (forSubject,
    // before any evaluate has seen the change), or both.
    const step = fc.tuple(change, fc.constantFrom("evaluate", "forSubject", "both"));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 10 }), (steps) => {
        const subject: Record<string, unknown> = { roles: ["r"], level: 2, team: "blue" };
        agrees(engine, subject);
        for (const [s, check] of steps) {
          // A data property again, even over a getter.
          if (s.op === "level" || s.op === "team")
            Object.defineProperty(subject, s.op, {
              value: s.value,
              configurable: true,
              writable: true,
              enumerable: true,
            });
          else if (s.op === "getter")
            Object.defineProperty(subject, s.name, { get: () => s.value, configurable: true });
          else if (s.op === "delete") delete subject[s.name];
          else subject.roles = [...s.roles];
          if (check !== "evaluate") specializedAgrees(engine, subject);
          if (check !== "forSubject") for (let round = 0; round < 2; round++) agrees(engine, subject);
        }
      }),
      { numRuns: 200 },
    );
  });
});
