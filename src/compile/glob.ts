/**
 * Glob matchers of spec §4.1, compiled once. The dialect is minimatch with
 * GLOB_OPTIONS; two fast paths that provably agree with it (and are tested against it
 * on generated corpora) come first:
 *  - no glob metacharacter: the string itself, or itself plus one trailing `/`
 *    (minimatch lets a trailing empty segment through);
 *  - a literal prefix then one final `*`: the rest stays inside one segment (one
 *    trailing `/` allowed), and a `*` that starts a segment needs a non-empty rest
 *    that is not `.` or `..`.
 * Then `HEAD/**`, `**` + `/TAIL`, `**` + `/*SUFFIX` and `**` + `/MID/**` with literal parts
 * (glob-fast-paths.ts, transcribing minimatch's globstar walk for those shapes).
 * Everything else is `Minimatch.match` run without backtracking (minimatch-linear.ts):
 * minimatch parses and brace-expands, its segment regexes and `**` walk are replaced by
 * linear/memoized equivalents, so no pattern (interpolated ones included) can hang.
 */
import { GLOB_OPTIONS } from "../model/glob.js";
import { fastGlobMatcher } from "./glob-fast-paths.js";
import { compileLinearMinimatch } from "./minimatch-linear.js";

export type GlobMatcher = (text: string) => boolean;

const META = /[*?[\]{}\\]/;
const PREFIX_STAR = /^[^*?[\]{}\\]*\*$/;

/** Whether a pattern is matched by plain string comparison (no glob metacharacter). */
export function isLiteralPattern(pattern: string): boolean {
  return !META.test(pattern);
}

/** The characters before the first glob metacharacter. */
export function literalPrefix(pattern: string): string {
  // minimatch turns an escaped `|` into a regex alternation (`a\\|b*` becomes
  // /^a|b[^/]*?$/, matching "bd"): such a pattern's matches share no prefix.
  if (pattern.includes("\\|")) return "";
  const at = pattern.search(META);
  return at < 0 ? pattern : pattern.slice(0, at);
}

/** Compiles one glob. May throw for a pattern minimatch rejects (checked statically first). */
export function compileGlob(pattern: string): GlobMatcher {
  if (!META.test(pattern)) return literalMatcher(pattern);
  if (PREFIX_STAR.test(pattern)) return prefixStarMatcher(pattern.slice(0, -1));
  const fast = fastGlobMatcher(pattern);
  if (fast !== null) return fast;
  return compileLinearMinimatch(pattern, GLOB_OPTIONS);
}

function literalMatcher(pattern: string): GlobMatcher {
  if (pattern === "") return (text) => text === "";
  const withSlash = `${pattern}/`;
  return (text) => text === pattern || text === withSlash;
}

function prefixStarMatcher(prefix: string): GlobMatcher {
  const dotty = isDottySegment(prefix);
  return (text) => matchPrefixStar(text, prefix, dotty);
}

/**
 * Whether the literal part of the segment a final `*` ends is empty, `.` or `..`: then
 * `*` must not complete a `.`/`..` segment, and when it starts the segment it must
 * match at least one character.
 */
export function isDottySegment(prefix: string): boolean {
  const segment = prefix.slice(prefix.lastIndexOf("/") + 1);
  return segment === "" || segment === "." || segment === "..";
}

/**
 * `prefix*` under GLOB_OPTIONS (see the file comment). A plain function so the engine
 * can call it directly from its decision loop. Char-code loops, because `startsWith`
 * and `indexOf` are builtin calls that cost more than the comparison here.
 */
export function matchPrefixStar(text: string, prefix: string, dotty: boolean): boolean {
  const length = prefix.length;
  let end = text.length;
  if (end < length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  if (end > length && text.charCodeAt(end - 1) === 47 /* / */) end--;
  for (let i = length; i < end; i++) if (text.charCodeAt(i) === 47 /* / */) return false;
  if (!dotty) return true;
  // Segment = its literal part (the prefix's last segment: "", "." or "..") + the rest.
  const segment = length - (prefix.lastIndexOf("/") + 1);
  const size = segment + end - length;
  if (size === 0) return false;
  if (size > 2) return true;
  for (let i = length; i < end; i++) if (text.charCodeAt(i) !== 46 /* . */) return true;
  return false;
}

/** The literal prefix of a `prefix*` pattern, or null for any other pattern. */
export function prefixStarPrefix(pattern: string): string | null {
  return PREFIX_STAR.test(pattern) ? pattern.slice(0, -1) : null;
}

/** minimatch runs brace expansion (which unescapes `\{ \} \, \\` once) only when this matches. */
const HAS_BRACE_PAIR = /\{(?:(?!\{).)*\}/;
const GLOB_SPECIAL = /[*?[\\]/g;
const BRACE_SPECIAL = /[*?[\\{},]/g;

/**
 * A glob assembled from pattern text and interpolated values matched literally.
 * Escapes are chosen so that minimatch's own segment fast paths (which compare with
 * `endsWith` and would take a `\` literally) never apply to an escaped character:
 * `* ? [` are backslash-escaped, `\` becomes the class `[\\]`, and `]` needs none.
 * When the assembled pattern goes through brace expansion (it has a `{…}` pair),
 * `{ } ,` are escaped too and backslashes doubled once more for that pass.
 */
export function assembleGlob(parts: readonly { readonly text: string; readonly literal: boolean }[]): string {
  let plain = "";
  for (const part of parts) plain += part.literal ? part.text.replace(GLOB_SPECIAL, escapePlain) : part.text;
  if (!HAS_BRACE_PAIR.test(plain)) return plain;
  let braced = "";
  for (const part of parts) braced += part.literal ? part.text.replace(BRACE_SPECIAL, escapeBraced) : part.text;
  return braced;
}

function escapePlain(c: string): string {
  return c === "\\" ? "[\\\\]" : `\\${c}`;
}

function escapeBraced(c: string): string {
  return c === "\\" ? "[\\\\\\\\]" : `\\${c}`;
}

/** Escapes text so that every character matches only itself in a glob of its own. */
export function escapeGlobText(text: string): string {
  return assembleGlob([{ text, literal: true }]);
}
