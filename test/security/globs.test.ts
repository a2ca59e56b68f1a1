// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Glob safety: interpolated subject values are literal (a property over ids made of glob
 * metacharacters), pathological globs are rejected at compile time and quickly, and a
 * legal but nasty glob costs at most a bounded factor more than a simple one on
 * adversarial strings (a ratio, not a time).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileErrors } from "../spec/diagnose.js";
import { type Decide, policy, SYSTEMS } from "../spec/systems.js";

const META = ["*", "**", "?", "[", "]", "{", "}", ",", "!", "@", "+", "(", ")", "|", "\\", "a", "b", ".", "-", "^", "$", "#"];
const metaString = fc.array(fc.constantFrom(...META), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(""));
const usableId = metaString.filter((s) => s !== "." && s !== ".." && !s.includes("/"));

describe.each(SYSTEMS)("interpolated values are literal — $name", (system) => {
  it("`x:${subject.id}` matches exactly `x:` + id, for ids made of glob metacharacters", async () => {
    const decide = await system.load(policy("p", { resource: '"x:${subject.id}"' }));
    fc.assert(
      fc.property(usableId, metaString, (id, other) => {
        expect(decide({ id }, `x:${id}`, "a", {}).policy, `id ${JSON.stringify(id)}`).toBe("p");
        expect(decide({ id }, `x:${other}`, "a", {}).effect === "allow", `id ${JSON.stringify(id)} vs ${JSON.stringify(other)}`).toBe(other === id);
      }),
      { numRuns: 300 },
    );
  });

  it("`matches \"${subject.id}/*\"` treats the id literally and the rest as a glob", async () => {
    const decide = await system.load(policy("p", { when: 'env.s matches "${subject.id}/*"' }));
    fc.assert(
      fc.property(usableId, metaString.filter((s) => !s.includes("/")), (id, tail) => {
        const segment = tail === "." || tail === ".."; // `*` never matches a `.` or `..` segment
        expect(decide({ id }, "r", "a", { s: `${id}/${tail}` }).effect, `id ${JSON.stringify(id)}`).toBe(segment ? "notapplicable" : "allow");
        expect(decide({ id: "alice" }, "r", "a", { s: `${id}/${tail}` }).effect).toBe("notapplicable");
      }),
      { numRuns: 200 },
    );
  });
});

describe("pathological globs are compile errors, found quickly", () => {
  const bombs: readonly (readonly [string, string])[] = [
    ["a glob of 100,000 characters", "a".repeat(100_000)],
    ["1,000 `**`", "**/".repeat(1000)],
    ["nine `**` in one segment", "a**b**c**d**e**f**g**h**i**j"],
    ["a brace bomb of 10^40 alternatives", "{a,b,c,d,e,f,g,h,i,j}".repeat(40)],
    ["a numeric range of a million", "x{1..1000000}"],
    ["a nested brace bomb", "{a,{b,{c,{d,{e,f}}}}}".repeat(20)],
    ["a huge range in a short pattern", "{1..999999999}"],
  ];
  const inEveryPlace = (glob: string) => [
    policy("p", { resource: JSON.stringify(glob) }),
    policy("p", { action: JSON.stringify(glob) }),
    policy("p", { when: `env.s matches ${JSON.stringify(glob)}` }),
  ];
  it.each(bombs)("rejects %s in a resource, an action and a matches", async (_what, glob) => {
    // Quickly: against the same three policies with a plain glob (a ratio in one run, not a
    // time). Expanding 10^40 alternatives, or a million, would be millions of times slower.
    let plainTime = 0;
    const plain = "a".repeat(Math.min(glob.length, 1000));
    for (const text of inEveryPlace(plain)) {
      const started = performance.now();
      expect(await compileErrors(text)).toEqual([]);
      plainTime += performance.now() - started;
    }
    const started = performance.now();
    for (const text of inEveryPlace(glob)) {
      expect((await compileErrors(text)).length).toBeGreaterThan(0);
    }
    const bombTime = performance.now() - started;
    expect(bombTime / Math.max(plainTime, 5), `${bombTime} ms vs ${plainTime} ms`).toBeLessThan(200);
  });
});

/** Best per-call time of `evaluate` over several batches (min is the least noisy estimate). */
function perCall(decide: () => unknown, calls: number, batches = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < batches; batch++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) decide();
    best = Math.min(best, (performance.now() - started) / calls);
  }
  return best;
}

describe.each(SYSTEMS.filter((s) => s.name === "compiled engine, cache disabled" || s.name === "compiled engine"))(
  "no catastrophic backtracking — $name",
  (system) => {
    // Each is legal (short, ≤ 8 `**`, few alternatives), and each backtracks
    // polynomially in a regular-expression matcher on a run of `a`s.
    const nasty: readonly (readonly [string, string, string])[] = [
      ["six stars", "*a*a*a*a*a*a*b", "a".repeat(40)],
      ["stars after a globstar", "**/*a*a*a*a*b", `${"a/".repeat(5)}${"a".repeat(55)}`],
      ["stars in braces", "{*a,*b}{*a,*b}{*a,*b}*c", "a".repeat(60)],
    ];
    it.each(nasty)("%s costs at most 50× a simple glob", async (_what, glob, subjectString) => {
      const load = async (pattern: string, where: "resource" | "action" | "matches"): Promise<Decide> =>
        system.load(
          where === "matches"
            ? policy("p", { when: `env.s matches ${JSON.stringify(pattern)}` })
            : policy("p", { [where]: JSON.stringify(pattern) }),
        );
      for (const where of ["resource", "action", "matches"] as const) {
        const hard = await load(glob, where);
        const easy = await load("*b", where);
        const run = (decide: Decide) => () => decide({ id: "alice" }, where === "resource" ? subjectString : "r", where === "action" ? subjectString : "a", { s: subjectString });
        expect(hard({ id: "alice" }, where === "resource" ? subjectString : "r", where === "action" ? subjectString : "a", { s: subjectString }).allowed).toBe(false);
        const easyTime = perCall(run(easy), 2000);
        const hardTime = perCall(run(hard), 3, 3);
        expect(hardTime / Math.max(easyTime, 0.0005), `${where}: ${hardTime} ms vs ${easyTime} ms`).toBeLessThanOrEqual(50);
      }
    });

    it("an interpolated nasty glob costs at most 50× a simple one", async () => {
      const hard = await system.load(policy("p", { resource: '"x:${subject.id}*a*a*a*a*a*a*b"' }));
      const easy = await system.load(policy("p", { resource: '"x:${subject.id}*b"' }));
      const resource = `x:u${"a".repeat(40)}`;
      const easyTime = perCall(() => easy({ id: "u" }, resource, "a", {}), 2000);
      const hardTime = perCall(() => hard({ id: "u" }, resource, "a", {}), 3, 3);
      expect(hardTime / Math.max(easyTime, 0.0005)).toBeLessThanOrEqual(50);
    });
  },
);

describe("no catastrophic backtracking in explain", () => {
  it("explain of a nasty glob costs at most 50× explain of a simple one", async () => {
    const { compile } = await import("../../src/engine.js");
    const hard = compile(policy("r", { resource: '"*a*a*a*a*a*a*b"' }) + policy("m", { when: 'env.s matches "*a*a*a*a*a*a*b"' }));
    const easy = compile(policy("r", { resource: '"*b"' }) + policy("m", { when: 'env.s matches "*b"' }));
    const s = "a".repeat(40);
    const easyTime = perCall(() => easy.explain({ id: "u" }, s, "a", { s }), 200);
    const hardTime = perCall(() => hard.explain({ id: "u" }, s, "a", { s }), 1, 3);
    expect(hardTime / Math.max(easyTime, 0.0005)).toBeLessThanOrEqual(50);
  });
});

describe("`**` walks stay linear in the number of segments (both evaluators)", () => {
  // Each crafted text against a plain one of the same size, in the same run. The compiled
  // engine's `**/MID/**` rescanned the rest of the text at every placement of MID (a
  // `.`/`..` segment at the end made every placement fail), and compared a MID with
  // many `/` at every segment; minimatch's own walk, which the reference ran, sliced the
  // path from its start at every segment. All O(segments²) (or × MID): hundreds of times
  // the plain text at these sizes. Linear: a few times at most (up to 20× measured on a
  // machine loaded 4× over its cores, hence a bound of 40).
  const ratio = (crafted: () => unknown, plain: () => unknown) =>
    perCall(crafted, 3, 3) / Math.max(perCall(plain, 3, 3), 0.05);
  const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

  it.each([
    ["**/.ssh/**", ".ssh/"],
    ["**/tmp/**", "tmp/"],
  ])("the compiled engine: `matches %j` on `%s`… ending in `..`", async (glob, unit) => {
    const { compile } = await import("../../src/engine.js");
    const engine = compile(`policy p { deny subject * action * resource * when env.arguments.path matches ${JSON.stringify(glob)} }`);
    const crafted = { arguments: { path: `${repeat(unit, 40_000)}..` } };
    const plain = { arguments: { path: `${repeat(unit, 40_000)}xx` } };
    const subject = { id: "u" };
    expect(engine.evaluate(subject, "r", "a", crafted).effect).toBe("notapplicable");
    expect(engine.evaluate(subject, "r", "a", plain).effect).toBe("deny");
    const decide = engine.forSubject(subject);
    for (const run of [
      (env: unknown) => () => engine.evaluate(subject, "r", "a", env),
      (env: unknown) => () => engine.isAllowed(subject, "r", "a", env),
      (env: unknown) => () => decide("r", "a", env),
    ]) {
      expect(ratio(run(crafted), run(plain))).toBeLessThan(40);
    }
  });

  it("the compiled engine: a resource `**/secrets/**` against `secrets/`… ending in `..`", async () => {
    const { compile } = await import("../../src/engine.js");
    const engine = compile('policy p { allow subject * action * resource "**/secrets/**" }');
    const crafted = `${repeat("secrets/", 40_000)}..`;
    const plain = `${repeat("secrets/", 40_000)}xx`;
    expect(engine.isAllowed({ id: "u" }, crafted, "a")).toBe(false);
    expect(engine.isAllowed({ id: "u" }, plain, "a")).toBe(true);
    expect(ratio(() => engine.isAllowed({ id: "u" }, crafted, "a"), () => engine.isAllowed({ id: "u" }, plain, "a"))).toBeLessThan(40);
  });

  it("the compiled engine: a MID of 500 segments against a text of its first segments", async () => {
    const { compile } = await import("../../src/engine.js");
    const mid = `${"a/".repeat(500)}b`;
    const engine = compile(`policy p { allow subject * action * resource "**/${mid}/**" }`);
    // At every segment start the crafted text matches MID's first 1,000 characters, then fails.
    const crafted = `${"a/".repeat(100_000)}${mid}/x`;
    const plain = `${"c/".repeat(100_000)}${mid}/x`;
    expect(engine.isAllowed({ id: "u" }, crafted, "a")).toBe(true);
    expect(engine.isAllowed({ id: "u" }, plain, "a")).toBe(true);
    expect(ratio(() => engine.isAllowed({ id: "u" }, crafted, "a"), () => engine.isAllowed({ id: "u" }, plain, "a"))).toBeLessThan(40);
  });

  it("the reference: explain with the example policies and a path of 20,000 segments", async () => {
    const { loadPolicies } = await import("../../src/engine.js");
    const engine = await loadPolicies(new URL("../../policies", import.meta.url).pathname);
    const subject = { id: "alice", roles: ["viewer"] };
    // `**/.ssh/**` never matches the crafted path: minimatch walked all of it, slicing.
    const crafted = { arguments: { path: "a/".repeat(20_000) } };
    const plain = { arguments: { path: `.ssh/${"a/".repeat(20_000)}`.slice(0, 40_000) } };
    const explain = (env: unknown) => () => engine.explain(subject, "tool:read_file", "tools/call", env);
    expect(explain(crafted)().decision.effect).toBe("notapplicable");
    expect(explain(plain)().decision.effect).toBe("deny");
    expect(ratio(explain(crafted), explain(plain))).toBeLessThan(40);
  });

  it("the reference: couldAllow with an interpolated `**/src/**` and `src/`… ending in `..`", async () => {
    const { compile } = await import("../../src/engine.js");
    const engine = compile('policy p { allow subject * action * resource "resource:repo://${subject.org}/**/src/**" }');
    const subject = { id: "u", org: "acme" };
    const crafted = `resource:repo://acme/${repeat("src/", 40_000)}..`;
    const plain = `resource:repo://acme/${repeat("src/", 40_000)}xx`;
    expect(engine.couldAllow(subject, crafted, "a")).toBe(false);
    expect(engine.couldAllow(subject, plain, "a")).toBe(true);
    expect(ratio(() => engine.couldAllow(subject, crafted, "a"), () => engine.couldAllow(subject, plain, "a"))).toBeLessThan(40);
  });
});
