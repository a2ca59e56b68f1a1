// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
/**
 * The fast `couldAllow` (per-set plan, memoized globs, highest allow first) against the
 * plain definition of its abstract pass: every policy's tests from the reference's own
 * target matchers, then "some possible allow outranks every certain deny". The witness
 * search after it may turn that "maybe" into "no", but only where no arguments allow.
 */
import fc from "fast-check";
import { compile } from "../../src/engine.js";
import { describe, expect, it } from "vitest";
import { couldAllowReference, evaluateReference } from "../../src/evaluate/index.js";
import { matchGlobMemo } from "../../src/evaluate/partial-globs.js";
import { compileTemplate, matchTemplate } from "../../src/evaluate/partial-template.js";
import { matchActionMemo, matchResourcePlanned, matchSubjectPlanned, PartialPlan } from "../../src/evaluate/partial-plan.js";
import { possibleTest } from "../../src/evaluate/partial.js";
import { matchGlob, matchPattern } from "../../src/evaluate/patterns.js";
import { validateRequest } from "../../src/evaluate/request.js";
import type { Result } from "../../src/evaluate/result.js";
import { SubjectFacts } from "../../src/evaluate/subject-facts.js";
import { matchAction, matchResource, matchSubject } from "../../src/evaluate/targets.js";
import type { Condition, PatternTarget, Policy, SubjectTarget } from "../../src/model/ast.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import { splitTemplate } from "../../src/model/template.js";
import {
  anyOf,
  anySubject,
  anything,
  cmp,
  group,
  has,
  lit,
  matches,
  path,
  patterns,
  policy,
  policySet,
  role,
  unless,
  user,
  when,
} from "./builders.js";

/** Arguments spanning the conditions below (and more): a candidate of each kind. */
const SOME_ARGUMENTS: unknown[] = [
  {},
  { x: 1 },
  { x: 2 },
  { x: "1" },
  { flag: true },
  { x: 1, flag: false },
  { path: "/home/alice/a" },
  { path: "/home/bob/a" },
  { path: "/home/alice/a", x: 1 },
  null,
  1,
];

/** Whether one of SOME_ARGUMENTS (or none) gives allow, by the reference. */
function allowedBySomeArguments(set: PolicySet, subject: unknown, resource: unknown, action: unknown, env: unknown): boolean {
  if (typeof env !== "object" || env === null) return evaluateReference(set, subject, resource, action, env).allowed;
  const { arguments: _ignored, ...rest } = env as Record<string, unknown>;
  if (evaluateReference(set, subject, resource, action, rest).allowed) return true;
  return SOME_ARGUMENTS.some((args) => evaluateReference(set, subject, resource, action, { ...rest, arguments: args }).allowed);
}

/** The definition: every policy's tests, independently; no plan, no memo, no ordering. */
function plainCouldAllow(set: PolicySet, subject: unknown, resource: unknown, action: unknown, env: unknown): boolean {
  const request = validateRequest(subject, resource, action, env);
  if (!request.ok) return false;
  const r = request.value;
  const status = (result: Result<boolean>) => ({
    true: result.ok && result.value,
    false: result.ok && !result.value,
  });
  let certainDeny = Number.NEGATIVE_INFINITY;
  const possibleAllows: number[] = [];
  for (const p of set.policies) {
    let tests = [
      matchSubject(p.subject, r.subject, set.roles),
      matchAction(p.action, r.action),
      matchResource(p.resource, r.resourceId, r.subject),
    ].map(status);
    if (!tests.some((test) => test.false)) tests = [...tests, ...p.conditions.map((c) => possibleTest(c, r))];
    if (p.effect === "deny" && !tests.some((test) => test.false)) certainDeny = Math.max(certainDeny, p.priority);
    if (p.effect === "allow" && tests.every((test) => test.true)) possibleAllows.push(p.priority);
  }
  return possibleAllows.some((priority) => priority > certainDeny);
}

const HIERARCHIES: Record<string, string[]>[] = [
  {},
  { viewer: [], editor: ["viewer"], admin: ["editor"], analyst: ["viewer"] },
  { viewer: ["guest"], admin: ["viewer", "ops"] },
];

const subjectTargetArb: fc.Arbitrary<SubjectTarget> = fc.oneof(
  fc.constant(anySubject),
  fc
    .array(
      fc.oneof(
        fc.subarray(["alice", "bob"], { minLength: 1 }).map((names) => user(...names)),
        fc.subarray(["viewer", "editor", "admin", "guest", "ops"], { minLength: 1 }).map((names) => role(...names)),
        fc.subarray(["oncall", "staff"], { minLength: 1 }).map((names) => group(...names)),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((targets) => anyOf(...targets)),
);

/** minimatch refuses patterns over 64 KiB: matching with one errs. */
const TOO_LONG = "a".repeat(64 * 1024 + 1);
const ACTION_GLOBS = ["tools/call", "tools/*", "prompts/get", "{tools,prompts}/call", TOO_LONG, "tools/${x}"];
const RESOURCE_GLOBS = [
  "tool:x",
  "tool:*",
  "tool:{x,y}",
  "**",
  "resource:file:///home/${subject.id}/**",
  "tool:${subject.tool}",
  "tool:${subject.id",
  "tool:{a,b}/${subject.id}/*",
  "tool:${subject.id}{,_x}",
  TOO_LONG,
];
const targetArb = (globs: string[]): fc.Arbitrary<PatternTarget> =>
  fc.oneof(
    fc.constant(anything),
    fc.subarray(globs, { minLength: 1, maxLength: 3 }).map((values) => patterns(...values)),
  );

const arg = (name: string) => path(`env.arguments.${name}`);
const CONDITIONS: Condition[] = [
  when(cmp(arg("x"), "==", lit(1))),
  unless(cmp(arg("x"), "==", lit(1))),
  when(cmp(path("env.hour"), "<", lit(12))),
  unless(has(path("env.arguments"), "flag")),
  when(cmp(path("subject.id"), "==", lit("alice"))),
  when(matches(arg("path"), "/home/${subject.id}/**")),
  when(matches(path("subject.id"), "a*")),
  when(lit(true)),
  when(lit(false)),
  when(path("subject.missing")),
  unless(lit(1)),
];

const policyArb = (index: number): fc.Arbitrary<Policy> =>
  fc
    .record({
      effect: fc.constantFrom("allow", "deny") as fc.Arbitrary<"allow" | "deny">,
      priority: fc.integer({ min: 0, max: 3 }),
      subject: subjectTargetArb,
      action: targetArb(ACTION_GLOBS),
      resource: targetArb(RESOURCE_GLOBS),
      conditions: fc.subarray(CONDITIONS, { maxLength: 2 }),
    })
    .map((parts) => policy(`p${index}`, parts));

const setArb = fc
  .tuple(fc.constantFrom(...HIERARCHIES), fc.integer({ min: 1, max: 6 }))
  .chain(([roles, n]) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => policyArb(i))).map((policies) => policySet(policies, roles)),
  );

const subjectArb = fc.record(
  {
    id: fc.constantFrom("alice", "bob", 1, undefined, "*", "{x,y}", "x\\y", "..", "a/b"),
    roles: fc.constantFrom(["viewer"], ["admin"], ["editor", "ops"], ["guest"], "admin", [1], []),
    groups: fc.constantFrom(["oncall"], ["staff", "x"], null),
    tool: fc.constantFrom("x", "y", "a/b", 3),
  },
  { requiredKeys: [] },
);
const requestArb = fc.record({
  subject: fc.oneof({ weight: 9, arbitrary: subjectArb }, { weight: 1, arbitrary: fc.constant<unknown>("alice") }),
  resource: fc.constantFrom<unknown>("tool:x", "tool:y", "resource:file:///home/alice/a", { id: "tool:x" }, 5),
  action: fc.constantFrom<unknown>("tools/call", "prompts/get", "tools/list", "tools/${x}"),
  env: fc.constantFrom<unknown>({ hour: 10 }, { hour: 20, arguments: { x: 1 } }, undefined, null),
});

describe("couldAllow, planned", () => {
  it("answers as the plain definition of its abstract pass, narrowed only where no arguments allow", () => {
    fc.assert(
      fc.property(setArb, fc.array(requestArb, { minLength: 1, maxLength: 6 }), (set, requests) => {
        // Several requests on one set: the second and later ones use the memoized plan.
        for (const { subject, resource, action, env } of [...requests, ...requests]) {
          // The plan computes the plain definition's "maybe"; the witness search may only
          // narrow it, and only where no arguments are allowed.
          const could = couldAllowReference(set, subject, resource, action, env);
          const plain = plainCouldAllow(set, subject, resource, action, env);
          if (could) expect(plain).toBe(true);
          else if (plain) expect(allowedBySomeArguments(set, subject, resource, action, env)).toBe(false);
        }
      }),
      { numRuns: 600 },
    );
  });

  it("decides each target true, false or an error exactly as the reference's matchers", () => {
    const outcome = (result: Result<boolean>) => (result.ok ? result.value : "error");
    fc.assert(
      fc.property(setArb, requestArb, (set, { subject, resource, action, env }) => {
        const request = validateRequest(subject, resource, typeof action === "string" ? action : "x", env);
        if (!request.ok) return;
        const r = request.value;
        const view = new PartialPlan(set).forAction(r.action);
        const facts = new SubjectFacts(r.subject, set.roles);
        for (const planned of [...view.allows, ...view.denies]) {
          const p = planned.policy;
          expect(outcome(matchSubjectPlanned(planned, facts))).toBe(
            outcome(matchSubject(p.subject, r.subject, set.roles)),
          );
          expect(outcome(matchResourcePlanned(planned, r))).toBe(
            outcome(matchResource(p.resource, r.resourceId, r.subject)),
          );
        }
        for (const p of set.policies) {
          expect(matchActionMemo(p.action, r.action)).toEqual(matchAction(p.action, r.action));
          const selected = [...view.allows, ...view.denies].some((planned) => planned.policy === p);
          const action = outcome(matchAction(p.action, r.action));
          expect(selected).toBe(p.effect === "allow" ? action === true : action !== false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("resolves role inclusion as the reference does", () => {
    const set = policySet([policy("a", { subject: role("viewer") })], {
      viewer: [],
      admin: ["editor"],
      editor: ["viewer"],
    });
    const could = (roles: string[]) => couldAllowReference(set, { roles }, "tool:x", "tools/call", {});
    expect(could(["admin"])).toBe(true);
    expect(could(["editor"])).toBe(true);
    expect(could(["guest"])).toBe(false);
  });

  it("stays linear in a chain of role inclusions (a table of every role's holders was quadratic, its build cubic)", () => {
    let source = "";
    for (let i = 1; i < 3000; i++) source += `role r${i} includes r${i - 1}\n`;
    source += 'policy p { allow subject role r0 action "a" resource "x" }\n';
    const started = performance.now();
    const engine = compile(source);
    const compiled = performance.now() - started;
    const first = performance.now();
    expect(engine.couldAllow({ roles: ["r2999"] }, "x", "a")).toBe(true);
    expect(engine.couldAllow({ roles: ["r5"] }, "x", "b")).toBe(false);
    // Was ≈ 10× the compile time at 2,000 roles (≈ 60× at 4,000); now a few percent of it.
    expect(performance.now() - first).toBeLessThan(compiled * 2 + 50);
  });

  it("lets only denies of at least the best allow's priority kill it", () => {
    const set = policySet([
      policy("low", { priority: 1 }),
      policy("high", { priority: 5, conditions: [when(cmp(arg("x"), "==", lit(1)))] }),
      policy("d", { effect: "deny", priority: 3 }),
    ]);
    expect(couldAllowReference(set, {}, "tool:x", "tools/call", {})).toBe(true);
    const killed = policySet([...set.policies, policy("d2", { effect: "deny", priority: 5 })]);
    expect(couldAllowReference(killed, {}, "tool:x", "tools/call", {})).toBe(false);
  });

  it("treats a deny whose action glob errs as applying (fail closed)", () => {
    const set = policySet([policy("a"), policy("d", { effect: "deny", action: patterns(TOO_LONG) })]);
    expect(couldAllowReference(set, {}, "tool:x", "tools/call", {})).toBe(false);
  });
});

describe("interpolated patterns, template precomputed", () => {
  it("match exactly as the reference's matchPattern, messages included", () => {
    const piece = fc.constantFrom("a", "b", "{", "}", ",", "*", "?", "\\", "/", "..", "${subject.id}", "${subject.n}");
    const patternArb = fc.array(piece, { minLength: 1, maxLength: 7 }).map((pieces) => pieces.join(""));
    const value = fc.constantFrom<unknown>("a", "b", "*", "{a,b}", "a,b", "\\", "x$", "", ".", "a/b", 3, null);
    const subjectArb = fc.record({ id: value, n: value }, { requiredKeys: [] });
    const input = fc.stringMatching(/^[ab{},*\\/.3x$]{0,8}$/);
    fc.assert(
      fc.property(patternArb, subjectArb, input, (pattern, subject, text) => {
        const split = splitTemplate(pattern);
        if (!split.ok || !split.interpolated) return;
        const template = compileTemplate(pattern, split.parts);
        expect(matchTemplate(text, template, subject)).toEqual(matchPattern(text, pattern, subject));
        expect(matchTemplate(text, template, subject)).toEqual(matchPattern(text, pattern, subject));
      }),
      { numRuns: 1500 },
    );
  });
});

describe("memoized globs", () => {
  it("match as the reference's matchGlob, errors included", () => {
    const globs = ["a*", "*a*a*a*b", "{a,b}/**", "[[:bogus:]]", "a\\|b*", "?", "**/.env", "x/", TOO_LONG];
    const inputs = fc.oneof(
      fc.constantFrom("a", "ab", "a/b", ".env", "x/.env", "x/", "b"),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...globs), inputs, (glob, input) => {
        expect(matchGlobMemo(input, glob)).toEqual(matchGlob(input, glob));
        expect(matchGlobMemo(input, glob)).toEqual(matchGlob(input, glob));
      }),
      { numRuns: 300 },
    );
  });
});
