/**
 * The `empty` shape's one decision (src/evaluate/partial.ts, decideWithEmptyArguments)
 * when the env, valid when the request was checked, cannot be read again (a Proxy that
 * changes its mind): the search cannot tell, so it says `unknown` — never `allowed` with
 * arguments it did not decide — and couldAllow stays true as `unknown` implies. Never a throw.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";

describe("argumentsFor with the empty shape on an env readable once", () => {
  it("answers unknown, and allowed for the same env read normally", () => {
    const engine = compile('policy p { allow subject * action "a" resource * when env.hour == 10 }');
    // Read as many times as it is before the decision, then no more (each call a fresh one).
    const onceReadable = (reads = 1) => {
      let calls = 0;
      return new Proxy(
        { hour: 10 },
        {
          ownKeys(target) {
            if (++calls > reads) throw new Error("changed its mind");
            return Reflect.ownKeys(target);
          },
        },
      );
    };
    const options = { arguments: "empty" } as const;
    for (let reads = 0; reads < 8; reads++) {
      const search = engine.argumentsFor({ id: "u" }, "r", "a", onceReadable(reads), options);
      // Whatever the read that fails, no throw, and no answer but these two.
      expect([{ outcome: "unknown" }, { outcome: "allowed", arguments: {} }]).toContainEqual(search);
    }
    // Read once to check the request, then not again for the decision.
    expect(engine.argumentsFor({ id: "u" }, "r", "a", onceReadable(1), options)).toEqual({ outcome: "unknown" });
    expect(engine.couldAllow({ id: "u" }, "r", "a", onceReadable(1), options)).toBe(true);
    expect(engine.argumentsFor({ id: "u" }, "r", "a", { hour: 10 }, options)).toEqual({ outcome: "allowed", arguments: {} });
    expect(engine.argumentsFor({ id: "u" }, "r", "a", { hour: 11 }, options)).toEqual({ outcome: "never" });
  });
});
