/**
 * Source files `parse` reported errors for. Such a file is still a well-formed AST, but
 * the declarations with errors were left out of it: a deny with a typo is simply not
 * there. Made into a policy set on its own (`checkPolicySet` then `createEngine`,
 * without a look at parse's diagnostics) it would allow what that deny refuses, so
 * `checkPolicySet` reports it and never marks such a set as checked (fail closed).
 */
const INCOMPLETE = new WeakSet<object>();

export function markIncomplete(file: object): void {
  INCOMPLETE.add(file);
}

export function isIncomplete(file: unknown): boolean {
  return typeof file === "object" && file !== null && INCOMPLETE.has(file);
}
