/**
 * When to remember one more caller object in a WeakMap (a subject object with its plan, an
 * `authInfo` with its subject): for the first few, then only while remembered objects do
 * come back — at least one return per four objects — and one in 64 regardless, so a
 * change of pattern is noticed. A server that builds new objects per request (one
 * `authInfo` per HTTP request) would otherwise pay a WeakMap entry per request for
 * nothing: an entry costs more in the collector's ephemeron work than a re-derivation.
 */
export function admitsObject(objects: number, returns: number): boolean {
  return objects <= 8 || returns * 4 >= objects || (objects & 63) === 0;
}
