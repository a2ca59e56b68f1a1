/**
 * `evaluate` on subjects holding values outside JSON where a policy reads them
 * (non-finite numbers, symbols, functions, bigints, `undefined`, objects read whole with
 * accessor or symbol keys), one after another on the same engine, and on one subject
 * object mutated between calls. Whatever subject the engine saw before, its decision is
 * the reference interpreter's and a fresh engine's (spec §6: `evaluate` sees every change
 * of the subject).
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

const TEXT = `policy "whole" {
  allow
  subject *
  action "a"
  resource "r"
  when subject.o == subject.p
}
policy "value" {
  allow
  subject *
  action "b"
  resource "r"
  when subject.v == 1 or subject.list contains 1
}
`;

function withAccessor(): object {
  const o = { a: 1 };
  Object.defineProperty(o, "b", { get: () => 2, enumerable: true });
  return o;
}

const SUBJECTS: Record<string, Record<string, unknown>> = {
  plain: { id: "u", o: { a: 1 }, p: { a: 1 } },
  other: { id: "u", o: { a: 2 }, p: { a: 1 } },
  accessor: { id: "u", o: withAccessor(), p: { a: 1 } },
  symbolKey: { id: "u", o: { a: 1, [Symbol("s")]: 2 }, p: { a: 1 } },
  undefinedMember: { id: "u", o: { a: 1, b: undefined }, p: { a: 1 } },
  nan: { id: "u", v: Number.NaN },
  infinity: { id: "u", v: Number.POSITIVE_INFINITY },
  one: { id: "u", v: 1 },
  symbol: { id: "u", v: Symbol("x") },
  function: { id: "u", v: () => 1 },
  bigint: { id: "u", v: 1n },
  undefined: { id: "u", v: undefined },
  listNaN: { id: "u", v: 2, list: [Number.NaN] },
  listOne: { id: "u", v: 2, list: [1] },
  listUndefined: { id: "u", v: 2, list: [undefined] },
  longList: { id: "u", v: 2, list: [...Array.from({ length: 20_000 }, () => 0), 1] },
};

describe("subject cache keys of unusual values", () => {
  it("decide as the reference and a fresh engine, whichever subject came before", () => {
    const names = Object.keys(SUBJECTS);
    const engine = compile(TEXT);
    for (const action of ["a", "b"]) {
      const want = new Map(
        names.map((name) => [name, evaluateReference(engine.policySet, SUBJECTS[name], "r", action, {}).allowed]),
      );
      for (const name of names)
        expect(compile(TEXT).evaluate(SUBJECTS[name], "r", action, {}).allowed).toBe(want.get(name));
      for (const first of names) {
        for (const second of names) {
          engine.evaluate(SUBJECTS[first], "r", action, {});
          expect({
            action,
            first,
            second,
            allowed: engine.evaluate(SUBJECTS[second], "r", action, {}).allowed,
          }).toEqual({
            action,
            first,
            second,
            allowed: want.get(second),
          });
        }
      }
      if (action === "a") expect(names.filter((name) => want.get(name))).toEqual(["plain", "accessor", "symbolKey"]);
      else expect(names.filter((name) => want.get(name))).toEqual(["one", "listOne", "longList"]);
    }
  });

  it("sees a subject changed in place between calls (a value made non-JSON, then JSON again)", () => {
    const engine = compile(TEXT);
    const subject: Record<string, unknown> = { id: "u", v: 1 };
    const answers: boolean[] = [];
    for (const v of [1, Number.NaN, 1, 1n, 1, Symbol("s"), 1, undefined, 1]) {
      subject.v = v;
      answers.push(engine.evaluate(subject, "r", "b", {}).allowed);
    }
    expect(answers).toEqual([true, false, true, false, true, false, true, false, true]);
    const whole: Record<string, unknown> = { id: "u", o: { a: 1 }, p: { a: 1 } };
    expect(engine.evaluate(whole, "r", "a", {}).allowed).toBe(true);
    (whole.o as Record<string, unknown>).a = 2;
    expect(engine.evaluate(whole, "r", "a", {}).allowed).toBe(false);
    Object.defineProperty(whole.o, "a", { get: () => 1, enumerable: true, configurable: true });
    expect(engine.evaluate(whole, "r", "a", {}).allowed).toBe(
      evaluateReference(engine.policySet, whole, "r", "a", {}).allowed,
    );
  });
});
