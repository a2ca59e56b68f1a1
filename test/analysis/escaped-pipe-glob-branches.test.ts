/**
 * Branches of lint/escaped-pipe-glob.ts's RegExp scan the other tests leave out: groups
 * (minimatch's `(?!(?:^|\/)\.\.?(?:$|\/))` guard before a leading `*` or `?` holds `|`
 * inside groups, never an alternation) and escapes inside a character class. Each
 * warning, or its absence, is checked against what the engine actually allows.
 */
import { describe, expect, it } from "vitest";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { compile } from "../../src/engine.js";
import { setOf } from "./set-of.js";

/** A policy allowing every action on the resources the glob (written as a JSON string body) matches. */
function text(glob: string): string {
  return `policy p {\n allow\n subject *\n action *\n resource "${glob}"\n}\n`;
}

function w0810(glob: string): string[] {
  return lintPolicySet(setOf(text(glob)), null)
    .filter((f) => f.code === "W0810")
    .map((f) => `${f.line}:${f.column}`);
}

function messages(glob: string): string[] {
  return lintPolicySet(setOf(text(glob)), null)
    .filter((f) => f.code === "W0810")
    .map((f) => f.message);
}

function allows(glob: string, resource: string): boolean {
  return compile(text(glob)).evaluate({}, resource, "read").allowed;
}

describe("escaped-pipe-glob: groups and classes in minimatch's RegExp", () => {
  it("`*\\|x*`: the `|`s inside the leading guard's groups are not counted, the one after it is (it matches every one-segment id)", () => {
    expect(w0810(String.raw`*\\|x*`)).toEqual(["5:11"]);
    // Read literally it would need a `|x` in the id; minimatch makes it `…[^/]*?|x[^/]*?$`.
    expect(allows(String.raw`*\\|x*`, "hello")).toBe(true);
    expect(allows(String.raw`*\\|x*`, "a/b")).toBe(false);
  });

  it("`*\\|x`, `?\\|`: minimatch tests these with `endsWith` (its fast path), never with the RegExp: the warning says they match the backslash itself", () => {
    // minimatch's own `test` for `*EXT` / `?EXT` compares the raw text: the backslash included.
    expect(w0810(String.raw`*\\|x`)).toEqual(["5:11"]);
    expect(messages(String.raw`*\\|x`)).toEqual([
      "policy `p`: the resource pattern `*\\|x` holds `\\|`, which minimatch compares as written: it matches only text holding the backslash itself",
    ]);
    expect(allows(String.raw`*\\|x`, "hello")).toBe(false);
    expect(allows(String.raw`*\\|x`, "a|x")).toBe(false);
    expect(allows(String.raw`*\\|x`, String.raw`a\|x`)).toBe(true);
    expect(w0810(String.raw`?\\|`)).toEqual(["5:11"]);
    // The glob `*\\|x` (an escaped backslash, then a plain `|`) holds no escaped bar.
    expect(w0810(String.raw`*\\\\|x`)).toEqual([]);
    expect(allows(String.raw`?\\|`, "a")).toBe(false);
    expect(allows(String.raw`?\\|`, String.raw`a\|`)).toBe(true);
  });

  it("`*[|]`: a `|` only inside a group and as `\\|` in the RegExp is no alternation", () => {
    expect(w0810("*[|]")).toEqual([]);
    expect(allows("*[|]", "a|")).toBe(true);
    expect(allows("*[|]", "hello")).toBe(false);
  });

  it("`[\\]|]*`: an escaped `]` inside a class does not end it, so its `|` stays a class member", () => {
    expect(w0810(String.raw`[\\]|]*`)).toEqual([]);
    expect(allows(String.raw`[\\]|]*`, "]x")).toBe(true);
    expect(allows(String.raw`[\\]|]*`, "|x")).toBe(true);
    expect(allows(String.raw`[\\]|]*`, "hello")).toBe(false);
  });

  it("`[|\\\\]\\|x*`: after a class ending in an escaped backslash, the `\\|` is an alternation (it matches ids starting with `x`)", () => {
    const glob = String.raw`[|\\\\]\\|x*`;
    expect(w0810(glob)).toEqual(["5:11"]);
    expect(messages(glob)[0]).toContain("which minimatch makes a regular-expression alternation");
    expect(allows(glob, "xyz")).toBe(true);
    expect(allows(glob, "|")).toBe(true);
    expect(allows(glob, "hello")).toBe(false);
  });
});
