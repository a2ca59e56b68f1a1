/**
 * Compiled globs for `couldAllow`, built once per pattern string instead of per call.
 * The matchers are the reference's own (`compileLinearGlob` with GLOB_OPTIONS), so the
 * answers are the same as `matchGlob`'s; only the compilation is shared. A matcher is a
 * pure function of its pattern (no state between calls), so sharing it is safe.
 *
 * Answers are memoized too, per (glob, input): a list of 1,000 tools asks the same
 * globs about the same ids for every new subject. Both memos are bounded in entries and
 * in key length: a long or novel pattern or input is simply computed afresh, and when
 * full the least recently used entry goes (BoundedMemo).
 */
import { GLOB_OPTIONS } from "../model/glob.js";
import { BoundedMemo } from "./bounded-memo.js";
import { compileLinearGlob } from "./linear-glob.js";
import { fail, ok, type Result } from "./result.js";

type Matcher = (input: string) => boolean;

/** Entries kept; each pattern is at most MAX_KEY characters (GLOB_LIMITS allow 1,024). */
const MAX_ENTRIES = 4096;
const MAX_KEY = 1024;

const memo = new BoundedMemo<Matcher | null>(MAX_ENTRIES);

/** Answers kept, keyed `length:glob input` (unambiguous), keys under MAX_ANSWER_KEY characters. */
const MAX_ANSWERS = 20_000;
const MAX_ANSWER_KEY = 512;
const answers = new BoundedMemo<boolean>(MAX_ANSWERS);

/** The compiled matcher of a plain (non-interpolated) glob, or null when it cannot match (an error). */
export function globMatcher(glob: string): Matcher | null {
  const known = memo.get(glob);
  if (known !== undefined) return known;
  let matcher: Matcher | null;
  try {
    matcher = compileLinearGlob(glob, GLOB_OPTIONS);
  } catch {
    matcher = null;
  }
  if (glob.length <= MAX_KEY) memo.set(glob, matcher);
  return matcher;
}

/** Same as the reference's `matchGlob`, with the compiled matcher memoized. */
export function matchGlobMemo(input: string, glob: string): Result<boolean> {
  const key = glob.length + input.length < MAX_ANSWER_KEY ? `${glob.length}:${glob}${input}` : undefined;
  const known = key === undefined ? undefined : answers.get(key);
  if (known !== undefined) return known ? TRUE : FALSE;
  const matcher = globMatcher(glob);
  if (matcher === null) return fail(`cannot match glob ${JSON.stringify(glob)}`);
  const answer = matcher(input);
  if (key !== undefined) answers.set(key, answer);
  return answer ? TRUE : FALSE;
}

const TRUE = ok(true);
const FALSE = ok(false);
