/**
 * Issue 6 §2: "paths to optional attributes used without a `has` guard (warning: this is
 * how a deny can silently become an error)". Whatever shape the guard takes — `and`,
 * `or`, `not`, several `when`/`unless` — W0710 must be reported whenever some request
 * missing the attribute makes one of the policy's tests err while none is false (the
 * error then decides whether the policy applies). Checked against a direct evaluation
 * of random conditions over two optional attributes, spec §4.2/§5 semantics.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { typecheckPolicySet } from "../../src/analysis/typecheck.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { setOf } from "../analysis/set-of.js";

type Cond =
  | { kind: "has" | "read"; name: "x" | "y" }
  | { kind: "lit"; value: boolean }
  | { kind: "not"; e: Cond }
  | { kind: "and" | "or"; l: Cond; r: Cond };

const cond: fc.Arbitrary<Cond> = fc.letrec<{ c: Cond }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({
      kind: fc.constantFrom("has" as const, "read" as const),
      name: fc.constantFrom("x" as const, "y" as const),
    }),
    fc.record({ kind: fc.constant("lit" as const), value: fc.boolean() }),
    fc.record({ kind: fc.constant("not" as const), e: tie("c") }),
    fc.record({ kind: fc.constantFrom("and" as const, "or" as const), l: tie("c"), r: tie("c") }),
  ),
})).c;

function text(c: Cond): string {
  switch (c.kind) {
    case "has":
      return `subject has ${c.name}`;
    case "read":
      return `subject.${c.name} == true`;
    case "lit":
      return String(c.value);
    case "not":
      return `not (${text(c.e)})`;
    default:
      return `(${text(c.l)}) ${c.kind} (${text(c.r)})`;
  }
}

type V = boolean | "error";

/** Spec §4.2: left to right, short-circuit, an error met first propagates. */
function evaluate(c: Cond, subject: Record<string, boolean>): V {
  switch (c.kind) {
    case "has":
      return Object.hasOwn(subject, c.name);
    case "read":
      return Object.hasOwn(subject, c.name) ? subject[c.name] === true : "error";
    case "lit":
      return c.value;
    case "not": {
      const v = evaluate(c.e, subject);
      return v === "error" ? v : !v;
    }
    default: {
      const l = evaluate(c.l, subject);
      if (l === "error") return l;
      if (c.kind === "and" ? !l : l) return l;
      return evaluate(c.r, subject);
    }
  }
}

interface Test {
  mode: "when" | "unless";
  c: Cond;
}

/** Whether a request without `name` (the other attribute present) makes a test err while none is false. */
function errsDecisively(tests: readonly Test[], name: "x" | "y"): boolean {
  const other = name === "x" ? "y" : "x";
  return [true, false].some((value) => {
    const subject = { [other]: value };
    const results = tests.map((t) => {
      const v = evaluate(t.c, subject);
      return v === "error" ? v : t.mode === "when" ? v : !v;
    });
    return results.includes("error") && !results.includes(false);
  });
}

function reads(c: Cond, name: string): boolean {
  if (c.kind === "read") return c.name === name;
  if (c.kind === "not") return reads(c.e, name);
  if (c.kind === "and" || c.kind === "or") return reads(c.l, name) || reads(c.r, name);
  return false;
}

const { schema } = loadAttributeSchema({
  subject: { type: "object", properties: { x: { type: "boolean" }, y: { type: "boolean" } } },
});

function warned(source: string): string[] {
  if (schema === null) throw new Error("the schema does not load");
  return typecheckPolicySet(setOf(source), schema)
    .filter((d) => d.code === "W0710")
    .map((d) => d.message);
}

describe("issue 6: W0710 whenever a missing attribute can make a test err decisively", () => {
  it("matches a direct evaluation of the policy's tests", () => {
    const tests = fc.array(fc.record({ mode: fc.constantFrom("when" as const, "unless" as const), c: cond }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(tests, (ts) => {
        const source = `policy p { deny subject * action * resource * ${ts.map((t) => `${t.mode} ${text(t.c)}`).join(" ")} }`;
        const messages = warned(source);
        for (const name of ["x", "y"] as const) {
          if (!ts.some((t) => reads(t.c, name)) || !errsDecisively(ts, name)) continue;
          expect({ source, warned: messages.some((m) => m.includes(`subject.${name}`)) }).toEqual({
            source,
            warned: true,
          });
        }
      }),
      { numRuns: 2000, seed: 6 },
    );
  });
});
