// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy text spells `${subject.PATH}` literally
import { describe, expect, it } from "vitest";
import { stripSpans } from "../../src/syntax/strip-spans.js";
import { exprOf, onlyPolicy, parseClean } from "./helpers.js";

const path = (root: string, ...members: string[]) => ({ kind: "Path", root, members });
const lit = (value: string | number | boolean | null) => ({ kind: "Literal", value });

describe("declarations", () => {
  it("reads an empty source as no declarations", () => {
    expect(stripSpans(parseClean("", "empty.mcpolicy"))).toEqual({
      kind: "SourceFile",
      name: "empty.mcpolicy",
      declarations: [],
    });
  });

  it("reads a role declaration with and without includes", () => {
    expect(stripSpans(parseClean('role viewer\nrole editor includes viewer, "power user"').declarations)).toEqual([
      { kind: "RoleDecl", name: { kind: "Name", value: "viewer" }, includes: [] },
      {
        kind: "RoleDecl",
        name: { kind: "Name", value: "editor" },
        includes: [
          { kind: "Name", value: "viewer" },
          { kind: "Name", value: "power user" },
        ],
      },
    ]);
  });

  it("keeps roles and policies in source order", () => {
    const ast = parseClean("role a\npolicy p { deny subject * action * resource * }\nrole b");
    expect(ast.declarations.map((d) => `${d.kind}:${d.name.value}`)).toEqual(["RoleDecl:a", "Policy:p", "RoleDecl:b"]);
  });

  it("normalizes a policy whose clauses come in any order", () => {
    const policy = onlyPolicy(`policy "any order" {
      resource "r"
      when env.a
      action "x", "y"
      priority -5
      unless env.b
      subject user alice
      deny
    }`);
    expect(stripSpans(policy)).toEqual({
      kind: "Policy",
      name: { kind: "Name", value: "any order" },
      effect: "deny",
      priority: -5,
      subject: {
        kind: "SubjectMatchers",
        alternatives: [{ kind: "SubjectAlternative", attribute: "user", names: [{ kind: "Name", value: "alice" }] }],
      },
      action: {
        kind: "PatternList",
        patterns: [
          { kind: "Pattern", value: "x" },
          { kind: "Pattern", value: "y" },
        ],
      },
      resource: { kind: "PatternList", patterns: [{ kind: "Pattern", value: "r" }] },
      conditions: [
        { kind: "Condition", mode: "when", expr: path("env", "a") },
        { kind: "Condition", mode: "unless", expr: path("env", "b") },
      ],
    });
  });

  it("defaults the priority to 0", () => {
    expect(onlyPolicy("policy p { allow subject * action * resource * }").priority).toBe(0);
  });

  it("reads `subject *` and bare `*` patterns as the any-forms", () => {
    const policy = onlyPolicy("policy p { allow subject * action * resource * }");
    expect([policy.subject.kind, policy.action.kind, policy.resource.kind]).toEqual([
      "AnySubject",
      "AnyPattern",
      "AnyPattern",
    ]);
  });

  it("reads subject alternatives joined by `or`", () => {
    const policy = onlyPolicy(
      'policy p { allow subject user alice, "bob smith" or role admin or group ops, dev action * resource * }',
    );
    expect(stripSpans(policy.subject)).toEqual({
      kind: "SubjectMatchers",
      alternatives: [
        {
          kind: "SubjectAlternative",
          attribute: "user",
          names: [
            { kind: "Name", value: "alice" },
            { kind: "Name", value: "bob smith" },
          ],
        },
        { kind: "SubjectAlternative", attribute: "role", names: [{ kind: "Name", value: "admin" }] },
        {
          kind: "SubjectAlternative",
          attribute: "group",
          names: [
            { kind: "Name", value: "ops" },
            { kind: "Name", value: "dev" },
          ],
        },
      ],
    });
  });
});

describe("expressions", () => {
  it("reads literals", () => {
    expect(exprOf('"s"')).toEqual(lit("s"));
    expect(exprOf("1.5")).toEqual(lit(1.5));
    expect(exprOf("true")).toEqual(lit(true));
    expect(exprOf("false")).toEqual(lit(false));
    expect(exprOf("null")).toEqual(lit(null));
  });

  it("reads lists of literals, empty ones included", () => {
    expect(exprOf('env.x in ["a", 1, true, null]')).toEqual({
      kind: "In",
      left: path("env", "x"),
      right: { kind: "List", items: [lit("a"), lit(1), lit(true), lit(null)] },
    });
    expect(exprOf("env.x in []")).toMatchObject({ right: { kind: "List", items: [] } });
  });

  it("reads every path root, with `.name` and `[\"name\"]` steps in order", () => {
    expect(exprOf('subject.a["b c"].d')).toEqual(path("subject", "a", "b c", "d"));
    expect(exprOf('resource["x"]')).toEqual(path("resource", "x"));
    expect(exprOf("action")).toEqual(path("action"));
    expect(exprOf("env")).toEqual(path("env"));
  });

  it("flattens `a and b and c` into one node", () => {
    expect(exprOf("env.a and env.b and env.c")).toEqual({
      kind: "And",
      operands: [path("env", "a"), path("env", "b"), path("env", "c")],
    });
  });

  it("binds `and` tighter than `or`", () => {
    expect(exprOf("env.a or env.b and env.c or env.d")).toEqual({
      kind: "Or",
      operands: [path("env", "a"), { kind: "And", operands: [path("env", "b"), path("env", "c")] }, path("env", "d")],
    });
  });

  it("does not make nodes for parentheses", () => {
    expect(exprOf("((env.a or env.b)) and env.c")).toEqual({
      kind: "And",
      operands: [{ kind: "Or", operands: [path("env", "a"), path("env", "b")] }, path("env", "c")],
    });
    expect(exprOf("(env.a)")).toEqual(path("env", "a"));
  });

  it("keeps a parenthesized `and` inside an `and` as its own node", () => {
    expect(exprOf("env.a and (env.b and env.c)")).toEqual({
      kind: "And",
      operands: [path("env", "a"), { kind: "And", operands: [path("env", "b"), path("env", "c")] }],
    });
  });

  it("reads `not` as binding tighter than `and`, and nested `not`s", () => {
    expect(exprOf("not env.a and env.b")).toEqual({
      kind: "And",
      operands: [{ kind: "Not", operand: path("env", "a") }, path("env", "b")],
    });
    expect(exprOf("not not env.a")).toEqual({ kind: "Not", operand: { kind: "Not", operand: path("env", "a") } });
  });

  it("reads `not` over a whole test", () => {
    expect(exprOf('not env.a == "x"')).toEqual({
      kind: "Not",
      operand: { kind: "Compare", op: "==", left: path("env", "a"), right: lit("x") },
    });
  });

  it("reads `in`, `contains`, `matches` and `has`", () => {
    expect(exprOf('"admin" in subject.roles')).toEqual({ kind: "In", left: lit("admin"), right: path("subject", "roles") });
    expect(exprOf('subject.roles contains "admin"')).toEqual({
      kind: "Contains",
      left: path("subject", "roles"),
      right: lit("admin"),
    });
    expect(exprOf('resource.id matches "tool:${subject.id}/*"')).toEqual({
      kind: "Matches",
      left: path("resource", "id"),
      pattern: { kind: "Pattern", value: "tool:${subject.id}/*" },
    });
    expect(exprOf("subject has department")).toEqual({ kind: "Has", left: path("subject"), member: "department" });
    expect(exprOf('subject.a has "b c"')).toEqual({ kind: "Has", left: path("subject", "a"), member: "b c" });
    expect(exprOf("subject has role")).toEqual({ kind: "Has", left: path("subject"), member: "role" });
  });

  it("compares any operands, parenthesized expressions included", () => {
    expect(exprOf("(env.a or env.b) == true")).toEqual({
      kind: "Compare",
      op: "==",
      left: { kind: "Or", operands: [path("env", "a"), path("env", "b")] },
      right: lit(true),
    });
  });
});
