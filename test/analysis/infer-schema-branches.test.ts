/**
 * Branches of infer-schema.ts the other tests leave out: members read out of
 * alphabetical order come out sorted (at every level), and `has` on a left side that is
 * no path (a literal, a list: never an object, so always false) declares nothing. The
 * inferred subject schema is checked with ajv against requests the engine allows.
 */
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { inferSchemaDocument } from "../../src/analysis/infer-schema.js";
import { compile } from "../../src/engine.js";
import { setOf } from "./set-of.js";

const SOURCE =
  'policy p { allow subject * action "a" resource "r" when subject.zeta == "x" and subject.alpha == 1 and subject.mid.b == true and subject.mid.a == null }\n' +
  'policy q { deny subject * action "a" resource "r" when ("s" has q) or ([1] has z) }\n';

describe("inferSchemaDocument", () => {
  const document = inferSchemaDocument(setOf(SOURCE));
  const subject = document.subject as Record<string, unknown>;

  it("lists properties sorted by name at every level, each read one required", () => {
    expect(subject).toEqual({
      type: "object",
      properties: {
        alpha: { type: "number" },
        mid: { type: "object", properties: { a: { type: "null" }, b: { type: "boolean" } }, required: ["a", "b"] },
        zeta: { type: "string" },
      },
      required: ["alpha", "mid", "zeta"],
    });
    expect(Object.keys(subject.properties as object)).toEqual(["alpha", "mid", "zeta"]);
  });

  it("`has` on a literal or a list declares nothing (no `q`, no `z` anywhere)", () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain('"q"');
    expect(text).not.toContain('"z"');
    expect(document.env).toEqual({ type: "object" });
  });

  it("the subject schema accepts what the policy allows (ajv), and rejects a subject missing what it reads", () => {
    const validate = new Ajv({ strict: false }).compile(subject);
    const allowed = { zeta: "x", alpha: 1, mid: { a: null, b: true } };
    expect(validate(allowed)).toBe(true);
    expect(validate({ ...allowed, alpha: 1.5 })).toBe(true);
    expect(validate({ zeta: "x", alpha: 1 })).toBe(false);
    const engine = compile(SOURCE);
    expect(engine.evaluate(allowed, "r", "a").allowed).toBe(true);
    // The deny's `has` tests are always false: it never applies.
    expect(engine.evaluate(allowed, "r", "a").policy).toBe("p");
  });
});
