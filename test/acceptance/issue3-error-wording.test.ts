// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Issue 3 item 5 (acceptance): `explain` says, for each policy, each condition's value or
 * *error*, and docs/language.md promises that "`evaluate` and `explain` word an error
 * the same way". So every error `evaluate` lists (cold, warm, cache disabled,
 * `forSubject`) must be listed word for word by `explain` — the compiled engine may
 * list fewer (it stops once the outcome is certain), never other words. For a malformed
 * request both give the same Decision (spec §5: `effect: "deny", policy: null`), and so
 * `mcpolicy eval` prints the same Decision on stdout with and without `--explain`
 * (docs/api.md: "stdout is still exactly the Decision").
 *
 * Before the fix the compiled engine worded a step into a non-object, every
 * interpolation failure and a too-long interpolated pattern its own way
 * ("resource pattern: interpolated subject.id must be …", "cannot read `path` of
 * env.arguments: it is string, …"), and explain listed a malformed request's first
 * problem only, in other words than evaluate.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Decision, Explanation } from "../../src/index.js";
import { compile } from "../../src/index.js";
import { policySetArbitrary } from "../arbitraries/policy-set.js";
import { requestBatchArbitrary } from "../arbitraries/request.js";
import { fakeIO } from "../helpers/fake-io.js";
import { runs } from "../helpers/property-scale.js";
import { tempTree } from "../helpers/temp-tree.js";

const SOURCE = `
policy interpolated { deny subject * action "r" resource "p:\${subject.org.id}" }
policy matched { deny subject * action "m" resource * when env.path matches "/h/\${subject.org.id}/**" }
policy deepEnv { deny subject * action "e" resource * when env.x.y.z == 1 }
policy deepSubject { deny subject * action "s" resource * when subject.x.y == 1 }
policy deepResource { deny subject * action "o" resource * when resource.x.y == 1 }
policy long { deny subject * action "l" resource "{1..900}\${subject.id}" }
`;

class Account {
  id = "acme";
}

/** [what, subject, resource, action, env]: each errs in one policy. */
const CASES: [string, unknown, unknown, string, unknown][] = [
  ["interpolated value missing", { org: {} }, "p:1", "r", undefined],
  ["interpolated through a string", { org: "acme" }, "p:1", "r", undefined],
  ["interpolated through an array", { org: [] }, "p:1", "r", undefined],
  ["interpolated through null", { org: null }, "p:1", "r", undefined],
  ["interpolated through a class instance", { org: new Account() }, "p:1", "r", undefined],
  ["interpolated object", { org: { id: {} } }, "p:1", "r", undefined],
  ["interpolated boolean", { org: { id: true } }, "p:1", "r", undefined],
  ["interpolated null", { org: { id: null } }, "p:1", "r", undefined],
  ["interpolated empty", { org: { id: "" } }, "p:1", "r", undefined],
  ["interpolated with a slash", { org: { id: "a/b" } }, "p:1", "r", undefined],
  ["interpolated `..`", { org: { id: ".." } }, "p:1", "r", undefined],
  ["interpolated NaN", { org: { id: Number.NaN } }, "p:1", "r", undefined],
  ["interpolated in matches, through a number", { org: 5 }, "r", "m", { path: "/h/5/x" }],
  ["interpolated in matches, with a slash", { org: { id: "a/b" } }, "r", "m", { path: "/h/a/b/x" }],
  ["interpolated too long", { id: "x".repeat(100) }, "1x", "l", undefined],
  ["env path through a number", {}, "r", "e", { x: 5 }],
  ["env path through an array", {}, "r", "e", { x: { y: [] } }],
  ["env path through a class instance", {}, "r", "e", { x: new Account() }],
  ["env path through NaN", {}, "r", "e", { x: { y: Number.NaN } }],
  ["subject path through a number", { x: 1 }, "r", "s", undefined],
  ["subject path through an array", { x: [1] }, "r", "s", undefined],
  ["subject path through a Map", { x: new Map() }, "r", "s", undefined],
  ["resource path through a string", {}, { id: "r", x: "s" }, "o", undefined],
];

/** Every message an explanation gives: the Decision's errors and each test's error. */
function explainedMessages(x: Explanation): Set<string> {
  const messages = new Set(x.decision.errors.map((e) => `${e.policy}: ${e.message}`));
  for (const p of x.policies) {
    const outcomes = [p.targets.subject, p.targets.action, p.targets.resource, ...p.conditions.map((c) => c.outcome)];
    for (const o of outcomes) if (o.status === "error") messages.add(`${p.policy}: ${o.message}`);
  }
  return messages;
}

/** The errors evaluate lists, minus the count of those not listed (its words are its own). */
function listed(d: Decision): string[] {
  return d.errors
    .filter((e) => !/more evaluation errors? not listed$/.test(e.message))
    .map((e) => `${e.policy}: ${e.message}`);
}

describe("issue 3 · evaluate and explain word an error the same way", () => {
  const engine = compile(SOURCE);
  const uncached = compile(SOURCE, { maxSubjects: 0 });
  for (const [what, subject, resource, action, env] of CASES) {
    it(what, () => {
      const decisions = [
        engine.evaluate(subject, resource, action, env),
        engine.evaluate(subject, resource, action, env),
        uncached.evaluate(subject, resource, action, env),
        engine.forSubject(subject)(resource, action, env),
      ];
      const explanation = engine.explain(subject, resource, action, env);
      const explained = explainedMessages(explanation);
      for (const d of decisions) {
        expect(d.effect).toBe("deny");
        expect(d.errors.length).toBeGreaterThan(0);
        for (const message of listed(d)) expect([...explained]).toContain(message);
      }
      expect(decisions[0]).toEqual(explanation.decision);
    });
  }

  it("on random sets and requests: every error evaluate lists, explain lists in the same words", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, (generated, batch) => {
        const random = compile(generated.sources);
        for (const r of batch.requests) {
          const subject = batch.subjects[r.subject % batch.subjects.length];
          const explained = explainedMessages(random.explain(subject, r.resource, r.action, r.env));
          for (const message of listed(random.evaluate(subject, r.resource, r.action, r.env))) {
            expect([...explained]).toContain(message);
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("issue 3 · a malformed request is explained with the Decision evaluate gives", () => {
  const engine = compile(`policy p { allow subject * action * resource * }`);
  const malformed: [string, unknown, unknown, unknown, unknown][] = [
    ["subject null", null, "r", "a", undefined],
    ["subject an array", [], "r", "a", undefined],
    ["resource a number", {}, 5, "a", undefined],
    ["resource without a string id", {}, { id: 5 }, "a", undefined],
    ["action a number", {}, "r", 5, undefined],
    ["env null", {}, "r", "a", null],
    ["all four at once", null, 5, 5, 5],
  ];
  for (const [what, subject, resource, action, env] of malformed) {
    it(what, () => {
      const decision = engine.evaluate(subject, resource, action, env);
      expect(decision).toMatchObject({ allowed: false, effect: "deny", policy: null });
      const explanation = engine.explain(subject, resource, action, env);
      expect(explanation.decision).toEqual(decision);
      expect(explanation.policies.every((p) => !p.applies && !p.decisive)).toBe(true);
    });
  }

  it("lists every problem, as evaluate does", () => {
    expect(engine.explain(null, 5, 5, 5).decision.errors).toHaveLength(4);
  });
});

describe("issue 3 · mcpolicy eval prints the same Decision with and without --explain", () => {
  const requests: [string, string[]][] = [
    ["a malformed request", ["--subject", "[]", "--resource", '{"id": 5}', "--action", "r"]],
    ["an interpolation error", ["--subject", '{"org": {"id": "a/b"}}', "--resource", "p:1", "--action", "r"]],
    ["a step into a non-object", ["--subject", "{}", "--resource", "r", "--action", "e", "--env", '{"x": {"y": "s"}}']],
  ];
  for (const [what, args] of requests) {
    it(what, async () => {
      const root = await tempTree({ "p.mcpolicy": SOURCE }, "mcpolicy-issue3-");
      const plain = fakeIO();
      const explained = fakeIO();
      const json = fakeIO();
      const code = await main(["eval", root, ...args], plain);
      expect(await main(["eval", root, ...args, "--explain"], explained)).toBe(code);
      expect(await main(["eval", root, ...args, "--explain", "--format", "json"], json)).toBe(code);
      expect(JSON.parse(plain.stdout()).errors.length).toBeGreaterThan(0);
      expect(explained.stdout()).toBe(plain.stdout());
      const { explanation: _, ...decision } = JSON.parse(json.stdout());
      expect(decision).toEqual(JSON.parse(plain.stdout()));
    });
  }
});
