/**
 * Exact fast paths for the commonest whole-glob shapes, each a transcription of what
 * minimatch 10 (`#matchGlobstar`, GLOB_OPTIONS: dot, preserveMultipleSlashes,
 * optimizationLevel 0) does for it, on the text's `/`-split segments (empty ones kept):
 *  - `HEAD/**`: the first segments equal HEAD's, then at least one more segment, none
 *    `.` or `..` (so `a/**` does not match `a`, but matches `a/`);
 *  - `**` + `/TAIL`: the last segments equal TAIL's (or, when that fails and the text
 *    ends in `/` and has more segments than TAIL, the ones before that final empty
 *    segment), and no segment before them is `.` or `..`;
 *  - `**` + `/*SUFFIX`: as `**` + `/TAIL` with one segment that ends with SUFFIX —
 *    minimatch tests `*SUFFIX` by `endsWith` under `dot` (so `*..` matches `..`);
 *  - `**` + `/MID/**`: the earliest placement of MID's segments, trying segment r
 *    while segments 0..r-1 are neither `.` nor `..`, followed by at least one segment,
 *    none `.` or `..`.
 * HEAD, TAIL, MID and SUFFIX are non-empty (HEAD may be empty) and hold no glob
 * syntax; anything else returns null and goes to the general matcher.
 */
import { findOccurrence, indexOfLinear } from "../model/find-substring.js";
import { GLOB_LIMITS } from "../model/glob.js";

export type FastGlobMatcher = (text: string) => boolean;

/** Characters that are, or could become, glob syntax under GLOB_OPTIONS. */
const MAGIC = /[*?[\]{}\\()!+@]|\$\{/;
const SLASH = 47;
const DOT = 46;

/** A fast matcher for `pattern`, or null when it has none of the shapes above. */
export function fastGlobMatcher(pattern: string): FastGlobMatcher | null {
  if (pattern.length > GLOB_LIMITS.maxLength) return null;
  if (pattern.startsWith("**/")) {
    const rest = pattern.slice(3);
    if (rest.endsWith("/**")) {
      const mid = rest.slice(0, -3);
      if (mid !== "" && !MAGIC.test(mid)) return (text) => matchGlobstarMid(text, mid);
      return null;
    }
    if (rest.startsWith("*") && !rest.includes("/")) {
      const suffix = rest.slice(1);
      if (suffix !== "" && !MAGIC.test(suffix)) return (text) => matchGlobstarStarSuffix(text, suffix);
      return null;
    }
    if (rest !== "" && !MAGIC.test(rest)) return (text) => matchGlobstarTail(text, rest);
    return null;
  }
  if (pattern.endsWith("/**")) {
    const head = pattern.slice(0, -3);
    if (!MAGIC.test(head)) return (text) => matchHeadGlobstar(text, head);
  }
  return null;
}

/** Whether text[from..to) is the segment `.` or `..`. */
function isDotSegment(text: string, from: number, to: number): boolean {
  const size = to - from;
  if (size === 1) return text.charCodeAt(from) === DOT;
  if (size === 2) return text.charCodeAt(from) === DOT && text.charCodeAt(from + 1) === DOT;
  return false;
}

/** Whether any segment of text[from..to) (split on `/`, empty ones kept) is `.` or `..`. */
function hasDotSegment(text: string, from: number, to: number): boolean {
  let start = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === SLASH) {
      if (isDotSegment(text, start, i)) return true;
      start = i + 1;
    }
  }
  return isDotSegment(text, start, to);
}

/** Whether text[at..at+lit.length) equals lit. */
function equalsAt(text: string, at: number, lit: string): boolean {
  const length = lit.length;
  if (at < 0 || at + length > text.length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(at + i) !== lit.charCodeAt(i)) return false;
  return true;
}

/** `HEAD/**`. */
export function matchHeadGlobstar(text: string, head: string): boolean {
  const length = head.length;
  if (text.length <= length || text.charCodeAt(length) !== SLASH || !equalsAt(text, 0, head)) return false;
  // A `.`/`..` segment after the head starts right after a `/`: none when there is no `/.`.
  if (text.indexOf("/.", length) < 0) return true;
  return !hasDotSegment(text, length + 1, text.length);
}

/**
 * Where the segments ending at `end` (exclusive) end with TAIL's: the index of the
 * separator before them (-1 when they start the text), or -2 when they do not.
 */
function tailAt(text: string, end: number, tail: string): number {
  const start = end - tail.length;
  if (!equalsAt(text, start, tail)) return -2;
  if (start === 0) return -1;
  return text.charCodeAt(start - 1) === SLASH ? start - 1 : -2;
}

/** `**` + `/TAIL`. */
export function matchGlobstarTail(text: string, tail: string): boolean {
  let sep = tailAt(text, text.length, tail);
  if (sep === -2) {
    // minimatch's `a/**/b` matching `a/b/` affordance: the text ends in `/` and has
    // more segments than the tail.
    const end = text.length - 1;
    if (end < 0 || text.charCodeAt(end) !== SLASH) return false;
    sep = tailAt(text, end, tail);
    if (sep === -2) return false;
  }
  return sep < 0 || !hasDotSegment(text, 0, sep);
}

/** `**` + `/*SUFFIX` (SUFFIX without `/`). */
export function matchGlobstarStarSuffix(text: string, suffix: string): boolean {
  let end = text.length;
  if (!endsSegmentWith(text, end, suffix)) {
    end--;
    // The affordance needs a final empty segment and at least two segments.
    if (end < 0 || text.charCodeAt(end) !== SLASH || !endsSegmentWith(text, end, suffix)) return false;
  }
  const sep = text.lastIndexOf("/", end - 1);
  return sep < 0 || !hasDotSegment(text, 0, sep);
}

/** Whether the segment ending at `end` ends with `suffix` (no `/` in suffix). */
function endsSegmentWith(text: string, end: number, suffix: string): boolean {
  return equalsAt(text, end - suffix.length, suffix);
}

/**
 * `**` + `/MID/**`: some placement of MID at a segment start `at`, followed by `/`,
 * with no `.`/`..` segment starting before `at` (the walk stops at the first) nor after
 * MID. Both dot bounds are found once: checking the rest of the text at every placement
 * was quadratic (`.ssh/` × 20,000 + `..` took 2.4 s). Occurrences are enumerated by one
 * linear search, not compared at every segment (O(text × MID) for a MID with many `/`).
 */
export function matchGlobstarMid(text: string, mid: string): boolean {
  // MID's segments must appear in the text: a substring search rules most texts out.
  const found = indexOfLinear(text, mid);
  if (found < 0) return false;
  const total = text.length;
  const length = mid.length;
  const last = lastDotSegment(text);
  const from = Math.max(found, last - length);
  const to = Math.min(last < 0 ? total : firstDotSegment(text), total - length - 1);
  if (from > to) return false;
  const placed = (at: number) =>
    (at === 0 || text.charCodeAt(at - 1) === SLASH) && text.charCodeAt(at + length) === SLASH;
  return findOccurrence(text, mid, from, to, placed) >= 0;
}

/** Whether a `.` or `..` segment starts at `start` (0 or just after a `/`). */
function dotSegmentAt(text: string, start: number): boolean {
  if (text.charCodeAt(start) !== DOT) return false;
  const next = start + 1 < text.length ? text.charCodeAt(start + 1) : SLASH;
  if (next === SLASH) return true;
  if (next !== DOT) return false;
  return start + 2 === text.length || text.charCodeAt(start + 2) === SLASH;
}

/** The start of the first `.`/`..` segment, or the text's length when there is none. */
function firstDotSegment(text: string): number {
  if (dotSegmentAt(text, 0)) return 0;
  for (let i = text.indexOf("/."); i >= 0; i = text.indexOf("/.", i + 1)) if (dotSegmentAt(text, i + 1)) return i + 1;
  return text.length;
}

/** The start of the last `.`/`..` segment, or -1 when there is none: scanned from the end. */
function lastDotSegment(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (text.charCodeAt(i) === DOT && (i === 0 || text.charCodeAt(i - 1) === SLASH) && dotSegmentAt(text, i)) return i;
  }
  return -1;
}
