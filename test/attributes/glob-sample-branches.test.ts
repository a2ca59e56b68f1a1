/**
 * Branches of glob-sample.ts the rest of the suite does not reach. Every sample of a
 * glob without interpolation must match the glob as minimatch (with the language's
 * options, spec §4.1) decides; a glob it cannot sample gives no sample, never a wrong one.
 */
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { sampleGlob } from "../../src/attributes/glob-sample.js";
import { GLOB_OPTIONS } from "../../src/model/glob.js";

function samples(glob: string): string[] {
  const out = sampleGlob(glob);
  for (const s of out) expect(minimatch(s, glob, GLOB_OPTIONS), `${s} ~ ${glob}`).toBe(true);
  return out;
}

describe("sampleGlob", () => {
  it("samples with the default interpolation (x)", () => {
    expect(sampleGlob("/home/${subject.id}/*")).toEqual(["/home/x/x", "/home/x/data"]);
  });

  it("gives nothing for a glob longer than the 1,024-character glob limit", () => {
    expect(sampleGlob(`${"a".repeat(1024)}*`)).toEqual([]);
    expect(samples(`${"a".repeat(1023)}*`)).toEqual([`${"a".repeat(1023)}x`, `${"a".repeat(1023)}data`]);
  });

  it("gives nothing for an unterminated interpolation, class or brace", () => {
    expect(sampleGlob("/home/${subject.id")).toEqual([]);
    // minimatch reads an unclosed `[` or `{` literally; we give no sample rather than a guess.
    expect(samples("tool:[ab")).toEqual([]);
    expect(samples("tool:{a,b")).toEqual([]);
    // An alternative that cannot be sampled leaves the others.
    expect(samples("tool:{a,[b}")).toEqual(["tool:a"]);
  });

  it("gives nothing for a negated class", () => {
    expect(samples("tool:[!a]x")).toEqual([]);
    expect(samples("tool:[^a]x")).toEqual([]);
  });

  it("reads escapes, a trailing backslash included, and escaped braces and commas inside braces", () => {
    expect(samples("tool:a\\*b")).toEqual(["tool:a*b"]);
    // A trailing backslash is a literal one for minimatch: "tool:a" does not match, so no sample.
    expect(minimatch("tool:a\\", "tool:a\\", GLOB_OPTIONS)).toBe(true);
    expect(samples("tool:a\\")).toEqual([]);
    expect(samples("tool:{a\\},b}")).toEqual(["tool:a}", "tool:b"]);
    expect(samples("tool:{a\\,b,c}")).toEqual(["tool:a,b", "tool:c"]);
  });

  it("picks the first and the last alternative of nested braces", () => {
    expect(samples("tool:{a,{b,c}}_*")).toEqual(["tool:a_x", "tool:c_data"]);
    expect(samples("tool:{{a,b},c}")).toEqual(["tool:a", "tool:c"]);
  });
});
