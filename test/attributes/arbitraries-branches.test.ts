/**
 * Branches of arbitraries.ts the rest of the suite does not reach. What is generated
 * must satisfy the schema (checked with the schema's own ajv validators), except for
 * what docs/testing.md lists as not followed; what cannot be generated is reported.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryOfType, candidateActions, candidateResourceIds, NO_HINTS, requestArbitrary, subjectPlaceholder } from "../../src/attributes/arbitraries.js";
import { pathKey } from "../../src/attributes/attr-type.js";
import { type AttributeSchema, loadAttributeSchema } from "../../src/attributes/schema.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";

function load(document: unknown): AttributeSchema {
  const { schema, diagnostics } = loadAttributeSchema(document);
  expect(diagnostics).toEqual([]);
  if (schema === null) throw new Error("schema must load");
  return schema;
}

/** Samples of the subject the schema's `subject` section generates, each checked by ajv. */
function subjects(subject: unknown, numRuns = 200): unknown[] {
  const schema = load({ subject });
  const validate = schema.subject?.validate;
  if (validate === undefined) throw new Error("no subject section");
  const problems = new Set<string>();
  const values = fc.sample(arbitraryOfType(schema.subject?.type as NonNullable<AttributeSchema["subject"]>["type"], ["subject"], NO_HINTS, undefined, 0, problems), { numRuns, seed: 7 });
  expect([...problems]).toEqual([]);
  for (const value of values) expect(validate(value), JSON.stringify(value)).toBe(true);
  return values;
}

describe("numbers", () => {
  it("gives the one bound when an integer range lies wholly past the safe integers", () => {
    const big = subjects({ type: "integer", minimum: 2 ** 60, maximum: 2 ** 61 }, 20);
    expect(new Set(big)).toEqual(new Set([2 ** 60]));
    const small = subjects({ type: "integer", minimum: -(2 ** 61), maximum: -(2 ** 60) }, 20);
    expect(new Set(small)).toEqual(new Set([-(2 ** 61)]));
  });
});

describe("types and cases", () => {
  it("generates null for a nullable type, and the other type too", () => {
    const values = subjects({ type: ["string", "null"], minLength: 2 });
    expect(values).toContain(null);
    expect(values.some((v) => typeof v === "string")).toBe(true);
  });

  it("uses the alternatives that can be generated and drops the others", () => {
    const values = subjects({ anyOf: [{ type: "integer", minimum: 0.5, maximum: 0.7 }, { type: "string", maxLength: 3 }] });
    expect(values.every((v) => typeof v === "string")).toBe(true);
  });

  it("reports what no alternative can give", () => {
    const schema = load({ subject: { anyOf: [{ type: "integer", minimum: 0.5, maximum: 0.7 }, { type: "string", minLength: 3, maxLength: 2 }] } });
    const problems = new Set<string>();
    expect(fc.sample(arbitraryOfType(schema.subject?.type as never, ["subject"], NO_HINTS, undefined, 0, problems), 3)).toEqual([null, null, null]);
    expect([...problems].length).toBeGreaterThan(0);
    expect([...problems].every((p) => p.startsWith("`subject`: "))).toBe(true);
  });
});

describe("arrays and objects", () => {
  it("reports minItems above maxItems", () => {
    const schema = load({ subject: { type: "object", properties: { a: { type: "array", minItems: 3, maxItems: 2 } }, required: ["a"] } });
    const problems = new Set<string>();
    arbitraryOfType(schema.subject?.type as never, ["subject"], NO_HINTS, undefined, 0, problems);
    expect([...problems]).toEqual(["`subject.a`: no array has at least 3 and at most 2 items (minItems, maxItems)"]);
  });

  it("draws enumerated items from their values", () => {
    const values = subjects({ type: "array", items: { enum: ["r", "w"] }, minItems: 1, maxItems: 3 }) as string[][];
    expect(values.flat().every((v) => v === "r" || v === "w")).toBe(true);
    expect(new Set(values.flat())).toEqual(new Set(["r", "w"]));
  });

  it("past 6 levels, gives objects their required members only, then {} (docs/testing.md)", () => {
    // Ten nested levels, each requiring the next; the deepest an integer.
    let schema: Record<string, unknown> = { type: "integer", minimum: 1, maximum: 1 };
    for (let i = 0; i < 10; i++) schema = { type: "object", properties: { n: schema, extra: { type: "string" } }, required: ["n"] };
    const values = subjects(schema, 50);
    // Below level 6 no optional member appears; the required chain reaches the integer.
    for (const value of values) {
      let v = value as Record<string, unknown>;
      for (let i = 0; i < 10; i++) {
        if (i >= 6) expect(Object.keys(v)).toEqual(["n"]);
        v = v.n as Record<string, unknown>;
      }
      expect(v).toBe(1);
    }
  });

  it("past 12 levels, gives {} (which a schema requiring more refuses, as documented)", () => {
    let schema: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 14; i++) schema = { type: "object", properties: { n: schema }, required: ["n"] };
    const loaded = load({ subject: schema });
    const [value] = fc.sample(arbitraryOfType(loaded.subject?.type as never, ["subject"]), { numRuns: 1, seed: 1 });
    let v = value as Record<string, unknown>;
    let levels = 0;
    while (Object.hasOwn(v, "n")) {
      v = v.n as Record<string, unknown>;
      levels++;
    }
    expect(levels).toBe(12);
    expect(v).toEqual({});
  });
});

describe("whole requests", () => {
  it("replaces a subject path that the subject lacks, or that is no string or number, by x", () => {
    const schema = load({
      subject: { type: "object", properties: { id: { type: "string", enum: ["alice"] }, team: { type: "object", properties: { n: { type: "boolean" } }, required: ["n"] } }, required: ["id", "team"] },
      env: { type: "object", properties: { path: { type: "string" }, dirs: { type: "array", items: { type: "string" }, minItems: 1 } }, required: ["dirs"] },
    });
    const hints = { ...NO_HINTS, globs: new Map([[pathKey("env", ["path"]), ["/home/${subject.id}/${subject.team.n}/${subject.nope.x}/*"]]]) };
    const requests = fc.sample(requestArbitrary(schema, hints, {}), { numRuns: 50, seed: 3 });
    // The glob's samples are favoured among random strings.
    const paths = requests.map((r) => r.env.path).filter((p): p is string => typeof p === "string" && p.startsWith("/home/"));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toMatch(/^\/home\/alice\/x\/x\//);
    // Arrays in env are walked too (their strings are the generated ones, unchanged).
    const validate = createRequestValidator(schema);
    for (const r of requests) {
      expect(Array.isArray(r.env.dirs)).toBe(true);
      expect(validate(r.subject, r.resource, r.action, r.env)).toEqual([]);
    }
  });

  it("samples a subject's own interpolated glob with x: the subject is not known yet", () => {
    const schema = load({ subject: { type: "object", properties: { home: { type: "string" } }, required: ["home"] } });
    const hints = { ...NO_HINTS, globs: new Map([[pathKey("subject", ["home"]), ["/h/${subject.id}"]]]) };
    const homes = fc.sample(requestArbitrary(schema, hints, {}), { numRuns: 50, seed: 3 }).map((r) => r.subject.home);
    expect(homes).toContain("/h/x");
  });

  it("reports an env no value fits when no resource is declared or named", () => {
    const schema = load({ env: { type: "object", properties: { hour: { type: "integer", minimum: 5, maximum: 4 } }, required: ["hour"] } });
    const problems = new Set<string>();
    const requests = fc.sample(requestArbitrary(schema, NO_HINTS, { problems }), { numRuns: 5, seed: 1 });
    expect([...problems]).toEqual(["`env.hour`: no integer lies between minimum 5 and maximum 4"]);
    // The stand-in env is `{}`, which the schema refuses: nothing passes as valid.
    const validate = createRequestValidator(schema);
    for (const r of requests) expect(validate(r.subject, r.resource, r.action, r.env)).not.toEqual([]);
  });

  it("reports every pair impossible, and generates requests the schema refuses rather than none", () => {
    const schema = load({
      actions: ["tools/call"],
      resources: [{ id: "tool:x", schema: { type: "object", properties: { size: { type: "integer", minimum: 2, maximum: 1 } }, required: ["size"] } }],
    });
    const problems = new Set<string>();
    const requests = fc.sample(requestArbitrary(schema, NO_HINTS, { problems }), { numRuns: 5, seed: 1 });
    expect([...problems]).toEqual(["`resource.size`: no integer lies between minimum 2 and maximum 1"]);
    const validate = createRequestValidator(schema);
    for (const r of requests) {
      expect(r).toMatchObject({ resource: "tool:x", action: "tools/call", env: {} });
      expect(validate(r.subject, r.resource, r.action, r.env)).not.toEqual([]);
    }
  });

  it("keeps a non-object resource value out of the resource object (its id stays)", () => {
    const schema = load({ resources: [{ id: "tool:x", schema: { type: ["object", "string"], properties: { a: { type: "integer" } }, minLength: 1 } }] });
    const requests = fc.sample(requestArbitrary(schema), { numRuns: 100, seed: 5 });
    for (const r of requests) {
      expect(typeof r.resource).toBe("object");
      expect((r.resource as { id: string }).id).toBe("tool:x");
    }
  });
});

describe("candidate actions and ids", () => {
  it("keeps only declared samples of the policies' action patterns, and undeclared ones when nothing is declared", () => {
    const declared = load({ actions: ["tools/call", "tools/list"] });
    expect(candidateActions(declared, { actionPatterns: ["tools/*", "prompts/get"] }).sort()).toEqual(["tools/call", "tools/list"]);
    // Declared as none at all: the samples are all there is (every request is then refused).
    expect(candidateActions(load({ actions: [] }), { actionPatterns: ["tools/call"] })).toEqual(["tools/call"]);
    expect(candidateResourceIds(load({ resources: [] }), { resourcePatterns: ["tool:read"] }, subjectPlaceholder)).toEqual(["tool:read"]);
    const none = load({});
    expect(candidateActions(none, { actionPatterns: ["prompts/get"] })).toEqual(["prompts/get"]);
    expect(candidateResourceIds(none, { resourcePatterns: ["doc:${subject.id}"] }, subjectPlaceholder)).toEqual([`doc:${subjectPlaceholder("id")}`]);
  });
});
