/**
 * An evaluation error's message quotes the test it happened in (spec §5: it names the
 * path), cut to 80 characters. A request can make a condition err on every call, so the
 * text must be printed once per expression, not per error: with a 60,000-character
 * literal beside the path, printing it per call cost ≈ 20× a short literal's error.
 * A ratio measured in one run, never an absolute time.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

const LONG = "a".repeat(60_000);
const policy = (literal: string) => `policy p { allow subject * action * resource * when env.level < "${literal}" }`;
/** A number where the literal is a string: a type error on every call. */
const ENV = { level: 3 };
const CALLS = 2000;

/** CALLS calls, in ms. */
function round(call: () => unknown): number {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) call();
  return performance.now() - started;
}

/**
 * `long`'s fastest round over `short`'s, rounds alternating: compiling a 60 KB source
 * leaves garbage whose collection would otherwise land on whichever side runs first
 * (a 2-10x swing in a loaded test process, the same per-call cost at steady state);
 * rounds of 2,000 calls after a warm-up, as 400 still measured 5.9 once in CI.
 */
function ratioOf(long: () => unknown, short: () => unknown): number {
  let bestLong = Number.POSITIVE_INFINITY;
  let bestShort = Number.POSITIVE_INFINITY;
  // Warm-up: both sides optimized before anything is timed.
  round(long);
  round(short);
  for (let i = 0; i < 9; i++) {
    bestLong = Math.min(bestLong, round(long));
    bestShort = Math.min(bestShort, round(short));
  }
  return bestLong / Math.max(bestShort, 0.05);
}

describe("an erring condition's message", () => {
  it("quotes the test, cut short, in both evaluators", () => {
    const engine = compile(policy(LONG));
    const decision = engine.evaluate({}, "r", "a", ENV);
    expect(decision.allowed).toBe(false);
    const message = decision.errors[0]?.message ?? "";
    expect(message).toMatch(/^expected a number or string on both sides of `<`, got number and string in `env\.level < "a+…?`?/);
    expect(message.length).toBeLessThan(200);
    const reference = evaluateReference(engine.policySet, {}, "r", "a", ENV);
    expect(reference.errors).toEqual(decision.errors);
  });

  // Equal work apart from the message: ≈ 1× when the text is printed once, ≈ 20× when per call.
  it("costs about the same with a 60,000-character literal as with a short one", () => {
    const short = compile(policy("b"));
    const long = compile(policy(LONG));
    const subject = {};
    const ratio = ratioOf(
      () => long.evaluate(subject, "r", "a", ENV),
      () => short.evaluate(subject, "r", "a", ENV),
    );
    expect(ratio, ratio.toFixed(2)).toBeLessThan(5);
  });

  it("costs the reference interpreter (explain) about the same too", () => {
    const short = compile(policy("b")).policySet;
    const long = compile(policy(LONG)).policySet;
    const ratio = ratioOf(
      () => evaluateReference(long, {}, "r", "a", ENV),
      () => evaluateReference(short, {}, "r", "a", ENV),
    );
    expect(ratio, ratio.toFixed(2)).toBeLessThan(5);
  });
});
