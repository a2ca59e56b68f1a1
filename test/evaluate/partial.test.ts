// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { couldAllowReference, evaluateReference } from "../../src/evaluate/index.js";
import { touchesArguments } from "../../src/evaluate/partial.js";
import type { Condition, Expr, Policy } from "../../src/model/ast.js";
import type { PolicySet } from "../../src/model/policy-set.js";
import {
  allow,
  and,
  cmp,
  contains,
  deny,
  has,
  isIn,
  list,
  lit,
  matches,
  not,
  or,
  path,
  patterns,
  policy,
  policySet,
  unless,
  when,
} from "./builders.js";

const alice = { id: "alice", roles: ["dev"] };
const could = (set: PolicySet, env: unknown = { hour: 10 }, subject: unknown = alice) =>
  couldAllowReference(set, subject, "tool:x", "tools/call", env);
const arg = (name: string) => path(`env.arguments.${name}`);

describe("couldAllow (partial evaluation over env.arguments)", () => {
  it("is true when some arguments satisfy an allow's condition", () => {
    expect(could(policySet([allow("a", { conditions: [when(cmp(arg("n"), "==", lit(1)))] })]))).toBe(true);
    expect(could(policySet([allow("a", { conditions: [when(matches(arg("p"), "/home/${subject.id}/**"))] })]))).toBe(true);
  });

  it("ignores the arguments given in env", () => {
    const set = policySet([allow("a", { conditions: [when(cmp(arg("n"), "==", lit(1)))] })]);
    expect(could(set, { arguments: { n: 2 } })).toBe(true);
    expect(evaluateReference(set, alice, "tool:x", "tools/call", { arguments: { n: 2 } }).allowed).toBe(false);
  });

  it("is exact for conditions that do not touch env.arguments", () => {
    const set = policySet([allow("a", { conditions: [when(cmp(path("env.hour"), "<", lit(18)))] })]);
    expect(could(set, { hour: 10 })).toBe(true);
    expect(could(set, { hour: 20 })).toBe(false);
    expect(could(set, {})).toBe(false);
  });

  it("is false when a target is false, whatever the arguments", () => {
    expect(could(policySet([allow("a", { action: patterns("tools/list"), conditions: [when(arg("x"))] })]))).toBe(false);
  });

  it("short-circuits: `false and X` is false, `true or X` is true", () => {
    expect(could(policySet([allow("a", { conditions: [when(and(lit(false), arg("x")))] })]))).toBe(false);
    expect(could(policySet([allow("a", { conditions: [unless(or(lit(true), arg("x")))] })]))).toBe(false);
    expect(could(policySet([allow("a", { conditions: [when(and(arg("x"), lit(false)))] })]))).toBe(false);
  });

  it("a deny that definitely applies at priority ≥ every allow kills it", () => {
    const set = policySet([
      allow("a", { conditions: [when(cmp(arg("n"), "==", lit(1)))] }),
      deny("d", { conditions: [when(cmp(path("env.hour"), ">", lit(5)))] }),
    ]);
    expect(could(set, { hour: 10 })).toBe(false);
    expect(could(set, { hour: 1 })).toBe(true);
  });

  it("a deny at lower priority than the allow does not kill it", () => {
    const set = policySet([allow("a", { priority: 2, conditions: [when(arg("ok"))] }), deny("d", { priority: 1 })]);
    expect(could(set)).toBe(true);
  });

  it("a deny whose applicability depends on the arguments does not kill the allow", () => {
    const set = policySet([allow("a"), deny("d", { conditions: [when(cmp(arg("path"), "==", lit("/etc/passwd")))] })]);
    expect(could(set)).toBe(true);
  });

  it("a deny that applies whatever the arguments (even erring) kills the allow", () => {
    const set = policySet([allow("a"), deny("d", { conditions: [when(or(arg("x"), lit(true)))] })]);
    // `X or true` is true or an error: either way the deny applies.
    expect(could(set)).toBe(false);
  });

  it("`has` on arguments may go either way but never errs", () => {
    const set = policySet([allow("a"), deny("d", { conditions: [unless(has(path("env.arguments"), "confirm"))] })]);
    expect(could(set)).toBe(true);
    const whole = policySet([allow("a", { conditions: [when(has(path("env"), "arguments"))] })]);
    expect(could(whole, {})).toBe(true);
  });

  it("is false for a malformed request", () => {
    expect(could(policySet([allow("a")]), null)).toBe(false);
    expect(could(policySet([allow("a")]), {}, "alice")).toBe(false);
  });

  it("knows which expressions touch env.arguments", () => {
    expect(touchesArguments(arg("x"))).toBe(true);
    expect(touchesArguments(path("env"))).toBe(true);
    expect(touchesArguments(path("env", "arguments"))).toBe(true);
    expect(touchesArguments(path("env.hour"))).toBe(false);
    expect(touchesArguments(path("subject.arguments"))).toBe(false);
    expect(touchesArguments(has(path("env"), "hour"))).toBe(false);
    expect(touchesArguments(has(path("env"), "arguments"))).toBe(true);
    expect(touchesArguments(and(lit(true), not(isIn(lit(1), arg("l")))))).toBe(true);
  });
});

// Brute force on small domains: random policy sets over a few paths and literals, and
// every argument object built from those (missing attributes and wrong types included).
const LITERALS = [1, 2, "a", "b", true, false, null] as const;
const X_VALUES: unknown[] = ["<missing>", 1, 2, "a", "b", true, false, null, ["a", 1], { x: 1 }];
const Y_VALUES: unknown[] = ["<missing>", 1, "a", true];
const FLAG_VALUES: unknown[] = ["<missing>", true, false];
const CANDIDATES: unknown[] = ["<missing>", "a", 1, [], null];
for (const x of X_VALUES) {
  for (const y of Y_VALUES) {
    for (const flag of FLAG_VALUES) {
      const args: Record<string, unknown> = {};
      if (x !== "<missing>") args.x = x;
      if (y !== "<missing>") args.y = y;
      if (flag !== "<missing>") args.flag = flag;
      CANDIDATES.push(args);
    }
  }
}

const atomArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(arg("x"), arg("y"), arg("flag"), path("env.arguments"), path("env.hour"), path("subject.id")),
  fc.constantFrom(...LITERALS).map(lit),
  fc.constant(list("a", 1)),
);
const testArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(atomArb, fc.constantFrom("==", "!=", "<", ">=") as fc.Arbitrary<"==" | "!=" | "<" | ">=">, atomArb).map(
    ([l, op, r]) => cmp(l, op, r),
  ),
  fc.tuple(atomArb, atomArb).map(([l, r]) => isIn(l, r)),
  fc.tuple(atomArb, atomArb).map(([l, r]) => contains(l, r)),
  atomArb.map((l) => matches(l, "a*")),
  fc.tuple(atomArb, fc.constantFrom("x", "flag")).map(([l, m]) => has(l, m)),
  fc.constantFrom(arg("flag"), lit(true), lit(false)),
);
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    testArb,
    tie("expr").map(not),
    fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map((ops) => and(...ops)),
    fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map((ops) => or(...ops)),
  ),
})).expr;
const conditionArb: fc.Arbitrary<Condition> = fc.tuple(fc.boolean(), exprArb).map(([w, e]) => (w ? when(e) : unless(e)));
const policyArb = (index: number): fc.Arbitrary<Policy> =>
  fc
    .record({
      effect: fc.constantFrom("allow", "deny") as fc.Arbitrary<"allow" | "deny">,
      priority: fc.integer({ min: 0, max: 2 }),
      action: fc.constantFrom(undefined, patterns("tools/call"), patterns("tools/list")),
      conditions: fc.array(conditionArb, { maxLength: 2 }),
    })
    .map((parts) => policy(`p${index}`, { ...parts, ...(parts.action === undefined ? { action: undefined } : {}) }));
const setArb = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => policyArb(i))))
  .map((policies) => policySet(policies));

describe("couldAllow against brute force", () => {
  it("is sound: when some enumerated arguments give allow, couldAllow is true", () => {
    fc.assert(
      fc.property(setArb, fc.constantFrom({ hour: 10 }, {}), (set, base) => {
        const allowedBy = CANDIDATES.find((args) => {
          const env = args === "<missing>" ? base : { ...base, arguments: args };
          return evaluateReference(set, alice, "tool:x", "tools/call", env).allowed;
        });
        if (allowedBy !== undefined) expect(could(set, base)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is exact when no condition touches env.arguments", () => {
    const untouched = setArb.filter((set) =>
      set.policies.every((p) => p.conditions.every((c) => !touchesArguments(c.expr))),
    );
    fc.assert(
      fc.property(untouched, (set) => {
        const env = { hour: 10, arguments: { x: 1 } };
        expect(could(set, env)).toBe(evaluateReference(set, alice, "tool:x", "tools/call", env).allowed);
      }),
      { numRuns: 200 },
    );
  });
});
