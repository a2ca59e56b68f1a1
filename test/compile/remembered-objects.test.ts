import { describe, expect, it } from "vitest";
import { CompiledSet } from "../../src/compile/compiled-set.js";
import { compile } from "../../src/engine.js";

function planOf() {
  const set = compile(`policy p { allow subject role r action * resource * when subject.level > 1 }`).policySet;
  return new CompiledSet(set).plan({ roles: ["r"], level: 2 });
}

describe("which subject objects the engine remembers with a plan", () => {
  it("remembers the first few objects, then only while objects come back", () => {
    const plan = planOf();
    const admitted = Array.from({ length: 200 }, () => plan.admitObject());
    expect(admitted.slice(0, 8).every(Boolean)).toBe(true);
    // Fresh objects that never return: one in 64 after the first eight.
    expect(admitted.slice(8).filter(Boolean).length).toBe(3);
  });

  it("keeps remembering when remembered objects return", () => {
    const plan = planOf();
    for (let i = 0; i < 100; i++) {
      expect(plan.admitObject()).toBe(true);
      plan.noteReturn();
    }
  });

  it("changes no decision whether objects are remembered or not", () => {
    const engine = compile(`policy p { allow subject role r action * resource * when subject.level > 1 }`);
    for (let i = 0; i < 300; i++) {
      const subject = { roles: ["r"], level: 2 };
      expect(engine.isAllowed(subject, "x", "y")).toBe(true);
      subject.level = 1;
      expect(engine.isAllowed(subject, "x", "y")).toBe(false);
    }
  });
});
