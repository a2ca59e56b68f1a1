// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
import { describe, expect, it } from "vitest";
import { typecheckPolicySet } from "../../src/analysis/typecheck.js";
import { policyWith, schemaOf, setOf } from "./set-of.js";

const SCHEMA = schemaOf({
  subject: {
    type: "object",
    properties: {
      id: { type: "string" },
      roles: { type: "array", items: { type: "string" } },
      department: { type: "string" },
      tier: { enum: ["free", "pro"] },
      level: { type: "integer" },
      manager: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      org: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
    },
    required: ["id", "roles", "department", "level", "tier"],
  },
  env: {
    type: "object",
    properties: { hour: { type: "integer", minimum: 0, maximum: 23 }, ticket: { type: "string" } },
    required: ["hour"],
  },
  resources: [
    { id: "tool:read_file", arguments: { "tools/call": { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } },
    { id: "tool:search", schema: { type: "object", properties: { owner: { type: "string" } } }, arguments: { "tools/call": { type: "object", properties: { query: { type: "string" } } } } },
  ],
});

function check(conditions: string, resource?: string, effect?: string) {
  return typecheckPolicySet(setOf(policyWith(conditions, resource, effect)), SCHEMA);
}

function codes(conditions: string, resource?: string) {
  return check(conditions, resource).map((d) => d.code);
}

describe("typecheckPolicySet", () => {
  it("accepts conditions that use declared attributes as their types allow", () => {
    expect(check('when subject.department == "eng" and env.hour < 18 and "admin" in subject.roles and env.arguments.path matches "/home/**"')).toEqual([]);
  });

  it("reports an unknown attribute with a did-you-mean and its position", () => {
    const [d] = check('when subject.departmnt == "eng"');
    expect(d).toMatchObject({ code: "E0701", severity: "error", message: "unknown attribute `subject.departmnt`", line: 6, column: 8 });
    expect(d?.help).toBe("did you mean `subject.department`?");
  });

  it("suggests across a transposition of two letters (one edit, as for a short name)", () => {
    const [d] = check("when env.huor < 8");
    expect(d?.help).toBe("did you mean `env.hour`?");
  });

  it("takes a member required by another `allOf` branch as required (no W0710)", async () => {
    const { compile } = await import("../../src/engine.js");
    const { loadAttributeSchema } = await import("../../src/attributes/schema.js");
    const set = compile("policy p { allow subject * action * resource * when subject.p == 1 }").policySet;
    const loaded = loadAttributeSchema({ subject: { allOf: [{ type: "object", properties: { p: { type: "integer" } } }, { type: "object", required: ["p"] }] } });
    if (loaded.schema === null) throw new Error("schema must load");
    expect(typecheckPolicySet(set, loaded.schema)).toEqual([]);
  });

  it("reports `<` between a number attribute and a string", () => {
    const [d] = check('when env.hour < "8"');
    expect(d?.code).toBe("E0703");
    expect(d?.message).toContain("`env.hour`");
  });

  it("reports `in` whose right side is not an array", () => {
    expect(codes('when "eng" in subject.department')).toEqual(["E0704"]);
  });

  it("reports `matches` on a number", () => {
    expect(codes('when subject.level matches "1*"')).toEqual(["E0706"]);
  });

  it("reports comparing a number attribute with a string literal", () => {
    const [d] = check('when env.hour == "8"');
    expect(d).toMatchObject({ code: "E0705" });
    expect(d?.message).toContain("always false");
  });

  it("reports a non-boolean condition", () => {
    expect(codes("when subject.department")).toEqual(["E0707"]);
  });

  it("reports stepping into a string", () => {
    expect(codes('when subject.department.name == "x"')).toEqual(["E0702"]);
  });

  it("warns about an optional attribute read without a `has` guard", () => {
    const [d] = check('when env.ticket == "T-1"');
    expect(d).toMatchObject({ code: "W0710", severity: "warning" });
    expect(d?.help).toContain("env has ticket");
  });

  it("accepts an optional attribute guarded by `has` earlier in the same condition", () => {
    expect(codes('when env has ticket and env.ticket == "T-1"')).toEqual([]);
    expect(codes('when not (env has ticket) or env.ticket == "T-1"')).toEqual([]);
  });

  it("accepts a guard in another condition of the same policy", () => {
    expect(codes('when env.ticket == "T-1"\n  when env has ticket')).toEqual([]);
  });

  it("still warns when the guard comes after the read in the same condition", () => {
    expect(codes('when env.ticket == "T-1" and env has ticket')).toEqual(["W0710"]);
  });

  it("warns when a literal is not one of an enumerated attribute's values", () => {
    expect(codes('when subject.tier == "gold"')).toEqual(["W0711"]);
    expect(codes('when subject.tier == "pro"')).toEqual([]);
  });

  it("types env.arguments by the argument schema of the targeted tool", () => {
    expect(codes('when env.arguments.path matches "/tmp/**"')).toEqual([]);
    expect(codes('when env.arguments.pth matches "/tmp/**"')).toEqual(["E0701"]);
    // the search tool's `query` is optional there
    expect(codes('when env.arguments.query == "x"', '"tool:search"')).toEqual(["W0710"]);
  });

  it("types resource attributes by the targeted resources, always with an id", () => {
    expect(codes('when resource.owner == subject.id', '"tool:search"')).toEqual(["W0710"]);
    expect(codes('when resource.id == "tool:search"', '"tool:search"')).toEqual([]);
    expect(codes('when resource.owner == "x"', '"tool:read_file"')).toEqual(["E0701"]);
  });

  it("checks interpolated subject paths in resource patterns", () => {
    // `subject.org` is optional: a missing one makes the pattern err
    expect(codes("", '"tool:${subject.org.id}"')).toEqual(["W0710"]);
    expect(codes("", '"tool:${subject.id}"')).toEqual([]);
    expect(codes("", '"tool:${subject.orgg.id}"')).toEqual(["E0701"]);
    expect(codes("", '"tool:${subject.roles}"')).toEqual(["E0708"]);
  });

  it("reports unknown members tested with `has` (always false)", () => {
    expect(codes("when env has tiket")).toEqual(["E0701"]);
  });

  it("treats an object schema without declared members as free-form", () => {
    const free = schemaOf({ env: { type: "object" } });
    expect(typecheckPolicySet(setOf(policyWith("when env.anything == 1")), free).map((d) => d.code)).toEqual(["W0710"]);
  });

  it("checks nothing for sections the schema leaves out", () => {
    const none = schemaOf({});
    expect(typecheckPolicySet(setOf(policyWith('when subject.x.y < 3 and env.z matches "a"')), none)).toEqual([]);
  });
});

describe("typecheck on the example policies", () => {
  it("finds nothing in policies/ against policies/schema.json", async () => {
    const { loadPolicyInput } = await import("../../src/cli/policy-input.js");
    const { readAttributeSchemaFile } = await import("../../src/attributes/read-schema-file.js");
    const input = await loadPolicyInput(["policies"]);
    const { schema } = await readAttributeSchemaFile("policies/schema.json");
    if (schema === null) throw new Error("example schema must load");
    expect(typecheckPolicySet(input.set, schema)).toEqual([]);
  });

  it("catches a typo introduced into an example policy", async () => {
    const { readAttributeSchemaFile } = await import("../../src/attributes/read-schema-file.js");
    const { schema } = await readAttributeSchemaFile("policies/schema.json");
    if (schema === null) throw new Error("example schema must load");
    const set = setOf(`policy p {
  deny
  subject *
  action "tools/call"
  resource "tool:query"
  when env.arguments.sq contains "DROP "
}
`);
    const [d] = typecheckPolicySet(set, schema);
    expect(d).toMatchObject({ code: "E0701", message: "unknown attribute `env.arguments.sq`", help: "did you mean `env.arguments.sql`?" });
  });
});

describe("typecheckPolicySet: what the request validator applies, the checker applies", () => {
  const checkWith = (schema: unknown, text: string) => typecheckPolicySet(setOf(text), schemaOf(schema)).map((d) => d.code);

  it("applies keywords beside a `$ref`, as ajv does", () => {
    const withSiblings = {
      $defs: { base: { type: "object", properties: { id: { type: "string" } } } },
      subject: { $ref: "#/$defs/base", type: "object", properties: { dept: { type: "string" } }, required: ["dept"] },
    };
    expect(checkWith(withSiblings, 'policy p { allow subject * action * resource * when subject.dept == "eng" }')).toEqual([]);
    const narrowed = {
      $defs: { sn: { type: ["string", "number"] } },
      subject: { type: "object", properties: { v: { $ref: "#/$defs/sn", type: "string" } }, required: ["v"] },
    };
    expect(checkWith(narrowed, "policy p { allow subject * action * resource * when subject.v < 3 }")).toEqual(["E0703"]);
  });

  it("holds a resource's arguments schema and the env section's `arguments` both", () => {
    const schema = {
      env: { type: "object", properties: { arguments: { type: "object", properties: { trace: { type: "string" } }, required: ["trace"] } }, required: ["arguments"] },
      resources: [{ id: "tool:x", arguments: { "tools/call": { type: "object", properties: { path: { type: "string" } } } } }],
    };
    expect(checkWith(schema, 'policy p { allow subject * action "tools/call" resource "tool:x" when env.arguments.trace == "t" }')).toEqual([]);
  });

  it("does not type env.arguments from one action's schema when the policy names other actions too", () => {
    const schema = {
      actions: ["tools/call", "tools/list"],
      env: { type: "object", properties: { arguments: { type: "object" } } },
      resources: [{ id: "tool:x", arguments: { "tools/call": { type: "object", properties: { n: { type: "string" } }, required: ["n"] } } }],
    };
    // Under tools/list, `n` may be a number: no "always errs".
    expect(checkWith(schema, 'policy p { allow subject * action * resource "tool:x" when env.arguments.n < 5 }')).not.toContain("E0703");
    // Under tools/call alone it is a string: it does.
    expect(checkWith(schema, 'policy p { allow subject * action "tools/call" resource "tool:x" when env.arguments.n < 5 }')).toContain("E0703");
  });

  it("knows members declared in `then`, in an `anyOf` beside `properties` and in `dependencies` (no E0701)", async () => {
    const conditional = {
      subject: {
        type: "object",
        properties: { kind: { enum: ["employee", "contractor"] } },
        required: ["kind"],
        if: { properties: { kind: { const: "contractor" } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword
        then: { properties: { agency: { type: "string" } }, required: ["agency"] },
      },
    };
    const text = 'policy p { deny subject * action "a" resource "r" when subject.kind == "contractor" and subject.agency == "acme" }';
    // declared in one case only: optional (a warning), not unknown
    expect(checkWith(conditional, text)).toEqual(["W0710"]);
    const { compile } = await import("../../src/engine.js");
    expect(compile(text, { schema: conditional, validateRequests: true }).evaluate({ kind: "contractor", agency: "acme" }, "r", "a").effect).toBe("deny");
    // an employee may carry any `agency` (nothing forbids undeclared members there): no E0705
    const numeric = 'policy p { deny subject * action "a" resource "r" when subject has agency and subject.agency == 3 }';
    expect(checkWith(conditional, numeric)).toEqual([]);
    expect(compile(numeric, { schema: conditional, validateRequests: true }).evaluate({ kind: "employee", agency: 3 }, "r", "a").policy).toBe("p");
    // where the other case forbids it, an agency is a string
    expect(checkWith({ subject: { ...conditional.subject, else: { properties: { agency: false } } } }, numeric)).toEqual(["E0705"]);

    const alternatives = {
      subject: { type: "object", properties: { id: { type: "string" } }, anyOf: [{ properties: { team: { type: "string" } } }, { properties: { org: { type: "string" } } }] },
    };
    expect(checkWith(alternatives, 'policy p { allow subject * action * resource * when subject has team and subject.team == "t" }')).toEqual([]);
    expect(checkWith(alternatives, 'policy p { allow subject * action * resource * when subject has tem }')).toEqual(["E0701"]);
    const dependencies = { subject: { type: "object", properties: { card: { type: "string" } }, dependencies: { card: { properties: { billing: { type: "string" } }, required: ["billing"] } } } };
    expect(checkWith(dependencies, 'policy p { allow subject * action * resource * when subject has billing and subject.billing == "b" }')).toEqual([]);
  });

  it("reads `env.arguments` of an id whose entries declare no arguments schema as anything (no E0705)", () => {
    const schema = {
      actions: ["tools/call", "tools/list"],
      resources: [
        { id: "tool:read_file", arguments: { "tools/call": { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } },
        { pattern: "tool:*" },
      ],
    };
    // `tool:other` is named by `tool:*`, has no arguments schema, and may carry `path: 3`
    expect(checkWith(schema, 'policy q { allow subject * action "tools/call" resource "tool:*" when env.arguments.path == 3 }')).not.toContain("E0705");
    // read_file alone: `path` is a string
    expect(checkWith(schema, 'policy q { allow subject * action "tools/call" resource "tool:read_file" when env.arguments.path == 3 }')).toEqual(["E0705"]);
  });

  it("does not call `contains` always false on a value that may be a string or an array", () => {
    const schema = { subject: { type: "object", properties: { sa: { type: ["string", "array"], items: { type: "number" } } }, required: ["sa"] } };
    expect(checkWith(schema, 'policy p { allow subject * action * resource * when subject.sa contains "x" }')).toEqual([]);
  });
});

describe("typecheckPolicySet: subject targets", () => {
  const checkWith = (schema: unknown, text: string) => typecheckPolicySet(setOf(text), schemaOf(schema));

  it("reports a target on a field the schema declares with a type it can never have there (E0709)", () => {
    const schema = {
      subject: {
        type: "object",
        properties: { id: { type: "integer" }, roles: { type: "string" }, groups: { type: "array", items: { type: "number" } } },
        required: ["id", "roles", "groups"],
      },
    };
    const found = checkWith(schema, "policy p { allow subject user alice or role admin or group ops action * resource * }");
    expect(found.map((d) => d.code)).toEqual(["E0709", "E0709", "E0709"]);
    expect(found[1]?.message).toBe("`subject role` needs `subject.roles` to be an array of strings; the schema declares string: the target always errs");
  });

  it("accepts targets on fields of the right type, optional ones, and undeclared ones in an open object", () => {
    const schema = { subject: { type: "object", properties: { id: { type: "string" }, roles: { type: "array", items: { type: "string" } } } } };
    expect(checkWith(schema, "policy p { allow subject user alice or role admin or group ops action * resource * }")).toEqual([]);
  });
});

describe("typecheckPolicySet: guarded interpolations", () => {
  const schema = { subject: { type: "object", properties: { org: { type: "string" } } } };
  const codesWith = (text: string) => typecheckPolicySet(setOf(text), schemaOf(schema)).map((d) => d.code);

  it("counts a `has` guard before an interpolating `matches`, and a condition's guard for an interpolated resource pattern", () => {
    expect(codesWith('policy p { allow subject * action * resource * when subject has org and resource.id matches "doc:${subject.org}" }')).toEqual([]);
    expect(codesWith('policy p { allow subject * action * resource "doc:${subject.org}" when subject has org }')).toEqual([]);
    // Unguarded, both still warn.
    expect(codesWith('policy p { allow subject * action * resource "doc:${subject.org}" }')).toEqual(["W0710"]);
  });
});

describe("typecheckPolicySet: interpolations that always err", () => {
  const codesFor = (member: unknown) =>
    typecheckPolicySet(
      setOf('policy p { allow subject * action * resource "doc:${subject.x}/*" }'),
      schemaOf({ subject: { type: "object", properties: { x: member }, required: ["x"] } }),
    ).map((d) => d.code);

  it("reports a value that can only be empty, `.`, `..` or hold `/` (E0708)", () => {
    for (const member of [{ const: "a/b" }, { enum: [".", ".."] }, { type: "string", maxLength: 0 }]) expect(codesFor(member), JSON.stringify(member)).toEqual(["E0708"]);
    for (const member of [{ enum: ["a", "a/b"] }, { type: "string" }, { type: ["string", "number"], maxLength: 0 }]) expect(codesFor(member), JSON.stringify(member)).toEqual([]);
  });
});

describe("typecheckPolicySet: patternProperties", () => {
  it("types a member by the patterns' schemas when additionalProperties is false", () => {
    const schema = schemaOf({ subject: { type: "object", patternProperties: { "^x_": { type: "string" } }, additionalProperties: false } });
    const codes = (text: string) => typecheckPolicySet(setOf(text), schema).map((d) => d.code);
    expect(codes("policy p { allow subject * action * resource * when subject.x_1 < 3 }")).toContain("E0703");
    expect(codes('policy p { allow subject * action * resource * when subject has x_1 and subject.x_1 == "a" }')).toEqual([]);
  });
});
