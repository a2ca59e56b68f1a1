/**
 * The `env.…` and `resource.…` paths of one decision, each resolved at most once: a path
 * several candidate policies read (e.g. `env.arguments.path` in a deny and in an allow)
 * costs one walk of own-property reads, not one per condition.
 *
 * One instance per compiled set, reused by every decision (no allocation per request).
 * A value counts only for the decision that read it (`begin` starts a new one) and the
 * same root object; a decision re-entered from a Proxy trap starts its own, and the outer
 * one then re-reads whatever the inner one overwrote — never a value of another request.
 */
export class RequestReads {
  #decision = 0;
  readonly #decisions: number[];
  readonly #roots: unknown[];
  readonly #values: unknown[];

  constructor(slots: number) {
    // Filled, not sparse: a hole would be read from Array.prototype.
    this.#decisions = new Array<number>(slots).fill(-1);
    this.#roots = new Array<unknown>(slots).fill(undefined);
    this.#values = new Array<unknown>(slots).fill(undefined);
  }

  /** Starts a decision: earlier reads no longer count. */
  begin(): void {
    this.#decision++;
  }

  /** The value at path `slot` below `root` (`read` resolves it), read once per decision. */
  get(slot: number, root: object, read: (root: object) => unknown): unknown {
    if (this.#decisions[slot] === this.#decision && this.#roots[slot] === root) return this.#values[slot];
    const value = read(root);
    this.#values[slot] = value;
    this.#roots[slot] = root;
    this.#decisions[slot] = this.#decision;
    return value;
  }
}
