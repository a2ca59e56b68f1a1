// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written literally.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sourceFileFromJson } from "../../src/schema/ast-json.js";
import { parse } from "../../src/syntax/parse.js";
import { printSourceFile } from "../../src/syntax/printer.js";
import { sourceFileArb, stripSpans } from "../arbitraries/ast.js";

const RUNS = Number(process.env.MCPOLICY_PROPERTY_RUNS ?? 300);

const SOURCE = `role editor includes viewer

policy "own-home" {
  allow
  priority 3
  subject role editor or group staff
  action "tools/call"
  resource "tool:write_file"
  when env.arguments.path matches "/home/\${subject.id}/**" and not env.hour < 8
  unless subject has suspended
}
`;

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("sourceFileFromJson", () => {
  it("turns source → AST → JSON back into the same AST", () => {
    const parsed = parse(SOURCE, "home.mcpolicy");
    expect(parsed.diagnostics).toEqual([]);
    const result = sourceFileFromJson(json(parsed.ast), "home.mcpolicy");
    expect(result.diagnostics).toEqual([]);
    expect(stripSpans(result.ast)).toEqual(stripSpans(parsed.ast));
    expect(result.ast?.declarations[1]?.span).toEqual(parsed.ast.declarations[1]?.span);
  });

  it("accepts every valid AST without spans and fills synthetic spans", () => {
    fc.assert(
      fc.property(sourceFileArb, (ast) => {
        const input = json(stripSpans(ast)) as Record<string, unknown>;
        const result = sourceFileFromJson(input, ast.name);
        expect(result.diagnostics).toEqual([]);
        // JSON has no -0: compare with the AST as JSON carries it.
        expect(stripSpans(result.ast)).toEqual(json(stripSpans(ast)));
        expect(result.ast?.span).toEqual({ source: ast.name, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } });
      }),
      { numRuns: RUNS },
    );
  });

  it("reports schema violations with a JSON pointer", () => {
    const ast = json(parse(SOURCE, "x").ast) as { declarations: { effect?: string; kind: string }[] };
    (ast.declarations[1] as { effect: string }).effect = "maybe";
    const result = sourceFileFromJson(ast, "x.json");
    expect(result.ast).toBeNull();
    expect(result.diagnostics[0]).toMatchObject({ code: "E0601", source: "x.json", line: 1, column: 1 });
    expect(result.diagnostics.map((d) => d.message).join("\n")).toContain("`/declarations/1/effect`");
  });

  it("rejects unknown properties and unknown node kinds", () => {
    const extra = sourceFileFromJson({ kind: "SourceFile", declarations: [], extra: 1 });
    expect(extra.diagnostics[0]?.message).toContain("must NOT have additional properties `extra`");
    const kind = sourceFileFromJson({ kind: "SourceFile", declarations: [{ kind: "Rule" }] });
    expect(kind.ast).toBeNull();
    expect(kind.diagnostics[0]?.message).toContain("/declarations/0");
  });

  it("applies the static rules of source text, pointing at the declaration", () => {
    const ast = json(parse(SOURCE, "x").ast) as { declarations: unknown[] };
    const bad = {
      kind: "SourceFile",
      declarations: [
        ast.declarations[0],
        {
          kind: "Policy",
          name: { kind: "Name", value: "bad" },
          effect: "allow",
          priority: 0,
          subject: { kind: "AnySubject" },
          action: { kind: "PatternList", patterns: [{ kind: "Pattern", value: "tools/${subject.id}" }] },
          resource: { kind: "AnyPattern" },
          conditions: [{ kind: "Condition", mode: "when", expr: { kind: "Path", root: "action", members: ["x"] } }],
        },
      ],
    };
    const result = sourceFileFromJson(bad, "bad.json");
    expect(result.ast).toBeNull();
    expect(result.diagnostics.length).toBeGreaterThanOrEqual(2);
    for (const d of result.diagnostics) expect(d.message).toContain("`/declarations/1` (policy `bad`)");
  });

  it("rejects duplicate policy names within the source", () => {
    const one = json(parse('policy a { allow subject * action * resource * }', "x").ast) as { declarations: unknown[] };
    const result = sourceFileFromJson({ kind: "SourceFile", declarations: [one.declarations[0], one.declarations[0]] }, "dup");
    expect(result.ast).toBeNull();
    expect(result.diagnostics.some((d) => d.message.includes("/declarations/1"))).toBe(true);
  });

  it("never throws and rejects what is not plain JSON", () => {
    const getter = { kind: "SourceFile", get declarations() { return []; } };
    const cyclic: Record<string, unknown> = { kind: "SourceFile" };
    cyclic.declarations = [cyclic];
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const input of [undefined, null, 42, "text", [], new Date(), getter, cyclic, revoked.proxy, { kind: "SourceFile", declarations: [NaN] }, Object.create({ kind: "SourceFile", declarations: [] })]) {
      const result = sourceFileFromJson(input, "in");
      expect(result.ast).toBeNull();
      expect(result.diagnostics.length).toBeGreaterThan(0);
      expect(result.diagnostics[0]?.code).toMatch(/^E060[01]$/);
    }
  });

  it("bounds depth before validating: a 100,000-deep Not chain is a diagnostic", () => {
    let expr: unknown = { kind: "Literal", value: true };
    for (let i = 0; i < 100_000; i++) expr = { kind: "Not", operand: expr };
    const policy = {
      kind: "Policy",
      name: { kind: "Name", value: "deep" },
      effect: "allow",
      priority: 0,
      subject: { kind: "AnySubject" },
      action: { kind: "AnyPattern" },
      resource: { kind: "AnyPattern" },
      conditions: [{ kind: "Condition", mode: "when", expr }],
    };
    const result = sourceFileFromJson({ kind: "SourceFile", declarations: [policy] }, "deep");
    expect(result.ast).toBeNull();
    expect(result.diagnostics[0]?.message).toContain("nested deeper than");
  });

  it("reports nesting beyond the language limit as the parser does", () => {
    let expr: unknown = { kind: "Literal", value: true };
    for (let i = 0; i < 80; i++) expr = { kind: "Not", operand: expr };
    const policy = {
      kind: "Policy",
      name: { kind: "Name", value: "deep" },
      effect: "allow",
      priority: 0,
      subject: { kind: "AnySubject" },
      action: { kind: "AnyPattern" },
      resource: { kind: "AnyPattern" },
      conditions: [{ kind: "Condition", mode: "when", expr }],
    };
    const result = sourceFileFromJson({ kind: "SourceFile", declarations: [policy] }, "deep");
    expect(result.ast).toBeNull();
    expect(result.diagnostics[0]?.message).toContain("/declarations/0");
  });

  it("lists several schema errors for small inputs and only the first for very large ones", () => {
    const bad = (n: number) => ({ kind: "SourceFile", declarations: Array.from({ length: n }, () => ({ kind: "RoleDecl", name: 1, includes: [] })) });
    expect(sourceFileFromJson(bad(3), "small").diagnostics.length).toBe(3);
    const started = performance.now();
    const large = sourceFileFromJson(bad(50_000), "large");
    expect(large.diagnostics).toHaveLength(1);
    expect(large.diagnostics[0]?.message).toContain("/declarations/0/name");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("keeps the name given over the name in the JSON", () => {
    const result = sourceFileFromJson({ kind: "SourceFile", name: "inner", declarations: [] }, "outer");
    expect(result.ast?.name).toBe("outer");
    expect(sourceFileFromJson({ kind: "SourceFile", name: "inner", declarations: [] }).ast?.name).toBe("inner");
  });

  it("prints the AST it returns exactly like the source it came from", () => {
    const parsed = parse(SOURCE, "x");
    const result = sourceFileFromJson(json(parsed.ast), "x");
    expect(result.ast && printSourceFile(result.ast)).toBe(SOURCE);
  });
});

describe("sourceFileFromJson on hostile input", () => {
  it("never throws on any value and returns an AST only without errors", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBigInt: true, withDate: true, withMap: true }), (value) => {
        const result = sourceFileFromJson(value, "any");
        expect(result.ast === null).toBe(result.diagnostics.some((d) => d.severity === "error"));
        expect(result.diagnostics.filter((d) => d.message.includes("internal error"))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("never throws on a valid AST with one value replaced anywhere", () => {
    const mutated = fc
      .tuple(sourceFileArb, fc.nat(), fc.oneof(fc.jsonValue(), fc.constantFrom("Not", "And", -0, 1.5, "", "__proto__")))
      .map(([ast, pick, replacement]) => {
        const json = JSON.parse(JSON.stringify(ast)) as unknown;
        const slots: { holder: Record<string, unknown>; key: string }[] = [];
        const visit = (node: unknown) => {
          if (node === null || typeof node !== "object") return;
          for (const [key, child] of Object.entries(node)) {
            slots.push({ holder: node as Record<string, unknown>, key });
            visit(child);
          }
        };
        visit(json);
        const slot = slots[pick % Math.max(slots.length, 1)];
        if (slot !== undefined) slot.holder[slot.key] = replacement;
        return json;
      });
    fc.assert(
      fc.property(mutated, (value) => {
        const result = sourceFileFromJson(value, "mutated");
        expect(result.diagnostics.filter((d) => d.message.includes("internal error") || d.code === "E0602")).toEqual([]);
        if (result.ast !== null) expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        else expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});
