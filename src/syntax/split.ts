/**
 * Splits the token stream into top-level declarations, incrementally (tokens arrive a
 * chunk of lines at a time). A declaration starts at `policy`, and at `role` unless it
 * names a subject alternative (`subject role a`, `or role b`). A word after `.` or `has`
 * is a member (`env.policy`, `subject has role`), never a start. Stray tokens before
 * the first declaration form a piece of their own.
 *
 * A `role` inside a policy's open `{` is undecided until a later token tells: a `}`
 * first means a misplaced `role` line inside the block (the policy reports it, and its
 * clauses after it stay its own: not a cascade of "expected `policy` or `role`"); a
 * `policy` or the end of input first means the block lacked its `}` and the `role` is a
 * top-level declaration.
 */
import type { IToken } from "chevrotain";
import { Dot, Has, LCurly, Or, Policy, RCurly, Role, Subject } from "./tokens.js";

/** A complete piece and the first token after it (the next piece's start), if any. */
export interface Piece {
  readonly tokens: IToken[];
  readonly next: IToken | undefined;
}

export class DeclarationSplitter {
  #pending: IToken[] = [];
  /** Index in `#pending` from which to look for starts (earlier ones are known). */
  #scanFrom = 0;
  /** `{` minus `}` since the current piece's start (never below 0). */
  #depth = 0;
  /** Index in `#pending` of a `role` inside an open `{` not yet known to start a declaration, or -1. */
  #undecided = -1;

  /** Adds tokens; returns the pieces they complete, in order. */
  push(tokens: readonly IToken[]): Piece[] {
    const pending = this.#pending;
    for (const token of tokens) pending.push(token);
    return this.#split(this.#scan());
  }

  /** The last pieces (at the end of the input), if any tokens are left. */
  finish(): Piece[] {
    const starts = this.#scan();
    // The end of input came before a `}`: the `role` starts a declaration after all.
    while (this.#undecided >= 0) starts.push(...this.#decideStart());
    const pieces = this.#split(starts);
    const pending = this.#pending;
    this.#pending = [];
    this.#scanFrom = 0;
    this.#depth = 0;
    this.#undecided = -1;
    if (pending.length > 0) pieces.push({ tokens: pending, next: undefined });
    return pieces;
  }

  /** Indexes of the declaration starts among the tokens not scanned yet. */
  #scan(): number[] {
    const pending = this.#pending;
    const starts: number[] = [];
    let i = this.#scanFrom;
    while (i < pending.length) {
      const token = pending[i] as IToken;
      const type = token.tokenType;
      if (this.#undecided >= 0) {
        if (type === RCurly) {
          // The block closes: the `role` was a line inside it.
          this.#undecided = -1;
          this.#depth = Math.max(0, this.#depth - 1);
        } else if (type === Policy && isStart(token, pending[i - 1] as IToken)) {
          // A declaration starts before the block closed: the `role` was one too.
          while (this.#undecided >= 0) starts.push(...this.#decideStart(i));
          starts.push(i);
          this.#depth = 0;
        }
        i++;
        continue;
      }
      if (i > 0 && isStart(token, pending[i - 1] as IToken)) {
        if (type === Role && this.#depth > 0) {
          this.#undecided = i;
          i++;
          continue;
        }
        starts.push(i);
        this.#depth = 0;
      } else if (type === LCurly) this.#depth++;
      else if (type === RCurly && this.#depth > 0) this.#depth--;
      i++;
    }
    this.#scanFrom = i;
    return starts;
  }

  /**
   * The undecided `role` starts a top-level declaration: it and the starts after it,
   * up to `end` (exclusive), found by scanning that stretch again at depth 0 (it holds
   * no `}`, which would have decided otherwise). Stops at a `role` after a `{` there,
   * which is undecided in turn.
   */
  #decideStart(end = this.#pending.length): number[] {
    const pending = this.#pending;
    const first = this.#undecided;
    this.#undecided = -1;
    this.#depth = 0;
    const starts = [first];
    for (let i = first + 1; i < end; i++) {
      const token = pending[i] as IToken;
      if (isStart(token, pending[i - 1] as IToken)) {
        if (token.tokenType === Role && this.#depth > 0) {
          this.#undecided = i;
          return starts;
        }
        starts.push(i);
        this.#depth = 0;
      } else if (token.tokenType === LCurly) this.#depth++;
    }
    return starts;
  }

  /** Cuts the pending tokens at `starts` (ascending); keeps the last piece pending. */
  #split(starts: readonly number[]): Piece[] {
    if (starts.length === 0) return [];
    const pending = this.#pending;
    const pieces: Piece[] = [];
    let from = 0;
    for (const start of starts) {
      pieces.push({ tokens: pending.slice(from, start), next: pending[start] });
      from = start;
    }
    this.#pending = pending.slice(from);
    this.#scanFrom -= from;
    if (this.#undecided >= 0) this.#undecided -= from;
    return pieces;
  }
}

function isStart(token: IToken, before: IToken): boolean {
  const type = token.tokenType;
  if (type !== Policy && type !== Role) return false;
  const previous = before.tokenType;
  if (previous === Dot || previous === Has) return false;
  return !(type === Role && (previous === Subject || previous === Or));
}
