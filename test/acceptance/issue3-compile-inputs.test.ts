/**
 * Issue 3 item 4 / spec §6 (acceptance): `compile` takes source text, a list of named
 * sources, or the JSON form, and throws `PolicyError` carrying diagnostics for any bad
 * input — never another exception, never a crash. The `maxSubjects` option is an integer
 * from 0 (no cache) up; a bad one is a clear E0012, and an engine without a cache decides
 * as one with.
 *
 * Found by this audit: two sources of one name in a list were accepted, and every
 * diagnostic and explanation names its source, so they became ambiguous — a policy
 * declared in both was reported "declared twice … first declared at a:1:8" *at* a:1:8.
 * Such a list is now an E0011 naming both indexes.
 */
import { describe, expect, it } from "vitest";
import { compile, PolicyError, parse } from "../../src/index.js";

const ALLOW = "policy p { allow subject * action * resource * }";
const DENY = `policy q { deny priority 1 subject role banned action * resource * }`;

function diagnosticsOf(run: () => unknown): { code: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).diagnostics.length).toBeGreaterThan(0);
    return (error as PolicyError).diagnostics.map((d) => ({ code: d.code as string, message: d.message }));
  }
  return expect.fail("compile did not throw");
}

describe("issue 3 · compile refuses a list with two sources of one name", () => {
  it("as text", () => {
    const problems = diagnosticsOf(() =>
      compile([
        { name: "a.mcpolicy", text: ALLOW },
        { name: "b.mcpolicy", text: DENY },
        { name: "a.mcpolicy", text: "" },
      ]),
    );
    expect(problems).toContainEqual({
      code: "E0011",
      message: 'source 2 is named "a.mcpolicy", as source 0 is: each source needs a name of its own',
    });
  });

  it("when the duplicate also declares a policy twice: both problems, never one place reported as two", () => {
    const codes = diagnosticsOf(() =>
      compile([
        { name: "a", text: ALLOW },
        { name: "a", text: ALLOW },
      ]),
    ).map((d) => d.code);
    expect(codes).toContain("E0011");
    expect(codes).toContain("E0306");
  });

  it("as the JSON form, and JSON beside text", () => {
    const json = JSON.parse(JSON.stringify(parse(ALLOW, "a").ast));
    expect(diagnosticsOf(() => compile([json, { name: "a", text: DENY }])).map((d) => d.code)).toContain("E0011");
    expect(diagnosticsOf(() => compile([json, json])).map((d) => d.code)).toContain("E0011");
  });

  it("distinct names compile, in the order given", () => {
    const engine = compile([
      { name: "a", text: ALLOW },
      { name: "A", text: DENY },
    ]);
    expect(engine.evaluate({ roles: ["banned"] }, "r", "x")).toMatchObject({ effect: "deny", policy: "q" });
    expect(engine.evaluate({}, "r", "x")).toMatchObject({ effect: "allow", policy: "p" });
  });
});

describe("issue 3 · compile's bad inputs are PolicyErrors with diagnostics", () => {
  const revoked = Proxy.revocable([], {});
  revoked.revoke();
  const sparse: unknown[] = [];
  sparse.length = 3;
  const accessor: unknown[] = [];
  Object.defineProperty(accessor, 0, { get: () => ({ name: "a", text: ALLOW }), enumerable: true });
  const bad: [string, unknown][] = [
    ["undefined", undefined],
    ["a number", 42],
    ["a String object", new String(ALLOW)],
    ["a function", () => ALLOW],
    ["a Map", new Map([["a", ALLOW]])],
    ["a list holding a string", [ALLOW]],
    ["a list holding a non-string text", [{ name: "a", text: 5 }]],
    [
      "a list holding a getter for text",
      [
        {
          name: "a",
          get text() {
            return ALLOW;
          },
        },
      ],
    ],
    ["a list whose element is a getter", accessor],
    ["a list with holes", sparse],
    ["a revoked Proxy", revoked.proxy],
    ["a list longer than 100,000", Array.from({ length: 100_001 }, (_, i) => ({ name: `s${i}`, text: "" }))],
  ];
  for (const [what, source] of bad) {
    it(what, () => {
      diagnosticsOf(() => compile(source as never));
    });
  }
});

describe("issue 3 · maxSubjects", () => {
  for (const maxSubjects of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1.5, "10", null, 1e9]) {
    it(`refuses ${String(maxSubjects)} (${typeof maxSubjects}) with E0012`, () => {
      const problems = diagnosticsOf(() => compile(ALLOW, { maxSubjects } as never));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.code).toBe("E0012");
      expect(problems[0]?.message).toContain("maxSubjects");
    });
  }

  it("0 (no cache) and 1 decide as the default, and cache at most that many subjects", () => {
    const sources = [
      { name: "a", text: ALLOW },
      { name: "b", text: DENY },
    ];
    const engines = [compile(sources), compile(sources, { maxSubjects: 0 }), compile(sources, { maxSubjects: 1 })];
    const subjects = [{ roles: ["banned"] }, {}, { roles: ["x"] }, { roles: "banned" }];
    for (let round = 0; round < 3; round++) {
      for (const subject of subjects) {
        const [want, ...rest] = engines.map((e) => e.evaluate(subject, "r", "x"));
        for (const got of rest) expect(got).toEqual(want);
      }
    }
    expect(engines[1]?.cachedSubjects).toBe(0);
    expect(engines[2]?.cachedSubjects).toBeLessThanOrEqual(1);
  });
});
