/**
 * Splits the token stream into top-level declarations, incrementally (tokens arrive a
 * chunk of lines at a time). A declaration starts at `policy`, and at `role` unless it
 * names a subject alternative (`subject role a`, `or role b`). A word after `.` or `has`
 * is a member (`env.policy`, `subject has role`), never a start. Stray tokens before
 * the first declaration form a piece of their own.
 */
import type { IToken } from "chevrotain";
import { Dot, Has, Or, Policy, Role, Subject } from "./tokens.js";

/** A complete piece and the first token after it (the next piece's start), if any. */
export interface Piece {
  readonly tokens: IToken[];
  readonly next: IToken | undefined;
}

export class DeclarationSplitter {
  #pending: IToken[] = [];
  /** Index in `#pending` from which to look for starts (earlier ones are known). */
  #scanFrom = 1;

  /** Adds tokens; returns the pieces they complete, in order. */
  push(tokens: readonly IToken[]): Piece[] {
    const pending = this.#pending;
    for (const token of tokens) pending.push(token);
    const starts: number[] = [];
    for (let i = Math.max(this.#scanFrom, 1); i < pending.length; i++) {
      if (isStart(pending[i] as IToken, pending[i - 1] as IToken)) starts.push(i);
    }
    this.#scanFrom = pending.length;
    if (starts.length === 0) return [];
    const pieces: Piece[] = [];
    let from = 0;
    for (const start of starts) {
      pieces.push({ tokens: pending.slice(from, start), next: pending[start] });
      from = start;
    }
    this.#pending = pending.slice(from);
    this.#scanFrom = this.#pending.length;
    return pieces;
  }

  /** The last piece (at the end of the input), if any tokens are left. */
  finish(): Piece | undefined {
    const pending = this.#pending;
    this.#pending = [];
    this.#scanFrom = 1;
    return pending.length === 0 ? undefined : { tokens: pending, next: undefined };
  }
}

function isStart(token: IToken, before: IToken): boolean {
  const type = token.tokenType;
  if (type !== Policy && type !== Role) return false;
  const previous = before.tokenType;
  if (previous === Dot || previous === Has) return false;
  return !(type === Role && (previous === Subject || previous === Or));
}
