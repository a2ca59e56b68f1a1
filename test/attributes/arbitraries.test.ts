import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryOfType, requestArbitrary } from "../../src/attributes/arbitraries.js";
import { pathKey } from "../../src/attributes/attr-type.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { attrTypeOfSchema } from "../../src/attributes/schema-type.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";
import { sampleGlob } from "../../src/attributes/glob-sample.js";
import { collectHints } from "../../src/analysis/hints.js";
import { compile } from "../../src/engine.js";
import { generationHints } from "../../src/testing/runner.js";

const schema = loadAttributeSchema(JSON.parse(readFileSync("policies/schema.json", "utf8"))).schema;
if (schema === null) throw new Error("example schema must load");

describe("arbitraries from attribute schemas", () => {
  it("generate requests that the schema's own validators accept", () => {
    const validate = createRequestValidator(schema);
    fc.assert(
      fc.property(requestArbitrary(schema), (r) => {
        expect(validate(r.subject, r.resource, r.action, r.env)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("respect type, enum, bounds and required members", () => {
    const type = attrTypeOfSchema(
      {
        type: "object",
        properties: { n: { type: "integer", minimum: 3, maximum: 5 }, e: { enum: ["a", "b"] }, s: { type: "string", maxLength: 2 }, o: { type: "boolean" } },
        required: ["n", "e", "s"],
      },
      {},
    );
    fc.assert(
      fc.property(arbitraryOfType(type, ["subject"]), (value) => {
        const v = value as Record<string, unknown>;
        expect(Number.isInteger(v.n) && (v.n as number) >= 3 && (v.n as number) <= 5).toBe(true);
        expect(["a", "b"]).toContain(v.e);
        expect(typeof v.s === "string" && v.s.length <= 2).toBe(true);
        if ("o" in v) expect(typeof v.o).toBe("boolean");
      }),
      { numRuns: 200 },
    );
  });

  it("favour the literal values the policies mention at a path", () => {
    const hints = {
      values: new Map([[pathKey("env", ["hour"]), [8]]]),
      elements: new Map([[pathKey("subject", ["roles"]), ["oncall"]]]),
      globs: new Map(),
      strings: [],
      numbers: [],
    };
    const hour = fc.sample(arbitraryOfType(attrTypeOfSchema({ type: "integer" }, {}), ["env", "hour"], hints), { numRuns: 400, seed: 1 });
    expect(hour.filter((h) => h === 7 || h === 8 || h === 9).length).toBeGreaterThan(150);
    const roles = fc.sample(arbitraryOfType(attrTypeOfSchema({ type: "array", items: { type: "string" } }, {}), ["subject", "roles"], hints), { numRuns: 400, seed: 1 });
    expect(roles.filter((r) => (r as string[]).includes("oncall")).length).toBeGreaterThan(100);
  });

  it("fill interpolations with the generated subject's own value", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's interpolation, not JavaScript's
    const hints = { values: new Map(), elements: new Map(), globs: new Map([[pathKey("env", ["arguments", "path"]), ["/home/${subject.id}/**"]]]), strings: [], numbers: [] };
    const requests = fc.sample(requestArbitrary(schema, hints, { actions: ["tools/call"], resources: ["tool:read_file"] }), { numRuns: 300, seed: 3 });
    const own = requests.filter((r) => (r.env.arguments as { path: string }).path.startsWith(`/home/${r.subject.id}/`));
    expect(own.length).toBeGreaterThan(50);
  });

  it("sample strings that match a glob", () => {
    expect(sampleGlob("tool:read_*")).toEqual(["tool:read_x", "tool:read_data"]);
    expect(sampleGlob("resource:file:///srv/shared/**")).toEqual(["resource:file:///srv/shared/x", "resource:file:///srv/shared/a/b"]);
    expect(sampleGlob("prompt:{a,b}")).toEqual(["prompt:a", "prompt:b"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's interpolation, not JavaScript's
    expect(sampleGlob("/home/${subject.id}/**", (p) => `<${p}>`)).toEqual(["/home/<id>/x", "/home/<id>/a/b"]);
  });
});

describe("arbitraries and hostile schemas", () => {
  it("stay small whatever lengths the schema demands, and report what they cannot give", () => {
    const type = attrTypeOfSchema({ type: "object", properties: { s: { type: "string", minLength: 1e9 }, a: { type: "array", minItems: 1e9 } }, required: ["s", "a"] }, {});
    const problems = new Set<string>();
    // nothing is allocated: the stand-in for what cannot be generated is `null`
    expect(fc.sample(arbitraryOfType(type, ["subject"], undefined, undefined, 0, problems), { numRuns: 1, seed: 1 })).toEqual([null]);
    expect([...problems]).toEqual([
      "`subject.s`: minLength 1000000000 asks for more characters than mcpolicy generates (65536 per request)",
      "`subject.a`: minItems 1000000000 asks for more items than mcpolicy generates (1024 per request)",
    ]);
  });

  it("give an array whose items admit no value as `[]` only, and report it when `minItems` asks for more", () => {
    for (const items of [{ type: "number", const: true }, { type: "number", minimum: 3, maximum: 0 }, false]) {
      const problems = new Set<string>();
      const values = fc.sample(arbitraryOfType(attrTypeOfSchema({ type: "array", items }, {}), ["subject", "tags"], undefined, undefined, 0, problems), { numRuns: 100, seed: 1 });
      expect(new Set(values.map((v) => JSON.stringify(v)))).toEqual(new Set(["[]"]));
      expect([...problems]).toEqual([]);
      const longer = new Set<string>();
      arbitraryOfType(attrTypeOfSchema({ type: "array", items, minItems: 1 }, {}), ["subject", "tags"], undefined, undefined, 0, longer);
      expect([...longer].length).toBe(1);
      expect([...longer][0]).toMatch(/^`subject\.tags\[\]`: /);
    }
  });

  it("report only what no valid value exists for: another type, an optional member left out, an empty array", () => {
    const problems = new Set<string>();
    const schema = {
      type: "object",
      properties: {
        x: { type: ["number", "array"], items: { type: "number", minimum: 3, maximum: 0 } },
        y: { type: "integer", minimum: 3, maximum: 0 },
        z: { type: ["string", "integer"], minLength: 2, maxLength: 1 },
      },
      required: ["x", "z"],
    };
    const values = fc.sample(arbitraryOfType(attrTypeOfSchema(schema, {}), ["subject"], undefined, undefined, 0, problems), { numRuns: 300, seed: 1 }) as Record<string, unknown>[];
    expect([...problems]).toEqual([]);
    expect(values.some((v) => typeof v.x === "number")).toBe(true);
    expect(values.some((v) => Array.isArray(v.x) && v.x.length === 0)).toBe(true);
    expect(values.every((v) => typeof v.x === "number" || (Array.isArray(v.x) && v.x.length === 0))).toBe(true);
    expect(values.every((v) => !Object.hasOwn(v, "y"))).toBe(true);
    expect(values.every((v) => Number.isInteger(v.z))).toBe(true);
    // a required member no value fits: nothing valid at all
    const none = new Set<string>();
    const required = { type: "object", properties: { x: { type: "string", const: 0 } }, required: ["x"] };
    arbitraryOfType(attrTypeOfSchema(required, {}), ["subject"], undefined, undefined, 0, none);
    expect([...none]).toEqual(["`subject`: the schema admits no value here (its `type`, `enum`/`const`, bounds or required members rule out every one)"]);
    // every reason for a required member is given, not only the first
    const both = new Set<string>();
    const ranges = { type: "object", properties: { a: { type: "integer", minimum: 3, maximum: 0 }, b: { type: "string", minLength: 3, maxLength: 0 } }, required: ["a", "b"] };
    arbitraryOfType(attrTypeOfSchema(ranges, {}), ["subject"], undefined, undefined, 0, both);
    expect([...both]).toEqual([
      "`subject.a`: no integer lies between minimum 3 and maximum 0",
      "`subject.b`: no string has at least 3 and at most 0 characters (minLength, maxLength)",
    ]);
  });

  it("generate `__proto__` as an own attribute, never as a prototype", () => {
    const type = attrTypeOfSchema({ type: "object", properties: JSON.parse('{"__proto__": {"type": "string", "const": "x"}}'), required: ["__proto__"] }, {});
    for (const value of fc.sample(arbitraryOfType(type, ["subject"]), { numRuns: 20, seed: 4 })) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toBe("x");
    }
  });
});

describe("arbitraries: what an audit found them missing", () => {
  const sample = (schemaDoc: unknown, path: string[], hints?: Parameters<typeof arbitraryOfType>[2], problems?: Set<string>) =>
    fc.sample(arbitraryOfType(attrTypeOfSchema(schemaDoc, {}), path, hints, undefined, 0, problems), { numRuns: 300, seed: 2 });

  it("give a free-form object the members the policies test with `has`", () => {
    const hints = { values: new Map(), elements: new Map(), globs: new Map(), members: new Map([[pathKey("env", []), ["override_token"]]]), strings: [], numbers: [] };
    const envs = sample({ type: "object" }, ["env"], hints) as Record<string, unknown>[];
    const withToken = envs.filter((e) => Object.hasOwn(e, "override_token")).length;
    // optional: present about half of the time, absent the rest
    expect(withToken).toBeGreaterThan(75);
    expect(withToken).toBeLessThan(300);
    // below an attribute nothing declares, too (`env.ctx has "x"` needs `env.ctx` first)
    const nested = { ...hints, members: new Map([[pathKey("env", ["ctx"]), ["dash-name"]]]) };
    const deep = sample({ type: "object" }, ["env"], nested) as { ctx?: Record<string, unknown> }[];
    expect(deep.some((e) => typeof e.ctx === "object" && e.ctx !== null && Object.hasOwn(e.ctx, "dash-name"))).toBe(true);
  });

  it("favour literals with astral characters that fit the lengths, counted in code points as the validator does", () => {
    const hints = { values: new Map([[pathKey("subject", ["nick"]), ["😀😀", "😀😀😀"]]]), elements: new Map(), globs: new Map(), strings: ["😀"], numbers: [] };
    const nicks = sample({ type: "string", minLength: 1, maxLength: 2 }, ["subject", "nick"], hints) as string[];
    expect(nicks).toContain("😀😀");
    expect(nicks).toContain("😀");
    // three code points are one too many, whatever their UTF-16 length
    expect(nicks).not.toContain("😀😀😀");
  });

  it("generate integers past 32 bits, within the schema's bounds", () => {
    const values = sample({ type: "integer", minimum: 2e9, maximum: 3e9 }, ["subject", "n"]) as number[];
    for (const n of values) expect(Number.isInteger(n) && n >= 2e9 && n <= 3e9).toBe(true);
    expect(values.some((n) => n > 2 ** 31)).toBe(true);
    const huge = sample({ type: "integer", minimum: -(2 ** 60) }, ["subject", "n"]) as number[];
    for (const n of huge) expect(Number.isSafeInteger(n) || n === -(2 ** 60)).toBe(true);
  });

  it("round fractional integer bounds inward, and report a range with no integer", () => {
    expect(new Set(sample({ type: "integer", minimum: 0.5, maximum: 1.7 }, ["subject", "n"]))).toEqual(new Set([1]));
    const problems = new Set<string>();
    expect(() => sample({ type: "integer", minimum: 0.5, maximum: 0.7 }, ["subject", "n"], undefined, problems)).not.toThrow();
    expect([...problems]).toEqual(["`subject.n`: no integer lies between minimum 0.5 and maximum 0.7"]);
  });

  it("meet minimum lengths above their usual caps", () => {
    const strings = sample({ type: "string", minLength: 100, maxLength: 120 }, ["subject", "token"]) as string[];
    for (const s of strings) expect(s.length >= 100 && s.length <= 120).toBe(true);
    const arrays = sample({ type: "array", items: { type: "string" }, minItems: 20 }, ["subject", "tags"]) as unknown[][];
    for (const a of arrays) expect(a.length).toBeGreaterThanOrEqual(20);
    // nested arrays count against one budget: 100 × 100 items is reported, not generated
    const problems = new Set<string>();
    sample({ type: "array", minItems: 100, items: { type: "array", minItems: 100 } }, ["subject", "grid"], undefined, problems);
    expect([...problems]).toEqual(["`subject.grid[]`: minItems 100 asks for more items than mcpolicy generates (1024 per request)"]);
  });

  it("shrink the subject of a counterexample whose failure depends on env", () => {
    const policies = compile('role viewer\nrole editor includes viewer\npolicy w { allow subject role editor action "w" resource "r" when env.n > 5 }');
    const own = loadAttributeSchema({
      subject: {
        type: "object",
        properties: { id: { type: "string" }, roles: { type: "array", items: { type: "string" } }, team: { type: "string" }, age: { type: "integer" } },
        required: ["id", "roles"],
      },
      env: { type: "object", properties: { n: { type: "integer" }, m: { type: "string" } }, required: ["n"] },
      actions: ["w"],
      resources: [{ id: "r" }],
    }).schema;
    if (own === null) throw new Error("schema must load");
    const hints = collectHints(policies.policySet);
    const request = requestArbitrary(own, generationHints(hints), { actionPatterns: hints.actionPatterns, resourcePatterns: hints.resourcePatterns });
    for (const seed of [1, 4, 6, 9]) {
      const details = fc.check(
        fc.property(request, (r) => policies.evaluate(r.subject, r.resource, r.action, r.env).effect !== "allow"),
        { seed },
      );
      const counter = details.counterexample?.[0];
      expect(details.failed, `seed ${seed}`).toBe(true);
      // nothing but what the failure needs: the required id, the one role, the one env value
      expect(Object.keys(counter?.subject ?? {}).sort(), `seed ${seed}`).toEqual(["id", "roles"]);
      expect(counter?.subject.roles, `seed ${seed}`).toEqual(["editor"]);
      expect(counter?.env, `seed ${seed}`).toEqual({ n: 6 });
    }
  });
});
