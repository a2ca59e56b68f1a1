// The policy-test runner (runner.ts, docs/testing.md): cases a mutation run found
// unpinned, each a way a run could pass, or report less, than it should.
import { describe, expect, it } from "vitest";
import { collectHints } from "../../src/analysis/hints.js";
import { inferSchemaDocument } from "../../src/analysis/infer-schema.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { compile } from "../../src/engine.js";
import { junitReport } from "../../src/testing/junit.js";
import { minimumDecided, runPolicyTests } from "../../src/testing/runner.js";
import { loadTestFile, type TestFile } from "../../src/testing/test-file.js";

const POLICIES = `policy read { allow subject * action "tools/call" resource "tool:read_*" }
policy nowrite { deny subject * action "tools/call" resource "tool:write_*" }
`;
const engine = compile(POLICIES, { maxSubjects: 0 });
const loaded = loadAttributeSchema(inferSchemaDocument(engine.policySet)).schema;
if (loaded === null) throw new Error("inferred schema must load");
const schema = loaded;

function file(value: unknown, name = "t.test.json"): TestFile {
  const result = loadTestFile(value, name);
  if (result.file === null) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.file;
}

function run(files: TestFile[], runs = 200, seed = 3, on = engine, with_ = schema) {
  return runPolicyTests(on, with_, collectHints(on.policySet), files, { runs, seed });
}

describe("examples", () => {
  it("fails an example that expects no deciding policy when one decided", () => {
    const [r] = run([
      file({ examples: [{ name: "by none", subject: {}, resource: "tool:write_x", action: "tools/call", expect: "deny", policy: null }] }),
    ]).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toBe("expected deny by no policy, got deny by `nowrite`");
    const [ok] = run([
      file({ examples: [{ name: "by none", subject: {}, resource: "tool:other", action: "tools/call", expect: "notapplicable", policy: null }] }),
    ]).results;
    expect(ok?.ok).toBe(true);
  });
});

describe("invariants", () => {
  it("runs an invariant's own `runs`, not the run-wide count", () => {
    const invariants = [
      { name: "own", action: "tools/call", resource: "tool:read_x", never: "deny", runs: 17 },
      { name: "default", action: "tools/call", resource: "tool:read_x", never: "deny" },
    ];
    const report = run([file({ invariants })], 60);
    expect(report.results.map((r) => [r.name, r.ok, r.runs])).toEqual([
      ["own", true, 17],
      ["default", true, 60],
    ]);
  });

  it("names why an invariant every request of which the schema refuses fails", () => {
    const own = loadAttributeSchema({ actions: ["tools/call"] }).schema;
    if (own === null) throw new Error("schema must load");
    const [r] = run([file({ invariants: [{ name: "undeclared", action: "tools/list", never: "allow" }] })], 50, 3, engine, own).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toMatch(/^every one of the \d+ generated requests is refused by the schema \(unknown action `tools\/list`\): the invariant tests nothing/);
  });

  it("names why an invariant every request of which the engine refuses fails", () => {
    // The engine validates against a schema the generation schema does not follow.
    const strict = compile(POLICIES, { schema: { subject: { type: "object", required: ["never_generated"] } }, validateRequests: true, maxSubjects: 0 });
    const [r] = run([file({ invariants: [{ name: "refused", action: "tools/call", resource: "tool:read_x", never: "allow" }] })], 50, 3, strict).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toMatch(/^every one of the 50 generated requests was refused before any policy was looked at/);
  });

  it("needs 1% of the runs decided, and never fewer than 10 (or all of them)", () => {
    expect(minimumDecided(1)).toBe(1);
    expect(minimumDecided(10)).toBe(10);
    expect(minimumDecided(100)).toBe(10);
    expect(minimumDecided(999)).toBe(10);
    expect(minimumDecided(1001)).toBe(11);
    expect(minimumDecided(10_000)).toBe(100);
  });
});

describe("given", () => {
  it("merges a `__proto__` member of `given` as data, never as the request's prototype", () => {
    const parsed = JSON.parse('{"invariants": [{"name": "p", "action": "tools/call", "resource": "tool:read_x", "never": "deny", "given": {"subject": {"__proto__": {"roles": ["admin"]}}}}]}');
    const [r] = run([file(parsed)], 50).results;
    expect(r?.ok).toBe(true);
    expect(r?.runs).toBe(50);
    expect(r?.refused).toBe(0);
  });
});

describe("arguments", () => {
  it("refuses `runs` below 1: a run of no requests would pass without testing", () => {
    const f = file({ invariants: [{ name: "i", never: "allow" }] });
    for (const runs of [0, -1, -100]) {
      expect(() => runPolicyTests(engine, schema, collectHints(engine.policySet), [f], { runs, seed: 1 }), String(runs)).toThrow(
        "runPolicyTests(): option `runs` must be an integer from 1 to 10000000",
      );
    }
    expect(run([f], 1).results[0]?.runs).toBe(1);
  });
});

describe("files", () => {
  it("runs only what loadTestFile made", () => {
    const lookAlike = { name: "x.test.json", examples: [{ name: "unchecked" }], invariants: [] };
    expect(() => run([lookAlike as unknown as TestFile])).toThrow(/files\[0\] is not a test file/);
  });

  it("counts a failed example in its testsuite's and the report's failures", () => {
    const report = run([
      file({ examples: [{ name: "good", subject: {}, resource: "tool:read_x", action: "tools/call", expect: "allow" }] }, "a.test.json"),
      file(
        {
          examples: [
            { name: "bad", subject: {}, resource: "tool:read_x", action: "tools/call", expect: "deny" },
            { name: "fine", subject: {}, resource: "tool:write_x", action: "tools/call", expect: "deny" },
          ],
        },
        "b.test.json",
      ),
    ]);
    const xml = junitReport(report);
    expect(xml).toContain('<testsuites name="mcpolicy" tests="3" failures="1"');
    expect(xml).toContain('<testsuite name="a.test.json" tests="1" failures="0"');
    expect(xml).toContain('<testsuite name="b.test.json" tests="2" failures="1"');
    expect(xml).toMatch(/<testcase classname="b.test.json" name="example: bad" time="[\d.]+">\n {6}<failure message="expected deny, got allow by `read`" type="example">/);
  });
});
