import { describe, expect, it } from "vitest";
import { collectHints } from "../../src/analysis/hints.js";
import { inferSchemaDocument } from "../../src/analysis/infer-schema.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { compile } from "../../src/engine.js";
import { junitReport } from "../../src/testing/junit.js";
import { runPolicyTests } from "../../src/testing/runner.js";
import { loadTestFile, type TestFile } from "../../src/testing/test-file.js";

const POLICIES = `role editor includes viewer
policy read { allow subject role viewer action "tools/call" resource "tool:read_*" }
policy write { allow subject role editor action "tools/call" resource "tool:write_*" when env.hour >= 8 }
policy night { deny priority 10 subject * action "tools/call" resource "tool:write_*" when env.hour < 6 }
policy never_used { allow priority 10 subject * action "tools/call" resource "tool:write_*" when env.hour < 6 }
`;
const engine = compile(POLICIES, { maxSubjects: 0 });
const schema = loadAttributeSchema(inferSchemaDocument(engine.policySet)).schema;
if (schema === null) throw new Error("inferred schema must load");

function file(value: unknown): TestFile {
  const loaded = loadTestFile(value, "t.test.json");
  if (loaded.file === null) throw new Error(loaded.diagnostics.map((d) => d.message).join("; "));
  return loaded.file;
}

function run(value: unknown, runs = 300, seed = 7) {
  return runPolicyTests(engine, schema as NonNullable<typeof schema>, collectHints(engine.policySet), [file(value)], { runs, seed });
}

describe("runPolicyTests", () => {
  it("passes examples whose effect and deciding policy match", () => {
    const report = run({
      examples: [
        { name: "viewer reads", subject: { id: "a", roles: ["viewer"] }, resource: "tool:read_x", action: "tools/call", expect: "allow", policy: "read" },
        { name: "no rule", subject: { id: "a", roles: [] }, resource: "tool:read_x", action: "tools/call", expect: "notapplicable", policy: null },
      ],
    });
    expect(report.results.map((r) => [r.name, r.ok])).toEqual([
      ["viewer reads", true],
      ["no rule", true],
    ]);
  });

  it("fails an example with the decision and its explanation", () => {
    const [r] = run({ examples: [{ name: "wrong", subject: { id: "a", roles: ["viewer"] }, resource: "tool:write_x", action: "tools/call", env: { hour: 9 }, expect: "allow" }] }).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toBe("expected allow, got notapplicable");
    expect(r?.explanation).toBeTypeOf("string");
  });

  it("checks list visibility (`listed`): couldAllow, with the arguments that would pass when it fails", () => {
    const args = compile(
      'policy q { allow subject role analyst action "tools/call" resource "tool:query" when env.arguments.limit <= 100 and env.arguments.limit > 0 }\n' +
        'policy nothing { allow subject * action "tools/call" resource "tool:never" when env.arguments.n > 5 and env.arguments.n < 3 }\n',
      { maxSubjects: 0 },
    );
    const analyst = { id: "a", roles: ["analyst"] };
    const report = runPolicyTests(args, schema as NonNullable<typeof schema>, collectHints(args.policySet), [
      file({
        examples: [
          { name: "analysts see query", subject: analyst, resource: "tool:query", action: "tools/call", listed: true },
          { name: "nobody sees never", subject: analyst, resource: "tool:never", action: "tools/call", listed: false },
          { name: "wrongly hidden", subject: analyst, resource: "tool:query", action: "tools/call", listed: false },
          { name: "wrongly listed", subject: analyst, resource: "tool:never", action: "tools/call", listed: true },
          { name: "both checked", subject: analyst, resource: "tool:query", action: "tools/call", env: { arguments: { limit: 500 } }, expect: "allow", listed: false },
        ],
      }),
    ], { runs: 10, seed: 1 });
    expect(report.results.map((r) => [r.name, r.ok, r.message])).toEqual([
      ["analysts see query", true, undefined],
      ["nobody sees never", true, undefined],
      ["wrongly hidden", false, "expected hidden, got listed: allowed with env.arguments = {\"limit\":100}"],
      ["wrongly listed", false, "expected listed, got hidden: no env.arguments can make this request allowed"],
      ["both checked", false, "expected allow, got notapplicable; expected hidden, got listed: allowed with env.arguments = {\"limit\":100}"],
    ]);
  });

  it("passes an invariant that holds on every generated request", () => {
    const [r] = run({ invariants: [{ name: "viewers never write", given: { subject: { roles: ["viewer"] } }, resource: "tool:write_*", never: "allow" }] }).results;
    expect(r).toMatchObject({ ok: true, runs: 300 });
  });

  it("finds and shrinks a counterexample to a false invariant", () => {
    const [r] = run({ invariants: [{ name: "editors never write", where: '"editor" in subject.roles', action: "tools/call", resource: "tool:write_*", never: "allow" }] }).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toMatch(/^expected never allow, got allow by `write` after \d+ generated requests/);
    const ce = r?.counterexample as { subject: { roles: string[] }; resource: unknown; env: { hour: number } };
    expect(ce.subject.roles).toContain("editor");
    expect(ce.env.hour).toBeGreaterThanOrEqual(8);
    expect(engine.evaluate(ce.subject, ce.resource, "tools/call", ce.env).effect).toBe("allow");
    expect(r?.explanation).toContain("`write`");
  });

  it("shrinks optional attributes away: the counterexample carries only what the schema requires", () => {
    const open = compile('policy a { allow subject * action "x" resource "r" }', { maxSubjects: 0 });
    const loaded = loadAttributeSchema({
      subject: {
        type: "object",
        properties: { id: { type: "string" }, a: { type: "boolean" }, b: { type: "string" }, c: { type: "array", items: { type: "string" } }, n: { type: "integer" } },
        required: ["id", "n"],
      },
      env: { type: "object", properties: { h: { type: "integer", minimum: 0, maximum: 23 }, t: { type: "string" } } },
      actions: ["x"],
      resources: [{ id: "r" }],
    });
    if (loaded.schema === null) throw new Error("schema must load");
    for (const seed of [1, 2, 3, 4, 5]) {
      const report = runPolicyTests(open, loaded.schema, collectHints(open.policySet), [file({ invariants: [{ name: "never allow", never: "allow" }] })], { runs: 100, seed });
      const ce = report.results[0]?.counterexample as { subject: Record<string, unknown>; env: Record<string, unknown> };
      expect(Object.keys(ce.subject).sort(), `seed ${seed}`).toEqual(["id", "n"]);
      expect(ce.env, `seed ${seed}`).toEqual({});
    }
  });

  it("fails an invariant every generated request of which the schema refuses: it tests nothing", () => {
    const loaded = loadAttributeSchema({ actions: ["tools/call"], resources: [{ pattern: "tool:*" }] });
    if (loaded.schema === null) throw new Error("schema must load");
    const invariants = [
      { name: "undeclared action", action: "nonexistent/action", never: "allow" },
      { name: "undeclared resource", action: "tools/call", resource: "zzz:*", never: "allow" },
      { name: "declared", action: "tools/call", resource: "tool:write_*", never: "allow" },
    ];
    const report = runPolicyTests(engine, loaded.schema, collectHints(engine.policySet), [file({ invariants })], { runs: 50, seed: 3 });
    expect(report.results.map((r) => [r.name, r.ok, r.runs])).toEqual([
      ["undeclared action", false, 0],
      ["undeclared resource", false, 0],
      ["declared", false, expect.any(Number)],
    ]);
    expect(report.results[0]?.message).toContain("refused by the schema (unknown action `nonexistent/action`)");
    // The false invariant's counterexample is one the schema admits.
    const ce = report.results[2]?.counterexample as { subject: unknown; resource: unknown; action: string; env: unknown };
    expect(compile(POLICIES, { schema: { actions: ["tools/call"], resources: [{ pattern: "tool:*" }] }, validateRequests: true }).evaluate(ce.subject, ce.resource, ce.action, ce.env).effect).toBe("allow");
  });

  it("is deterministic for a seed", () => {
    const spec = { invariants: [{ name: "editors never write", where: '"editor" in subject.roles', resource: "tool:write_*", never: "allow" }] };
    expect(run(spec, 300, 99).results[0]?.counterexample).toEqual(run(spec, 300, 99).results[0]?.counterexample);
  });

  it("checks `always` invariants", () => {
    const [ok] = run({ invariants: [{ name: "night writes are denied", given: { env: { hour: 3 } }, action: "tools/call", resource: "tool:write_*", always: "deny" }] }).results;
    expect(ok?.ok).toBe(true);
    const [bad] = run({ invariants: [{ name: "writes are always denied", action: "tools/call", resource: "tool:write_*", always: "deny" }] }).results;
    expect(bad?.ok).toBe(false);
  });

  it("reports which policies never decided a tested request", () => {
    const report = run({ invariants: [{ name: "anything", always: ["allow", "deny", "notapplicable"] }] });
    const never = report.coverage.filter((p) => p.decisive === 0).map((p) => p.policy);
    expect(never).toContain("never_used");
    expect(report.coverage.find((p) => p.policy === "read")?.decisive).toBeGreaterThan(0);
  });

  it("reports a `where` that rejects nearly everything", () => {
    const [r] = run({ invariants: [{ name: "impossible", where: "1 == 2", never: "allow" }] }, 50).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toContain("`where` rejected too many generated requests");
  });

  it("writes JUnit XML with one testcase per test and the failure text escaped", () => {
    const report = run({
      examples: [{ name: "a <b> & \"c\"", subject: { id: "a", roles: [] }, resource: "tool:x", action: "tools/call", expect: "allow" }],
      invariants: [{ name: "viewers never write", given: { subject: { roles: ["viewer"] } }, resource: "tool:write_*", never: "allow" }],
    });
    const xml = junitReport(report);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="mcpolicy" tests="2" failures="1"/);
    expect(xml).toContain('name="example: a &lt;b&gt; &amp; &quot;c&quot;"');
    expect(xml).toContain('<failure message="expected allow, got notapplicable" type="example">');
    expect(xml).toContain('<testcase classname="t.test.json" name="invariant: viewers never write"');
  });
});

describe("loadTestFile", () => {
  function problems(value: unknown): string[] {
    return loadTestFile(value, "t.test.json").diagnostics.map((d) => d.message);
  }

  it("rejects unknown keys, bad effects and duplicate names", () => {
    expect(problems({ exmaples: [] })).toEqual(["unknown key `exmaples` in the test file; did you mean `examples`?"]);
    expect(problems({ examples: [{ name: "a", subject: {}, resource: "r", action: "x", expect: "permit" }] })).toEqual([
      "`examples[0].expect` must be `allow`, `deny` or `notapplicable`",
    ]);
    expect(problems({ invariants: [{ name: "a", never: "allow" }, { name: "a", always: "deny" }] })).toEqual(["two tests are named `a`"]);
  });

  it("judges `listed` with the arguments the method carries under protect, and says when a request is malformed", () => {
    const bare = compile('policy none { allow subject * action "tools/call" resource "tool:bare" when not (env has arguments) }\n', { maxSubjects: 0 });
    const report = runPolicyTests(bare, schema as NonNullable<typeof schema>, collectHints(bare.policySet), [
      file({
        examples: [
          // A tools/call always has arguments under protect ({} when none are sent): hidden.
          { name: "hidden", subject: { id: "a" }, resource: "tool:bare", action: "tools/call", listed: false },
          { name: "malformed", subject: { id: "a" }, resource: "tool:bare", action: "tools/call", env: [], listed: true },
        ],
      }),
    ], { runs: 10, seed: 1 });
    expect(report.results.map((r) => [r.name, r.ok, r.message, r.explanation])).toEqual([
      ["hidden", true, undefined, undefined],
      ["malformed", false, "expected listed, got hidden: the request is malformed (malformed env: expected a plain object or undefined)", undefined],
    ]);
  });

  it("reports every problem of an invalid example, and duplicate names even among invalid cases", () => {
    expect(problems({ examples: [{ name: "a", listed: "yes" }, { name: "a", expect: "allow", subject: {}, resource: "r", action: "x" }] })).toEqual([
      "`examples[0].listed` must be true or false",
      "`examples[0]` needs `subject`",
      "`examples[0]` needs `resource`",
      "`examples[0]` needs `action`",
      "two tests are named `a`",
    ]);
  });

  it("takes `listed` as a boolean, alone or with `expect`, and `policy` only with `expect`", () => {
    const base = { name: "a", subject: {}, resource: "r", action: "x" };
    expect(problems({ examples: [{ ...base, listed: true }] })).toEqual([]);
    expect(problems({ examples: [{ ...base, listed: "yes" }] })).toEqual(["`examples[0].listed` must be true or false"]);
    expect(problems({ examples: [{ ...base }] })).toEqual(["`examples[0]` needs `expect` (a decision) or `listed` (list visibility), or both"]);
    expect(problems({ examples: [{ ...base, listed: false, policy: "p" }] })).toEqual(["`examples[0].policy` needs `expect`"]);
  });

  it("needs `never` or `always` in an invariant", () => {
    expect(problems({ invariants: [{ name: "a" }] })).toEqual(["`invariants[0]` needs `never` or `always`"]);
  });

  it("reports a `where` that is not a condition", () => {
    const [d] = loadTestFile({ invariants: [{ name: "a", where: "subject.x <", never: "allow" }] }, "t.test.json").diagnostics;
    expect(d?.code).toBe("E0902");
    expect(d?.message).toMatch(/^`invariants\[0\].where`: /);
    // The wrapper's `}` is not shown as if the user wrote it.
    expect(d?.message).toContain("found the end of the condition");
    expect(d?.message).not.toContain("`}`");
  });

  it("points a `where` problem at the place in the string, escapes and leading blanks counted", () => {
    const located = (where: string) => {
      // Written as a person would: `é` as the escape `\u00e9`.
      const text = JSON.stringify({ invariants: [{ name: "a", never: "allow", where }] }, null, 2).replaceAll("é", "\\u00e9");
      const [d] = loadTestFile(JSON.parse(text), "t.test.json", text).diagnostics;
      const line = text.split("\n")[(d?.line ?? 1) - 1] ?? "";
      return { d, at: line.slice((d?.column ?? 1) - 1, (d?.endColumn ?? d?.column ?? 1) - 1) };
    };
    // The second `and` is the fault: not the whole string.
    const and = located("env.hour < 3 and and 4");
    expect(and.d).toMatchObject({ code: "E0902", line: 6 });
    expect(and.at).toBe("and");
    expect(and.d?.column).toBe(34);
    // `\"` and `\u00e9` are one character each of the condition, two and six of the file.
    const escaped = located('  subject.name == "\u00e9" ==  ');
    expect(escaped.at).toBe("==");
    expect(escaped.d?.column).toBe(46);
    // Ended too soon: at the end of the condition, inside the quotes.
    const short = located("subject.x <");
    expect(short.d?.column).toBe(28);
    expect(short.d?.endColumn).toBeUndefined();
    // Not one condition: the whole condition, without the blanks around it.
    expect(located("  true priority 5 ").at).toBe("true priority 5");
  });

  it("takes a `where` only as one whole condition, never as policy text around it", () => {
    for (const where of ["true } policy q { deny subject * action * resource *", "true priority 5", "env.x == 1 # comment"]) {
      const [d] = loadTestFile({ invariants: [{ name: "a", where, never: "allow" }] }, "t.test.json").diagnostics;
      expect(d, where).toMatchObject({ code: "E0902", message: "`invariants[0].where`: not a single condition" });
    }
    for (const where of ["(env.x == 1)", "  not (env.x == 1) and env.y  ", "(env.a) or (env.b)"]) {
      expect(loadTestFile({ invariants: [{ name: "a", where, never: "allow" }] }, "t.test.json").diagnostics, where).toEqual([]);
    }
  });

  it("names the rule a counterexample breaks when an invariant states both", () => {
    const [r] = run({ invariants: [{ name: "both", action: "tools/call", resource: "tool:read_x", never: "deny", always: "allow" }] }, 100).results;
    expect(r?.ok).toBe(false);
    expect(r?.message).toMatch(/^expected always allow, got notapplicable/);
  });
});

describe("runPolicyTests: generation an audit found wanting", () => {
  function runWith(policies: string, schemaDoc: unknown, invariants: unknown[], runs = 1000) {
    const own = compile(policies, { maxSubjects: 0 });
    const loaded = loadAttributeSchema(schemaDoc ?? inferSchemaDocument(own.policySet)).schema;
    if (loaded === null) throw new Error("schema must load");
    return runPolicyTests(own, loaded, collectHints(own.policySet), [file({ invariants })], { runs, seed: 1 }).results;
  }
  const SHUTDOWN = 'policy emergency { allow subject * action "shutdown" resource "srv" when env has override_token }';

  it("finds an allow that needs a member only `has` mentions, in a free-form or undeclared env", () => {
    const subject = { type: "object", properties: { id: { type: "string" } }, required: ["id"] };
    for (const env of [{ env: { type: "object" } }, {}]) {
      const [r] = runWith(SHUTDOWN, { subject, ...env, actions: ["shutdown"], resources: [{ id: "srv" }] }, [{ name: "false", never: "allow" }]);
      expect(r?.ok, JSON.stringify(env)).toBe(false);
      expect(r?.message).toMatch(/^expected never allow, got allow by `emergency`/);
      expect(Object.keys(r?.counterexample?.env as object)).toEqual(["override_token"]);
    }
    // quoted member names too, and a `where` that needs one is satisfied often enough
    const [q] = runWith('policy p { allow subject * action "a" resource "r" when env.ctx has "dash-name" }', { env: { type: "object" } }, [
      { name: "false", where: "env has flag", never: "allow" },
    ]);
    expect(q?.message).toMatch(/^expected never allow, got allow by `p`/);
  });

  it("generates integers past 32 bits and fails clearly on a range with no integer, without throwing", () => {
    const policy = 'policy p { allow subject * action "a" resource "r" when subject.n > 0 }';
    const schemaOf = (n: unknown) => ({ subject: { type: "object", properties: { n }, required: ["n"] }, actions: ["a"], resources: [{ id: "r" }] });
    const [wide] = runWith(policy, schemaOf({ type: "integer", minimum: 2e9, maximum: 3e9 }), [{ name: "never deny", never: "deny" }]);
    expect(wide).toMatchObject({ ok: true, runs: 1000, refused: 0 });
    const [empty] = runWith(policy, schemaOf({ type: "integer", minimum: 0.5, maximum: 0.7 }), [{ name: "never deny", never: "deny" }]);
    expect(empty).toMatchObject({
      ok: false,
      runs: 0,
      message: "cannot generate requests the schema accepts: `subject.n`: no integer lies between minimum 0.5 and maximum 0.7",
    });
  });

  it("meets minimum lengths past its usual caps, and reports absurd ones instead of allocating them", () => {
    const policy = 'policy p { allow subject * action "a" resource "r" }';
    const schemaOf = (member: unknown) => ({ subject: { type: "object", properties: { x: member }, required: ["x"] }, actions: ["a"], resources: [{ id: "r" }] });
    for (const member of [{ type: "string", minLength: 100 }, { type: "array", items: { type: "string" }, minItems: 20 }]) {
      const [r] = runWith(policy, schemaOf(member), [{ name: "never notapplicable", never: "notapplicable" }], 200);
      expect(r, JSON.stringify(member)).toMatchObject({ ok: true, runs: 200, refused: 0 });
    }
    const started = performance.now();
    const [absurd] = runWith(policy, schemaOf({ type: "string", minLength: 1e6 }), [{ name: "never notapplicable", never: "notapplicable" }]);
    expect(absurd?.ok).toBe(false);
    expect(absurd?.message).toBe(
      "cannot generate requests the schema accepts: `subject.x`: minLength 1000000 asks for more characters than mcpolicy generates (65536 per request)",
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("runPolicyTests: an invariant that decides few of its requests", () => {
  const invariant = { invariants: [{ name: "decided", never: "notapplicable" }] };
  const range = (maximum: number) => ({ env: { type: "object", properties: { x: { type: "integer", minimum: 0, maximum } }, required: ["x"] } });
  // The engine's own schema refuses most of what the generation schema makes.
  const strict = compile("policy p { deny subject * action * resource * }", { schema: range(3), validateRequests: true, maxSubjects: 0 });
  const runWith = (generation: unknown, runs: number) => {
    const loaded = loadAttributeSchema(generation).schema;
    if (loaded === null) throw new Error("schema must load");
    return runPolicyTests(strict, loaded, collectHints(strict.policySet), [file(invariant)], { runs, seed: 1 }).results[0];
  };

  it("passes with a warning, with the numbers, when fewer than half of the runs were decided", () => {
    const r = runWith(range(9), 500);
    expect(r?.ok).toBe(true);
    expect(r?.warning).toMatch(/^only \d+ of the 500 requests asked for were decided by the policies \(500 generated: \d+ refused by the engine\)$/);
    expect(run({ invariants: [{ name: "plain", action: "tools/call", resource: "tool:read_x", never: "deny" }] }, 200).results[0]?.warning).toBeUndefined();
  });

  it("fails when fewer than 1% of the runs (at least 10) were decided: a test that tests nothing is a failure", () => {
    // 4 of 1,000 equally likely values are valid for the engine: about 12 decided of 3,000
    const rare = { env: { type: "object", properties: { x: { enum: Array.from({ length: 1000 }, (_, i) => i) } }, required: ["x"] } };
    const r = runWith(rare, 3000);
    expect(r?.ok).toBe(false);
    expect(r?.message).toMatch(/^only \d+ of the 3000 generated requests were decided by the policies \(at least 30 of 3000 runs must be: 1%, and at least 10\)/);
  });

  it("counts requests the schema refuses, and says which", () => {
    const doc = { env: { type: "object", properties: { code: { type: "string", pattern: "^x" } }, required: ["code"] } };
    const own = compile('policy p { deny subject * action * resource * when env.code == "xy" or env.code == "ab" or env.code == "cd" }', { schema: doc });
    const loaded = loadAttributeSchema(doc).schema;
    if (loaded === null) throw new Error("schema must load");
    const [r] = runPolicyTests(own, loaded, collectHints(own.policySet), [file({ invariants: [{ name: "never allow", never: "allow" }] })], { runs: 1000, seed: 1 }).results;
    expect(r?.ok).toBe(true);
    expect(r?.warning).toMatch(/^only \d+ of the 1000 requests asked for were decided by the policies \(\d+ generated: \d+ refused by the schema\)$/);
    expect(junitReport({ seed: 1, results: r === undefined ? [] : [r], coverage: [], durationMs: 0 })).toContain("<system-out>warning: only");
  });
});
