import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/engine.js";
import {
  assertAlwaysDenied,
  assertNeverAllowed,
  checkInvariant,
  expectDecision,
  expectListed,
  requestArbitraries,
} from "../../src/testing/index.js";

const engine = await loadPolicies("policies", { maxSubjects: 0 });
const schema = JSON.parse(readFileSync("policies/schema.json", "utf8"));
const ENV = { hour: 10, tool: { readOnlyHint: true, destructiveHint: false }, arguments: { path: "/home/alice/a.txt" } };

describe("mcpolicy/testing", () => {
  it("assertNeverAllowed passes when no generated request is allowed", () => {
    expect(() =>
      assertNeverAllowed(engine, { schema, given: { subject: { roles: ["viewer"], groups: [] } }, action: "tools/call", resource: "tool:delete_file", runs: 300, seed: 1 }),
    ).not.toThrow();
  });

  it("assertNeverAllowed throws with a counterexample, its explanation and the seed", () => {
    let message = "";
    try {
      assertNeverAllowed(engine, { schema, where: '"admin" in subject.roles', action: "tools/call", resource: "tool:admin_*", runs: 300, seed: 5 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invariant: expected never allow, got allow/);
    expect(message).toContain("counterexample: ");
    expect(message).toContain("seed: 5 (pass { seed: 5 } to replay)");
  });

  it("tries numbers past the policies' literals, whatever their size", async () => {
    const { compile } = await import("../../src/engine.js");
    for (const [condition, schemaOf] of [
      ["env.amount > 5000", { type: "number" }],
      ["env.amount < -5000", { type: "number" }],
      ["env.amount >= 20000", { type: "integer", minimum: 0 }],
    ] as const) {
      const big = compile(`policy refunds { allow subject * action "refund" resource * when ${condition} }`);
      const refundSchema = { env: { type: "object", properties: { amount: schemaOf }, required: ["amount"] }, actions: ["refund"] };
      expect(() => assertNeverAllowed(big, { schema: refundSchema, action: "refund", runs: 2000 }), condition).toThrow(/allowed/);
    }
  });

  it("refuses arguments that would make a test pass without testing", async () => {
    const { compile } = await import("../../src/engine.js");
    const open = compile('policy p { allow subject role viewer action "tools/call" resource "tool:delete_file" }');
    expect(() => checkInvariant(open, { never: "deny", alwys: "allow" } as never)).toThrow(/unknown key `alwys` in the rule; did you mean `always`\?/);
    expect(() => expectDecision(open, { subjet: { roles: ["viewer"] }, resource: "tool:x", action: "a" } as never, "deny")).toThrow(
      /unknown key `subjet` in the request; did you mean `subject`\?/,
    );
    expect(() => expectDecision(open, [] as never, "deny")).toThrow(TypeError);
    expect(() => expectDecision(open, { resource: "tool:x", action: "a" } as never, "deny")).toThrow(/needs `subject`/);
    // A schema that admits no subject: every request is malformed, nothing is tested.
    const nothing = checkInvariant(open, { never: "allow" }, { schema: { subject: false }, runs: 50 });
    expect(nothing.ok).toBe(false);
    // (known before any request is generated)
    expect(nothing.message).toMatch(/^cannot generate requests the schema accepts: `subject`: the schema admits no value/);
    // An engine that validates against another schema refuses every generated request.
    const strict = compile('policy p { allow subject * action * resource * }', {
      schema: { subject: { type: "object", properties: { never_generated: { type: "string" } }, required: ["never_generated"] } },
      validateRequests: true,
    });
    const invalid = checkInvariant(strict, { never: "allow" }, { schema: { subject: { type: "object" } }, runs: 50 });
    expect(invalid.ok).toBe(false);
  });

  it("assertAlwaysDenied holds for suspended subjects", () => {
    expect(() => assertAlwaysDenied(engine, { schema, where: '"suspended" in subject.roles', runs: 300, seed: 2 })).not.toThrow();
  });

  it("checkInvariant works without a schema (one is inferred from the policies)", () => {
    const result = checkInvariant(engine, { never: "allow" }, { given: { subject: { roles: [], groups: [] } }, action: "tools/list", runs: 200, seed: 3 });
    expect(result.ok).toBe(true);
  });

  it("expectDecision passes on the expected effect and policy and explains a mismatch", () => {
    const request = { subject: { id: "alice", roles: ["viewer"] }, resource: "tool:read_file", action: "tools/call", env: ENV };
    expect(() => expectDecision(engine, request, "allow", "fs-read-own-home")).not.toThrow();
    expect(() => expectDecision(engine, request, "deny")).toThrow(/^expected deny, got allow by `fs-read-own-home`\n/);
  });

  it("expectListed checks list visibility, with arguments that would pass when it fails", () => {
    const analyst = { id: "alice", roles: ["analyst"] };
    const env = { hour: 10, tool: { readOnlyHint: true, destructiveHint: false } };
    expect(() => expectListed(engine, { subject: analyst, resource: "tool:query", action: "tools/call", env }, true)).not.toThrow();
    expect(() => expectListed(engine, { subject: { id: "bob", roles: ["viewer"] }, resource: "tool:query", action: "tools/call", env }, false)).not.toThrow();
    expect(() => expectListed(engine, { subject: analyst, resource: "tool:query", action: "tools/call", env }, false)).toThrow(
      'expected hidden, got listed: allowed with env.arguments = {"sql":"SELECT x"}',
    );
    expect(() => expectListed(engine, { subject: { id: "bob", roles: ["viewer"] }, resource: "tool:query", action: "tools/call", env }, true)).toThrow(
      "expected listed, got hidden",
    );
    expect(() => expectListed(engine, { subject: analyst, resource: "tool:query" } as never, true)).toThrow("needs `action`");
    expect(() => expectListed(engine, { subject: analyst, resource: "tool:query", action: "tools/call" }, "yes" as never)).toThrow(TypeError);
  });

  it("gives arbitraries that plug into fast-check directly", () => {
    const { request, subject } = requestArbitraries(engine, schema);
    fc.assert(
      fc.property(request, (r) => {
        expect(typeof r.action).toBe("string");
        expect(engine.evaluate(r.subject, r.resource, r.action, r.env).errors).toBeDefined();
      }),
      { numRuns: 100 },
    );
    fc.assert(fc.property(subject, (s) => typeof s.id === "string" && Array.isArray(s.roles)), { numRuns: 100 });
  });

  it("gives a resource arbitrary of its own: ids and objects that fit the schema entry of their id", async () => {
    const { createRequestValidator } = await import("../../src/attributes/validate-request.js");
    const { loadAttributeSchema } = await import("../../src/attributes/schema.js");
    const loaded = loadAttributeSchema(schema).schema;
    if (loaded === null) throw new Error("example schema must load");
    const validate = createRequestValidator(loaded);
    const { resource, subject, env } = requestArbitraries(engine, schema);
    const [someSubject] = fc.sample(subject, { numRuns: 1, seed: 3 });
    const resources = fc.sample(resource, { numRuns: 300, seed: 3 });
    const ids = resources.map((r) => (typeof r === "string" ? r : r.id));
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    // tools, prompts and resources of the example schema all come up
    expect(new Set(ids.map((id) => (id as string).split(":")[0]))).toEqual(new Set(["tool", "prompt", "resource"]));
    // each resource, with any subject and env the schema accepts, passes the resource part of validation
    const [someEnv] = fc.sample(env, { numRuns: 1, seed: 3 });
    const refused = resources.filter((r) => validate(someSubject, r, "tools/call", someEnv).some((problem) => problem.message.includes("resource")));
    expect(refused).toEqual([]);
  });

  it("generates requests that fit the example schema (declared resources and actions only, exclusive bounds)", async () => {
    const { createRequestValidator } = await import("../../src/attributes/validate-request.js");
    const { loadAttributeSchema } = await import("../../src/attributes/schema.js");
    const loaded = loadAttributeSchema(schema).schema;
    if (loaded === null) throw new Error("example schema must load");
    const validate = createRequestValidator(loaded);
    const { request } = requestArbitraries(engine, schema);
    const invalid = fc.sample(request, { numRuns: 500, seed: 7 }).filter((r) => validate(r.subject, r.resource, r.action, r.env).length > 0);
    expect(invalid).toEqual([]);
  });

  it("generates integers past 32 bits, and reports a range with no integer as an error that says so", async () => {
    const { compile } = await import("../../src/engine.js");
    const p = compile('policy p { allow subject * action "a" resource "r" when subject.n > 0 }');
    const schemaOf = (n: unknown) => ({ subject: { type: "object", properties: { n }, required: ["n"] }, actions: ["a"], resources: [{ id: "r" }] });
    const wide = schemaOf({ type: "integer", minimum: 2e9, maximum: 3e9 });
    const { request } = requestArbitraries(p, wide);
    for (const r of fc.sample(request, { numRuns: 100, seed: 1 })) expect((r.subject.n as number) >= 2e9 && (r.subject.n as number) <= 3e9).toBe(true);
    expect(() => assertNeverAllowed(p, { schema: wide, runs: 100, seed: 1 })).toThrow(/^invariant: expected never allow, got allow by `p`/);
    const empty = schemaOf({ type: "integer", minimum: 0.5, maximum: 0.7 });
    expect(() => requestArbitraries(p, empty)).toThrow(
      new TypeError("requestArbitraries(): cannot generate requests the schema accepts: `subject.n`: no integer lies between minimum 0.5 and maximum 0.7"),
    );
    expect(() => assertNeverAllowed(p, { schema: empty, runs: 100, seed: 1 })).toThrow(/^invariant: cannot generate requests the schema accepts: `subject.n`: no integer/);
    // nothing valid for a required member: said before any request is tried
    expect(() => requestArbitraries(p, schemaOf({ type: "string", const: 0 }))).toThrow(/^requestArbitraries\(\): cannot generate requests the schema accepts: `subject`: /);
    // a valid value exists (a number, or an empty array): no error, and only valid values
    const either = schemaOf({ type: ["number", "array"], items: { type: "number", minimum: 3, maximum: 0 } });
    const ns = fc.sample(requestArbitraries(p, either).request, { numRuns: 200, seed: 1 }).map((r) => r.subject.n);
    expect(ns.every((n) => typeof n === "number" || (Array.isArray(n) && n.length === 0))).toBe(true);
    expect(ns.some((n) => Array.isArray(n))).toBe(true);
  });
});
