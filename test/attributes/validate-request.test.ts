import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";

const schema = loadAttributeSchema(JSON.parse(readFileSync("policies/schema.json", "utf8"))).schema;
if (schema === null) throw new Error("example schema must load");
const validate = createRequestValidator(schema);

const ALICE = { id: "alice", roles: ["viewer"] };
const ENV = { hour: 10, tool: { readOnlyHint: true, destructiveHint: false }, arguments: { path: "/home/alice/x" } };

function messages(subject: unknown, resource: unknown, action: unknown, env: unknown): string[] {
  return validate(subject, resource, action, env).map((e) => {
    expect(e.policy).toBeNull();
    return e.message;
  });
}

describe("createRequestValidator", () => {
  it("accepts a request that matches the schema", () => {
    expect(validate(ALICE, "tool:read_file", "tools/call", ENV)).toEqual([]);
    expect(validate(ALICE, { id: "prompt:summarize" }, "prompts/get", { hour: 0, tool: { readOnlyHint: false, destructiveHint: false } })).toEqual([]);
  });

  it("names a missing attribute", () => {
    expect(messages({ id: "alice" }, "tool:read_file", "tools/call", ENV)).toEqual(["missing attribute subject.roles"]);
    expect(messages(ALICE, "tool:read_file", "tools/call", { ...ENV, arguments: {} })).toEqual(["missing attribute env.arguments.path"]);
  });

  it("names a value of the wrong type", () => {
    expect(messages({ id: "alice", roles: "admin" }, "tool:read_file", "tools/call", ENV)).toEqual(["invalid subject.roles: must be array"]);
    expect(messages(ALICE, "tool:read_file", "tools/call", { ...ENV, hour: 24 })).toEqual(["invalid env.hour: must be <= 23"]);
  });

  it("rejects undeclared actions and resources", () => {
    expect(messages(ALICE, "tool:read_file", "tools/explode", ENV)).toEqual(["unknown action `tools/explode`"]);
    expect(messages(ALICE, "tool:format_disk", "tools/call", ENV)).toEqual(["unknown resource `tool:format_disk`"]);
  });

  it("checks env.arguments only for the actions that declare them", () => {
    const noArgs = { hour: 10, tool: { readOnlyHint: true, destructiveHint: false } };
    expect(messages(ALICE, "tool:read_file", "tools/call", noArgs)).toEqual(["missing attribute env.arguments.path"]);
    expect(messages(ALICE, "tool:read_file", "tools/list", noArgs)).toEqual([]);
  });

  it("reports malformed requests instead of throwing", () => {
    expect(messages("alice", "tool:read_file", "tools/call", ENV)).toEqual(["malformed subject: expected an object"]);
    expect(messages(ALICE, 42, "tools/call", ENV)).toEqual(["malformed resource: expected a string id or an object with a string `id`"]);
    expect(messages(ALICE, "tool:read_file", 7, ENV)).toEqual(["malformed action: expected a string"]);
    expect(messages(ALICE, "tool:read_file", "tools/call", { ...ENV, hour: Number.NaN })).toEqual(["malformed env: env.hour is not a finite number"]);
  });

  it("never reads prototypes or runs getters of the request", () => {
    let called = false;
    const subject = { id: "alice" };
    Object.defineProperty(subject, "roles", {
      enumerable: true,
      get: () => {
        called = true;
        return ["viewer"];
      },
    });
    expect(messages(subject, "tool:read_file", "tools/call", ENV)).toEqual(["missing attribute subject.roles"]);
    expect(called).toBe(false);
    const inherited = Object.assign(Object.create({ roles: ["viewer"] }), { id: "alice" });
    expect(messages(inherited, "tool:read_file", "tools/call", ENV)).toEqual(["malformed subject: subject is not a plain object"]);
  });

  it("treats a Proxy that throws as malformed", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("boom"); } });
    expect(messages(hostile, "tool:read_file", "tools/call", ENV)).toEqual(["malformed subject: subject cannot be read"]);
  });

  it("bounds nesting", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(messages({ ...ALICE, deep }, "tool:read_file", "tools/call", ENV)[0]).toMatch(/nested deeper than 64/);
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (s, r, a, e) => {
        expect(Array.isArray(validate(s, r, a, e))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("schemas through compile", () => {
  const SCHEMA = JSON.parse(readFileSync("policies/schema.json", "utf8"));
  const TEXT = 'policy p { allow subject role viewer action "tools/call" resource "tool:read_file" when env.arguments.path matches "/home/**" }\n';

  it("denies an invalid request with the validation errors when validateRequests is on", async () => {
    const { compile } = await import("../../src/engine.js");
    const engine = compile(TEXT, { schema: SCHEMA, validateRequests: true });
    expect(engine.evaluate(ALICE, "tool:read_file", "tools/call", ENV)).toMatchObject({ effect: "allow" });
    expect(engine.evaluate(ALICE, "tool:read_file", "tools/call", { ...ENV, hour: 99 })).toEqual({
      allowed: false,
      effect: "deny",
      policy: null,
      errors: [{ policy: null, message: "invalid env.hour: must be <= 23" }],
    });
  });

  it("explains and answers couldAllow as evaluate decides: a refused request is refused there too", async () => {
    const { compile } = await import("../../src/engine.js");
    const engine = compile(TEXT, { schema: SCHEMA, validateRequests: true });
    for (const [subject, action, env] of [
      [{ id: "alice" }, "tools/call", ENV], // missing roles
      [ALICE, "tools/write", ENV], // undeclared action
      [ALICE, "tools/call", { ...ENV, hour: 99 }],
    ] as const) {
      const decision = engine.evaluate(subject, "tool:read_file", action, env);
      expect(decision).toMatchObject({ allowed: false, effect: "deny", policy: null });
      const explained = engine.explain(subject, "tool:read_file", action, env);
      expect(explained.decision).toEqual(decision);
      expect(explained.policies.every((p) => !p.applies)).toBe(true);
    }
    // couldAllow: refused whatever the arguments (subject, action) → false; but the
    // arguments themselves, and the env schema that may require them, stay unknown.
    expect(engine.couldAllow({ id: "alice" }, "tool:read_file", "tools/call", { hour: 10, tool: ENV.tool })).toBe(false);
    expect(engine.couldAllow(ALICE, "tool:read_file", "tools/write", { hour: 10, tool: ENV.tool })).toBe(false);
    expect(engine.couldAllow(ALICE, "tool:read_file", "tools/call", { hour: 10, tool: ENV.tool })).toBe(true);
    expect(engine.explain(ALICE, "tool:read_file", "tools/call", ENV).decision).toMatchObject({ effect: "allow" });
  });

  it("rejects a policy set that does not type-check against the schema", async () => {
    const { compile } = await import("../../src/engine.js");
    const { PolicyError } = await import("../../src/errors.js");
    expect(() => compile(TEXT.replace("env.arguments.path", "env.arguments.pth"), { schema: SCHEMA })).toThrow(PolicyError);
  });
});
