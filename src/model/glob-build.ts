/**
 * Whether minimatch can build a glob under the language's options (spec §4.1). A few
 * legal-looking globs make it throw when it builds its RegExp (e.g. `,[[:alpha:]]`
 * becomes an invalid unicode-mode escape). Policies reject them (E0311), and so do
 * attribute schemas for their resource patterns and action keys.
 */
import { Minimatch } from "minimatch";
import { GLOB_OPTIONS } from "./glob.js";

/**
 * Only a bracket expression can make minimatch build an invalid RegExp (POSIX classes
 * switch it to unicode mode), so globs without `[` are skipped; the verdicts for the
 * rest are memoized (bounded), since large sets repeat the same few patterns.
 */
const VERDICTS = new Map<string, string | null>();
const MAX_VERDICTS = 10_000;

/** Why minimatch cannot build `glob`, or null when it can. Call it on globs within the limits. */
export function globBuildProblem(glob: string): string | null {
  if (!glob.includes("[")) return null;
  const known = VERDICTS.get(glob);
  if (known !== undefined) return known;
  let problem: string | null = null;
  try {
    new Minimatch(glob, GLOB_OPTIONS).makeRe();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (VERDICTS.size >= MAX_VERDICTS) VERDICTS.clear();
  VERDICTS.set(glob, problem);
  return problem;
}

