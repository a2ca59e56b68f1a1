// Generated requests (arbitraries.ts) reach the boundaries the schema allows: the empty
// string, a `maxLength: 0` string.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { requestArbitraries } from "../../src/testing/index.js";

const engine = compile('policy p { allow subject * action "a" resource "r" }', { maxSubjects: 0 });

describe("string boundaries", () => {
  it("generates the empty string where the schema allows it", () => {
    const { subject } = requestArbitraries(engine, {
      subject: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    });
    const names = fc.sample(subject, { numRuns: 2000, seed: 1 }).map((s) => s.name);
    expect(names).toContain("");
  });

  it("generates only the empty string under `maxLength: 0`", () => {
    const { subject } = requestArbitraries(engine, {
      subject: { type: "object", properties: { name: { type: "string", maxLength: 0 } }, required: ["name"] },
    });
    expect(new Set(fc.sample(subject, { numRuns: 200, seed: 1 }).map((s) => s.name))).toEqual(new Set([""]));
  });
});
