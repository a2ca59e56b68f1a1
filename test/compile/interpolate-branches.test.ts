// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * An interpolated pattern whose brace alternatives together exceed the compiled-matcher
 * cache's 4 Mi characters (src/compile/interpolate.ts): each alternative within minimatch's
 * 64 KiB, so the pattern matches, but its matcher is not cached. It must decide as
 * minimatch says, and the cache must not grow past its bound.
 *
 * Every evaluation of such a pattern compiles 4.2 M characters of globs with minimatch
 * (globs longer than 1,024 characters take no fast path): close to a second each, for the
 * engine and the reference alike, so the file specializes the engine once for the subject, and asks minimatch (the
 * language's definition of `matches`) about the one alternative that decides.
 */
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { interpolationCacheSize } from "../../src/compile/interpolate.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";
import { outcome } from "../helpers/same-as-reference.js";

const ALTERNATIVES = Array.from({ length: 70 }, (_, i) => `a${i}`);
const engine = compile(
  `policy p { allow subject * action "call" resource * when env.p matches "{${ALTERNATIVES.join(",")}}/\${subject.level}/**" }`,
);

describe("an interpolated pattern too big for the matcher cache", () => {
  it("matches as minimatch does, without being cached", () => {
    const level = "x".repeat(60_000);
    const subject = { id: "u", level };
    // 70 globs of 60,007 characters: 4.2 M characters of key.
    expect(70 * (level.length + 7)).toBeGreaterThan(4_194_304);
    const before = interpolationCacheSize();
    const env = { p: `a69/${level}/d/f` };
    expect(minimatch(env.p, `a69/${level}/**`, GLOB_OPTIONS)).toBe(true);
    // One specialization for the subject: the pattern is built once for both requests.
    const decide = engine.forSubject(subject);
    expect(outcome(decide("r", "call", env))).toEqual({ effect: "allow", policy: "p", errors: false });
    // Not one of the alternatives: nothing allowed (and nothing erred).
    expect(outcome(decide("r", "call", { p: `a70/${level}/f` }))).toEqual({
      effect: "notapplicable",
      policy: null,
      errors: false,
    });
    const after = interpolationCacheSize();
    expect(after.characters).toBeLessThanOrEqual(4_194_304);
    expect(after.characters - before.characters).toBeLessThan(4_194_304);
  });
});
