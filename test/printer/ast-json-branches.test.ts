/**
 * Branches of the JSON form (src/schema/ast-json.ts, src/schema/plain-json.ts) the other
 * tests do not reach: the cap on listed schema errors, `priority -0`, whole-source
 * diagnostics of the re-parse, and every refusal of the plain-JSON copy (node count,
 * string size, huge sparse arrays, holes and accessors in arrays, symbol keys,
 * non-enumerable properties, `__proto__`/`constructor` keys).
 */
import { describe, expect, it } from "vitest";
import { sourceFileFromJson } from "../../src/schema/ast-json.js";
import { toPlainJson } from "../../src/schema/plain-json.js";

const policy = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: "Policy",
  name: { kind: "Name", value: name },
  effect: "allow",
  priority: 0,
  subject: { kind: "AnySubject" },
  action: { kind: "AnyPattern" },
  resource: { kind: "AnyPattern" },
  conditions: [],
  ...extra,
});
const file = (...declarations: unknown[]) => ({ kind: "SourceFile", declarations });
const BOUNDS = { maxDepth: 10, maxNodes: 5, maxStringUnits: 6 };

describe("sourceFileFromJson branches", () => {
  it("lists at most 50 schema errors and says how many more there are", () => {
    const bad = file(...Array.from({ length: 60 }, () => ({ kind: "RoleDecl", name: 1, includes: [] })));
    const { ast, diagnostics } = sourceFileFromJson(bad, "many.json");
    expect(ast).toBeNull();
    expect(diagnostics).toHaveLength(51);
    expect(diagnostics.slice(0, 50).every((d) => d.code === "E0601" && d.message.includes("/name"))).toBe(true);
    expect(diagnostics[50]).toMatchObject({ code: "E0601", severity: "error", source: "many.json", message: "invalid JSON AST: 10 more schema errors" });
  });

  it("reads `priority -0` as priority 0 (JSON.parse keeps -0)", () => {
    const parsed = JSON.parse('{"kind":"SourceFile","declarations":[{"kind":"Policy","name":{"kind":"Name","value":"z"},"effect":"deny","priority":-0,"subject":{"kind":"AnySubject"},"action":{"kind":"AnyPattern"},"resource":{"kind":"AnyPattern"},"conditions":[]}]}');
    expect(Object.is(parsed.declarations[0].priority, -0)).toBe(true);
    const { ast, diagnostics } = sourceFileFromJson(parsed, "z.json");
    expect(diagnostics).toEqual([]);
    const priority = (ast?.declarations[0] as { priority: number } | undefined)?.priority;
    expect(Object.is(priority, 0)).toBe(true);
  });

  it("does not pin a too-large source on the first declaration", () => {
    // 150 patterns of 30,000 `é` (2 bytes each in UTF-8): within the JSON bounds (4.5 M
    // code units), but the printed source is over the 8 MiB source limit.
    const value = "é".repeat(30_000);
    const declarations = Array.from({ length: 150 }, (_, i) =>
      policy(`p${i}`, { action: { kind: "PatternList", patterns: [{ kind: "Pattern", value }] } }),
    );
    const { ast, diagnostics } = sourceFileFromJson(file(...declarations), "big.json");
    expect(ast).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "E0401", severity: "error", source: "big.json", line: 1, column: 1 });
    expect(diagnostics[0]?.message).toMatch(/^source is too large \(\d+ bytes; the limit is 8388608\)$/);
  });

  it("refuses an array whose length is over the node bound before allocating it", () => {
    const sparse: unknown[] = [];
    sparse.length = 2 ** 32 - 1;
    const started = performance.now();
    const { ast, diagnostics } = sourceFileFromJson({ kind: "SourceFile", declarations: sparse }, "sparse.json");
    expect(ast).toBeNull();
    expect(diagnostics[0]).toMatchObject({ code: "E0600", message: "invalid JSON AST at `/declarations`: more than 2000000 values" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("keeps `__proto__` and `constructor` keys as data and rejects them as unknown properties", () => {
    for (const key of ["__proto__", "constructor"]) {
      const text = `{"kind":"SourceFile","declarations":[],"${key}":{"kind":"Policy","polluted":true}}`;
      const { ast, diagnostics } = sourceFileFromJson(JSON.parse(text), "proto.json");
      expect(ast).toBeNull();
      expect(diagnostics[0]?.message).toContain(`must NOT have additional properties \`${key}\``);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("toPlainJson refusals", () => {
  it("bounds the number of values", () => {
    expect(toPlainJson([1, 2, 3, 4], BOUNDS)).toMatchObject({ ok: true, nodes: 5 });
    expect(toPlainJson([1, 2, 3, 4, 5], BOUNDS)).toEqual({ ok: false, pointer: "/4", message: "more than 5 values" });
    // Shared subtrees count every time they are reached: a DAG cannot blow up the copy.
    let shared: unknown = 0;
    for (let i = 0; i < 64; i++) shared = [shared, shared];
    expect(toPlainJson(shared, { maxDepth: 100, maxNodes: 1000, maxStringUnits: 10 })).toMatchObject({ ok: false, message: "more than 1000 values" });
  });

  it("bounds the total size of strings and keys", () => {
    expect(toPlainJson(["abc", "def"], BOUNDS)).toMatchObject({ ok: true });
    expect(toPlainJson(["abc", "defg"], BOUNDS)).toEqual({ ok: false, pointer: "/1", message: "strings are too large in total" });
    // Keys count too: `abcd` (4) + `xyz` (3).
    expect(toPlainJson({ abcd: "xyz" }, BOUNDS)).toEqual({ ok: false, pointer: "/abcd", message: "strings are too large in total" });
  });

  it("refuses an array longer than the node bound without reading it", () => {
    const sparse: unknown[] = [];
    sparse.length = 6;
    expect(toPlainJson(sparse, BOUNDS)).toEqual({ ok: false, pointer: "", message: "more than 5 values" });
  });

  it("refuses holes and accessor elements in arrays", () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point.
    expect(toPlainJson([1, , 3], BOUNDS)).toEqual({ ok: false, pointer: "/1", message: "array elements must be data values" });
    const accessor = [1, 2];
    let reads = 0;
    Object.defineProperty(accessor, 0, { get: () => ++reads, enumerable: true });
    expect(toPlainJson(accessor, BOUNDS)).toEqual({ ok: false, pointer: "/0", message: "array elements must be data values" });
    expect(reads).toBe(0);
  });

  it("refuses symbol keys, even non-enumerable ones", () => {
    expect(toPlainJson({ a: 1, [Symbol("s")]: 2 }, BOUNDS)).toEqual({ ok: false, pointer: "", message: "symbol keys are not JSON" });
    const hidden = { a: 1 };
    Object.defineProperty(hidden, Symbol("h"), { value: 2, enumerable: false });
    expect(toPlainJson(hidden, BOUNDS)).toMatchObject({ ok: false, message: "symbol keys are not JSON" });
  });

  it("skips non-enumerable properties and undefined values, as JSON.stringify does", () => {
    const value: Record<string, unknown> = { a: 1, u: undefined };
    let reads = 0;
    Object.defineProperty(value, "hidden", { value: 2, enumerable: false });
    Object.defineProperty(value, "hiddenGetter", { get: () => ++reads, enumerable: false });
    const copied = toPlainJson(value, BOUNDS);
    expect(copied).toEqual({ ok: true, value: { a: 1 }, nodes: 2 });
    expect(copied.ok && Object.keys(copied.value as object)).toEqual(["a"]);
    expect(reads).toBe(0);
    expect(JSON.parse(JSON.stringify(value))).toEqual({ a: 1 });
  });

  it("copies a `__proto__` key as an own data property, leaving the prototype alone", () => {
    const input = JSON.parse('{"__proto__":{"x":1}}') as object;
    const copied = toPlainJson(input, BOUNDS);
    expect(copied.ok).toBe(true);
    const value = (copied as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect((value as { x?: unknown }).x).toBeUndefined();
  });
});
