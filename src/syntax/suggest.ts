/**
 * "Did you mean …?" for misspelled keywords: the closest candidate by optimal string
 * alignment distance (Levenshtein plus adjacent transpositions), within a small bound.
 */

/**
 * The closest candidate to `word`, or undefined when none is close enough. Case is
 * ignored (`Policy` → `policy`, `maxsubject` → `maxSubjects`).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 32) return undefined;
  const bound = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = bound + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** "unknown option `KEY`", with "; did you mean `NAME`?" when one of `known` is close. */
export function unknownOption(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  return `unknown option \`${key}\`${suggestion === undefined ? "" : `; did you mean \`${suggestion}\`?`}`;
}

/** Optimal string alignment distance between two short strings. */
export function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (d[(i - 2) * cols + j - 2] as number) + 1);
      }
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1] as number;
}
