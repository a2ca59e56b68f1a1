/**
 * A Proxy's traps run user code in the middle of a decision; that code may call the same
 * engine again. The inner decision must not disturb the outer one (the engine shares one
 * table of request reads per compiled set), and both must match the reference.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

const SET = `
policy hours { allow subject role r action "call" resource "t:*" when env.hour < 12 when env.arguments.path matches "/home/**" }
policy night { deny priority 5 subject role r action "call" resource "t:x" when env.hour >= 20 }
`;

describe("a decision re-entered from a Proxy trap", () => {
  it("keeps the outer decision's reads its own", () => {
    const engine = compile(SET);
    const subject = { roles: ["r"] };
    const inner: string[] = [];
    // Every trap call decides another request, with other values for the same paths.
    const env = new Proxy(
      { hour: 9, arguments: { path: "/home/a" } },
      {
        getOwnPropertyDescriptor(target, key) {
          const d = engine.evaluate(subject, "t:x", "call", { hour: 22, arguments: { path: "/etc/x" } });
          inner.push(d.effect);
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
      },
    );
    for (let i = 0; i < 3; i++) {
      const got = engine.evaluate(subject, "t:y", "call", env);
      expect(got.effect).toBe("allow");
      expect(got.policy).toBe("hours");
    }
    expect(inner.length).toBeGreaterThan(0);
    expect(new Set(inner)).toEqual(new Set(["deny"]));
    const want = evaluateReference(engine.policySet, subject, "t:y", "call", {
      hour: 9,
      arguments: { path: "/home/a" },
    });
    expect(want.policy).toBe("hours");
  });

  it("reads a reused env object afresh in every decision", () => {
    const engine = compile(SET);
    const subject = { roles: ["r"] };
    const env = { hour: 9, arguments: { path: "/home/a" } };
    const seen: string[] = [];
    for (const hour of [9, 22, 9, 13, 21]) {
      env.hour = hour;
      env.arguments.path = hour === 13 ? "/etc/passwd" : "/home/a";
      seen.push(engine.evaluate(subject, "t:x", "call", env).effect);
    }
    expect(seen).toEqual(["allow", "deny", "allow", "notapplicable", "deny"]);
  });
});
