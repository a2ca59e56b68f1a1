/**
 * Policy nodes that `parse` itself built, after every "policy"-scoped rule passed them.
 * `checkPolicySet(files, { trustParsed: true })` — used only where a parse result goes
 * straight into the check with no user code in between (the engine, the CLI) — skips
 * re-running those rules on them; the cross-source rules always run. The exported
 * default re-checks everything, so a hand-built or edited AST can never slip through.
 */
const VERIFIED = new WeakSet<object>();

export function markVerified(node: object): void {
  VERIFIED.add(node);
}

export function isVerified(node: object): boolean {
  return VERIFIED.has(node);
}
