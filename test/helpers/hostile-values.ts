/**
 * Hostile arguments for the robustness tests (test/acceptance/robust-*.test.ts): values
 * no caller should pass, each of which must meet a documented answer — a diagnostic, a
 * PolicyError, a TypeError that says what was expected, or a denial — never a crash.
 */
import fc from "fast-check";

/** Messages of JavaScript's own errors, which mean "not checked" rather than "told". */
export const INTERNAL_ERROR = /cannot read propert|is not a function|is not iterable|cannot convert|maximum call stack|of undefined|of null/i;

/** A Proxy whose every trap throws. */
export function throwingProxy<T extends object>(target: T): T {
  const handler = new Proxy(
    {},
    {
      get: (_target, trap) => () => {
        throw new Error(`trap ${String(trap)}`);
      },
    },
  );
  return new Proxy(target, handler);
}

/** A revoked Proxy (every operation on it throws a TypeError). */
export function revokedProxy<T extends object>(target: T): T {
  const revocable = Proxy.revocable(target, {});
  revocable.revoke();
  return revocable.proxy;
}

/** `{ a: { a: … } }`, `depth` levels. */
export function deepObject(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** `[[…]]`, `depth` levels. */
export function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Named hostile values, fresh on each call. */
export function hostileValues(): [string, unknown][] {
  const cyclic: Record<string, unknown> = { id: "c", roles: ["r"] };
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);
  const sparse: unknown[] = [];
  sparse[100_000] = "x";
  const nullPrototype = Object.create(null);
  nullPrototype.id = "n";
  class Instance {
    id = "k";
  }
  return [
    ["undefined", undefined],
    ["null", null],
    ["NaN", Number.NaN],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["-0", -0],
    ["a bigint", 10n],
    ["a symbol", Symbol("s")],
    ["a lone surrogate", "\uD800"],
    ["a NUL", "a\0b"],
    ["a 1 MB string", "x".repeat(1 << 20)],
    ["a function", () => 1],
    ["a revoked Proxy", revokedProxy({})],
    ["a revoked array Proxy", revokedProxy([])],
    ["a throwing Proxy", throwingProxy({})],
    ["a throwing array Proxy", throwingProxy([])],
    ["a Proxy lying about its prototype", new Proxy([], { getPrototypeOf: () => Object.prototype })],
    [
      "an object of throwing getters",
      {
        get id() {
          throw new Error("getter");
        },
        get kind() {
          throw new Error("getter");
        },
      },
    ],
    ["a cyclic object", cyclic],
    ["a cyclic array", cyclicArray],
    ["a 100,000-deep object", deepObject(100_000)],
    ["a 100,000-deep array", deepArray(100_000)],
    ["a sparse array", sparse],
    ["a null-prototype object", nullPrototype],
    ["a class instance", new Instance()],
    ["a Symbol-keyed object", { [Symbol("k")]: 1, id: "s" }],
    ["a Map", new Map([["id", "m"]])],
    ["a Set", new Set(["a"])],
    ["a Date", new Date(0)],
    ["a RegExp", /x/],
    ["a boxed string", new String("s")],
    ["a typed array", new Uint8Array(4)],
  ];
}

/** What `run` threw, or undefined when it returned. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (caught) {
    return caught;
  }
  return undefined;
}

/** fast-check's `anything`, with every odd kind of value it makes (null prototypes, boxed values, sparse and typed arrays …). */
export function anythingHostile(): fc.Arbitrary<unknown> {
  return fc.anything({
    withObjectString: true,
    withNullPrototype: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withBoxedValues: true,
    maxDepth: 4,
  });
}
