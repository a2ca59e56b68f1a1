/**
 * Spec §5: `errors` holds evaluation errors, each with "a message that names the path"
 * (e.g. `missing attribute subject.department`). A type error on a value that was read
 * fine (`subject.level >= 3` with a string level) must name that path too — through
 * `evaluate` (cold, warm, cache disabled), `forSubject` and `explain` alike.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";

const policy = (cond: string) => `policy p { deny subject * action * resource * when ${cond} }`;

const cases: { cond: string; subject?: object; env?: object; path: string }[] = [
  { cond: "subject.level >= 3", subject: { level: "high" }, path: "subject.level" },
  { cond: "env.hour < 8", env: { hour: "8" }, path: "env.hour" },
  { cond: "subject.level > env.min", subject: { level: 1 }, env: { min: null }, path: "env.min" },
  { cond: `"admin" in subject.groups`, subject: { groups: "admin" }, path: "subject.groups" },
  { cond: `env.tags contains "x"`, env: { tags: 5 }, path: "env.tags" },
  { cond: "env.name contains 1", env: { name: "abc" }, path: "env.name" },
  { cond: `env.arguments.path matches "/srv/**"`, env: { arguments: { path: 7 } }, path: "env.arguments.path" },
  { cond: `env.p matches "a*" or env.p matches "b*"`, env: { p: [] }, path: "env.p" },
  { cond: "env.flag", env: { flag: "yes" }, path: "env.flag" },
  { cond: "not env.flag", env: { flag: 1 }, path: "env.flag" },
  { cond: "env.flag and true", env: { flag: 1 }, path: "env.flag" },
  { cond: "false or env.flag", env: { flag: null }, path: "env.flag" },
  { cond: "env.x == env.y", env: { x: [Number.NaN], y: 1 }, path: "env.x" },
];

describe("§5 an evaluation error's message names the path", () => {
  for (const c of cases) {
    it(`${c.cond}`, () => {
      const subject = { id: "u", ...(c.subject ?? {}) };
      const env = c.env ?? {};
      const engine = compile(policy(c.cond));
      const uncached = compile(policy(c.cond), { maxSubjects: 0 });
      const decisions = [
        engine.evaluate(subject, "r", "a", env),
        engine.evaluate(subject, "r", "a", env),
        uncached.evaluate(subject, "r", "a", env),
        engine.forSubject(subject)("r", "a", env),
      ];
      for (const d of decisions) {
        expect(d.effect).toBe("deny");
        expect(d.errors).toHaveLength(1);
        expect(d.errors[0]?.message).toContain(c.path);
      }
      const explained = engine.explain(subject, "r", "a", env).policies[0]?.conditions[0]?.outcome;
      expect(explained?.status).toBe("error");
      expect(explained?.status === "error" ? explained.message : "").toContain(c.path);
      // The compiled engine and explain (the reference) say the same thing.
      expect(decisions[0]?.errors[0]?.message).toBe(explained?.status === "error" ? explained.message : "");
    });
  }
});
