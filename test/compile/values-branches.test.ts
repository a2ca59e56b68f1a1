/**
 * equalCopies' pair memo (src/compile/values.ts), made once a comparison has visited 64
 * containers so that a DAG compares in linear time: one shared object compared with many
 * distinct but equal copies, and with one that differs deep inside. Each decision as the
 * reference interpreter's.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

const engine = compile(`policy dag { allow subject * action "eq" resource * when subject.a == subject.b }`);
const shape = () => ({ k: [1, { m: [2, { n: "x" }] }] });

describe("== over a shared sub-object and its copies, past the pair memo's threshold", () => {
  it("is true when every copy equals the shared object", () => {
    const shared = shape();
    const subject = { a: Array.from({ length: 100 }, () => shared), b: Array.from({ length: 100 }, shape) };
    expect(engine.evaluate(subject, "r", "eq").effect).toBe("allow");
    expectSameAsReference(engine, subject, "r", "eq");
    // Either side shared.
    expect(engine.evaluate({ a: subject.b, b: subject.a }, "r", "eq").effect).toBe("allow");
  });

  it("is false when one late copy differs deep inside, though the shared one was found equal before", () => {
    const shared = shape();
    const copies = Array.from({ length: 100 }, shape);
    (copies[99] as { k: [number, { m: [number, { n: string }] }] }).k[1].m[1].n = "y";
    const subject = { a: Array.from({ length: 100 }, () => shared), b: copies };
    expect(engine.evaluate(subject, "r", "eq").effect).toBe("notapplicable");
    expectSameAsReference(engine, subject, "r", "eq");
  });
});
