/**
 * Suggests the closest known name for a misspelt one: optimal string alignment distance
 * (Levenshtein plus adjacent transpositions, so `nmae` finds `name`), bounded.
 */
import { distance as alignment } from "../syntax/suggest.js";

function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  return alignment(a, b);
}

/** The known name nearest to `name`, if near enough to be a typo; ties go to the first. */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    if (candidate.length > 256) continue;
    const d = candidate.toLowerCase() === lower ? 0 : distance(name, candidate, limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
