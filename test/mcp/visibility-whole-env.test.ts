import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import { Visibility } from "../../src/mcp/visibility.js";

// A condition that reads `env` whole (`env == subject.e`) depends on every env attribute:
// the memo of list answers must then not be keyed by a slice of the env (it is not used).
describe("Visibility with a policy that reads env whole", () => {
  const engine = compile(`policy p { allow subject * action "resources/read" resource * when env == subject.e }`);
  const subject = { id: "a", e: { hour: 5, arguments: {} } };

  it("answers each env afresh, in either order", () => {
    const first = new Visibility(engine);
    expect(first.forSubject(subject)("resource:x", "resources/read", { hour: 5 })).toBe(true);
    expect(first.forSubject(subject)("resource:x", "resources/read", { hour: 6 })).toBe(false);
    const second = new Visibility(engine);
    expect(second.forSubject(subject)("resource:x", "resources/read", { hour: 6 })).toBe(false);
    expect(second.forSubject(subject)("resource:x", "resources/read", { hour: 5 })).toBe(true);
  });

  it("agrees with couldAllow (resources/read has no arguments)", () => {
    for (const hour of [5, 6]) {
      const env = { hour };
      expect(new Visibility(engine).forSubject(subject)("resource:x", "resources/read", env)).toBe(
        engine.couldAllow(subject, "resource:x", "resources/read", env, { arguments: "empty" }),
      );
    }
  });
});
