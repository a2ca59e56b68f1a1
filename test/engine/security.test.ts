/**
 * Hostile inputs against the compiled engine: never throws, never hangs, fails closed,
 * never reads prototypes, bounded work on big or deep values and pathological globs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { junkArbitrary } from "../arbitraries/request.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

const SET = `
role editor includes viewer
policy readers { allow subject role viewer action "tools/*" resource "tool:read_*" }
policy homes {
  allow
  subject *
  action "tools/call"
  resource "home:\${subject.id}/**"
  when env.path matches "/home/\${subject.id}/*"
}
policy tags { allow subject * action "tag" resource * when subject.tags contains "x" and env.list == subject.tags }
policy "no-banned" { deny priority 10 subject group banned action * resource * }
policy "deny-on-error" { deny priority 5 subject * action "risky" resource * when env.level > 3 }
`;

const engine = compile(SET);
const uncached = compile(SET, { maxSubjects: 0 });

function same(subject: unknown, resource: unknown, action: unknown, env: unknown) {
  for (const e of [engine, uncached]) expectSameAsReference(e, subject, resource, action, env);
}

describe("hostile requests", () => {
  it("never throws and agrees with the reference on junk in every position", () => {
    fc.assert(
      fc.property(junkArbitrary, fc.integer({ min: 0, max: 3 }), (junk, position) => {
        const value = junk.make();
        const args: unknown[] = [{ id: "a", roles: ["viewer"], tags: ["x"] }, "tool:read_x", "tools/call", { path: "/home/a/x", list: ["x"] }];
        args[position] = value;
        expect(() => engine.evaluate(args[0], args[1], args[2], args[3])).not.toThrow();
        expect(() => engine.forSubject(args[0])(args[1], args[2], args[3])).not.toThrow();
        same(args[0], args[1], args[2], args[3]);
      }),
      { numRuns: 400 },
    );
  });

  it("matches subject ids full of glob syntax only literally", () => {
    const ids = ["*", "**", "?", "[a]", "{a,b}", "a,b", "\\\\", "a\\\\*", "!a", "+(a)", "@(a|b)", "#x", "$"];
    for (const id of ids) {
      const subject = { id, roles: [] };
      expect(engine.isAllowed(subject, `home:${id}/x`, "tools/call", { path: `/home/${id}/f` }), id).toBe(true);
      expect(engine.isAllowed(subject, "home:a/x", "tools/call", { path: "/home/a/f" }), id).toBe(false);
      expect(engine.isAllowed(subject, "home:b/x", "tools/call", { path: "/home/b/f" }), id).toBe(false);
      same(subject, "home:a/x", "tools/call", { path: "/home/a/f" });
    }
  });

  it("denies when a deny's condition errs: missing or mistyped attributes", () => {
    for (const env of [{}, { level: "high" }, { level: null }, undefined]) {
      const d = engine.evaluate({ id: "a", roles: ["viewer"] }, "tool:read_x", "risky", env);
      expect(d).toMatchObject({ allowed: false, effect: "deny", policy: "deny-on-error" });
      expect(d.errors.length).toBeGreaterThan(0);
    }
  });

  it("keeps malformed groups from dodging a group deny", () => {
    for (const groups of ["banned", [1], [null], {}, [["banned"]]]) {
      const d = engine.evaluate({ roles: ["viewer"], groups }, "tool:read_x", "tools/call");
      expect(d.allowed, JSON.stringify(groups)).toBe(false);
    }
  });

  it("ignores __proto__ and constructor from JSON.parse everywhere", () => {
    const subject = JSON.parse('{"__proto__":{"roles":["viewer"]},"constructor":{"prototype":{"roles":["viewer"]}}}');
    expect(engine.isAllowed(subject, "tool:read_x", "tools/call")).toBe(false);
    const resource = JSON.parse('{"__proto__":{"id":"tool:read_x"}}');
    expect(engine.evaluate({ roles: ["viewer"] }, resource, "tools/call").errors[0]?.message).toContain("malformed resource");
    same(subject, "tool:read_x", "tools/call", undefined);
  });

  it("bounds the work on huge arrays and deep objects", () => {
    const tags = Array.from({ length: 200_000 }, (_, i) => `t${i}`);
    const start = performance.now();
    same({ tags }, "r", "tag", { list: tags });
    let deep: unknown = ["x"];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    same({ tags: deep }, "r", "tag", { list: deep });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    same({ tags: ["x"], self: cyclic }, "r", "tag", { list: cyclic });
    expect(performance.now() - start).toBeLessThan(20_000);
  });

  it("matches pathological globs without catastrophic backtracking (a ratio, not a time)", () => {
    const pattern = `${"*a".repeat(30)}b`;
    const slow = compile(`policy p { allow subject * action "${pattern}" resource * }`);
    const simple = compile(`policy p { allow subject * action "*b" resource * }`);
    const text = "a".repeat(1000);
    const time = (e: typeof slow) => {
      const t = performance.now();
      for (let i = 0; i < 20; i++) e.evaluate({}, "r", `${text}${i}`);
      return performance.now() - t;
    };
    time(slow);
    time(simple);
    expect(time(slow)).toBeLessThan(Math.max(time(simple), 1) * 500);
  });
});
