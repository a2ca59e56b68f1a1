/**
 * Where each top-level declaration starts in the token stream: at `policy`, and at
 * `role` unless it names a subject alternative (`subject role a`, `or role b`). A word
 * after `.` or `has` is a member (`env.policy`, `subject has role`), never a start. The parser takes one piece at a
 * time; stray tokens before the first declaration form a piece of their own.
 */
import type { IToken } from "chevrotain";
import { Dot, Has, Or, Policy, Role, Subject } from "./tokens.js";

export function declarationStarts(tokens: readonly IToken[]): number[] {
  const starts: number[] = [];
  if (tokens.length > 0) starts.push(0);
  for (let i = 1; i < tokens.length; i++) {
    const type = (tokens[i] as IToken).tokenType;
    if (type !== Policy && type !== Role) continue;
    const before = (tokens[i - 1] as IToken).tokenType;
    if (before === Dot || before === Has) continue;
    if (type === Role && (before === Subject || before === Or)) continue;
    starts.push(i);
  }
  return starts;
}
