import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectHints } from "../../src/analysis/hints.js";
import { inferSchemaDocument } from "../../src/analysis/infer-schema.js";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { typecheckPolicySet } from "../../src/analysis/typecheck.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { checkPolicySet } from "../../src/check/check-set.js";
import { parse } from "../../src/syntax/parse.js";

const example = loadAttributeSchema(JSON.parse(readFileSync("policies/schema.json", "utf8"))).schema;
const empty = loadAttributeSchema({}).schema;

const path = fc.constantFrom(
  "subject.id",
  "subject.roles",
  "subject.break_glass",
  "subject.x.y",
  "env.hour",
  "env.tool.readOnlyHint",
  "env.arguments.path",
  "env.arguments.sql",
  "env.arguments",
  "resource.id",
  "resource.owner",
  "action",
  'subject["a b"]',
);
const literal = fc.oneof(fc.constantFrom('"viewer"', '"tools/call"', "8", "-1.5", "true", "false", "null"), fc.constant('["a", 1, null]'));
const operand = fc.oneof(path, literal);
const test: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(operand, fc.constantFrom("==", "!=", "<", "<=", ">", ">="), operand).map(([a, op, b]) => `${a} ${op} ${b}`),
  fc.tuple(operand, operand).map(([a, b]) => `${a} in ${b}`),
  fc.tuple(operand, operand).map(([a, b]) => `${a} contains ${b}`),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's interpolation, not JavaScript's
  fc.tuple(operand, fc.constantFrom('"/home/${subject.id}/**"', '"*"')).map(([a, g]) => `${a} matches ${g}`),
  fc.tuple(path, fc.constantFrom("id", "hour", "path", "nope")).map(([p, m]) => `${p} has ${m}`),
  operand,
);
const expr = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    test,
    tie("e").map((e) => `not (${e})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a}) or (${b})`),
  ),
})).e;
const policy = fc
  .record({
    effect: fc.constantFrom("allow", "deny"),
    priority: fc.integer({ min: -2, max: 2 }),
    subject: fc.constantFrom("*", "role viewer", "role admin or group oncall", "user alice"),
    action: fc.constantFrom("*", '"tools/call"', '"tools/*", "prompts/get"'),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's interpolation, not JavaScript's
    resource: fc.constantFrom("*", '"tool:read_file"', '"tool:*"', '"tool:${subject.id}"', '"nothing:here"'),
    conditions: fc.array(fc.tuple(fc.constantFrom("when", "unless"), expr), { maxLength: 3 }),
  })
  .map((p) => `  ${p.effect}\n  priority ${p.priority}\n  subject ${p.subject}\n  action ${p.action}\n  resource ${p.resource}\n${p.conditions.map(([m, e]) => `  ${m} ${e}\n`).join("")}`);
const source = fc
  .array(policy, { minLength: 1, maxLength: 5 })
  .map((ps) => `role viewer\nrole admin includes viewer\n${ps.map((p, i) => `policy p${i} {\n${p}}\n`).join("")}`);

describe("the analyses never throw", () => {
  it("type-check, lint, infer a schema and collect hints on any checked policy set", () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(source, (text) => {
        const parsed = parse(text, "gen.mcpolicy");
        const { set } = checkPolicySet([parsed.ast]);
        if (set.policies.length > 0) nonEmpty++;
        for (const schema of [example, empty]) {
          if (schema === null) throw new Error("schemas must load");
          for (const d of [...typecheckPolicySet(set, schema), ...lintPolicySet(set, schema)]) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.code).toMatch(/^[EW]0[78]\d\d$/);
          }
        }
        expect(() => lintPolicySet(set, null)).not.toThrow();
        expect(loadAttributeSchema(inferSchemaDocument(set)).diagnostics).toEqual([]);
        expect(() => collectHints(set)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    // the generator must produce real policy sets, or the property says nothing
    expect(nonEmpty).toBeGreaterThan(200);
  });
});
