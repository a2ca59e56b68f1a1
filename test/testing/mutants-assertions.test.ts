// mcpolicy/testing assertions (docs/testing.md): cases a mutation run found unpinned, each
// a way an assertion could pass without holding.
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { assertAlwaysDecided, assertAlwaysDenied, assertNeverAllowed, checkInvariant, expectDecision } from "../../src/testing/index.js";

const SCHEMA = {
  subject: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
  actions: ["read", "write"],
  resources: [{ pattern: "doc:*" }],
};
// Denies writes; says nothing about reads (notapplicable).
const engine = compile("policy no_writes { deny subject * action \"write\" resource * }", { schema: SCHEMA });

describe("assertAlwaysDenied and assertAlwaysDecided", () => {
  it("assertAlwaysDenied fails on a notapplicable decision, not only on an allow", () => {
    expect(() => assertAlwaysDenied(engine, { schema: SCHEMA, action: "write", runs: 100, seed: 1 })).not.toThrow();
    expect(() => assertNeverAllowed(engine, { schema: SCHEMA, runs: 100, seed: 1 })).not.toThrow();
    expect(() => assertAlwaysDenied(engine, { schema: SCHEMA, runs: 100, seed: 1 })).toThrow(/^invariant: expected always deny, got notapplicable/);
  });

  it("assertAlwaysDecided fails on notapplicable only", () => {
    expect(() => assertAlwaysDecided(engine, { schema: SCHEMA, action: "write", runs: 100, seed: 1 })).not.toThrow();
    expect(() => assertAlwaysDecided(engine, { schema: SCHEMA, runs: 100, seed: 1 })).toThrow(/^invariant: expected never notapplicable, got notapplicable/);
  });
});

describe("an assertion that tested nothing throws", () => {
  it("throws when every generated request is refused by the schema (no counterexample)", () => {
    const result = checkInvariant(engine, { never: "allow" }, { schema: SCHEMA, action: "delete", runs: 50, seed: 1 });
    expect(result.ok).toBe(false);
    expect(result.counterexample).toBeUndefined();
    expect(() => assertNeverAllowed(engine, { schema: SCHEMA, action: "delete", runs: 50, seed: 1 })).toThrow(/refused by the schema/);
    expect(() => assertAlwaysDenied(engine, { schema: SCHEMA, action: "delete", runs: 50, seed: 1 })).toThrow(/refused by the schema/);
  });

  it("throws when `where` starves the run", () => {
    expect(() => assertNeverAllowed(engine, { schema: SCHEMA, where: "subject.id == \"no-such-id-xyz\" and subject.id != \"no-such-id-xyz\"", runs: 50, seed: 1 })).toThrow(
      /`where` rejected too many generated requests/,
    );
  });
});

describe("option checks", () => {
  it("refuses an unknown option instead of ignoring it", () => {
    expect(() => assertNeverAllowed(engine, { schema: SCHEMA, wehre: "true" } as never)).toThrow(TypeError);
    expect(() => assertNeverAllowed(engine, { schema: SCHEMA, wehre: "true" } as never)).toThrow(/wehre/);
    expect(() => checkInvariant(engine, { never: "allow" }, { schema: SCHEMA, action: "write", runz: 5 } as never)).toThrow(TypeError);
  });
});

describe("expectDecision with policy null", () => {
  it("requires that no policy decided", () => {
    const request = { subject: { id: "a" }, resource: "doc:1", action: "write" };
    expect(() => expectDecision(engine, request, "deny", "no_writes")).not.toThrow();
    expect(() => expectDecision(engine, request, "deny")).not.toThrow();
    expect(() => expectDecision(engine, request, "deny", null)).toThrow(/^expected deny by no policy, got deny by `no_writes`/);
    expect(() => expectDecision(engine, { ...request, action: "read" }, "notapplicable", null)).not.toThrow();
  });
});
