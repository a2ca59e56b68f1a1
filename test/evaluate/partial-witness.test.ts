// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
/**
 * The witness search behind `couldAllow` and `engine.argumentsFor`: an example it gives
 * is allowed; a "never" it proves holds against brute force; on the fragment it
 * partitions (comparisons, `in`, `contains`, `has` with known values) it always
 * decides, so `couldAllow` is exact there: true iff some arguments are allowed.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { couldAllowReference, evaluateReference, searchArgumentsReference } from "../../src/evaluate/index.js";
import { type ArgumentsShape, fitsShape } from "../../src/model/arguments-search.js";
import type { Condition, Expr, Policy } from "../../src/model/ast.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import { searchApplying } from "../../src/evaluate/partial-witness.js";
import { runs } from "../helpers/property-scale.js";
import {
  and,
  cmp,
  contains,
  has,
  isIn,
  list,
  lit,
  matches,
  not,
  or,
  path,
  policy,
  policySet,
  unless,
  when,
} from "./builders.js";

const alice = { id: "alice", roles: ["dev"], level: 3 };
const ENV = { hour: 10 };
const search = (set: PolicySet, env: unknown = ENV) => searchArgumentsReference(set, alice, "tool:x", "tools/call", env);
const allowedWith = (set: PolicySet, args: unknown, env: Record<string, unknown> = ENV) =>
  evaluateReference(set, alice, "tool:x", "tools/call", args === undefined ? env : { ...env, arguments: args }).allowed;

/** A set from policy text: `subject *`, action tools/call, resource tool:x, then the body. */
function engineOf(...bodies: string[]) {
  const text = bodies
    .map((body, i) => `policy "p${i}" {\n  ${body.startsWith("deny") ? "" : "allow\n  "}subject *\n  action "tools/call"\n  resource "tool:x"\n  ${body.replace(/^deny/, "deny\n ")}\n}\n`)
    .join("");
  return compile(text);
}

describe("argumentsFor: examples and proofs", () => {
  const cases: [string[], "allowed" | "never" | "unknown"][] = [
    [["when env.arguments.x == 1 and env.arguments.x == 2"], "never"],
    [["when env.arguments.x > 5 and env.arguments.x < 3"], "never"],
    [["when env.arguments.x > 5"], "allowed"],
    [['when env.arguments.x in ["a", "b"] and env.arguments.x == "c"'], "never"],
    [['when env.arguments.x in ["a", "b"] and env.arguments.x != "a"'], "allowed"],
    [["when env.arguments.n >= subject.level and env.arguments.n <= 2"], "never"],
    [["when env.arguments.n >= subject.level and env.arguments.n < 4"], "allowed"],
    [['when env.arguments.q contains "select" and not (env.arguments.q contains "drop")'], "allowed"],
    // No string holds "ab" but not "b"; the array ["ab"] does.
    [['when env.arguments.q contains "ab" and not (env.arguments.q contains "b")'], "allowed"],
    [['when env.arguments.q contains "ab" and not (env.arguments.q contains "b") and not (env.arguments.q contains 1 or env.arguments.q in ["x"]) and env.arguments.q != "ab"'], "allowed"],
    [['when env.arguments.tags contains "a" and env.arguments.tags contains 1'], "allowed"],
    [["when env.arguments has path", 'deny unless env.arguments.path == "x"', 'when env.arguments.path != "x"'], "allowed"],
    [['when env.arguments.path == "x"', 'deny when env.arguments.path != "y"'], "never"],
    [["when env.arguments.a.b.c == 3 and env.arguments.a.d < \"m\""], "allowed"],
    [["when env.arguments.a.b == 3 and not (env.arguments has a)"], "never"],
    [['when env.arguments["__proto__"] == 1'], "allowed"],
    [["when env.arguments.flag", "deny unless env.arguments.flag"], "allowed"],
    [["when env.arguments.flag and env.arguments.flag == false"], "never"],
    [["when env has arguments and not (env.arguments has x)"], "allowed"],
    [["unless env has arguments"], "allowed"],
    [['when env.arguments.path matches "/home/${subject.id}/**"', 'deny when env.arguments.path matches "/home/*/secret/**"'], "allowed"],
    // Globs are sampled, not partitioned: no proof either way here (couldAllow stays true).
    [['when env.arguments.path matches "/a/**"', 'deny when env.arguments.path matches "/**"'], "unknown"],
    // An argument compared with another: regions are no longer per path.
    [["when env.arguments.x == env.arguments.y and env.arguments.x != env.arguments.y"], "unknown"],
  ];
  for (const [bodies, expected] of cases) {
    it(`${bodies.join(" | ")} → ${expected}`, () => {
      const engine = engineOf(...bodies);
      const result = engine.argumentsFor(alice, "tool:x", "tools/call", ENV);
      expect(result.outcome).toBe(expected);
      expect(engine.couldAllow(alice, "tool:x", "tools/call", ENV)).toBe(expected !== "never");
      if (result.outcome === "allowed") {
        const env = result.arguments === undefined ? ENV : { ...ENV, arguments: result.arguments };
        expect(engine.evaluate(alice, "tool:x", "tools/call", env).allowed).toBe(true);
      }
    });
  }

  it("ignores the request's own arguments and keeps the rest of env", () => {
    const engine = engineOf("when env.arguments.x == 1 and env.hour < 12");
    expect(engine.argumentsFor(alice, "tool:x", "tools/call", { hour: 10, arguments: { x: 2 } })).toEqual({
      outcome: "allowed",
      arguments: { x: 1 },
    });
    expect(engine.argumentsFor(alice, "tool:x", "tools/call", { hour: 13, arguments: { x: 1 } }).outcome).toBe("never");
  });

  it("says allowed without arguments when none are needed", () => {
    expect(engineOf("").argumentsFor(alice, "tool:x", "tools/call")).toEqual({ outcome: "allowed", arguments: undefined });
  });

  it("is never for a malformed request or a target that does not match", () => {
    const engine = engineOf("when env.arguments.x == 1");
    expect(engine.argumentsFor("alice", "tool:x", "tools/call", ENV).outcome).toBe("never");
    expect(engine.argumentsFor(alice, "tool:y", "tools/call", ENV).outcome).toBe("never");
    expect(engine.argumentsFor(alice, "tool:x", "tools/call", null).outcome).toBe("never");
  });

  it("keeps an example only if evaluate allows it: a schema may refuse it (validateRequests)", () => {
    const schema = {
      version: 1,
      env: {
        type: "object",
        properties: { arguments: { type: "object", properties: { x: { type: "number", maximum: 5 } } } },
      },
    };
    const text = 'policy p { allow subject * action "tools/call" resource "tool:x" when env.arguments.x == 7 }\n';
    const engine = compile(text, { schema, validateRequests: true });
    expect(engine.argumentsFor(alice, "tool:x", "tools/call", {})).toEqual({ outcome: "unknown" });
    expect(engine.couldAllow(alice, "tool:x", "tools/call", {})).toBe(true);
    expect(compile(text).argumentsFor(alice, "tool:x", "tools/call", {})).toEqual({ outcome: "allowed", arguments: { x: 7 } });
  });

  it("ignores the caller's own env.arguments under validateRequests, however malformed", () => {
    // Audit finding: a NaN or a function in the given arguments made the request "malformed" → never.
    const schema = JSON.parse(readFileSync("policies/schema.json", "utf8"));
    const text = 'policy p { allow subject * action "tools/call" resource "tool:read_file" when env.arguments.path == "/tmp/a" }\n';
    const engine = compile(text, { schema, validateRequests: true });
    const subject = { id: "u", roles: ["r"] };
    const env = { hour: 10, tool: { readOnlyHint: true, destructiveHint: false } };
    let deep: unknown = 1;
    for (let i = 0; i < 80; i++) deep = { a: deep };
    for (const given of [{ path: Number.NaN }, { path: { a: () => 1 } }, deep]) {
      expect(engine.argumentsFor(subject, "tool:read_file", "tools/call", { ...env, arguments: given })).toEqual({
        outcome: "allowed",
        arguments: { path: "/tmp/a" },
      });
      expect(engine.couldAllow(subject, "tool:read_file", "tools/call", { ...env, arguments: given })).toBe(true);
    }
  });

  it("gives up, undecided and quickly, when the cases multiply past its bound", () => {
    // Twenty independent arguments, three cases each: 4^20 combinations.
    const names = Array.from({ length: 20 }, (_, i) => `a${i}`);
    const engine = engineOf(
      `when ${names.map((n) => `env.arguments.${n} == 1`).join(" and ")} and env.arguments.z == 1 and env.arguments.z == 2`,
    );
    const started = performance.now();
    expect(engine.argumentsFor(alice, "tool:x", "tools/call", ENV).outcome).toBe("unknown");
    expect(engine.couldAllow(alice, "tool:x", "tools/call", ENV)).toBe(true);
    // Bounded work: a couple of thousand candidates at most (generous: no timing assertion tighter than this).
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("stays sound past its bounds: deep paths, many members, many constants, big lists", () => {
    // Audit findings: a 2,000-level path and 2,800 argument names overflowed the stack
    // (couldAllow then said false); a 5,000-element list took 25 s. Now the search gives up,
    // undecided, within its budget.
    const deep = compile(`policy p { allow subject * action "tools/call" resource "tool:x" when env.arguments${".a".repeat(2000)} == 1 }`);
    expect(deep.couldAllow(alice, "tool:x", "tools/call", {})).toBe(true);
    expect(deep.argumentsFor(alice, "tool:x", "tools/call", {}).outcome).not.toBe("never");
    const names = Array.from({ length: 2800 }, (_, i) => `env.arguments.k${i} == 1`).join(" or ");
    const wide = compile(`policy p { allow subject * action "tools/call" resource "tool:x" when ${names} }`);
    expect(wide.argumentsFor(alice, "tool:x", "tools/call", {})).toEqual({ outcome: "allowed", arguments: { k0: 1 } });
    const list = Array.from({ length: 5000 }, (_, i) => i * 2).join(", ");
    const big = compile(
      `policy p { allow subject * action "tools/call" resource "tool:x" when env.arguments.a in [${list}] }\n` +
        `policy d { deny subject * action "tools/call" resource "tool:x" when env.arguments.a in [${list}] }\n`,
    );
    const started = performance.now();
    // Truly never allowed; past 256 values on one path the search cannot prove it.
    expect(big.argumentsFor(alice, "tool:x", "tools/call", {}).outcome).toBe("unknown");
    expect(big.couldAllow(alice, "tool:x", "tools/call", {})).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("does not take a used character for a fresh one when every code unit is used", () => {
    let all = "";
    for (let c = 0; c < 0x10000; c++) all += String.fromCharCode(c);
    const engine = engineOf('when env.arguments.a contains "z"', "deny when env.arguments.a in subject.bad");
    const subject = { id: "u", bad: [["z"], ["z", "\u0000"], "z", "z\u0000", "z\u0001", all] };
    // "zz" and ["z", 1] are allowed: no proof of never may come out of a separator that is not fresh.
    expect(engine.evaluate(subject, "tool:x", "tools/call", { arguments: { a: "zz" } }).allowed).toBe(true);
    expect(engine.argumentsFor(subject, "tool:x", "tools/call", {}).outcome).not.toBe("never");
    expect(engine.couldAllow(subject, "tool:x", "tools/call", {})).toBe(true);
  });

  it("never throws on hostile env objects", () => {
    const engine = engineOf("when env.arguments.x == 1");
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error("no"); }, getOwnPropertyDescriptor: () => { throw new Error("no"); } });
    expect(["never", "unknown"]).toContain(engine.argumentsFor(alice, "tool:x", "tools/call", throwing).outcome);
    const getter = Object.defineProperty({}, "hour", { get: () => { throw new Error("no"); }, enumerable: true });
    expect(engine.argumentsFor(alice, "tool:x", "tools/call", getter)).toEqual({ outcome: "allowed", arguments: { x: 1 } });
  });
});

// The fragment the search partitions: argument paths compared with known values.
const arg = (name: string) => path(`env.arguments.${name}`);
const EQUAL_LITERALS = [1, 2, "a", "b", "ab", true, null] as const;
const ORDER_LITERALS = [0, 1, 2.5, 7] as const;
const argPath = fc.constantFrom(arg("x"), arg("n"), arg("x.k"));
const known = fc.oneof(
  fc.constantFrom(...EQUAL_LITERALS).map(lit),
  fc.constantFrom(path("env.hour"), path("subject.level"), path("subject.id"), list("a", 1), path("subject.missing")),
);
const atomArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(argPath, fc.constantFrom("==", "!=") as fc.Arbitrary<"==" | "!=">, known, fc.boolean()).map(([p, op, k, flip]) =>
    flip ? cmp(k, op, p) : cmp(p, op, k),
  ),
  fc
    .tuple(argPath, fc.constantFrom("<", "<=", ">", ">=") as fc.Arbitrary<"<" | "<=" | ">" | ">=">, fc.oneof(fc.constantFrom(...ORDER_LITERALS).map(lit), fc.constant(path("subject.level"))))
    .map(([p, op, k]) => cmp(p, op, k)),
  argPath.map((p) => isIn(p, list("a", 1))),
  argPath.map((p) => isIn(lit("a"), p)),
  fc.tuple(argPath, fc.constantFrom("a", "ab", "b", 1)).map(([p, v]) => contains(p, lit(v))),
  argPath.map((p) => contains(list("a", "b"), p)),
  fc.constantFrom(has(path("env.arguments"), "x"), has(arg("x"), "k"), has(path("env"), "arguments"), arg("flag")),
);
// One glob per path, with equality, order on numbers and membership: still partitioned.
const GLOB_OF: Record<string, string> = { "env.arguments.x": "a*", "env.arguments.n": "b?", "env.arguments.x.k": "/x/**" };
const globAtomArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(argPath, fc.constantFrom("==", "!=") as fc.Arbitrary<"==" | "!=">, known).map(([p, op, k]) => cmp(p, op, k)),
  fc
    .tuple(argPath, fc.constantFrom("<", ">=") as fc.Arbitrary<"<" | ">=">, fc.constantFrom(...ORDER_LITERALS).map(lit))
    .map(([p, op, k]) => cmp(p, op, k)),
  argPath.map((p) => matches(p, GLOB_OF[p.kind === "Path" ? `${p.root}.${p.members.join(".")}` : ""] as string)),
  argPath.map((p) => isIn(p, list("a", "ab", 1))),
  fc.constantFrom(has(path("env.arguments"), "x"), has(arg("x"), "k"), arg("flag")),
);
const exprOf = (atoms: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
  fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      atoms,
      tie("expr").map(not),
      fc.array(tie("expr"), { minLength: 2, maxLength: 2 }).map((ops) => and(...ops)),
      fc.array(tie("expr"), { minLength: 2, maxLength: 2 }).map((ops) => or(...ops)),
    ),
  })).expr;
const policyOf = (atoms: fc.Arbitrary<Expr>) => {
  const conditionArb: fc.Arbitrary<Condition> = fc.tuple(fc.boolean(), exprOf(atoms)).map(([w, e]) => (w ? when(e) : unless(e)));
  return (index: number): fc.Arbitrary<Policy> =>
    fc
      .record({
        effect: fc.constantFrom("allow", "deny") as fc.Arbitrary<"allow" | "deny">,
        priority: fc.integer({ min: 0, max: 2 }),
        conditions: fc.array(conditionArb, { maxLength: 2 }),
      })
      .map((parts) => policy(`p${index}`, parts));
};
// Up to three policies: within the search's bound (4,096 combinations) on this fragment.
const setOf = (atoms: fc.Arbitrary<Expr>) => {
  const policyArb = policyOf(atoms);
  return fc
    .integer({ min: 1, max: 3 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => policyArb(i))))
    .map((policies) => policySet(policies));
};
const policyArb = policyOf(atomArb);
const setArb = setOf(atomArb);
const globSetArb = setOf(globAtomArb);

/** Values of one argument for brute force: every literal, between and beyond them, other kinds. */
const VALUES: unknown[] = ["<absent>", 1, 2, 2.5, 3, 0, -1, 8, 10, "a", "b", "ab", "ba", "xaby", "", "c", "/x/y", true, false, null, [], ["a"], ["a", 1], ["ab", "b"], [1], { k: 1 }, { k: "/x/a" }, {}];

/** `count` argument objects over x, n and flag, each value from `domain` (absent included), spread by `seed`. */
function argumentSamples(seed: number, count: number, domain: readonly unknown[] = VALUES): Record<string, unknown>[] {
  const pick = (i: number) => domain[(seed * 7 + i * 13) % domain.length];
  const samples: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const args: Record<string, unknown> = {};
    for (const [j, name] of ["x", "n", "flag"].entries()) {
      const value = pick(i * 3 + j + i * j);
      if (value !== "<absent>") args[name] = value;
    }
    samples.push(args);
  }
  return samples;
}

describe("the witness search on the fragment it partitions", () => {
  it("always decides; an example is allowed, and a proof of never survives brute force", () => {
    fc.assert(
      fc.property(setArb, fc.integer({ min: 0, max: 1000 }), (set, seed) => {
        const result = search(set);
        expect(result.outcome).not.toBe("unknown");
        expect(couldAllowReference(set, alice, "tool:x", "tools/call", ENV)).toBe(result.outcome === "allowed");
        if (result.outcome === "allowed") {
          expect(allowedWith(set, result.arguments)).toBe(true);
          return;
        }
        // never: no arguments from the brute-force domain are allowed (a pseudo-random slice of it per run).
        expect(allowedWith(set, undefined)).toBe(false);
        for (const args of argumentSamples(seed, 120)) expect(allowedWith(set, args), JSON.stringify(args)).toBe(false);
      }),
      { numRuns: runs(300) },
    );
  });

  it("keeps to the arguments' shape: an example of that shape, and never only when none of that shape is allowed", () => {
    const shapes = ["object", "strings", "empty"] as const;
    const fits = (shape: (typeof shapes)[number], args: unknown): boolean => {
      if (args === undefined || typeof args !== "object" || args === null || Array.isArray(args)) return false;
      if (Object.hasOwn(args, "__proto__")) return false;
      const values = Object.values(args);
      return shape === "empty" ? values.length === 0 : shape === "strings" ? values.every((v) => typeof v === "string") : true;
    };
    const STRINGS = ["", "a", "b", "ab", "ba", "xaby", "1", "2", "c", "\u0000"];
    fc.assert(
      fc.property(setArb, fc.constantFrom(...shapes), fc.integer({ min: 0, max: 1000 }), (set, shape, seed) => {
        const result = searchArgumentsReference(set, alice, "tool:x", "tools/call", ENV, shape);
        expect(result.outcome).not.toBe("unknown");
        expect(couldAllowReference(set, alice, "tool:x", "tools/call", ENV, shape)).toBe(result.outcome === "allowed");
        if (result.outcome === "allowed") {
          expect(fits(shape, result.arguments), JSON.stringify(result.arguments)).toBe(true);
          expect(allowedWith(set, result.arguments)).toBe(true);
          return;
        }
        const domain: unknown[] = shape === "strings" ? ["<absent>", ...STRINGS] : VALUES;
        const samples = shape === "empty" ? [{}] : argumentSamples(seed, 120, domain);
        for (const args of samples) expect(allowedWith(set, args), JSON.stringify(args)).toBe(false);
      }),
      { numRuns: runs(300) },
    );
  });

  it("decides the `empty` shape exactly, even on conditions the search only samples (audit finding)", () => {
    const subject = { id: "alice", e: {} };
    const conditions = [
      "env.arguments.x == env.arguments.y",
      "env == subject.e",
      Array.from({ length: 33 }, (_, i) => `env.arguments.m${i} == 1`).join(" or "),
      `env.arguments.${"abcdefghijklmnopqr".split("").join(".")} == 1`,
      ["a", "b", "c", "d", "e"].map((m) => `env.arguments contains "${m}"`).join(" and "),
    ];
    for (const condition of conditions) {
      const engine = compile(`policy p { allow subject * action "resources/read" resource * when ${condition} }`);
      const options = { arguments: "empty" } as const;
      expect(engine.couldAllow(subject, "resource:file:///r", "resources/read", {}, options), condition).toBe(false);
      expect(engine.argumentsFor(subject, "resource:file:///r", "resources/read", {}, options)).toEqual({ outcome: "never" });
    }
    // And allowed exactly when `{}` is: `not (env.arguments has x)` holds for it, a read of
    // a missing member errs.
    const erring = compile('policy p { allow subject * action "resources/read" resource * when not (env.arguments has x) and env.arguments.y == env.arguments.y }');
    expect(erring.couldAllow(subject, "resource:file:///r", "resources/read", {}, { arguments: "empty" })).toBe(false);
    const allowed = compile('policy p { allow subject * action "resources/read" resource * when not (env.arguments has x) }');
    expect(allowed.argumentsFor(subject, "resource:file:///r", "resources/read", { hour: 3 }, { arguments: "empty" })).toEqual({
      outcome: "allowed",
      arguments: {},
    });
  });

  it("never gives an example outside the shape: samples and whole-object constants are filtered too", () => {
    // Audit findings: a glob sample or a known string for the whole arguments, and a
    // subject object compared with them, came back as examples of the wrong shape.
    const subject = { id: "u", s: "abc", x: { a: 1 }, y: { a: "1" }, p: JSON.parse('{"__proto__": "1"}') };
    const cases: [string, ArgumentsShape, "allowed" | "never"][] = [
      ['when env.arguments matches "*"', "any", "allowed"],
      ['when env.arguments matches "*"', "object", "never"],
      ['when env.arguments matches "*"', "strings", "never"],
      ['when env.arguments matches "*"', "empty", "never"],
      ["when subject.s contains env.arguments", "object", "never"],
      ["when env.arguments == subject.x", "object", "allowed"],
      ["when env.arguments == subject.x", "strings", "never"],
      ["when env.arguments == subject.y", "strings", "allowed"],
      ["when env.arguments == subject.p", "object", "never"],
      ["when env.arguments == subject.p", "any", "allowed"],
    ];
    for (const [condition, shape, expected] of cases) {
      const engine = engineOf(condition);
      const result = engine.argumentsFor(subject, "tool:x", "tools/call", {}, { arguments: shape });
      expect(result.outcome, `${condition} as ${shape}`).toBe(expected);
      expect(engine.couldAllow(subject, "tool:x", "tools/call", {}, { arguments: shape })).toBe(expected === "allowed");
      if (result.outcome === "allowed") expect(fitsShape(result.arguments, shape)).toBe(true);
    }
  });

  it("hands back ordinary objects, even when copied from the request", () => {
    const engine = engineOf("when env.arguments.o == subject.prefs");
    const subject = { id: "u", prefs: { theme: "dark", nested: { a: [1, { b: 2 }] } } };
    const result = engine.argumentsFor(subject, "tool:x", "tools/call", {});
    expect(result).toEqual({ outcome: "allowed", arguments: { o: subject.prefs } });
    if (result.outcome !== "allowed") return;
    const o = (result.arguments as { o: { nested: { a: [number, object] } } }).o;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(o.nested)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(o.nested.a[1])).toBe(Object.prototype);
  });

  it("partitions one glob per path too: always decides, examples allowed, never survives brute force", () => {
    fc.assert(
      fc.property(globSetArb, fc.integer({ min: 0, max: 1000 }), (set, seed) => {
        const result = search(set);
        expect(result.outcome).not.toBe("unknown");
        if (result.outcome === "allowed") {
          expect(allowedWith(set, result.arguments)).toBe(true);
          return;
        }
        expect(allowedWith(set, undefined)).toBe(false);
        for (const args of argumentSamples(seed, 160)) expect(allowedWith(set, args), JSON.stringify(args)).toBe(false);
      }),
      { numRuns: runs(300) },
    );
  });

  it("searchApplying (lint W0811): never only when no arguments make the policy apply, allow or deny", () => {
    fc.assert(
      fc.property(policyArb(0), fc.integer({ min: 0, max: 1000 }), (p, seed) => {
        const request = { subject: alice, resource: { id: "tool:x" }, resourceId: "tool:x", action: "tools/call", env: ENV };
        const result = searchApplying(p, request);
        expect(result.outcome).not.toBe("unknown");
        // Whether p applies with these arguments: alone for an allow; over an unconditional
        // allow of its priority for a deny (the deny wins a tie exactly when it applies).
        const base = policy("base", { effect: "allow", priority: p.priority });
        const appliesWith = (args: unknown) => {
          const set = p.effect === "allow" ? policySet([p]) : policySet([base, p]);
          const allowed = allowedWith(set, args);
          return p.effect === "allow" ? allowed : !allowed;
        };
        if (result.outcome === "allowed") {
          expect(appliesWith(result.arguments)).toBe(true);
          return;
        }
        expect(appliesWith(undefined)).toBe(false);
        for (const args of argumentSamples(seed, 120)) expect(appliesWith(args), JSON.stringify(args)).toBe(false);
      }),
      { numRuns: runs(300) },
    );
  });

  it("is exact against exhaustive brute force on one argument", () => {
    // One path, every value of the domain: couldAllow true iff one is allowed.
    const oneArg = setArb.filter((set) =>
      set.policies.every((p) => p.conditions.every((c) => !JSON.stringify(c.expr).match(/"(n|flag|k)"|"x\.k"/))),
    );
    fc.assert(
      fc.property(oneArg, (set) => {
        const some = VALUES.some((value) => allowedWith(set, value === "<absent>" ? {} : { x: value }) || allowedWith(set, undefined));
        const result = search(set);
        if (some) expect(result.outcome).toBe("allowed");
        if (result.outcome === "allowed") expect(allowedWith(set, result.arguments)).toBe(true);
      }),
      { numRuns: runs(300) },
    );
  });
});
