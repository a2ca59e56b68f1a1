/**
 * runPolicyTests's remaining branches: option and argument checks (a TypeError before any
 * test runs, never a run that crashes part-way), an example expecting "no policy" that
 * got one, and an invariant's `given` merged into generated resources — as an id string
 * or as an object the schema describes — and into attributes the schema types otherwise.
 */
import { describe, expect, it } from "vitest";
import { collectHints } from "../../src/analysis/hints.js";
import { inferSchemaDocument } from "../../src/analysis/infer-schema.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { compile } from "../../src/engine.js";
import { runPolicyTests as runPublic } from "../../src/testing/index.js";
import { runPolicyTests } from "../../src/testing/runner.js";
import { loadTestFile, type TestFile } from "../../src/testing/test-file.js";

function file(value: unknown): TestFile {
  const loaded = loadTestFile(value, "t.test.json");
  if (loaded.file === null) throw new Error(loaded.diagnostics.map((d) => d.message).join("; "));
  return loaded.file;
}

function loaded(document: unknown) {
  const schema = loadAttributeSchema(document).schema;
  if (schema === null) throw new Error("schema must load");
  return schema;
}

const engine = compile('policy read { allow subject * action "tools/call" resource "tool:read_*" }', {
  maxSubjects: 0,
});
const inferred = loaded(inferSchemaDocument(engine.policySet));
const ONE = file({
  examples: [{ name: "reads", subject: { id: "a" }, resource: "tool:read_x", action: "tools/call", expect: "allow" }],
});

describe("runPolicyTests, arguments", () => {
  it("refuses options of the wrong type before running anything", () => {
    expect(() => runPublic(engine, [ONE], { onProgress: 5 as never })).toThrow(
      new TypeError("runPolicyTests(): option `onProgress` must be a function"),
    );
    expect(() => runPublic(engine, [ONE], { filter: 5 as never })).toThrow(
      new TypeError("runPolicyTests(): option `filter` must be a string"),
    );
    expect(() => runPublic(engine, [ONE], { schemaFor: {} as never })).toThrow(
      new TypeError("runPolicyTests(): option `schemaFor` must be a function"),
    );
  });

  it("refuses hints that are not an object in the long form", () => {
    expect(() => runPublic(engine, undefined, 5, [ONE])).toThrow(/^runPolicyTests\(\) expects the policies' hints/);
  });

  it("the runner itself refuses a non-engine, a missing schema and null options (the CLI's entry)", () => {
    const hints = collectHints(engine.policySet);
    expect(() => runPolicyTests({} as never, inferred, hints, [ONE])).toThrow(
      new TypeError("runPolicyTests() expects a policy engine (from compile() or loadPolicies())"),
    );
    expect(() => runPolicyTests(engine, null as never, hints, [ONE])).toThrow(
      new TypeError("runPolicyTests() expects a loaded attribute schema (loadAttributeSchema)"),
    );
    expect(() => runPolicyTests(engine, inferred, hints, [ONE], null as never)).toThrow(
      new TypeError("runPolicyTests() options must be an object"),
    );
    // Valid, it runs.
    expect(runPolicyTests(engine, inferred, hints, [ONE]).results.map((r) => r.ok)).toEqual([true]);
  });
});

describe("runPolicyTests, an example naming the deciding policy", () => {
  it("says `by no policy` when a policy decided instead", () => {
    const f = file({
      examples: [
        {
          name: "nobody",
          subject: { id: "a" },
          resource: "tool:read_x",
          action: "tools/call",
          expect: "notapplicable",
          policy: null,
        },
      ],
    });
    const [r] = runPolicyTests(engine, inferred, collectHints(engine.policySet), [f]).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toBe("expected notapplicable by no policy, got allow by `read`");
  });

  it("names the policy expected when another decided, or none did", () => {
    const f = file({
      examples: [
        {
          name: "by other",
          subject: { id: "a" },
          resource: "tool:write_x",
          action: "tools/call",
          expect: "allow",
          policy: "read",
        },
      ],
    });
    const [r] = runPolicyTests(engine, inferred, collectHints(engine.policySet), [f]).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toBe("expected allow by `read`, got notapplicable");
  });
});

describe("runPolicyTests, `given` merged into generated requests", () => {
  const owned = compile(
    'policy own { allow subject * action "tools/call" resource "tool:*" when resource.owner == "bob" }',
    { maxSubjects: 0 },
  );
  const hints = collectHints(owned.policySet);
  const invariant = (given: unknown) =>
    file({
      invariants: [
        {
          name: "bob's tools are allowed",
          ...(given === undefined ? {} : { given }),
          action: "tools/call",
          resource: "tool:*",
          always: "allow",
        },
      ],
    });

  it("into a resource generated as an id: the id kept, the attributes added", () => {
    const schema = loaded(inferSchemaDocument(owned.policySet));
    const [ok] = runPolicyTests(owned, schema, hints, [invariant({ resource: { owner: "bob" } })], {
      runs: 200,
      seed: 3,
    }).results;
    expect(ok?.ok).toBe(true);
    const [bad] = runPolicyTests(owned, schema, hints, [invariant({ resource: { owner: "eve" } })], {
      runs: 200,
      seed: 3,
    }).results;
    expect(bad?.ok).toBe(false);
    expect(bad?.counterexample?.resource).toMatchObject({ owner: "eve", id: expect.stringMatching(/^tool:/) });
  });

  it("into a resource generated as an object the schema describes", () => {
    const schema = loaded({
      resources: [
        {
          pattern: "tool:*",
          schema: {
            type: "object",
            properties: { owner: { type: "string" }, size: { type: "integer" } },
            required: ["owner"],
          },
        },
      ],
    });
    const [ok] = runPolicyTests(owned, schema, hints, [invariant({ resource: { owner: "bob" } })], {
      runs: 200,
      seed: 3,
    }).results;
    expect(ok?.ok).toBe(true);
    // Without `given`, the generated owners are not all bob.
    const [bad] = runPolicyTests(owned, schema, hints, [invariant(undefined)], { runs: 200, seed: 3 }).results;
    expect(bad?.ok).toBe(false);
  });

  it("an object given where the schema types a string: every request refused, reported, never a pass", () => {
    const schema = loaded({
      subject: {
        type: "object",
        properties: { id: { type: "string" }, team: { type: "string" } },
        required: ["id", "team"],
      },
    });
    const f = file({ invariants: [{ name: "n", given: { subject: { team: { name: "x" } } }, never: "deny" }] });
    const [r] = runPolicyTests(engine, schema, collectHints(engine.policySet), [f], { runs: 50, seed: 1 }).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toMatch(
      /^every one of the 50 generated requests is refused by the schema \(.*team.*\): the invariant tests nothing/,
    );
  });
});

describe("runPolicyTests, requests the schema refuses", () => {
  // The generator cannot always meet a pattern: some requests it makes, the schema refuses.
  const patterned = {
    env: { type: "object", properties: { code: { type: "string", pattern: "^x" } }, required: ["code"] },
  };

  it("counts the requests generated before a failure (not shrink candidates); the counterexample fits the schema", () => {
    const own = compile('policy p { allow subject * action * resource * when env.code == "xy" }', {
      schema: patterned,
      maxSubjects: 0,
    });
    const f = file({ invariants: [{ name: "never allow", never: "allow" }] });
    const [r] = runPolicyTests(own, loaded(patterned), collectHints(own.policySet), [f], {
      runs: 2000,
      seed: 1,
    }).results;
    expect(r?.ok).toBe(false);
    expect(r?.counterexample?.env).toMatchObject({ code: "xy" });
    // The counts are of the requests generated before the failure, not of shrink candidates.
    const generated = Number(/after (\d+) generated requests/.exec(r?.message ?? "")?.[1]);
    expect((r?.runs ?? 0) + (r?.refused ?? 0)).toBe(generated);
  });

  it("a run that decided almost nothing says how many the schema refused and `where` skipped", () => {
    const doc = {
      env: {
        type: "object",
        properties: { x: { enum: Array.from({ length: 1000 }, (_, i) => i) }, code: { type: "string", pattern: "^x" } },
        required: ["x", "code"],
      },
    };
    const range = { env: { type: "object", properties: { x: { type: "integer", minimum: 0, maximum: 3 } } } };
    const strict = compile("policy p { deny subject * action * resource * }", {
      schema: range,
      validateRequests: true,
      maxSubjects: 0,
    });
    const f = file({ invariants: [{ name: "decided", where: "env.x != 500", never: "notapplicable" }] });
    const [r] = runPolicyTests(strict, loaded(doc), collectHints(strict.policySet), [f], {
      runs: 3000,
      seed: 1,
    }).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toMatch(
      /^only \d+ of the \d+ generated requests were decided by the policies \(at least 30 of 3000 runs must be: 1%, and at least 10\); \d+ were refused by the schema \(.+\); \d+ were skipped by `where`: the invariant tests almost nothing/,
    );
  });
});
