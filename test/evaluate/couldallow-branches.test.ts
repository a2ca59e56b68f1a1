// biome-ignore-all lint/suspicious/noTemplateCurlyInString: patterns spell the language's own `${subject.PATH}` interpolation
/**
 * `couldAllow` / `argumentsFor` on condition shapes whose branches of the partial
 * evaluation (src/evaluate/partial.ts, argument-candidates.ts, partial-template.ts) the
 * rest of the suite does not reach. Every case is checked against brute force over a
 * small domain of argument values: an example given is allowed by `evaluate`; "never"
 * means no value of the domain is allowed; `couldAllow` is true whenever one is. Where
 * the expected outcome is pinned, it is what the search documents for that shape.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";

const SUBJECT = {
  id: "alice",
  roles: ["dev"],
  one: 1,
  justAbove: 1.0000000000000002,
  tiny: 5e-324,
  minusOne: -1,
  belowMinusOne: -1.0000000000000002,
  max: Number.MAX_VALUE,
  minusMax: -Number.MAX_VALUE,
  big: 1e308,
  negZero: -0,
  obj: { b: 1, a: 2, c: 0 },
  other: { a: 2 },
};
const RESOURCE = "tool:x";
const ACTION = "tools/call";
const ENV = { hour: 10 };

/** A set from condition bodies: one policy each, `subject *`, action tools/call, resource tool:x. */
function engineOf(...bodies: string[]) {
  const text = bodies
    .map((body, i) => {
      const deny = body.startsWith("deny ");
      const conditions = deny ? body.slice(5) : body;
      return `policy "p${i}" {\n  ${deny ? "deny" : "allow"}\n  subject *\n  action "tools/call"\n  resource "tool:x"\n  ${conditions}\n}\n`;
    })
    .join("");
  return compile(text);
}

const SCALARS: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  2,
  -1,
  1.0000000000000002,
  -1.0000000000000002,
  0.5,
  5e-324,
  1e308,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  "",
  "a",
  "b",
  "ab",
  "abc",
  "abcde",
  "ba",
  "t",
  "x",
  "zz",
  "]",
  [],
  ["a"],
  [{ a: 2, b: 1, c: 0 }, { a: 2 }],
  { a: 2, b: 1, c: 0 },
  { a: 2 },
];
/** Argument objects over members x, y (each absent or a scalar), plus a few whole values. */
const DOMAIN: unknown[] = [undefined, {}, "x", 1, null];
for (const x of SCALARS) {
  DOMAIN.push({ x });
  for (const y of [1, true, "a"]) DOMAIN.push({ x, y });
}
for (const y of [1, 2, true, false, "a"]) DOMAIN.push({ y });

function allowedWith(engine: ReturnType<typeof compile>, args: unknown): boolean {
  const env = args === undefined ? ENV : { ...ENV, arguments: args };
  return engine.evaluate(SUBJECT, RESOURCE, ACTION, env).allowed;
}

/** Checks couldAllow and argumentsFor against brute force; returns the search's outcome. */
function check(bodies: string[]): "allowed" | "never" | "unknown" {
  const engine = engineOf(...bodies);
  const witness = DOMAIN.find((args) => allowedWith(engine, args));
  const could = engine.couldAllow(SUBJECT, RESOURCE, ACTION, ENV);
  const search = engine.argumentsFor(SUBJECT, RESOURCE, ACTION, ENV);
  if (witness !== undefined || search.outcome !== "never") expect(could).toBe(true);
  if (search.outcome === "never") {
    expect(could).toBe(false);
    expect(witness, `brute force found ${JSON.stringify(witness)}`).toBeUndefined();
  }
  if (search.outcome === "allowed") expect(allowedWith(engine, search.arguments)).toBe(true);
  return search.outcome;
}

describe("known values in tests that read the arguments (partial.ts)", () => {
  it.each<[string[], string]>([
    // `has … or true` is true whatever the arguments: a known operand of ==, in, contains.
    [["when (env.arguments has x or true) == true"], "allowed"],
    [["when (env.arguments has x or true) == false"], "never"],
    [["when (env.arguments has x and false) in [false]"], "allowed"],
    [["when [true] contains (env.arguments has x or true)"], "allowed"],
    // The other side errs whatever the arguments: the test errs, the allow never applies.
    [["when (env.arguments has x or true) == subject.missing"], "never"],
    // `matches` of a boolean errs.
    [['when (env.arguments has x or true) matches "t*"'], "never"],
    // `has` on a known boolean: false, never an error.
    [["when (env.arguments has x or true) has y"], "never"],
    [["unless (env.arguments has x or true) has y"], "allowed"],
  ])("%j → %s", (bodies, expected) => {
    expect(check(bodies)).toBe(expected);
  });
});

describe("argument candidates (argument-candidates.ts)", () => {
  it.each<[string[], string]>([
    // A test as an operand of a comparison: partitioned like any other.
    [["when (env.arguments.x == 1) == true"], "allowed"],
    [["when (env.arguments.x == 1) == false and env.arguments.x == 1"], "never"],
    [["when (env.arguments.x > 1) == (env.arguments.y == 1)"], "allowed"],
    // An argument compared with a test of another argument: no proof, the answer stays sound.
    [["when env.arguments.x == (env.arguments.y == 1) and env.arguments.x == 5"], "unknown"],
    // The whole `env` as a test: no proof either.
    [["when env"], "unknown"],
    // Adjacent doubles: nothing lies strictly between them.
    [["when env.arguments.x > subject.one and env.arguments.x < subject.justAbove"], "never"],
    [["when env.arguments.x > 0 and env.arguments.x < subject.tiny"], "never"],
    [["when env.arguments.x > subject.belowMinusOne and env.arguments.x < subject.minusOne"], "never"],
    [["when env.arguments.x >= subject.one and env.arguments.x < subject.justAbove"], "allowed"],
    [["when env.arguments.x == subject.negZero and env.arguments.x < subject.one"], "allowed"],
    // Beyond the largest double: nothing; beyond 1e308 (whose double overflows): MAX_VALUE.
    [["when env.arguments.x > subject.max"], "never"],
    [["when env.arguments.x < subject.minusMax"], "never"],
    [["when env.arguments.x > subject.big"], "allowed"],
    // Strings both ordered and searched: not partitioned ("ab" is allowed, but not tried).
    [['when env.arguments.x contains "b" and env.arguments.x < "b"'], "unknown"],
    [['when env.arguments.x contains "b" and env.arguments.x > "a"'], "allowed"],
    // More than four substrings: not every subset is tried.
    [
      [
        'when env.arguments.x contains "a" and env.arguments.x contains "b" and env.arguments.x contains "c" and env.arguments.x contains "d" and env.arguments.x contains "e"',
      ],
      "allowed",
    ],
    // One glob with ordered strings: sampled only (no "a…" is above "b", but no proof).
    [['when env.arguments.x matches "a*" and env.arguments.x > "b"'], "unknown"],
    // Objects compared whole, and as elements.
    [["when env.arguments.x == subject.obj"], "allowed"],
    [["when env.arguments.x contains subject.obj and env.arguments.x contains subject.other"], "allowed"],
    [['when (env.arguments.x matches "a*" or env.arguments.x == subject.obj) and env.arguments.x != "ab"'], "allowed"],
    // Glob samples: classes, negated classes, escapes, an unclosed bracket.
    [['when env.arguments.x matches "[abc]b"'], "allowed"],
    [['when env.arguments.x matches "[!a]a"'], "allowed"],
    [['when env.arguments.x matches "[\\\\]]"'], "allowed"],
    [['when env.arguments.x matches "a["'], "allowed"],
    // More glob samples than are tried up front.
    [
      [
        'when env.arguments.x matches "{a,b,c,d}?" or env.arguments.y matches "{e,f,g,h}?" or env.arguments.z matches "{i,j}?"',
      ],
      "allowed",
    ],
  ])("%j → %s", (bodies, expected) => {
    expect(check(bodies)).toBe(expected);
  });
});

describe("interpolated globs (partial-template.ts)", () => {
  it("a pattern too long once interpolated errs: never allowed, as evaluate says", () => {
    const engine = engineOf('when env.arguments.p matches "/home/${subject.id}/**"');
    const long = { id: "a".repeat(70_000), roles: [] };
    const env = { arguments: { p: `/home/${long.id}/f` } };
    expect(engine.evaluate(long, RESOURCE, ACTION, env).allowed).toBe(false);
    expect(engine.couldAllow(long, RESOURCE, ACTION, {})).toBe(false);
    expect(engine.argumentsFor(long, RESOURCE, ACTION, {}).outcome).toBe("never");
    // An interpolated glob longer than the memo keeps (1,024 characters): still matched.
    const middle = { id: "m".repeat(2_000), roles: [] };
    expect(engine.argumentsFor(middle, RESOURCE, ACTION, {})).toEqual({
      outcome: "allowed",
      arguments: { p: `/home/${middle.id}/x` },
    });
    // A short id: allowed, with the sample built from the pattern.
    const short = { id: "bob", roles: [] };
    expect(engine.argumentsFor(short, RESOURCE, ACTION, {})).toEqual({
      outcome: "allowed",
      arguments: { p: "/home/bob/x" },
    });
  });
});

describe("the `empty` shape replaces given arguments with {}", () => {
  it("decides with env.arguments = {} whatever the request's own", () => {
    const engine = engineOf("unless env.arguments has x");
    const env = { hour: 10, arguments: { x: 1 } };
    expect(engine.evaluate(SUBJECT, RESOURCE, ACTION, env).allowed).toBe(false);
    expect(engine.couldAllow(SUBJECT, RESOURCE, ACTION, env, { arguments: "empty" })).toBe(true);
    const needsX = engineOf("when env.arguments has x");
    expect(needsX.couldAllow(SUBJECT, RESOURCE, ACTION, env, { arguments: "empty" })).toBe(false);
  });
});
