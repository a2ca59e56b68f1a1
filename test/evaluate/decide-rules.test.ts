import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateReference } from "../../src/evaluate/index.js";
import { lit, path, patterns, policy, policySet, role, unless, when } from "./builders.js";

// Spec §5 restated over abstract test outcomes, checked against the interpreter on
// random policy sets whose tests are literally true, false or erring.
type Outcome = "T" | "F" | "E";

interface Shape {
  effect: "allow" | "deny";
  priority: number;
  /** `*` (always true), `role member` (true) or `role nobody` (false); the roles erring when malformed. */
  subject: "any" | "member" | "nobody";
  action: Outcome;
  conditions: { mode: "when" | "unless"; value: Outcome }[];
}

const outcome = fc.constantFrom<Outcome>("T", "F", "E");
const shapeArb: fc.Arbitrary<Shape> = fc.record({
  effect: fc.constantFrom("allow", "deny") as fc.Arbitrary<"allow" | "deny">,
  priority: fc.integer({ min: -2, max: 2 }),
  subject: fc.constantFrom("any", "member", "nobody") as fc.Arbitrary<"any" | "member" | "nobody">,
  action: fc.constantFrom<Outcome>("T", "F"),
  conditions: fc.array(fc.record({ mode: fc.constantFrom("when", "unless") as fc.Arbitrary<"when" | "unless">, value: outcome }), {
    maxLength: 3,
  }),
});

// The request: `roles: ["member"]`, or the malformed `roles: "member"` that makes every `role …` err.
const SUBJECT = { roles: ["member"] };
const toPolicy = (shape: Shape, index: number) =>
  policy(`p${index}`, {
    effect: shape.effect,
    priority: shape.priority,
    ...(shape.subject === "any" ? {} : { subject: role(shape.subject) }),
    action: shape.action === "T" ? patterns("read") : patterns("write"),
    conditions: shape.conditions.map((c) => {
      const expr = c.value === "T" ? lit(true) : c.value === "F" ? lit(false) : path("subject.missing");
      return c.mode === "when" ? when(expr) : unless(expr);
    }),
  });

function expected(shapes: Shape[], malformedRoles: boolean) {
  const tests = shapes.map((s) => {
    const subject: Outcome = s.subject === "any" ? "T" : malformedRoles ? "E" : s.subject === "member" ? "T" : "F";
    const targets = [subject, s.action];
    if (targets.includes("F")) return { targetsFalse: true, tests: targets };
    const conditions = s.conditions.map((c) => (c.value === "E" ? "E" : (c.value === "T") === (c.mode === "when") ? "T" : "F"));
    return { targetsFalse: false, tests: [...targets, ...conditions] };
  });
  const applies = shapes.map((s, i) =>
    s.effect === "allow" ? tests[i]?.tests.every((t) => t === "T") : !tests[i]?.tests.includes("F"),
  );
  const applying = shapes.filter((_, i) => applies[i]);
  if (applying.length === 0) {
    const errs = tests.some((t) => !t.targetsFalse && t.tests.includes("E"));
    return { effect: "notapplicable", policy: null, hasErrors: errs };
  }
  const top = Math.max(...applying.map((s) => s.priority));
  const effect = applying.some((s) => s.priority === top && s.effect === "deny") ? "deny" : "allow";
  const index = shapes.findIndex((s, i) => applies[i] && s.priority === top && s.effect === effect);
  const hasErrors = tests.some((t, i) => !t.targetsFalse && (shapes[i]?.priority ?? 0) >= top && t.tests.includes("E"));
  return { effect, policy: `p${index}`, hasErrors };
}

describe("spec §5 restated", () => {
  it("the interpreter's decision, deciding policy and error emptiness follow the rules", () => {
    fc.assert(
      fc.property(fc.array(shapeArb, { maxLength: 6 }), fc.boolean(), (shapes, malformedRoles) => {
        const set = policySet(shapes.map(toPolicy));
        const subject = malformedRoles ? { roles: "member" } : SUBJECT;
        const decision = evaluateReference(set, subject, "doc", "read", {});
        const want = expected(shapes, malformedRoles);
        expect(decision.effect).toBe(want.effect);
        expect(decision.allowed).toBe(want.effect === "allow");
        expect(decision.policy).toBe(want.policy);
        expect(decision.errors.length > 0).toBe(want.hasErrors);
      }),
      { numRuns: 2000 },
    );
  });
});
