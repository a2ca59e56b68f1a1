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

describe("the rest of a remembered subject object", () => {
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
    const step = fc.oneof(
      fc.record({ op: fc.constant("level" as const), value }),
      fc.record({ op: fc.constant("team" as const), value }),
      fc.record({ op: fc.constant("getter" as const), name: fc.constantFrom("level", "team"), value }),
      fc.record({ op: fc.constant("delete" as const), name: fc.constantFrom("level", "team") }),
      fc.record({ op: fc.constant("roles" as const), roles: fc.array(fc.constantFrom("r", "x"), { maxLength: 2 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 10 }), (steps) => {
        const subject: Record<string, unknown> = { roles: ["r"], level: 2, team: "blue" };
        agrees(engine, subject);
        for (const s of steps) {
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
          for (let round = 0; round < 2; round++) agrees(engine, subject);
        }
      }),
      { numRuns: 200 },
    );
  });
});
