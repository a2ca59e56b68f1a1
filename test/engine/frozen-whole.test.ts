import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

// `subject != null` reads the whole subject: no piecewise re-check is possible, so only a
// deep-frozen subject object may be remembered between calls. (`subject has x` once read
// the whole subject too; it now reads only `x`, hence the comparison.)
const SET = `
policy "break-glass" {
  allow
  subject *
  action "call"
  resource *
  when subject != null and subject has break_glass and subject.break_glass == true
}
policy "by-team" {
  allow
  subject *
  action "read"
  resource *
  when subject.team.name == "core"
}
`;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe("subjects read whole (`subject != null`)", () => {
  it("decides a deep-frozen subject the same on every call, like the reference", () => {
    const engine = compile(SET);
    const subject = deepFreeze({ id: "a", break_glass: true, team: { name: "core" } });
    for (let i = 0; i < 5; i++) {
      expect(engine.evaluate(subject, "r", "call").effect).toBe("allow");
      expect(engine.evaluate(subject, "r", "read").effect).toBe("allow");
    }
    expect(evaluateReference(engine.policySet, subject, "r", "call", undefined).effect).toBe("allow");
  });

  it("sees a change inside a subject whose top level is frozen but whose parts are not", () => {
    const engine = compile(SET);
    const team = { name: "core" };
    const subject = Object.freeze({ id: "a", break_glass: false, team });
    for (let i = 0; i < 3; i++) expect(engine.evaluate(subject, "r", "read").effect).toBe("allow");
    team.name = "other";
    expect(engine.evaluate(subject, "r", "read").effect).toBe("notapplicable");
  });

  it("sees every change of a subject that is not frozen", () => {
    const engine = compile(SET);
    const subject: Record<string, unknown> = { id: "a", break_glass: true };
    for (let i = 0; i < 3; i++) expect(engine.evaluate(subject, "r", "call").effect).toBe("allow");
    delete subject.break_glass;
    expect(engine.evaluate(subject, "r", "call").effect).toBe("notapplicable");
  });
});
