// Request validation (`validateRequests`, docs/schemas.md "Request validation"): cases a
// mutation run found unpinned. Each names what a plausible bug would let through.
import { describe, expect, it } from "vitest";
import type { ValidateFunction } from "ajv";
import { type AttributeSchema, loadAttributeSchema } from "../../src/attributes/schema.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";
import { compile } from "../../src/engine.js";

function load(document: Record<string, unknown>): AttributeSchema {
  const { schema, diagnostics } = loadAttributeSchema(document);
  if (schema === null) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return schema;
}

function messages(schema: AttributeSchema, subject: unknown, resource: unknown, action: unknown, env?: unknown, argumentsUnknown = false): string[] {
  return createRequestValidator(schema)(subject, resource, action, env, argumentsUnknown).map((e) => e.message);
}

const ALLOW_ALL = "policy everything { allow subject * action * resource * }";

describe("declared actions are exact strings, never globs", () => {
  const schema = load({ actions: ["tools/*", "resources/read"] });

  it("refuses an action that a declared action would match as a glob", () => {
    expect(messages(schema, {}, "r", "tools/call")).toEqual(["unknown action `tools/call`"]);
    expect(messages(schema, {}, "r", "tools/*")).toEqual([]);
    expect(messages(schema, {}, "r", "resources/read")).toEqual([]);
  });

  it("denies such a request through the engine", () => {
    const engine = compile(ALLOW_ALL, { schema: { actions: ["tools/*"] }, validateRequests: true });
    expect(engine.evaluate({}, "r", "tools/call")).toMatchObject({ effect: "deny", policy: null });
    expect(engine.evaluate({}, "r", "tools/*")).toMatchObject({ effect: "allow" });
  });
});

describe("a resource id is checked against every entry it matches", () => {
  const document = {
    resources: [
      { pattern: "tool:*", schema: { type: "object", properties: { owner: { type: "string" } } } },
      { id: "tool:x", schema: { type: "object", required: ["owner"] } },
    ],
  };
  const schema = load(document);

  it("applies the second matching entry's schema too", () => {
    expect(messages(schema, {}, { id: "tool:x" }, "a")).toEqual(["missing attribute resource.owner"]);
    expect(messages(schema, {}, { id: "tool:x", owner: 3 }, "a")).toEqual(["invalid resource.owner: must be string"]);
    expect(messages(schema, {}, { id: "tool:x", owner: "o" }, "a")).toEqual([]);
    // Only the pattern entry matches here: `owner` is optional.
    expect(messages(schema, {}, { id: "tool:y" }, "a")).toEqual([]);
  });

  it("denies through the engine", () => {
    const engine = compile(ALLOW_ALL, { schema: document, validateRequests: true });
    expect(engine.evaluate({}, "tool:x", "a")).toMatchObject({ effect: "deny", policy: null });
    expect(engine.evaluate({}, { id: "tool:x", owner: "o" }, "a")).toMatchObject({ effect: "allow" });
  });
});

describe("`arguments` keys are action globs", () => {
  const document = {
    resources: [{ id: "tool:t", arguments: { "tools/*": { type: "object", properties: { n: { type: "integer" } }, required: ["n"] } } }],
  };
  const schema = load(document);

  it("validates env.arguments for an action the glob matches", () => {
    expect(messages(schema, {}, "tool:t", "tools/call", { arguments: { n: "1" } })).toEqual(["invalid env.arguments.n: must be integer"]);
    expect(messages(schema, {}, "tool:t", "tools/call", {})).toEqual(["missing attribute env.arguments.n"]);
    expect(messages(schema, {}, "tool:t", "tools/call", { arguments: { n: 1 } })).toEqual([]);
    // Not matched by the glob: not checked.
    expect(messages(schema, {}, "tool:t", "prompts/get", { arguments: { n: "1" } })).toEqual([]);
  });

  it("denies through the engine", () => {
    const engine = compile(ALLOW_ALL, { schema: document, validateRequests: true });
    expect(engine.evaluate({}, "tool:t", "tools/call", { arguments: { n: "1" } })).toMatchObject({ effect: "deny", policy: null });
    expect(engine.evaluate({}, "tool:t", "tools/call", { arguments: { n: 1 } })).toMatchObject({ effect: "allow" });
  });
});

describe("with the arguments unknown (couldAllow)", () => {
  const document = {
    env: { type: "object", properties: { arguments: { type: "object" }, hour: { type: "integer" } }, required: ["arguments", "hour"] },
  };
  const schema = load(document);

  it("does not check the env schema, which may require the arguments", () => {
    expect(messages(schema, {}, "r", "a", { hour: 1 }, true)).toEqual([]);
    expect(messages(schema, {}, "r", "a", {}, true)).toEqual([]);
    // Deciding a request, it does.
    expect(messages(schema, {}, "r", "a", { hour: 1 })).toEqual(["missing attribute env.arguments"]);
  });

  it("lists through couldAllow what some arguments allow", () => {
    const engine = compile(ALLOW_ALL, { schema: document, validateRequests: true });
    expect(engine.couldAllow({}, "r", "a", { hour: 1 })).toBe(true);
    expect(engine.evaluate({}, "r", "a", { hour: 1 })).toMatchObject({ effect: "deny", policy: null });
  });
});

describe("fail closed", () => {
  it("refuses a request whose validator throws, never passes it", () => {
    const base = load({ subject: { type: "object" } });
    const throwing = Object.assign(
      () => {
        throw new Error("boom");
      },
      { errors: null },
    ) as unknown as ValidateFunction;
    const schema = { ...base, subject: { ...(base.subject as NonNullable<AttributeSchema["subject"]>), validate: throwing } } as AttributeSchema;
    expect(messages(schema, {}, "r", "a")).toEqual(["invalid subject: cannot be validated"]);
  });

  it("calls an `env` of null malformed, not missing", () => {
    const schema = load({ env: { type: "object" } });
    expect(messages(schema, {}, "r", "a", null)).toEqual(["malformed env: expected an object"]);
    expect(messages(schema, {}, "r", "a", undefined)).toEqual([]);
    expect(messages(load({}), {}, "r", "a", null)).toEqual(["malformed env: expected an object"]);
  });
});

describe("a closed resource schema and the undeclared `id`", () => {
  const document = {
    resources: [{ pattern: "tool:*", schema: { type: "object", properties: { owner: { type: "string" } }, additionalProperties: false } }],
  };
  const schema = load(document);

  it("forgives the root `id` only: another undeclared member is still refused", () => {
    expect(messages(schema, {}, { id: "tool:a", owner: "o" }, "a")).toEqual([]);
    expect(messages(schema, {}, { id: "tool:a", x: 1 }, "a")).toEqual(["unexpected attribute resource.x"]);
    expect(messages(schema, {}, { id: "tool:a", owner: "o", x: 1 }, "a")).toEqual(["unexpected attribute resource.x"]);
    const engine = compile(ALLOW_ALL, { schema: document, validateRequests: true });
    expect(engine.evaluate({}, { id: "tool:a", x: 1 }, "a")).toMatchObject({ effect: "deny", policy: null });
  });

  it("does not drop the root `id` for an `id` refused deeper down", () => {
    // The nested object is closed only when the resource has an `id` (always): dropping
    // the root `id` to forgive the nested one would make the nested check vanish.
    const nested = load({
      resources: [
        {
          pattern: "tool:*",
          schema: {
            type: "object",
            properties: { meta: { type: "object" } },
            dependencies: { id: { properties: { meta: { type: "object", properties: { v: {} }, additionalProperties: false } } } },
          },
        },
      ],
    });
    expect(messages(nested, {}, { id: "tool:a", meta: { v: 1 } }, "a")).toEqual([]);
    expect(messages(nested, {}, { id: "tool:a", meta: { id: 1 } }, "a")).toEqual(["unexpected attribute resource.meta.id"]);
  });
});

describe("resource entries", () => {
  it("refuses an empty `id` or `pattern`", () => {
    for (const entry of [{ id: "" }, { pattern: "" }]) {
      const { schema, diagnostics } = loadAttributeSchema({ resources: [entry] });
      expect(schema).toBeNull();
      expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
        ["E0750", `\`/resources/0/${Object.keys(entry)[0]}\` must be a non-empty string`],
      ]);
    }
  });
});

describe("definition names", () => {
  it("refuses `__proto__` as a definition name", () => {
    const { schema, diagnostics } = loadAttributeSchema(JSON.parse('{"$defs": {"__proto__": {"type": "string"}}}'));
    expect(schema).toBeNull();
    expect(diagnostics.map((d) => d.code)).toEqual(["E0750"]);
    expect(diagnostics[0]?.message).toMatch(/^`\$defs\/__proto__`: a definition name is/);
  });
});
