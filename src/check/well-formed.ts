/**
 * Source files whose shape is known good: built by `parse`, or read by
 * `sourceFileFromJson` (a bounded copy validated against the AST schema and read back
 * through the parser). `checkPolicySet` reads any other file through
 * `sourceFileFromJson` first, so a hand-built AST of the wrong shape becomes
 * diagnostics, never a crash or a PolicySet that the compiler then trusts.
 */
const WELL_FORMED = new WeakSet<object>();

export function markWellFormed(file: object): void {
  WELL_FORMED.add(file);
}

export function isWellFormed(file: unknown): boolean {
  return typeof file === "object" && file !== null && WELL_FORMED.has(file);
}
