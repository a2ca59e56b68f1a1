/**
 * Branches of policy-types.ts the other tests leave out, observed through the type
 * check: a resource id the policy names literally that only a glob entry covers, an
 * entry whose schema is any value, and argument schemas declared for other actions only.
 */
import { describe, expect, it } from "vitest";
import { typecheckPolicySet } from "../../src/analysis/typecheck.js";
import { schemaOf, setOf } from "./set-of.js";

function check(schema: unknown, action: string, resource: string, condition: string): string[] {
  const text = `policy p {\n  allow\n  subject *\n  action "${action}"\n  resource "${resource}"\n  ${condition}\n}\n`;
  return typecheckPolicySet(setOf(text), schemaOf(schema)).map((d) => `${d.code} ${d.message}`);
}

const GLOBBED = {
  resources: [{ pattern: "tool:*", schema: { type: "object", properties: { owner: { type: "string" } }, required: ["owner"] } }],
};

describe("policyTypes", () => {
  it("a literal resource id only a glob entry covers takes that entry's schema", () => {
    expect(check(GLOBBED, "tools/call", "tool:a", 'when resource.owner == "me"')).toEqual([]);
    expect(check(GLOBBED, "tools/call", "tool:a", "when resource.owner == 1")[0]).toMatch(/^E0705 /);
    expect(check(GLOBBED, "tools/call", "tool:a", 'when resource.ownr == "me"')[0]).toMatch(/^E0701 unknown attribute `resource.ownr`/);
  });

  it("an entry whose schema accepts anything: any member of the resource may be read (no E0701)", () => {
    const schema = { resources: [{ id: "r", schema: {} }] };
    expect(check(schema, "a", "r", "when resource.anything == 1").filter((d) => d.startsWith("E"))).toEqual([]);
  });

  it("argument schemas declared for another action only say nothing about this policy's `env.arguments`", () => {
    const schema = {
      resources: [{ id: "tool:x", arguments: { "tools/call": { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } }],
    };
    // For `tools/call` the arguments are typed: `q` is unknown, `path` a string.
    expect(check(schema, "tools/call", "tool:x", "when env.arguments.q == 1")[0]).toMatch(/^E0701 unknown attribute `env.arguments.q`/);
    expect(check(schema, "tools/call", "tool:x", "when env.arguments.path == 1")[0]).toMatch(/^E0705 /);
    // For `prompts/get` nothing is declared: any member, any type, no error.
    expect(check(schema, "prompts/get", "tool:x", "when env.arguments.q == 1").filter((d) => d.startsWith("E"))).toEqual([]);
    expect(check(schema, "prompts/get", "tool:x", "when env.arguments.path == 1").filter((d) => d.startsWith("E"))).toEqual([]);
  });
});
