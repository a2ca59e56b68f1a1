/**
 * The escape an interpolated value needs where it lands. Values are escaped for glob
 * text (`* ? [` backslash-escaped, `\` as `[\\]`: escapes minimatch's segment fast paths
 * read correctly). In a segment that holds a POSIX class (`[[:alpha:]]`), minimatch
 * builds that segment's regular expression with the `u` flag, and there it turns a
 * plain `-`, `,`, `#` or white space into an escape the `u` flag rejects (`\-`): the
 * pattern would err for a valid value such as `alice-smith`. Backslash-escaped, those
 * characters come out plain. They are escaped in every segment holding a `[` — such a
 * segment never takes a fast path (where a backslash would be compared literally).
 */

/** The characters minimatch escapes in a way the `u` flag rejects. */
const UNSAFE_UNDER_U_FLAG = /[-,#\s]/g;

/** `escaped` (a value escaped for glob text) as it goes at `at` in `alternative`. */
export function escapeInSegment(escaped: string, alternative: string, at: number): string {
  const start = alternative.lastIndexOf("/", at) + 1;
  const end = alternative.indexOf("/", at);
  const segment = alternative.slice(start, end < 0 ? alternative.length : end);
  return segment.includes("[") ? escaped.replace(UNSAFE_UNDER_U_FLAG, (c) => `\\${c}`) : escaped;
}
