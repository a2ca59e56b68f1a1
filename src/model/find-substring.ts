/**
 * Substring search in time linear in the lengths, whatever the strings hold. V8's
 * `indexOf` / `includes` shift by at most the last 250 code units of the needle (its
 * Boyer-Moore tables stop there), so a longer needle against a crafted text costs
 * O(n·m): a 1,024-character subject id in `contains` or in `matches "*${subject.id}*"`
 * against 1 MB of request took ≈ 0.2 s, 16 KiB ≈ 3 s. Short needles keep the native
 * search (fast, and linear enough: its cost per text character is bounded by 250).
 * Same answers as `indexOf` on UTF-16 code units.
 */

/** Needles up to this long go to the native search. */
const NATIVE_MAX = 200;

/** `text.indexOf(needle, from)` for `from` in [0, text.length]. */
export function indexOfLinear(text: string, needle: string, from = 0): number {
  const m = needle.length;
  if (m <= NATIVE_MAX || text.length - from < m) return text.indexOf(needle, from);
  const border = borders(needle);
  for (let i = from, k = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    while (k > 0 && needle.charCodeAt(k) !== c) k = border[k - 1] as number;
    if (needle.charCodeAt(k) === c) k++;
    if (k === m) return i - m + 1;
  }
  return -1;
}

/**
 * The first start `at` of `needle` in `text` with `from <= at <= to` and `accept(at)`,
 * or -1. Long needles: one KMP pass that carries on past a refused occurrence (a search
 * restarted after each would rescan up to the needle's length per occurrence); short
 * ones restart the native search, bounded as above. `needle` is not empty.
 */
export function findOccurrence(
  text: string,
  needle: string,
  from: number,
  to: number,
  accept: (at: number) => boolean,
): number {
  const m = needle.length;
  if (m <= NATIVE_MAX) {
    for (let at = text.indexOf(needle, from); at >= 0 && at <= to; at = text.indexOf(needle, at + 1)) {
      if (accept(at)) return at;
    }
    return -1;
  }
  const border = borders(needle);
  const end = Math.min(text.length, to + m);
  for (let i = Math.max(from, 0), k = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    while (k > 0 && needle.charCodeAt(k) !== c) k = border[k - 1] as number;
    if (needle.charCodeAt(k) === c) k++;
    if (k === m) {
      if (accept(i - m + 1)) return i - m + 1;
      k = border[m - 1] as number;
    }
  }
  return -1;
}

/** Knuth–Morris–Pratt: `border[i]`, the length of the longest proper border of needle[0..i]. */
function borders(needle: string): Int32Array {
  const border = new Int32Array(needle.length);
  for (let i = 1, k = 0; i < needle.length; i++) {
    const c = needle.charCodeAt(i);
    while (k > 0 && needle.charCodeAt(k) !== c) k = border[k - 1] as number;
    if (needle.charCodeAt(k) === c) k++;
    border[i] = k;
  }
  return border;
}

/** `text.includes(needle)`, linear. */
export function includesLinear(text: string, needle: string): boolean {
  return indexOfLinear(text, needle, 0) >= 0;
}
