/**
 * An invariant's `resource` (and `action`) globs are matched against what the schema
 * declares: samples of the invariant's own glob the schema does not declare are not
 * generated (every one was refused, and the invariant tested less than asked).
 */
import { describe, expect, it } from "vitest";
import { candidateActions, candidateResourceIds } from "../../src/attributes/arbitraries.js";
import { type AttributeSchema, loadAttributeSchema } from "../../src/attributes/schema.js";
import { compile } from "../../src/engine.js";
import { checkInvariant } from "../../src/testing/index.js";

const POLICIES = `
policy "admin-tools" { allow subject * action "tools/call" resource "tool:admin_*" when subject.level > 5 }
policy "read-any" { allow subject * action "tools/call" resource "tool:read_*" }
`;

const DOCUMENT = {
  subject: { type: "object", properties: { level: { type: "integer", minimum: 0, maximum: 10 } }, required: ["level"] },
  actions: ["tools/call", "tools/list"],
  resources: [{ pattern: "tool:read_*" }, { id: "tool:admin_reset" }, { id: "tool:write_file" }],
};

function load(document: unknown): AttributeSchema {
  const { schema, diagnostics } = loadAttributeSchema(document);
  expect(diagnostics).toEqual([]);
  return schema as AttributeSchema;
}

const patterns = { resourcePatterns: ["tool:admin_*", "tool:read_*"], actionPatterns: ["tools/call"] };
const noPlaceholder = (p: string) => p;

describe("an invariant's resource globs, with declared resources", () => {
  it("give the declared ids they match, not samples of the glob itself", () => {
    const schema = load(DOCUMENT);
    expect(candidateResourceIds(schema, { ...patterns, resources: ["tool:admin_*"] }, noPlaceholder)).toEqual(["tool:admin_reset"]);
    // Samples of a declared pattern the glob matches (and samples of the glob the pattern declares).
    expect(candidateResourceIds(schema, { ...patterns, resources: ["tool:read_*"] }, noPlaceholder).sort()).toEqual(["tool:read_data", "tool:read_x"]);
    expect(candidateResourceIds(schema, { ...patterns, resources: ["tool:read_secret_*"] }, noPlaceholder).sort()).toEqual([
      "tool:read_secret_data",
      "tool:read_secret_x",
    ]);
    expect(candidateResourceIds(schema, { ...patterns, resources: ["tool:*"] }, noPlaceholder).sort()).toEqual([
      "tool:admin_reset",
      "tool:read_data",
      "tool:read_x",
      "tool:write_file",
    ]);
  });

  it("asked for only undeclared ids: those ids (the runner reports them refused)", () => {
    const schema = load(DOCUMENT);
    expect(candidateResourceIds(schema, { ...patterns, resources: ["tool:nope_*"] }, noPlaceholder).sort()).toEqual(["tool:nope_data", "tool:nope_x"]);
  });

  it("without declared resources, samples of the glob as before", () => {
    const schema = load({ subject: DOCUMENT.subject });
    expect(candidateResourceIds(schema, { ...patterns, resources: ["tool:admin_*"] }, noPlaceholder).sort()).toEqual([
      "tool:admin_data",
      "tool:admin_x",
    ]);
  });

  it("the same for action globs and declared actions", () => {
    expect(candidateActions(load(DOCUMENT), { ...patterns, actions: ["tools/*"] }).sort()).toEqual(["tools/call", "tools/list"]);
    expect(candidateActions(load({}), { ...patterns, actions: ["tools/*"] }).sort()).toEqual(["tools/call", "tools/data", "tools/x"]);
  });

  it("checkInvariant with `tool:admin_*` decides every request asked for (none refused)", () => {
    const engine = compile(POLICIES);
    const options = { schema: DOCUMENT, action: "tools/call", seed: 42, runs: 200, given: { subject: { level: 1 } } } as const;
    for (const resource of ["tool:admin_*", "tool:admin_reset"]) {
      const result = checkInvariant(engine, { never: "allow" }, { ...options, resource });
      expect(result, resource).toMatchObject({ ok: true, runs: 200, refused: 0 });
      expect(result.warning, resource).toBeUndefined();
    }
    // And it still finds the planted allow through the declared id.
    const failing = checkInvariant(engine, { never: "allow" }, { ...options, resource: "tool:admin_*", given: { subject: { level: 9 } } });
    expect(failing.ok).toBe(false);
    expect(failing.counterexample?.resource).toBe("tool:admin_reset");
  });

  it("checkInvariant with an undeclared id still fails, naming it", () => {
    const result = checkInvariant(compile(POLICIES), { never: "allow" }, { schema: DOCUMENT, resource: "tool:nope_*", seed: 1, runs: 50 });
    expect(result.ok).toBe(false);
    expect(result.message).toContain("unknown resource `tool:nope_");
  });
});
