import { describe, expect, it } from "vitest";
import { collectHints } from "../../src/analysis/hints.js";
import { inferSchemaDocument } from "../../src/analysis/infer-schema.js";
import { pathKey } from "../../src/attributes/attr-type.js";
import { setOf } from "./set-of.js";

const SET = setOf(`role editor includes viewer
policy p {
  deny
  subject role admin or user alice or group oncall
  action "tools/call"
  resource "tool:write_*"
  when env.hour < 8 or "x" in subject.tags or subject.level in [1, 2]
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's interpolation, not JavaScript's
  when env.arguments.path matches "/home/\${subject.id}/**" and env.arguments.sql contains "DROP "
  unless env has maintenance and env.maintenance == true
}
`);

describe("collectHints", () => {
  it("collects the literals each attribute path is tested against", () => {
    const hints = collectHints(SET);
    expect(hints.values.get(pathKey("env", ["hour"]))).toEqual([8]);
    expect(hints.values.get(pathKey("subject", ["level"]))).toEqual([1, 2]);
    expect(hints.elements.get(pathKey("subject", ["tags"]))).toEqual(["x"]);
    expect(hints.elements.get(pathKey("env", ["arguments", "sql"]))).toEqual(["DROP "]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's interpolation, not JavaScript's
    expect(hints.globs.get(pathKey("env", ["arguments", "path"]))).toEqual(["/home/${subject.id}/**"]);
    expect(hints.values.get(pathKey("env", ["maintenance"]))).toEqual([true]);
  });

  it("collects the member names tested with `has`, bare or quoted", () => {
    const hints = collectHints(setOf('policy p { allow subject * action "a" resource "r" when env has override_token or env.ctx has "dash-name" }'));
    expect(hints.members.get(pathKey("env", []))).toEqual(["override_token"]);
    expect(hints.members.get(pathKey("env", ["ctx"]))).toEqual(["dash-name"]);
  });

  it("collects names from subject targets and role declarations, and the patterns", () => {
    const hints = collectHints(SET);
    expect([...hints.roles].sort()).toEqual(["admin", "editor", "viewer"]);
    expect(hints.users).toEqual(["alice"]);
    expect(hints.groups).toEqual(["oncall"]);
    expect(hints.actionPatterns).toEqual(["tools/call"]);
    expect(hints.resourcePatterns).toEqual(["tool:write_*"]);
  });
});

describe("inferSchemaDocument", () => {
  it("types paths by use and makes `has`-guarded ones optional", () => {
    const doc = inferSchemaDocument(SET) as { subject: Record<string, unknown>; env: Record<string, unknown>; resources: unknown[] };
    expect(doc.env).toEqual({
      type: "object",
      properties: { hour: { type: "number" }, maintenance: { type: "boolean" } },
      required: ["hour"],
    });
    expect(doc.subject).toMatchObject({
      properties: {
        tags: { type: "array", items: { type: "string" } },
        level: { type: "number" },
        id: { type: "string" },
      },
    });
    expect(doc.resources).toEqual([
      {
        pattern: "tool:write_*",
        arguments: {
          "tools/call": {
            type: "object",
            properties: { path: { type: "string" }, sql: { type: ["array", "string"], items: { type: "string" } } },
            required: ["path", "sql"],
          },
        },
      },
    ]);
  });
});

describe("inferSchemaDocument: attributes compared with a list literal", () => {
  it("are arrays of the elements' types, so the starter schema type-checks and the invariants see such lists", async () => {
    const { compile } = await import("../../src/engine.js");
    const { typecheckPolicySet } = await import("../../src/analysis/typecheck.js");
    const { loadAttributeSchema } = await import("../../src/attributes/schema.js");
    const set = compile('policy p { allow subject * action "x" resource "r" when subject.tags == ["vip"] or subject.ids != [1, 2] }').policySet;
    const doc = inferSchemaDocument(set) as { subject: { properties: Record<string, unknown> } };
    expect(doc.subject.properties.tags).toEqual({ type: "array", items: { type: "string" } });
    expect(doc.subject.properties.ids).toEqual({ type: "array", items: { type: "number" } });
    const loaded = loadAttributeSchema(doc);
    expect(loaded.diagnostics).toEqual([]);
    expect(typecheckPolicySet(set, loaded.schema as NonNullable<typeof loaded.schema>).filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("inferSchemaDocument: the starter schema admits what the policies decide", () => {
  it("with `resource *`, `action *`, action globs, resource attributes read for some resources only, fractional values", async () => {
    const { compile } = await import("../../src/engine.js");
    const text = `
policy admin { allow subject role admin action * resource * }
policy owner { allow subject * action "docs/read" resource "doc:*" when resource.owner == subject.id }
policy custom { allow subject role ops action "custom/*" resource "tool:x" when env.load > 5 }`;
    const schema = inferSchemaDocument(compile(text).policySet);
    const strict = compile(text, { schema, validateRequests: true });
    const admin = { id: "root", roles: ["admin"] };
    // Decided without validation; each must also pass the inferred schema.
    for (const [subject, resource, action, env] of [
      // (env.load is read unguarded, so init requires it of every request: documented)
      [admin, "tool:other", "admin/reset", { load: 1 }],
      [admin, "tool:x", "tools/call", { load: 1 }],
      [{ id: "o", roles: ["ops"] }, "tool:x", "custom/run", { load: 6.5 }],
    ] as const) {
      const decision = strict.evaluate(subject, resource, action, env);
      expect(decision.errors, `${resource} ${action}`).toEqual([]);
      expect(decision.allowed).toBe(true);
    }
    expect(strict.evaluate({ id: "u", roles: [] }, { id: "doc:1", owner: "u" }, "docs/read", { load: 0 }).allowed).toBe(true);
  });
});
