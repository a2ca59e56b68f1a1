/**
 * Robustness of the `mcpolicy` entry point's functions (not the engine's methods: see
 * robust-engine.test.ts) against hostile arguments. Spec §6: `compile` and `loadPolicies`
 * throw (reject with) `PolicyError` for any bad input; docs/api.md: `parse`, `format`,
 * `checkPolicySet` and `collectPolicyFiles` report problems as diagnostics, the printers
 * throw a `TypeError` that says what was expected. Never a bare internal error
 * ("cannot read properties of undefined"), never a crash of the process.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkPolicySet,
  collectPolicyFiles,
  compile,
  createEngine,
  format,
  loadPolicies,
  mcpArgumentsShape,
  PolicyError,
  parse,
  printExpr,
  printSourceFile,
  type ReportedDiagnostic,
  sourceFileFromJson,
} from "../../src/index.js";
import { anythingHostile, hostileValues, INTERNAL_ERROR, throwingProxy, thrown } from "../helpers/hostile-values.js";

const warning = (message: string, line = 2): ReportedDiagnostic => ({
  code: "W0801",
  severity: "warning",
  message,
  source: "a.mcpolicy",
  line,
  column: 3,
});
const error = (message: string): ReportedDiagnostic => ({ code: "E0101", severity: "error", message, source: "b.mcpolicy", line: 4, column: 1 });

describe("PolicyError's message says what it carries", () => {
  it("warnings alone: how many warnings, never `0 errors`", () => {
    const one = new PolicyError([warning("unused role `x`")]);
    expect(one.message).not.toMatch(/\b0 errors?\b/);
    expect(one.message).toBe("1 warning in policy set (no errors); first: a.mcpolicy:2:3: unused role `x`");
    const two = new PolicyError([warning("w1"), warning("w2", 5)]);
    expect(two.message).toBe("2 warnings in policy set (no errors); first: a.mcpolicy:2:3: w1");
    expect(two.diagnostics).toHaveLength(2);
  });

  it("errors and warnings: counts the errors and shows the first error, not a warning", () => {
    const mixed = new PolicyError([warning("w"), error("e1"), error("e2")]);
    expect(mixed.message).toBe("2 errors in policy set; first: b.mcpolicy:4:1: e1");
  });

  it("a diagnostic of the spec's shape (no severity) counts as an error", () => {
    const bare = new PolicyError([{ message: "m", line: 1, column: 2 } as ReportedDiagnostic]);
    expect(bare.message).toBe("1 error in policy set; first: <source>:1:2: m");
  });

  it("a wrong argument is a TypeError that says so", () => {
    for (const bad of [undefined, null, "e", 5, {}, [null], [1]]) {
      const caught = thrown(() => new PolicyError(bad as never));
      expect(caught).toBeInstanceOf(TypeError);
      expect((caught as Error).message).toMatch(/PolicyError.*array of diagnostics/);
    }
    const caught = thrown(() => new PolicyError([], { toString: () => "x" } as never));
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/message must be a string/);
  });
});

describe("collectPolicyFiles reports a bad path, never rejects (docs/api.md: with their diagnostics)", () => {
  const revocable = Proxy.revocable([] as string[], {});
  revocable.revoke();
  let deep: unknown[] = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const cases: [string, unknown][] = [
    ["a null-prototype object", Object.create(null)],
    ["a list holding a null-prototype object", [Object.create(null)]],
    ["a list holding a 100,000-deep array", [deep]],
    ["a revoked Proxy", revocable.proxy],
    ["a Proxy of a list whose every trap throws", new Proxy([], { get: () => { throw new Error("trap"); }, has: () => { throw new Error("trap"); } })],
    ["a function with a throwing toString", Object.assign(() => 1, { toString: () => { throw new Error("toString"); } })],
  ];
  for (const [name, value] of cases) {
    it(`${name}: E0001, no file`, async () => {
      const result = await collectPolicyFiles(value as string);
      expect(result.files).toEqual([]);
      expect(result.diagnostics.map((d) => [d.code, d.source, d.message])).toEqual([
        ["E0001", "<arguments>", "a policy path must be a non-empty string"],
      ]);
    });
  }

  it("loadPolicies with the same values rejects with a PolicyError", async () => {
    for (const [, value] of cases) await expect(loadPolicies(value as string)).rejects.toBeInstanceOf(PolicyError);
  });
});

describe("an AST parse reported errors for never makes an engine (fail closed)", () => {
  // The deny has a typo: parse leaves it out of the AST and says so in its diagnostics.
  const text = `policy "no-secrets" { deny priority 10 subject * action * resource "secret:*" when env.hour > 25.5.1 }
policy everyone { allow subject * action * resource * }`;
  const mallory = [{ id: "mallory" }, "secret:db-password", "read", { hour: 3 }] as const;

  it("parse → checkPolicySet → createEngine: E0013, not an engine that allows the secret", () => {
    const parsed = parse(text, "p.mcpolicy");
    expect(parsed.diagnostics.map((d) => d.severity)).toEqual(["error"]);
    const checked = checkPolicySet([parsed.ast]);
    expect(checked.diagnostics.map((d) => [d.code, d.source])).toEqual([["E0013", "p.mcpolicy"]]);
    expect(checked.diagnostics[0]?.message).toMatch(/has errors .*cannot make a policy set/);
    const caught = thrown(() => createEngine(checked.set).evaluate(...mallory));
    expect(caught).toBeInstanceOf(PolicyError);
    expect((caught as PolicyError).diagnostics.map((d) => d.code)).toEqual(["E0013"]);
  });

  it("not even when the caller asks to trust parsed sources, nor through compile's JSON form", () => {
    const { ast } = parse(text, "p.mcpolicy");
    const trusted = checkPolicySet([ast], { trustParsed: true });
    expect(thrown(() => createEngine(trusted.set))).toBeInstanceOf(PolicyError);
    for (const run of [() => compile(ast), () => compile([ast]), () => compile([sourceFileFromJson(ast).ast as never])]) {
      const caught = thrown(run);
      expect(caught).toBeInstanceOf(PolicyError);
      expect((caught as PolicyError).diagnostics.map((d) => d.code)).toEqual(["E0013"]);
    }
  });

  it("printSourceFile refuses it: the text written back would have lost the deny", () => {
    const caught = thrown(() => printSourceFile(parse(text, "p.mcpolicy").ast));
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/lacks the declarations parse reported errors for/);
    expect(printSourceFile(parse("policy base { allow subject * action * resource * }").ast)).toMatch(/^policy base \{/);
  });

  it("a clean source beside it still loads, and alone makes an engine", () => {
    const clean = parse("policy base { allow subject * action * resource * }", "ok.mcpolicy");
    const broken = parse(text, "p.mcpolicy");
    expect(checkPolicySet([clean.ast, broken.ast]).diagnostics.map((d) => [d.code, d.source])).toEqual([["E0013", "p.mcpolicy"]]);
    expect(createEngine(checkPolicySet([clean.ast]).set).evaluate(...mallory).effect).toBe("allow");
    // compile reports the syntax error itself (not E0013 again).
    expect((thrown(() => compile(text)) as PolicyError).diagnostics.map((d) => d.code)).not.toContain("E0013");
  });
});

describe("checkPolicySet's options", () => {
  it("options that are not a plain object: E0012 about the options, not 'could not read a source file'", () => {
    const { ast } = parse("policy base { allow subject * action * resource * }");
    for (const [label, options] of [["null", null], ["5", 5], ["a string", "x"], ["a Map", new Map()], ["an array", []], ["a throwing Proxy", throwingProxy({})]] as const) {
      const { diagnostics } = checkPolicySet([ast], options as never);
      expect(diagnostics.map((d) => [d.code, d.message]), label).toEqual([["E0012", "checkPolicySet options must be a plain object such as `{}`"]]);
    }
    expect(checkPolicySet([ast], {}).diagnostics).toEqual([]);
    expect(checkPolicySet([ast], Object.create(null)).diagnostics).toEqual([]);
  });
});

describe("loadPolicies says what is wrong with a list of paths", () => {
  async function messages(paths: unknown): Promise<string[]> {
    const error = await loadPolicies(paths as string[]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PolicyError);
    return (error as PolicyError).diagnostics.map((d) => `${d.code} ${d.message}`);
  }

  it("names the element that is not a path, rather than 'expected a list of paths, got an array'", async () => {
    expect(await messages(["a.mcpolicy", 42])).toEqual(["E0010 path 1 of the list must be a string, got number"]);
    const sparse: string[] = ["a.mcpolicy"];
    sparse[2] = "b.mcpolicy";
    expect(await messages(sparse)).toEqual(["E0010 path 1 of the list must be a string, got a hole"]);
    const accessor = Object.defineProperty(["a.mcpolicy"], 0, { get: () => "a.mcpolicy" });
    expect(await messages(accessor)).toEqual(["E0010 path 0 of the list must be a string, got an accessor"]);
    expect(await messages(new Map())).toEqual(["E0010 expected a path or a list of paths, got an object"]);
  });
});

describe("printExpr's errors are about the expression given", () => {
  it("undefined: says so, not a member of some wrapper", () => {
    const caught = thrown(() => printExpr(undefined as never));
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toBe("printExpr expects an expression node of the AST, got undefined");
  });

  it("a bad node inside: its JSON pointer is relative to the expression", () => {
    const { ast } = parse("policy p { allow subject * action * resource * when env.a == 1 and not env.b }");
    const policy = ast.declarations[0];
    if (policy?.kind !== "Policy") throw new Error("expected a policy");
    const expr = JSON.parse(JSON.stringify(policy.conditions[0]?.expr));
    expect(printExpr(expr)).toBe("env.a == 1 and not env.b");
    expr.operands[1].operand = { kind: "Bogus" };
    const caught = thrown(() => printExpr(expr));
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/at `\/operands\/1\/operand`/);
    expect((caught as Error).message).not.toMatch(/declarations|conditions/);
    const whole = thrown(() => printExpr((() => 1) as never));
    expect((whole as Error).message).toMatch(/at `\/`: a value of type function is not JSON/);
  });
});

describe("createEngine's `warnings` argument", () => {
  const set = compile("policy p { allow subject * action * resource * }").policySet;
  const sparse: unknown[] = [];
  sparse[3] = { code: "W0801", severity: "warning", message: "w", line: 1, column: 1 };
  for (const [name, value] of [
    ["a string", "abc"],
    ["a number", 5],
    ["a list with null", [null]],
    ["a sparse list", sparse],
  ] as const) {
    it(`${name}: a PolicyError naming \`warnings\`, not an engine whose warnings are garbage`, () => {
      const caught = thrown(() => createEngine(set, {}, value as never));
      expect(caught).toBeInstanceOf(PolicyError);
      expect((caught as PolicyError).diagnostics.map((d) => d.code)).toEqual(["E0012"]);
      expect((caught as Error).message).toMatch(/`warnings` must be a list of diagnostics/);
    });
  }
  it("a list of diagnostics is kept as the engine's warnings", () => {
    const given = [{ code: "W0801", severity: "warning" as const, message: "w", line: 1, column: 1 }];
    expect(createEngine(set, {}, given).warnings).toEqual(given);
  });
});

describe("compile's options (docs/api.md CompileOptions: maxSubjects, schema, validateRequests)", () => {
  const text = "policy p { allow subject * action * resource * }";
  const bad: [string, unknown, RegExp][] = [
    ["maxSubjects NaN", { maxSubjects: Number.NaN }, /maxSubjects/],
    ["maxSubjects -1", { maxSubjects: -1 }, /maxSubjects/],
    ["maxSubjects Infinity", { maxSubjects: Number.POSITIVE_INFINITY }, /maxSubjects/],
    ["maxSubjects 1.5", { maxSubjects: 1.5 }, /maxSubjects/],
    ['maxSubjects "5"', { maxSubjects: "5" }, /maxSubjects/],
    ["maxSubjects 10n", { maxSubjects: 10n }, /maxSubjects/],
    ["maxSubjects past the limit", { maxSubjects: 1e9 }, /maxSubjects/],
    ["an unknown option", { maxSubject: 5 }, /maxSubject.*maxSubjects/],
    ["a Symbol key", { [Symbol("x")]: 1 }, /unknown option/],
    ["a getter", { get maxSubjects() { return 5; } }, /accessor/],
    ["validateRequests without a schema", { validateRequests: true }, /validateRequests/],
    ["validateRequests not a boolean", { validateRequests: "yes" }, /validateRequests/],
    ["a Map", new Map([["maxSubjects", 5]]), /plain object/],
    ["an array", [], /plain object/],
    ["a revoked Proxy", (() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })(), /./],
    ["a Proxy whose traps throw", new Proxy({}, { ownKeys: () => { throw new Error("trap"); }, getPrototypeOf: () => { throw new Error("trap"); } }), /./],
  ];
  for (const [name, options, message] of bad) {
    it(`${name}: PolicyError`, () => {
      const caught = thrown(() => compile(text, options as never));
      expect(caught).toBeInstanceOf(PolicyError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toMatch(INTERNAL_ERROR);
    });
  }
  it("a getter among the options is never called", () => {
    let called = false;
    const options = {
      get maxSubjects() {
        called = true;
        return 5;
      },
    };
    expect(() => compile(text, options as never)).toThrow(PolicyError);
    expect(called).toBe(false);
  });
});

describe("every function of `mcpolicy` on any value: its documented error or none", () => {
  // Functions documented as never throwing (diagnostics instead).
  const total: [string, (value: unknown) => unknown][] = [
    ["parse", (v) => parse(v as string)],
    ["parse(text, name)", (v) => parse("policy p { allow subject * action * resource * }", v as string)],
    ["format", (v) => format(v as string)],
    ["sourceFileFromJson", (v) => sourceFileFromJson(v)],
    ["checkPolicySet", (v) => checkPolicySet(v as never)],
    ["checkPolicySet([v])", (v) => checkPolicySet([v] as never)],
    ["mcpArgumentsShape", (v) => mcpArgumentsShape(v as string)],
  ];
  // Functions that throw one kind of error for a bad argument.
  const throwing: [string, (value: unknown) => unknown, new (...args: never[]) => Error][] = [
    ["compile", (v) => compile(v as string), PolicyError],
    ["compile([v])", (v) => compile([v] as never), PolicyError],
    ["compile(text, v)", (v) => compile("", v as never), PolicyError],
    ["createEngine", (v) => createEngine(v as never), PolicyError],
    ["printSourceFile", (v) => printSourceFile(v as never), TypeError],
    ["printExpr", (v) => printExpr(v as never), TypeError],
  ];

  it("the named hostile values", () => {
    for (const [name, value] of hostileValues()) {
      for (const [fn, run] of total) expect(thrown(() => run(value)), `${fn}(${name})`).toBeUndefined();
      for (const [fn, run, kind] of throwing) {
        const caught = thrown(() => run(value));
        if (caught === undefined) continue;
        expect(caught, `${fn}(${name})`).toBeInstanceOf(kind);
        expect((caught as Error).message, `${fn}(${name})`).not.toMatch(INTERNAL_ERROR);
      }
    }
  });

  it("fast-check's anything (null prototypes, boxed values, sparse arrays, typed arrays …)", () => {
    const anything = anythingHostile();
    fc.assert(
      fc.property(anything, (value) => {
        for (const [, run] of total) run(value);
        for (const [, run, kind] of throwing) {
          const caught = thrown(() => run(value));
          if (caught !== undefined && (!(caught instanceof kind) || INTERNAL_ERROR.test((caught as Error).message))) return false;
        }
        return true;
      }),
      { numRuns: 150, seed: 18 },
    );
  });
});
