/**
 * minimatch 10's `#matchGlobstar` (not partial), with its body walk memoized. For each
 * body section (the parts between two `**`) minimatch tries every segment from where
 * the previous section ended, and tests each try on `file.slice(0, …)`: O(segments²)
 * even when nothing matches (`**` + `/.ssh/**` against `a/` × 30,000 took 2.4 s in
 * `explain`). Here, step by step as in minimatch:
 *  - head, tail (with the trailing-`/` affordance) and an empty body are minimatch's;
 *  - the body walk is minimatch's recursion, quirks included (its bound on where a
 *    section may start, the "give up" answer, `maxGlobstarRecursion`), but a section
 *    is tested on its own segments, and the answer of the walk of section k from
 *    segment f is remembered: minimatch's loop from f answers the same for every
 *    segment it walks past, so each (section, segment) is walked once. O(segments ×
 *    parts) tests in all.
 * Runs of parts without `**` are still matched by minimatch's own `matchOne`.
 *
 * src/compile/minimatch-linear.ts transcribes the same steps of minimatch for the
 * compiled engine, so head, tail and empty-body handling read alike there. They are kept
 * apart on purpose: this interpreter is the executable specification the compiled engine
 * is tested against, and a shared walk would make a bug in it invisible to that test.
 */
import { GLOBSTAR, type ParseReturn } from "minimatch";

/** minimatch's `matchOne` of all of `file` against all of `parts` (no `**` in them). */
export type MatchRun = (file: string[], parts: ParseReturn[]) => boolean;

/** R(k, f) below: true, false ("keep walking") or null ("give up"). */
type Walked = boolean | null;

/** Whether `file` matches one alternative of a Minimatch `set` that holds `**`. */
export function matchGlobstar(
  file: readonly string[],
  pattern: readonly ParseReturn[],
  matchRun: MatchRun,
  maxDepth: number,
): boolean {
  const first = pattern.indexOf(GLOBSTAR);
  const last = pattern.lastIndexOf(GLOBSTAR);
  const head = pattern.slice(0, first);
  const body = pattern.slice(first + 1, last);
  const tail = pattern.slice(last + 1);
  let fileIndex = 0;
  if (head.length > 0) {
    if (!matchRun(file.slice(0, head.length), head)) return false;
    fileIndex = head.length;
  }
  let fileTailMatch = 0;
  if (tail.length > 0) {
    if (tail.length + fileIndex > file.length) return false;
    const tailStart = file.length - tail.length;
    if (matchRun(file.slice(tailStart), tail)) {
      fileTailMatch = tail.length;
    } else {
      // minimatch's affordance for `a/**/*` matching `a/b/`: one final empty segment more.
      if (file[file.length - 1] !== "" || fileIndex + tail.length === file.length) return false;
      if (!matchRun(file.slice(tailStart - 1), tail)) return false;
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
  // The sections between the `**`s of the body, and the last segment each may start at,
  // computed as minimatch does (its sums are not the later sections' sizes: kept).
  const sections: ParseReturn[][] = [[]];
  const sums = [0];
  let parts = 0;
  for (const part of body) {
    if (part === GLOBSTAR) {
      sums.push(parts);
      sections.push([]);
    } else {
      sections[sections.length - 1]?.push(part);
      parts++;
    }
  }
  const fileLength = file.length - fileTailMatch;
  const after = sections.map((section, k) => fileLength - ((sums[sections.length - 1 - k] as number) + section.length));
  return walkSections(file, sections, after, fileIndex, fileTailMatch > 0, matchRun, maxDepth) === true;
}

/**
 * minimatch's `#matchGlobStarBodySections`, R(k, f): walking f forwards up to after[k],
 * the first f where section k matches and R(k+1, f + |section|) is not false gives that
 * answer; a `.`/`..` segment first gives false; walking past after[k] gives null. Past
 * the last section: true iff no `.`/`..` segment is left (the tail's included) and
 * something was seen. Every f a walk passes gets its answer remembered.
 */
function walkSections(
  file: readonly string[],
  sections: readonly ParseReturn[][],
  after: readonly number[],
  start: number,
  sawTail: boolean,
  matchRun: MatchRun,
  maxDepth: number,
): Walked {
  let lastDot = -1;
  for (let i = 0; i < file.length; i++) if (isDotSegment(file[i])) lastDot = i;
  // Per section, per segment: 0 when not walked yet, else the answer encoded.
  const memo = sections.map(() => new Uint8Array(file.length + 1));
  const walk = (k: number, from: number): Walked => {
    const section = sections[k];
    if (section === undefined) return from > lastDot && (sawTail || from < file.length);
    const known = memo[k] as Uint8Array;
    const limit = after[k] as number;
    let answer: Walked = null;
    let f = from;
    for (; f <= limit; f++) {
      const remembered = known[f] as number;
      if (remembered !== 0) {
        answer = remembered === 1 ? true : remembered === 2 ? false : null;
        break;
      }
      if (k < maxDepth && matchRun(file.slice(f, f + section.length), section)) {
        const sub = walk(k + 1, f + section.length);
        if (sub !== false) {
          answer = sub;
          break;
        }
      }
      // Bounds-checked: a read past the end would look up Object.prototype.
      if (f < file.length && isDotSegment(file[f])) {
        answer = false;
        break;
      }
    }
    // The walk from any segment it passed gives the same answer.
    known.fill(answer === true ? 1 : answer === false ? 2 : 3, from, Math.min(f, limit) + 1);
    return answer;
  };
  return walk(0, start);
}

function isDotSegment(segment: string | undefined): boolean {
  return segment === "." || segment === "..";
}
