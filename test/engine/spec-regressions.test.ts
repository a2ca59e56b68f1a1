// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Regressions of the compiled engine against the spec, each once found as a
 * disagreement with the reference interpreter or as a spec violation.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, loadPolicies } from "../../src/engine.js";
import { PolicyError } from "../../src/errors.js";
import { evaluateReference } from "../../src/evaluate/index.js";

/** A one-policy engine allowing action `a` on resources matching `pattern`. */
function resourceEngine(pattern: string) {
  return compile(`policy p {\n  allow\n  subject *\n  action "a"\n  resource ${JSON.stringify(pattern)}\n}\n`);
}

/** The effects of the engine and of the reference for each resource, side by side. */
function effects(pattern: string, id: unknown, resources: readonly string[]) {
  const engine = resourceEngine(pattern);
  return resources.map((resource) => {
    const subject = { id };
    return {
      resource,
      engine: engine.evaluate(subject, resource, "a").effect,
      forSubject: engine.forSubject(subject)(resource, "a").effect,
      reference: evaluateReference(engine.policySet, subject, resource, "a", undefined).effect,
    };
  });
}

function expectAllowedExactly(pattern: string, id: unknown, allowed: readonly string[], denied: readonly string[]) {
  for (const row of effects(pattern, id, [...allowed, ...denied])) {
    const want = allowed.includes(row.resource) ? "allow" : "notapplicable";
    expect(row, `${pattern} with id ${JSON.stringify(id)} on ${JSON.stringify(row.resource)}`).toEqual({
      resource: row.resource,
      engine: want,
      forSubject: want,
      reference: want,
    });
  }
}

describe("interpolated values match only themselves (spec §4.3)", () => {
  it("keeps a value literal after a backslash: `a\\${subject.id}` with id `*` matches only `a*`", () => {
    expectAllowedExactly("a\\${subject.id}", "*", ["a*"], ["a\\*", "ab", "a\\b", "a\\\\*", "a"]);
  });

  it("does not let a trailing `$` in the value start an expansion: `${subject.id}{a,b}` with `x$`", () => {
    expectAllowedExactly("${subject.id}{a,b}", "x$", ["x$a", "x$b"], ["x$", "x${a,b}", "xa", "x$c"]);
  });

  it("keeps a newline in the value from breaking brace expansion: `{a,${subject.id}}` with `x\\ny`", () => {
    expectAllowedExactly("{a,${subject.id}}", "x\ny", ["x\ny", "a"], ["{a,x\ny}", "x", "y"]);
  });

  it("keeps commas and braces in the value literal inside the pattern's braces", () => {
    expectAllowedExactly("{a,${subject.id}}", "p,q", ["p,q", "a"], ["p", "q", "{a,p,q}"]);
    expectAllowedExactly("{a,${subject.id}}", "{b,c}", ["{b,c}", "a"], ["b", "c"]);
  });

  it("keeps `..` in the value literal between stars", () => {
    expectAllowedExactly("*${subject.id}*", "a..b", ["xa..by", "a..b"], ["a.b", "ab"]);
  });
});

describe("globs never hang (spec §5)", () => {
  it("decides an interpolated many-star pattern on a long run quickly and as minimatch would", () => {
    const engine = resourceEngine("${subject.id}*a*a*a*a*a*a*a*a*a*a*b");
    const start = performance.now();
    expect(engine.evaluate({ id: "x" }, `x${"a".repeat(5000)}`, "a").effect).toBe("notapplicable");
    expect(engine.evaluate({ id: "x" }, `x${"a".repeat(5000)}b`, "a").effect).toBe("allow");
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("rejects at compile time a pattern minimatch cannot build (E0311), so no evaluator must guess", () => {
    let error: unknown;
    try {
      compile('policy p {\n  deny\n  subject *\n  action "a"\n  resource *\n  when env.s matches ",[[:alpha:]]"\n}\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).diagnostics.map((d) => d.code)).toEqual(["E0311"]);
  });
});

describe("values nested deeper than 64 err in `==` (spec §4.2)", () => {
  function nested(depth: number, key: string, inner: unknown): unknown {
    let value = inner;
    for (let i = 0; i < depth; i++) value = { [key]: value };
    return value;
  }

  it.each([
    ["shallow place first", true],
    ["deep place first", false],
  ])("counts a shared object at each place it is reached (%s)", (_what, shallowFirst) => {
    const shared = nested(58, "x", { leaf: 1 });
    const org = { id: "acme", deep: shared };
    const tags = nested(8, "y", shared);
    const subject = shallowFirst ? { id: "u", org, tags } : { tags, id: "u", org };
    for (const [condition, erring] of [
      ["subject.tags == subject.tags", true],
      ["subject.org == subject.org", false],
      ["subject.org in []", false],
    ] as const) {
      const engine = compile(`policy p {\n  allow\n  subject *\n  action "a"\n  resource *\n  when ${condition}\n}\n`);
      const want = evaluateReference(engine.policySet, subject, "r", "a", undefined);
      expect(want.errors.length > 0, `reference on ${condition}`).toBe(erring);
      // Messages are worded by each evaluator; the outcome and whether it erred must agree.
      const outcome = (d: typeof want) => [d.effect, d.policy, d.errors.length > 0];
      expect(outcome(engine.evaluate(subject, "r", "a")), condition).toEqual(outcome(want));
      expect(outcome(engine.forSubject(subject)("r", "a")), condition).toEqual(outcome(want));
    }
  });
});

describe("`has` on a property whose read throws is false, as in the reference (spec §4.2)", () => {
  const text = `policy "allow-if-flag" { allow subject * action "read" resource * when subject.perms has admin }
policy "deny-unless-exempt" { deny priority 9 subject * action "write" resource * unless subject.perms has exempt }
policy "allow-write" { allow subject * action "write" resource * }
policy "org" { allow subject * action "org" resource * when subject has org }`;
  const throwing = () =>
    new Proxy(
      {},
      {
        getOwnPropertyDescriptor: () => {
          throw new Error("trap");
        },
      },
    );
  it.each([
    ["a nested object", () => ({ id: "m", perms: throwing() }), "read"],
    ["a nested object, under a deny's `unless`", () => ({ id: "m", perms: throwing() }), "write"],
    ["the subject itself", () => throwing(), "org"],
  ])("%s", (_what, subjectOf, action) => {
    const engine = compile(text);
    const subject = subjectOf();
    const reference = evaluateReference(engine.policySet, subject, "doc", action, undefined);
    expect(engine.evaluate(subject, "doc", action)).toEqual(reference);
    expect(engine.forSubject(subject)("doc", action)).toEqual(reference);
    expect(reference.allowed).toBe(false);
  });
});

describe("compile and loadPolicies reject any bad input with a PolicyError (spec §6)", () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const bad: readonly (readonly [string, () => unknown])[] = [
    ["a revoked Proxy", revoked],
    ["a list holding a revoked Proxy", () => [revoked()]],
    [
      "a list with a hole",
      () => {
        const list: unknown[] = [];
        list[1] = { name: "a", text: "" };
        return list;
      },
    ],
    [
      "a list whose element is a throwing getter",
      () =>
        Object.defineProperty([], 0, {
          get: () => {
            throw new Error("boom");
          },
          enumerable: true,
        }),
    ],
    [
      "a Proxy whose traps throw",
      () =>
        new Proxy([], {
          get: () => {
            throw new Error("trap");
          },
          getOwnPropertyDescriptor: () => {
            throw new Error("trap");
          },
        }),
    ],
  ];

  it.each(bad)("compile throws a PolicyError with diagnostics for %s", (_what, make) => {
    let thrown: unknown = null;
    try {
      compile(make() as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect((thrown as PolicyError).diagnostics.length).toBeGreaterThan(0);
  });

  it.each(bad)("loadPolicies rejects with a PolicyError for %s", async (_what, make) => {
    await expect(loadPolicies(make() as never)).rejects.toBeInstanceOf(PolicyError);
  });

  it.each([
    ["a huge number", 1e12],
    ["more than the bound", 1_000_001],
    ["a fraction", 1.5],
    ["a string", "10"],
  ])("rejects maxSubjects %s with E0012", (_what, maxSubjects) => {
    let thrown: unknown = null;
    try {
      compile('policy p {\n  allow\n  subject *\n  action "a"\n  resource *\n}\n', { maxSubjects } as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect((thrown as PolicyError).diagnostics.map((d) => d.code)).toContain("E0012");
  });

  it("reports the options' problems along with the sources' errors (every diagnostic, §6)", async () => {
    const codesOf = async (run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyError);
        return (error as PolicyError).diagnostics.map((d) => d.code).sort();
      }
      throw new Error("expected a PolicyError");
    };
    expect(await codesOf(() => compile("policy {", { maxSubject: 1 } as never))).toEqual(["E0012", "E0201", "E0202"]);
    expect(await codesOf(() => loadPolicies("/nonexistent/policies", { maxSubjects: -1 }))).toEqual(["E0001", "E0012"]);
    expect(await codesOf(() => loadPolicies(42 as never, { validateRequests: true }))).toEqual(["E0010", "E0012"]);
  });

  it("reports every diagnostic across sources even when one has syntax errors", async () => {
    const sources = [
      { name: "a.mcpolicy", text: "policy a { allow }" },
      { name: "b.mcpolicy", text: "policy x { allow subject * action * resource * }\nrole r includes s" },
      { name: "c.mcpolicy", text: "policy x { allow subject * action * resource * }\nrole s includes r" },
    ];
    const want = ["E0301 a.mcpolicy", "E0301 a.mcpolicy", "E0301 a.mcpolicy", "E0306 c.mcpolicy", "E0308 c.mcpolicy"];
    const codes = (error: unknown) => (error as PolicyError).diagnostics.map((d) => `${d.code} ${d.source}`);
    let thrown: unknown = null;
    try {
      compile(sources);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect(codes(thrown)).toEqual(want);
    const dir = await mkdtemp(join(tmpdir(), "mcpolicy-all-diagnostics-"));
    try {
      for (const { name, text } of sources) await writeFile(join(dir, name), text);
      const loaded = await loadPolicies(dir).catch((error: unknown) => error);
      expect(loaded).toBeInstanceOf(PolicyError);
      expect(codes(loaded).map((line) => line.replace(`${dir}/`, ""))).toEqual(want);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("never throws from any method, even called detached from the engine (denies then)", () => {
    const engine = compile('policy p {\n  allow\n  subject *\n  action "a"\n  resource *\n}\n');
    const { evaluate, isAllowed, forSubject, explain, couldAllow, argumentsFor, resourceClass } = engine;
    expect(evaluate({ id: "u" }, "r", "a").allowed).toBe(false);
    expect(isAllowed({ id: "u" }, "r", "a")).toBe(false);
    expect(forSubject({ id: "u" })("r", "a").allowed).toBe(false);
    expect(explain({ id: "u" }, "r", "a").decision.allowed).toBe(false);
    expect(couldAllow({ id: "u" }, "r", "a")).toBe(false);
    expect(argumentsFor({ id: "u" }, "r", "a").outcome).toBe("never");
    expect(resourceClass("r")).toBeNull();
    expect(engine.isAllowed({ id: "u" }, "r", "a")).toBe(true);
    expect(() => compile('policy p {\n  allow\n  subject *\n  action "a"\n  resource *\n}\n', { maxSubjects: null } as never)).toThrow(PolicyError);
  });

  it("rejects options read through a getter", () => {
    const options = Object.defineProperty({}, "maxSubjects", { get: () => 5, enumerable: true });
    expect(() => compile('policy p {\n  allow\n  subject *\n  action "a"\n  resource *\n}\n', options)).toThrow(
      PolicyError,
    );
  });

  it("accepts maxSubjects at the bound", () => {
    const engine = compile('policy p {\n  allow\n  subject *\n  action "a"\n  resource *\n}\n', {
      maxSubjects: 1_000_000,
    });
    expect(engine.evaluate({ id: "u" }, "r", "a").effect).toBe("allow");
  });
});

describe("Object.prototype pollution changes no decision", () => {
  it("decides an interpolated pattern the same with `Object.prototype[0]` set", () => {
    const engine = resourceEngine("org:${subject.org.id}/*");
    const subject = { id: "u", org: { id: "o" } };
    const proto = Object.prototype as Record<string, unknown>;
    proto[0] = "admin";
    proto[1] = ".";
    try {
      expect(engine.evaluate(subject, "org:o/x", "a")).toEqual({
        allowed: true,
        effect: "allow",
        policy: "p",
        errors: [],
      });
      expect(engine.evaluate({ ...subject }, "org:p/x", "a").effect).toBe("notapplicable");
    } finally {
      delete proto[0];
      delete proto[1];
    }
  });
});
