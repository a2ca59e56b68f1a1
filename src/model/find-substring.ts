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
  // Knuth–Morris–Pratt: `border[i]`, the length of the longest proper border of needle[0..i].
  const border = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    const c = needle.charCodeAt(i);
    while (k > 0 && needle.charCodeAt(k) !== c) k = border[k - 1] as number;
    if (needle.charCodeAt(k) === c) k++;
    border[i] = k;
  }
  for (let i = from, k = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    while (k > 0 && needle.charCodeAt(k) !== c) k = border[k - 1] as number;
    if (needle.charCodeAt(k) === c) k++;
    if (k === m) return i - m + 1;
  }
  return -1;
}

/** `text.includes(needle)`, linear. */
export function includesLinear(text: string, needle: string): boolean {
  return indexOfLinear(text, needle, 0) >= 0;
}
