// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * An interpolated pattern whose brace alternatives are each within minimatch's 64 KiB but
 * together far beyond it (70 alternatives beside a 60,000-character value: 4.2 M
 * characters of globs, compiled per subject — close to a second per evaluation, and too
 * big for the compiled-matcher cache). Since the alternatives count together
 * (docs/language.md, Interpolation), such a pattern errs before anything is compiled: in
 * `matches` the test errs, alike in the engine and the reference, and the matcher cache
 * does not grow.
 */
import { describe, expect, it } from "vitest";
import { interpolationCacheSize } from "../../src/compile/interpolate.js";
import { compile } from "../../src/engine.js";
import { expectSameAsReference, outcome } from "../helpers/same-as-reference.js";

const ALTERNATIVES = Array.from({ length: 70 }, (_, i) => `a${i}`);
const engine = compile(
  `policy p { allow subject * action "call" resource * when env.p matches "{${ALTERNATIVES.join(",")}}/\${subject.level}/**" }`,
);

describe("an interpolated pattern whose alternatives together pass 64 KiB", () => {
  it("errs, as in the reference, without compiling or caching anything", () => {
    const level = "x".repeat(60_000);
    const subject = { id: "u", level };
    const before = interpolationCacheSize();
    const env = { p: `a69/${level}/d/f` };
    const decide = engine.forSubject(subject);
    const decision = decide("r", "call", env);
    expect(outcome(decision)).toEqual({ effect: "notapplicable", policy: null, errors: true });
    expect(decision.errors[0]?.message).toContain("too long to match once interpolated");
    expectSameAsReference(engine, subject, "r", "call", env);
    expect(interpolationCacheSize()).toEqual(before);
  });

  it("matches as before when together they fit (70 alternatives beside a 900-character value)", () => {
    const level = "y".repeat(900);
    const decide = engine.forSubject({ id: "u", level });
    expect(outcome(decide("r", "call", { p: `a69/${level}/d/f` }))).toEqual({ effect: "allow", policy: "p", errors: false });
    expect(outcome(decide("r", "call", { p: `a70/${level}/f` }))).toEqual({ effect: "notapplicable", policy: null, errors: false });
  });
});
