// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
/**
 * Issue 6 §4: `mcpolicy lint` reports "policies that can never be decisive". A W0801
 * claim must be true: over random small sets (priorities, allow vs deny, conditions,
 * role hierarchies, subjects that err, globs that only look like they cover — `*` vs
 * `.`/`..`, `*.`, `a/.*`, `"*"` vs `*`, braces, interpolation), no request from a
 * universe chosen around those traps may be decided by a policy lint calls shadowed.
 * Each set holds one policy without conditions (the only kind that shadows), often
 * with `*` targets and either priority, so that claims are many (checked: an allow
 * with a role target counted as covering a deny, or a quoted `"*"` counted as covering
 * `"*."`, both fail this test).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { compile } from "../../src/engine.js";
import type { PolicyEngine } from "../../src/model/engine.js";

const subjects: Record<string, unknown>[] = [];
for (const id of ["alice", "bob", 5])
  for (const roles of [[], ["a"], ["c"], "a", undefined])
    for (const groups of [[], ["g"], "g"]) {
      const s: Record<string, unknown> = {};
      if (id !== undefined) s.id = id;
      if (roles !== undefined) s.roles = roles;
      if (groups !== undefined) s.groups = groups;
      subjects.push(s);
    }
const resources = [
  "tool:x",
  "tool:xy",
  "tool:.x",
  "tool:x/y",
  "a/..",
  "a/.",
  "a/b",
  ".",
  "..",
  "tool:",
  "/home/alice/x",
  "/home/bob/x",
  "/home/./x",
  "a/.x",
  "ab",
  "tool:y",
  "a/",
  "x",
];
const actions = ["x", "y", "x/y", "tools/call", "."];
const envs = [{}, { f: true }, { f: "no" }];

const patterns = [
  "*",
  "*",
  '"tool:*"',
  '"tool:x*"',
  '"tool:x"',
  '"tool:**"',
  '"a/*"',
  '"a/**"',
  '"a/.*"',
  '"*."',
  '"**"',
  '"*"',
  '"/home/${subject.id}/**"',
  '"tool:{x,y}*"',
  '"tool:[x]*"',
  '"a*"',
  '"?"',
  '"tool:?*"',
  '"x"',
  '"x*"',
  '"*/*"',
  '"tool:x", "a/*"',
  '"tool:*", "**"',
];
const actionPatterns = ["*", '"x"', '"*"', '"x*"', '"**"', '"x/*"', '"x", "y"', '"?"'];
const subjectTargets = [
  "*",
  "*",
  "role a",
  "role b",
  "role c",
  "user alice",
  "user alice, bob",
  "group g",
  "role a or user bob",
  "role c or group g",
];
const conditions = [
  "",
  "",
  "",
  "when env has f",
  "when env.f == true",
  "unless env has f",
  'when subject.id == "alice"',
];
const roleDeclarations = ["", "role a includes b\n", "role a includes b\nrole b includes c\n", "role c includes a\n"];

/** A pattern list, the bare `*` half of the time when `broad` (a policy that may shadow). */
const among = (choices: readonly string[], broad: boolean) =>
  broad ? fc.oneof(fc.constant("*"), fc.constantFrom(...choices)) : fc.constantFrom(...choices);

const policy = (withConditions: readonly string[], broad = false) =>
  fc
    .record({
      effect: fc.constantFrom("allow", "deny"),
      priority: broad ? fc.constantFrom(0, 1) : fc.constantFrom(0, 0, 1),
      subject: fc.constantFrom(...subjectTargets),
      action: among(actionPatterns, broad),
      resource: among(patterns, broad),
      condition: fc.constantFrom(...withConditions),
    })
    .map(
      (p) =>
        `${p.effect} priority ${p.priority} subject ${p.subject} action ${p.action} resource ${p.resource} ${p.condition}`,
    );
// One policy without conditions (the only kind that can shadow), first or last, and others.
const policySet = fc
  .tuple(
    fc.constantFrom(...roleDeclarations),
    policy([""], true),
    fc.array(policy(conditions), { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([roles, shadowing, others, first]) => {
    const bodies = first ? [shadowing, ...others] : [...others, shadowing];
    return roles + bodies.map((body, i) => `policy p${i} { ${body} }`).join("\n");
  });

/** A request from the universe that `name` decides, or null. */
function decidedBy(engine: PolicyEngine, name: string): object | null {
  for (const subject of subjects)
    for (const resource of resources)
      for (const action of actions)
        for (const env of envs)
          if (engine.evaluate(subject, resource, action, env).policy === name)
            return { subject, resource, action, env };
  return null;
}

describe("issue 6: W0801 shadowed-policy claims are true", () => {
  it("no request is decided by a policy lint calls never decisive", () => {
    let claims = 0;
    fc.assert(
      fc.property(policySet, (text) => {
        const engine = compile(text);
        for (const finding of lintPolicySet(engine.policySet).filter((f) => f.code === "W0801")) {
          claims++;
          const name = /policy `([^`]+)`/.exec(finding.message)?.[1] ?? "";
          expect({ finding: finding.message, witness: decidedBy(engine, name) }).toEqual({
            finding: finding.message,
            witness: null,
          });
        }
      }),
      { numRuns: 600, seed: 6 },
    );
    // Enough claims were checked for the sweep to mean something.
    expect(claims).toBeGreaterThan(10);
  }, 120_000);
});
