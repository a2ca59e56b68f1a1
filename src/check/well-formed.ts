/**
 * Source files whose shape is known good: built by `parse`, or read by
 * `sourceFileFromJson` (a bounded copy validated against the AST schema and read back
 * through the parser). `checkPolicySet` reads any other file through
 * `sourceFileFromJson` first, so a hand-built AST of the wrong shape becomes
 * diagnostics, never a crash or a PolicySet that the compiler then trusts.
 *
 * A marked file is deep-frozen: the mark is trusted later without looking again, so a
 * caller must not be able to change the tree after it was checked (`effect: "Deny"`
 * read as an allow, a condition's `mode` misspelled and the condition dropped).
 */
const WELL_FORMED = new WeakSet<object>();

export function markWellFormed(file: object): void {
  deepFreeze(file);
  WELL_FORMED.add(file);
}

export function isWellFormed(file: unknown): boolean {
  return typeof file === "object" && file !== null && WELL_FORMED.has(file);
}

/** Freezes every object and array reachable from `root` (without recursion: ASTs nest deep). */
function deepFreeze(root: object): void {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as object;
    if (Object.isFrozen(node)) continue;
    Object.freeze(node);
    for (const value of Object.values(node)) {
      if (typeof value === "object" && value !== null && !Object.isFrozen(value)) stack.push(value);
    }
  }
}
