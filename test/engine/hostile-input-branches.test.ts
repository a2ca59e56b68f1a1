/**
 * Branches of src/engine.ts reached only by hostile input: a path list past its bound,
 * traps that throw something other than an Error (or throw only the second time), a
 * revoked Proxy as options, a source element or a hand-made policy set whose descriptors
 * cannot be read, and `couldAllow` / `argumentsFor` options that cannot be read. Each must
 * end in a PolicyError (compile, loadPolicies, createEngine) or a fail-closed answer
 * (evaluate and the searches never throw), as spec §6 and docs/api.md say.
 */
import { describe, expect, it } from "vitest";
import { compile, createEngine, loadPolicies } from "../../src/engine.js";
import { PolicyError } from "../../src/errors.js";
import { diagnosticsOf } from "../helpers/policy-error.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { outcome } from "../helpers/same-as-reference.js";

const SET = `policy admins { allow subject role admin action * resource * }
policy anyone { allow subject * action "read" resource "doc" }`;

/** An object whose every own-key or descriptor question throws `thrown`. */
function throwing(thrown: unknown): object {
  return new Proxy(
    {},
    {
      ownKeys() {
        throw thrown;
      },
      getOwnPropertyDescriptor() {
        throw thrown;
      },
    },
  );
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}


describe("loadPolicies' path list", () => {
  it("refuses more paths than it takes without reading one of them", async () => {
    let reads = 0;
    const paths = new Proxy(new Array<string>(100_001).fill("/nonexistent/x.mcpolicy"), {
      getOwnPropertyDescriptor(target, key) {
        reads++;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    const error = await loadPolicies(paths).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "E0010 expected at most 100000 paths, got 100001",
    ]);
    expect(reads).toBe(0);
  });
});

describe("failures while reading the compile options", () => {
  it("reports a thrown non-Error with a generic detail, and an Error with its message", () => {
    expect(diagnosticsOf(() => compile(SET, throwing("boom") as never))).toEqual([
      "E0010 cannot read the compile options: unexpected failure",
    ]);
    expect(diagnosticsOf(() => compile(SET, throwing(new Error("the trap failed")) as never))).toEqual([
      "E0010 cannot read the compile options: the trap failed",
    ]);
    // A hostile error object: reading its message throws too.
    const hostile = new Proxy(new Error("x"), {
      get() {
        throw new Error("no");
      },
    });
    expect(diagnosticsOf(() => compile(SET, throwing(hostile) as never))).toEqual([
      "E0010 cannot read the compile options: unexpected failure",
    ]);
  });

  it("adds the options' failure to the sources' errors, not instead of them", () => {
    const problems = diagnosticsOf(() => compile("policy {", throwing("boom") as never));
    expect(problems).toContain("E0010 cannot read the compile options: unexpected failure");
    expect(problems.filter((p) => p.startsWith("E02")).length).toBeGreaterThan(0);
  });

  it("names a revoked Proxy given as options", () => {
    expect(diagnosticsOf(() => compile(SET, revoked() as never))).toEqual([
      "E0012 expected the options to be a plain object, got a revoked Proxy",
    ]);
  });
});

describe("sources and sets that cannot be inspected", () => {
  it("reports a source element whose properties throw as a bad element", () => {
    expect(diagnosticsOf(() => compile([throwing("x")] as never))).toEqual([
      "E0011 source 0 must be `{ name, text }` with string name and text, or a SourceFile object",
    ]);
  });

  it("refuses a hand-made set whose `sources` cannot be read", () => {
    expect(diagnosticsOf(() => createEngine(throwing("x") as never))).toEqual([
      "E0010 createEngine expects a PolicySet (the `set` that checkPolicySet returns)",
    ]);
  });
});

describe("couldAllow and argumentsFor with unreadable input", () => {
  const engine = compile(SET);

  it("answers false / never for options whose keys or descriptors throw", () => {
    const keysThrow = throwing("o");
    const descriptorThrows = new Proxy(
      {},
      {
        ownKeys: () => ["arguments"],
        getOwnPropertyDescriptor() {
          throw "d";
        },
      },
    );
    for (const options of [keysThrow, descriptorThrows]) {
      // Without the options, the request could be allowed: the false is the options'.
      expect(engine.couldAllow({}, "doc", "read")).toBe(true);
      expect(engine.couldAllow({}, "doc", "read", undefined, options as never)).toBe(false);
      expect(engine.argumentsFor({}, "doc", "read", undefined, options as never)).toEqual({ outcome: "never" });
    }
  });

  it("answers unknown, never allowed, when the env can be read once but not again", () => {
    // The search reads the env's keys first; copying them for the check of its example fails.
    let calls = 0;
    const env = new Proxy(
      {},
      {
        ownKeys(target) {
          if (++calls > 1) throw new Error("changed its mind");
          return Reflect.ownKeys(target);
        },
      },
    );
    const search = engine.argumentsFor({}, "doc", "read", env);
    expect(calls).toBeGreaterThan(1);
    expect(search).toEqual({ outcome: "unknown" });
    // unknown implies couldAllow; and the request itself is allowed by `anyone`.
    expect(engine.couldAllow({}, "doc", "read", {})).toBe(true);
  });

  it("denies a revoked Proxy subject on every entry point, as the reference does", () => {
    const subject = revoked();
    const reference = evaluateReference(engine.policySet, subject, "doc", "read", undefined);
    expect(reference.allowed).toBe(false);
    expect(outcome(engine.evaluate(subject, "doc", "read"))).toEqual(outcome(reference));
    expect(outcome(engine.forSubject(subject)("doc", "read"))).toEqual(outcome(reference));
    expect(engine.couldAllow(subject, "doc", "read")).toBe(false);
    expect(engine.argumentsFor(subject, "doc", "read")).toEqual({ outcome: "never" });
  });
});
