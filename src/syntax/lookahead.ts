/**
 * Chevrotain's LL(1) lookahead picks an alternative from a plain object keyed by token
 * type index, so with `Object.prototype[1]` set (by any code in the process) a token
 * with no alternative reads the prototype and the parser crashes. This strategy keeps
 * chevrotain's and only lets a number through: no alternative, a parse error, as it
 * should be. (The rest of the parser only compares with `=== true`.)
 */
import { LLkLookaheadStrategy } from "./chevrotain.js";

type AlternationOptions = Parameters<InstanceType<typeof LLkLookaheadStrategy>["buildLookaheadForAlternation"]>[0];

export class PrototypeSafeLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: AlternationOptions) {
    const choose = super.buildLookaheadForAlternation(options);
    return function (this: unknown, ...args: Parameters<typeof choose>): number | undefined {
      const alternative: unknown = choose.apply(this, args);
      return typeof alternative === "number" ? alternative : undefined;
    };
  }
}
