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
    // One parameter, not `...args`: this runs at every alternation, and a rest array each time is garbage.
    return function (this: unknown, alternatives: Parameters<typeof choose>[0]): number | undefined {
      const alternative: unknown = choose.call(this, alternatives);
      return typeof alternative === "number" ? alternative : undefined;
    };
  }
}
