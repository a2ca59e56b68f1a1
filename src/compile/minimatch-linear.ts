/**
 * `Minimatch.match` under GLOB_OPTIONS, without its two sources of blow-up. minimatch
 * still parses and brace-expands the pattern (its `set`: per alternative, segments that
 * are a string, a RegExp or GLOBSTAR); then
 *  - each segment RegExp is tested by a token NFA (segment-nfa.ts), not by backtracking;
 *  - the `**` body walk, which minimatch recurses through (polynomial of degree the
 *    number of `**`), is the same recurrence memoized over (section, segment index).
 * Everything else — head, tail, the trailing-`/` affordance, the `.`/`..` checks of
 * `**` — follows minimatch v10's `matchOne` step by step, so the answers agree.
 */
import { GLOBSTAR, Minimatch, type MinimatchOptions } from "minimatch";
import { compileSegmentTest, type SegmentTest } from "./segment-nfa.js";

type Segment =
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "test"; readonly test: SegmentTest }
  | { readonly kind: "never" };
type Part = Segment | "globstar";

/** Compiles `pattern` (throws where minimatch throws, or on a regex outside its dialect). */
export function compileLinearMinimatch(pattern: string, options: MinimatchOptions): (text: string) => boolean {
  const mm = new Minimatch(pattern, options);
  if (mm.empty) return (text) => text === "";
  const set: Part[][] = mm.set.map((alternative) => alternative.map(toPart));
  return (text) => {
    const file = text.split("/");
    for (const parts of set) if (matchOne(file, parts)) return true;
    return false;
  };
}

function toPart(part: unknown): Part {
  if (part === GLOBSTAR) return "globstar";
  if (typeof part === "string") return { kind: "string", text: part };
  if (part instanceof RegExp) return { kind: "test", test: compileSegmentTest(part) };
  return { kind: "never" };
}

function hit(segment: Segment, text: string): boolean {
  if (segment.kind === "string") return segment.text === text;
  if (segment.kind === "test") return segment.test(text);
  return false;
}

function isDotSegment(text: string | undefined): boolean {
  return text === "." || text === "..";
}

function matchOne(file: readonly string[], pattern: readonly Part[]): boolean {
  if (pattern.includes("globstar")) return matchGlobstar(file, pattern);
  return matchPlain(file, 0, file.length, pattern, 0, pattern.length);
}

/** minimatch's `#matchOne` (not partial) on `file[fi..fl)` against `pattern[pi..pl)`. */
function matchPlain(
  file: readonly string[],
  fi: number,
  fl: number,
  pattern: readonly Part[],
  pi: number,
  pl: number,
): boolean {
  for (; fi < fl && pi < pl; fi++, pi++) {
    const p = pattern[pi] as Part;
    if (p === "globstar" || !hit(p, file[fi] as string)) return false;
  }
  if (fi === fl && pi === pl) return true;
  if (fi === fl) return false;
  // Out of pattern: only a trailing empty segment (a trailing `/`) may be left.
  return fi === fl - 1 && file[fi] === "";
}

/** minimatch's `#matchGlobstar` (not partial), with the body walk memoized. */
function matchGlobstar(file: readonly string[], pattern: readonly Part[]): boolean {
  const first = pattern.indexOf("globstar");
  const last = pattern.lastIndexOf("globstar");
  const head = pattern.slice(0, first);
  const body = pattern.slice(first + 1, last);
  const tail = pattern.slice(last + 1);
  let fileIndex = 0;
  if (head.length > 0) {
    const fileHead = file.slice(0, head.length);
    if (!matchPlain(fileHead, 0, fileHead.length, head, 0, head.length)) return false;
    fileIndex += head.length;
  }
  let fileTailMatch = 0;
  if (tail.length > 0) {
    if (tail.length + fileIndex > file.length) return false;
    let tailStart = file.length - tail.length;
    if (matchPlain(file, tailStart, file.length, tail, 0, tail.length)) {
      fileTailMatch = tail.length;
    } else {
      // minimatch's affordance for `a/**/*` matching `a/b/`.
      if (file[file.length - 1] !== "" || fileIndex + tail.length === file.length) return false;
      tailStart--;
      if (!matchPlain(file, tailStart, file.length, tail, 0, tail.length)) return false;
      fileTailMatch = tail.length + 1;
    }
  }
  if (body.length === 0) {
    let sawSome = fileTailMatch > 0;
    for (let i = fileIndex; i < file.length - fileTailMatch; i++) {
      sawSome = true;
      if (isDotSegment(file[i])) return false;
    }
    return sawSome;
  }
  // Body sections between the `**`s, each with the last index it may start at.
  const sections: Part[][] = [[]];
  const sums = [0];
  let nonGlobstar = 0;
  for (const part of body) {
    if (part === "globstar") {
      sums.push(nonGlobstar);
      sections.push([]);
    } else {
      (sections[sections.length - 1] as Part[]).push(part);
      nonGlobstar++;
    }
  }
  const fileLength = file.length - fileTailMatch;
  const after = sections.map((section, k) => fileLength - ((sums[sections.length - 1 - k] as number) + section.length));
  return walkSections(file, sections, after, fileIndex, fileTailMatch > 0) === true;
}

/**
 * `#matchGlobStarBodySections` as a table. In minimatch, R(k, f) — section k tried from
 * segment f onwards — returns true, false ("keep walking") or null ("give up"):
 *   f > after[k]                      → null
 *   section k matches at f and R(k+1, f + |k|) is not false → that result
 *   file[f] is `.` or `..`            → false
 *   otherwise                         → R(k, f + 1)
 * and past the last section, true iff no `.`/`..` segment is left and something was
 * seen. Filled from the end, each cell costs one section match.
 */
function walkSections(
  file: readonly string[],
  sections: readonly Part[][],
  after: readonly number[],
  start: number,
  sawTail: boolean,
): boolean | null {
  const count = sections.length;
  const width = file.length + 2;
  // Past the last section: R(count, f).
  const rest: (boolean | null)[] = new Array(width).fill(false);
  let clean = true;
  for (let f = file.length; f >= 0; f--) {
    if (f < file.length && isDotSegment(file[f])) clean = false;
    rest[f] = clean && (sawTail || f < file.length);
  }
  let next = rest;
  for (let k = count - 1; k >= 0; k--) {
    const section = sections[k] as Part[];
    const limit = after[k] as number;
    const row: (boolean | null)[] = new Array(width).fill(null);
    for (let f = Math.min(limit, file.length); f >= 0; f--) {
      const end = f + section.length;
      if (end <= file.length && matchPlain(file, f, end, section, 0, section.length)) {
        const sub = end < width ? (next[end] as boolean | null) : null;
        if (sub !== false) {
          row[f] = sub;
          continue;
        }
      }
      // Bounds-checked: a read past the end would look up Object.prototype.
      if (f < file.length && isDotSegment(file[f])) {
        row[f] = false;
        continue;
      }
      row[f] = f + 1 <= limit ? (row[f + 1] as boolean | null) : null;
    }
    next = row;
  }
  if (start > width - 1) return null;
  return next[start] as boolean | null;
}
