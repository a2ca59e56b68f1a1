/**
 * Issue 6 §5: invariant inputs are "generated with fast-check from the schema …, biased
 * toward the values the policies mention" (docs/testing.md: "the literals the policies
 * compare it with are favoured"). A list literal is such a value: `env.list == [1, 2]`
 * must be met by some generated request, or a deny that refuses it is never seen and
 * `never deny` passes on ten thousand requests.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { checkInvariant } from "../../src/testing/index.js";

const listSchema = {
  env: {
    type: "object",
    properties: {
      list: { type: "array", items: { type: "integer" } },
      tags: { type: "array", items: { type: "string" } },
    },
    required: ["list", "tags"],
  },
};

describe("issue 6: list literals are favoured when generating", () => {
  for (const [label, schema] of [
    ["with a schema", listSchema],
    ["with the inferred schema", undefined],
  ] as const) {
    it(`finds the request a deny on \`== [1, 2]\` refuses (${label})`, () => {
      const engine = compile('policy p { deny subject * action "a" resource "r" when env.list == [1, 2] }');
      const result = checkInvariant(engine, { never: "deny" }, { ...(schema ? { schema } : {}), runs: 2_000, seed: 1 });
      expect(result.ok).toBe(false);
      expect((result.counterexample as { env: unknown }).env).toMatchObject({ list: [1, 2] });
    });
  }

  it('and the one an allow on `!= ["a", "b", "c"]` does not grant', () => {
    const engine = compile('policy p { allow subject * action "a" resource "r" when env.tags != ["a", "b", "c"] }');
    const result = checkInvariant(engine, { always: "allow" }, { schema: listSchema, runs: 2_000, seed: 1 });
    expect(result.ok).toBe(false);
    expect((result.counterexample as { env: unknown }).env).toMatchObject({ tags: ["a", "b", "c"] });
  });
});
