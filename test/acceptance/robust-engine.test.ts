/**
 * Robustness of the engine's methods (spec §5: evaluation never throws, never hangs, and
 * a malformed request is a deny with errors; docs/api.md: `couldAllow`, `argumentsFor`,
 * `resourceClass` are total too). Hostile values at every argument position, methods
 * called detached from their engine, with too few or too many arguments, and re-entered
 * from a Proxy trap; times only as ratios measured in the same run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, type Decision, type Engine } from "../../src/index.js";
import { fastest } from "../helpers/fastest.js";
import { anythingHostile, deepObject, hostileValues, revokedProxy, throwingProxy } from "../helpers/hostile-values.js";

const ALLOW_ALL = "policy all { allow subject * action * resource * }";
const SET = `role editor includes viewer
policy read { allow subject role viewer action * resource "tool:*" when env.x == 1 or subject.dept == "d" }
policy own { deny priority 5 subject * action "tools/call" resource "tool:\${subject.id}" unless subject has ok }`;

const engines: [string, Engine][] = [
  ["cached", compile(ALLOW_ALL)],
  ["uncached", compile(ALLOW_ALL, { maxSubjects: 0 })],
  ["validating", compile(ALLOW_ALL, { schema: {}, validateRequests: true })],
];

/** What spec §4 calls a plain object: prototype Object.prototype or null (never throws). */
function isPlain(value: unknown): boolean {
  try {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

/** Whether `value` is a valid argument at `position` of `evaluate` (spec §4). */
function valid(position: number, value: unknown): boolean {
  if (position === 0) return isPlain(value);
  if (position === 1) {
    if (typeof value === "string") return true;
    if (!isPlain(value)) return false;
    const id = Object.getOwnPropertyDescriptor(value, "id");
    return id !== undefined && "value" in id && typeof id.value === "string";
  }
  if (position === 2) return typeof value === "string";
  return value === undefined || isPlain(value);
}

function isDecision(d: Decision): boolean {
  return (
    typeof d === "object" &&
    d !== null &&
    ["allow", "deny", "notapplicable"].includes(d.effect) &&
    d.allowed === (d.effect === "allow") &&
    (d.policy === null || typeof d.policy === "string") &&
    Array.isArray(d.errors) &&
    d.errors.every((e) => typeof e.message === "string" && e.message.length > 0)
  );
}

const BENIGN: unknown[] = [{ id: "u", roles: ["viewer"] }, "tool:x", "tools/call", {}];

/** The request with `value` at `position`, through every method; throws only if a method does. */
function everyMethod(engine: Engine, position: number, value: unknown) {
  const args = [...BENIGN];
  args[position] = value;
  const [s, r, a, e] = args;
  return {
    evaluate: engine.evaluate(s, r, a, e),
    isAllowed: engine.isAllowed(s, r, a, e),
    forSubject: engine.forSubject(s)(r, a, e),
    explain: engine.explain(s, r, a, e),
    couldAllow: engine.couldAllow(s, r, a, e),
    argumentsFor: engine.argumentsFor(s, r, a, e),
  };
}

function checkAnswers(engine: Engine, position: number, value: unknown, label: string): void {
  const got = everyMethod(engine, position, value);
  for (const d of [got.evaluate, got.forSubject, got.explain.decision]) expect(isDecision(d), label).toBe(true);
  expect(typeof got.isAllowed, label).toBe("boolean");
  expect(typeof got.couldAllow, label).toBe("boolean");
  expect(["allowed", "never", "unknown"], label).toContain(got.argumentsFor.outcome);
  if (!valid(position, value)) {
    // Spec §5: a malformed request is a deny with errors, never thrown; fail closed.
    for (const d of [got.evaluate, got.forSubject, got.explain.decision]) {
      expect(d.effect, label).toBe("deny");
      expect(d.policy, label).toBe(null);
      expect(d.errors.length, label).toBeGreaterThan(0);
    }
    expect(got.isAllowed, label).toBe(false);
    expect(got.couldAllow, label).toBe(false);
    expect(got.argumentsFor.outcome, label).toBe("never");
  }
}

describe("spec §5: evaluation never throws; a malformed request is a deny", () => {
  for (const [kind, engine] of engines) {
    it(`${kind}: the named hostile values at every position, every method`, () => {
      for (const [name, value] of hostileValues()) {
        for (const position of [0, 1, 2, 3]) checkAnswers(engine, position, value, `${kind} ${name} at ${position}`);
      }
    });
  }

  it("fast-check's anything at every position, every method (an allow-everything set)", () => {
    const anything = anythingHostile();
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2, 3), anything, (position, value) => {
        for (const [kind, engine] of engines) checkAnswers(engine, position, value, `${kind} at ${position}`);
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it("resourceClass of any value: a number or null, never a throw", () => {
    const engine = compile(SET);
    for (const [, value] of hostileValues()) {
      const got = engine.resourceClass(value as string);
      expect(got === null || typeof got === "number").toBe(true);
    }
  });

  it("couldAllow and argumentsFor with hostile options: false / never (docs/api.md), no throw", () => {
    const engine = compile(ALLOW_ALL);
    const request = [{ id: "u" }, "tool:x", "tools/call", {}] as const;
    for (const [name, options] of [
      ...hostileValues().filter(([, v]) => v !== undefined),
      ["an unknown key", { argument: "any" }],
      ["an unknown shape", { arguments: "most" }],
      ["a getter", { get arguments() { return "any"; } }],
    ] as [string, unknown][]) {
      expect(engine.couldAllow(...request, options as never), name).toBe(false);
      expect(engine.argumentsFor(...request, options as never), name).toEqual({ outcome: "never" });
    }
    expect(engine.couldAllow(...request, { arguments: "any" })).toBe(true);
  });
});

describe("spec §4: only own data properties are read — no method calls a getter", () => {
  const schema = {
    subject: { type: "object", properties: { id: { type: "string" }, roles: { type: "array", items: { type: "string" } }, dept: { type: "string" }, ok: { type: "number" } } },
    env: { type: "object", properties: { x: { type: "number" } } },
  };
  for (const [kind, options] of [
    ["cached", {}],
    ["uncached", { maxSubjects: 0 }],
    ["validating", { schema, validateRequests: true }],
  ] as const) {
    it(`${kind}: a getter counts as missing and never runs (it could answer differently each time)`, () => {
      const engine = compile(SET, options);
      const called: string[] = [];
      const getter = (name: string, value: unknown) => ({
        get: () => {
          called.push(name);
          return value;
        },
        enumerable: true,
      });
      const subject = Object.defineProperties({ id: "u", roles: ["viewer"] }, { dept: getter("dept", "d"), ok: getter("ok", 1) });
      const env = Object.defineProperties({}, { x: getter("x", 1), arguments: getter("arguments", {}) });
      const resource = Object.defineProperties({ id: "tool:x" }, { name: getter("name", "n") });
      for (let round = 0; round < 2; round++) {
        everyMethod(engine, 0, subject);
        expect(engine.evaluate(subject, resource, "tools/call", env).allowed).toBe(false);
        expect(engine.forSubject(subject)(resource, "tools/call", env).allowed).toBe(false);
        expect(engine.explain(subject, resource, "tools/call", env).decision.allowed).toBe(false);
        engine.couldAllow(subject, resource, "tools/call", env);
        engine.argumentsFor(subject, resource, "tools/call", env);
      }
      expect(called).toEqual([]);
    });
  }
});

describe("methods called detached, with too few or too many arguments", () => {
  const engine = compile(ALLOW_ALL);
  const request = [{ id: "u" }, "tool:x", "tools/call", {}] as const;

  it("detached from the engine: every method denies, none throws", () => {
    const { evaluate, isAllowed, forSubject, explain, couldAllow, argumentsFor, resourceClass } = engine;
    const denied = evaluate(...request);
    expect(isDecision(denied)).toBe(true);
    expect(denied.effect).toBe("deny");
    expect(denied.errors.length).toBeGreaterThan(0);
    expect(isAllowed(...request)).toBe(false);
    expect(forSubject(request[0])("tool:x", "tools/call").effect).toBe("deny");
    expect(explain(...request).decision.effect).toBe("deny");
    expect(couldAllow(...request)).toBe(false);
    expect(argumentsFor(...request)).toEqual({ outcome: "never" });
    expect(resourceClass("tool:x")).toBe(null);
    // The read-only cachedSubjects, read off another object (a wrapper made with Object.create).
    expect(Object.create(engine).cachedSubjects).toBe(0);
    expect(new Proxy(engine, {}).cachedSubjects).toBe(0);
    // Called on another object, even another engine's look-alike.
    expect(engine.evaluate.call({}, ...request).effect).toBe("deny");
    expect(engine.isAllowed.call(Object.create(engine), ...request)).toBe(false);
  });

  it("too few arguments: a malformed request (deny with errors)", () => {
    const call = engine.evaluate as (...args: unknown[]) => Decision;
    for (const args of [[], [request[0]], [request[0], "tool:x"]]) {
      const d = call.apply(engine, args);
      expect(d.effect).toBe("deny");
      expect(d.errors.length).toBeGreaterThan(0);
    }
    expect((engine.forSubject as (...args: unknown[]) => (...a: unknown[]) => Decision)()().effect).toBe("deny");
    // env may be left out (spec §4: undefined means {}).
    expect(engine.evaluate(request[0], "tool:x", "tools/call").effect).toBe("allow");
  });

  it("too many arguments: ignored", () => {
    const call = engine.evaluate as (...args: unknown[]) => Decision;
    expect(call.call(engine, ...request, revokedProxy({}), throwingProxy({}))).toEqual(engine.evaluate(...request));
    const decide = engine.forSubject(request[0]) as (...args: unknown[]) => Decision;
    expect(decide("tool:x", "tools/call", {}, revokedProxy({}))).toEqual(engine.evaluate(...request));
  });
});

describe("re-entered from a Proxy trap", () => {
  const engine = compile(SET);
  const subject = { id: "u", roles: ["editor"], dept: "d" };
  const expected = engine.evaluate(subject, "tool:x", "tools/call", { x: 1 });

  /** An env whose every property read first runs `inner` (another request to the same engine). */
  function reentrant(inner: () => unknown): Record<string, unknown> {
    return new Proxy(
      { x: 1 },
      {
        getOwnPropertyDescriptor(target, key) {
          inner();
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
      },
    );
  }

  const inners: [string, () => unknown][] = [
    ["evaluate", () => engine.evaluate({ id: "tool", roles: [], dept: "x" }, "tool:tool", "tools/call", { x: 2 })],
    ["forSubject", () => engine.forSubject({ id: "x" })("tool:x", "tools/call", { x: 3 })],
    ["explain", () => engine.explain({ id: "x", roles: ["viewer"] }, "tool:y", "read", { x: 0 })],
    ["couldAllow", () => engine.couldAllow({ id: "x" }, "tool:x", "tools/call", { x: 1 })],
    ["argumentsFor", () => engine.argumentsFor({ id: "x" }, "tool:x", "tools/call", {})],
  ];
  for (const [name, inner] of inners) {
    it(`${name} inside every method: the outer answers are the plain ones`, () => {
      expect(expected.effect).toBe("allow");
      expect(engine.evaluate(subject, "tool:x", "tools/call", reentrant(inner))).toEqual(expected);
      expect(engine.forSubject(subject)("tool:x", "tools/call", reentrant(inner))).toEqual(expected);
      expect(engine.explain(subject, "tool:x", "tools/call", reentrant(inner)).decision).toEqual(expected);
      expect(engine.couldAllow(subject, "tool:x", "tools/call", reentrant(inner))).toBe(true);
      expect(engine.argumentsFor(subject, "tool:x", "tools/call", reentrant(inner)).outcome).toBe("allowed");
    });
  }
});

describe("never hangs: hostile shapes cost no more than benign ones of the same size", () => {
  const engine = compile(`policy p { allow subject * action * resource * when "x" in env.list or env.a == env.b or env.s matches "a*b*c*d*e" }`);
  const N = 200_000;

  it("a sparse list (a hole errs) against a dense one of the same length", () => {
    const dense = Array.from({ length: N }, (_, i) => `v${i}`);
    const sparse: string[] = [];
    sparse[N - 1] = "v";
    const benign = fastest(() => engine.evaluate({}, "r", "a", { list: dense, a: 1, b: 2, s: "" }));
    const hostile = fastest(() => engine.evaluate({}, "r", "a", { list: sparse, a: 1, b: 2, s: "" }));
    expect(hostile).toBeLessThan(benign * 5 + 5);
  });

  it("a 100,000-deep comparison (errs past 64 levels) against a 100,000-wide one", () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) wide[`k${i}`] = i;
    const twin = { ...wide };
    const [deep, deepTwin] = [deepObject(100_000), deepObject(100_000)];
    // One round of the benign side (≈ 1 s): a slow round only widens the margin.
    const benign = fastest(() => engine.evaluate({}, "r", "a", { list: [], a: wide, b: twin }), 1);
    const hostile = fastest(() => engine.evaluate({}, "r", "a", { list: [], a: deep, b: deepTwin }));
    expect(hostile).toBeLessThan(benign * 5 + 5);
    const d = engine.evaluate({}, "r", "a", { list: [], a: deep, b: deepTwin });
    expect(d.effect).toBe("notapplicable");
    expect(d.errors[0]?.message).toMatch(/nested deeper than 64/);
  });

  it("a 1 MB string against a glob of five stars, against a 1 MB string equal to a literal", () => {
    const long = "a".repeat(1 << 20);
    const benign = fastest(() => engine.evaluate({}, "r", "a", { list: [], a: long, b: `${long}` }));
    const hostile = fastest(() => engine.evaluate({}, "r", "a", { list: [], a: 1, b: 2, s: long }));
    expect(hostile).toBeLessThan(benign * 20 + 20);
  });
});
