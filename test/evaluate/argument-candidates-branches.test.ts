/**
 * Branches of the argument search (src/evaluate/argument-candidates.ts) the rest of the
 * suite does not reach: a bare non-argument path beside an argument test, member reads
 * under the `empty` shape, and the de-duplication of sampled candidates (-0 beside 0, an
 * object whose keys are out of order). Every case is checked against brute force over a
 * small domain of argument values, as in couldallow-branches.test.ts: an example given is
 * allowed by `evaluate`; "never" means no value of the domain is allowed; `couldAllow` is
 * true whenever one is.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import type { ArgumentsShape } from "../../src/model/arguments-search.js";

const SUBJECT = { id: "alice", roles: [], yes: true, no: false, negZero: -0, obj: { b: 1, a: 2, c: 0 } };
const RESOURCE = "tool:x";
const ACTION = "tools/call";
const ENV = { hour: 10 };

function engineOf(condition: string) {
  return compile(`policy p { allow subject * action "tools/call" resource "tool:x" ${condition} }`);
}

const SCALARS: unknown[] = [null, true, false, 0, -0, 1, 2, -1, "", "a", "ab", "b", "bx", "x", [], { b: 1, a: 2, c: 0 }, { a: 2 }];
const DOMAIN: unknown[] = [undefined, {}, "x", 1, null];
for (const x of SCALARS) DOMAIN.push({ x }, { x, y: 1 });

function allowedWith(engine: ReturnType<typeof compile>, args: unknown): boolean {
  const env = args === undefined ? ENV : { ...ENV, arguments: args };
  return engine.evaluate(SUBJECT, RESOURCE, ACTION, env).allowed;
}

/** Which domain values a shape admits (for `empty`: no members at all). */
function fits(args: unknown, shape: ArgumentsShape): boolean {
  if (shape === "any") return true;
  if (typeof args !== "object" || args === null || Array.isArray(args)) return false;
  return shape === "empty" ? Object.keys(args).length === 0 : true;
}

function check(condition: string, shape: ArgumentsShape = "any"): "allowed" | "never" | "unknown" {
  const engine = engineOf(condition);
  const witness = DOMAIN.filter((args) => fits(args, shape)).find((args) => allowedWith(engine, args));
  const options = { arguments: shape };
  const could = engine.couldAllow(SUBJECT, RESOURCE, ACTION, ENV, options);
  const search = engine.argumentsFor(SUBJECT, RESOURCE, ACTION, ENV, options);
  if (witness !== undefined || search.outcome !== "never") expect(could).toBe(true);
  if (search.outcome === "never") {
    expect(could).toBe(false);
    expect(witness, `brute force found ${JSON.stringify(witness)}`).toBeUndefined();
  }
  if (search.outcome === "allowed") {
    expect(fits(search.arguments ?? {}, shape)).toBe(true);
    expect(allowedWith(engine, search.arguments)).toBe(true);
  }
  return search.outcome;
}

describe("argument candidates", () => {
  it.each<[string, ArgumentsShape, string]>([
    // A bare path that is not an argument, beside a test of one: a known test.
    ["when env.arguments.x == 1 and subject.yes", "any", "allowed"],
    ["when env.arguments.x == 1 and subject.no", "any", "never"],
    // A bare path that errs whatever the arguments (a number as a test).
    ["when env.arguments.x == 1 and env.hour", "any", "never"],
    // Under `empty` the one possible value, {}, is decided (partial.ts): no member may be present.
    ["when env.arguments.x == 1", "empty", "never"],
    // (`env.arguments.x` is missing from `{}`: the test errs, `unless` does not hold.)
    ["unless env.arguments.x == 1", "empty", "never"],
    ["when not (env.arguments has x) or env.arguments.x == 1", "empty", "allowed"],
    // Sampled (two globs), with no witness, so every candidate is tried: -0 among them
    // beside 0, one of them kept; the search cannot prove "never" where it samples.
    ['when (env.arguments.x == subject.negZero or env.arguments.x matches "a*" or env.arguments.x matches "b*") and env.arguments.x == 5', "any", "unknown"],
    // The same with an object compared whole whose keys are out of order.
    ['when (env.arguments.x == subject.obj or env.arguments.x matches "a*" or env.arguments.x matches "b*") and env.arguments.x == 5', "any", "unknown"],
    // With a witness among them.
    ['when (env.arguments.x == subject.obj or env.arguments.x matches "a*" or env.arguments.x matches "b*") and env.arguments.x != "a"', "any", "allowed"],
  ])("%s (%s) → %s", (condition, shape, expected) => {
    expect(check(condition, shape)).toBe(expected);
  });
});
