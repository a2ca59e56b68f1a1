/**
 * Conditions compiled once per distinct text: many policies repeat a condition
 * (`env.hour < 8`, `subject.clearance >= resource.sensitivity`), and every repeat would
 * otherwise be its own set of closures. Sharing them keeps the decision loop on a few
 * hot objects instead of one cold set per policy (at 10,000 policies, the difference
 * between cache hits and misses), and a subject-only condition shared by several
 * policies is evaluated once per subject.
 */
import type { Condition, Expr } from "../model/ast.js";
import { compileTest, type Test } from "./expr.js";
import type { SubjectSlots } from "./slots.js";

export class SharedTests {
  readonly #slots: SubjectSlots;
  readonly #tests = new Map<string, Test>();
  readonly #lists = new Map<string, readonly Test[]>();

  constructor(slots: SubjectSlots) {
    this.#slots = slots;
  }

  /** The compiled tests of a policy's conditions, shared with every policy that has the same ones. */
  of(conditions: readonly Condition[]): readonly Test[] {
    if (conditions.length === 0) return NO_TESTS;
    const keys = conditions.map((condition) => `${condition.mode} ${expressionKey(condition.expr)}`);
    const listKey = keys.join("\n");
    let list = this.#lists.get(listKey);
    if (list === undefined) {
      list = Object.freeze(
        conditions.map((condition, i) => {
          const key = keys[i] as string;
          let test = this.#tests.get(key);
          if (test === undefined) {
            test = compileTest(condition.mode, condition.expr, this.#slots);
            this.#tests.set(key, test);
          }
          return test;
        }),
      );
      this.#lists.set(listKey, list);
    }
    return list;
  }
}

const NO_TESTS: readonly Test[] = Object.freeze([]);

/**
 * The expression without its source positions: two conditions with the same key are the
 * same function of the request. (Literals are JSON values; `-0` and `0`, which JSON
 * writes alike, are equal under every operator of the language.)
 */
function expressionKey(expr: Expr): string {
  return JSON.stringify(expr, (key, value: unknown) => (key === "span" ? undefined : value));
}
