/**
 * A linear-time matcher for globs made only of literal text, `*` and `?` (no `[ ] { }`
 * or `\`, no `**` segment). minimatch compiles `*a*a*a…b` to a backtracking regex that
 * takes exponential time on `aaaa…`; this matcher agrees with it and runs in
 * O(pattern × text). Per segment, the only answers that depend on minimatch's own
 * fast paths and dot rules — for the texts "", "." and ".." — are asked of minimatch
 * itself, once, at compile time.
 */
import { Minimatch } from "minimatch";
import { GLOB_OPTIONS } from "../model/glob.js";
import type { GlobMatcher } from "./glob.js";

const SIMPLE = /^[^[\]{}\\]*$/;

/** A matcher for `pattern`, or null when it is not a simple star/question-mark glob. */
export function wildcardGlob(pattern: string): GlobMatcher | null {
  if (!SIMPLE.test(pattern)) return null;
  const segments = pattern.split("/");
  if (segments.includes("**")) return null;
  const matchers = segments.map(segmentMatcher);
  return (text) => {
    const parts = text.split("/");
    let count = parts.length;
    // minimatch lets one trailing empty segment through.
    if (count === matchers.length + 1 && parts[count - 1] === "") count--;
    if (count !== matchers.length) return false;
    for (let i = 0; i < count; i++) if (!(matchers[i] as GlobMatcher)(parts[i] as string)) return false;
    return true;
  };
}

function segmentMatcher(segment: string): GlobMatcher {
  if (!/[*?]/.test(segment)) return (text) => text === segment;
  const probe = new Minimatch(segment, GLOB_OPTIONS);
  const special = new Map(["", ".", ".."].map((text) => [text, probe.match(text)] as const));
  return (text) => special.get(text) ?? wildcard(segment, text);
}

/** `*` any run, `?` any one code unit, other characters themselves; greedy with one backtrack point. */
export function wildcard(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (c === 63 /* ? */ || (c === text.charCodeAt(t) && c !== 42)) {
      p++;
      t++;
    } else if (c === 42 /* * */) {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}
