import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, loadPolicies, PolicyError } from "../../src/index.js";
import {
  assertNeverAllowed,
  checkInvariant,
  expectDecision,
  expectListed,
  junitReport,
  loadTestFile,
  requestArbitraries,
  runPolicyTests,
} from "../../src/testing/index.js";

/**
 * The code the README and docs/ show, run against the API with the results they print
 * pinned: users copy these. Each test names the snippet it stands for.
 */
const POLICIES = fileURLToPath(new URL("../../policies/", import.meta.url));
const engine = await loadPolicies(POLICIES);
const schema = JSON.parse(await readFile(new URL("schema.json", `file://${POLICIES}`), "utf8"));

describe("README, Library", () => {
  const subject = { id: "bob", roles: ["editor"] };
  const env = { hour: 14, arguments: { path: "/home/bob/a.md" } };

  it("evaluate gives the Decision shown (`d = { … }`)", () => {
    const d = engine.evaluate(subject, "tool:write_file", "tools/call", env);
    expect(d).toEqual({ allowed: true, effect: "allow", policy: "fs-write-own-home", errors: [] });
  });

  it("the other methods answer as their comments say", () => {
    expect(engine.isAllowed(subject, "tool:write_file", "tools/call", env)).toBe(true);
    const decide = engine.forSubject(subject);
    expect(decide("tool:read_file", "tools/call", env).allowed).toBe(true);
    const explanation = engine.explain(subject, "tool:write_file", "tools/call", env);
    expect(explanation.decision.policy).toBe("fs-write-own-home");
    expect(explanation.policies.length).toBe(17); // "the 17 policies of `policies/`"
    expect(engine.couldAllow(subject, "tool:write_file", "tools/call", env)).toBe(true);
    const alice = { id: "alice", roles: ["editor"] };
    expect(engine.argumentsFor(alice, "tool:write_file", "tools/call", { hour: 14 })).toEqual({
      outcome: "allowed",
      arguments: { path: "/home/alice/x" },
    });
    expect(engine.resourceClass("tool:read_file")).toEqual(expect.any(Number));
  });

  it("couldAllow and argumentsFor answer false / never to options they do not know", () => {
    expect(engine.couldAllow(subject, "tool:write_file", "tools/call", env, { argumnts: "any" } as never)).toBe(false);
    expect(engine.argumentsFor(subject, "tool:write_file", "tools/call", env, { argumnts: "any" } as never)).toEqual({
      outcome: "never",
    });
  });

  it("evaluate never throws: a malformed request is a deny with policy null", () => {
    const d = engine.evaluate("bob", "tool:write_file", "tools/call", env);
    expect(d).toMatchObject({ allowed: false, effect: "deny", policy: null });
    expect(d.errors.length).toBeGreaterThan(0);
  });

  it("compile takes text, named texts and the option names shown; an unknown option suggests one", () => {
    const text = "policy p { allow subject * action * resource * }";
    expect(compile(text, { maxSubjects: 5 }).isAllowed({}, "r", "a")).toBe(true);
    expect(compile([{ name: "a", text }]).isAllowed({}, "r", "a")).toBe(true);
    expect(() => compile(text, { maxSubject: 5 } as never)).toThrow(/did you mean `maxSubjects`/);
    expect(() => compile(text, { validateRequests: true })).toThrow(PolicyError);
  });
});

describe("docs/testing.md, From vitest or jest", () => {
  it("assertNeverAllowed: viewers never delete files", () => {
    assertNeverAllowed(engine, {
      schema,
      given: { subject: { roles: ["viewer"], groups: [] } },
      action: "tools/call",
      resource: "tool:delete_file",
      runs: 300,
      seed: 1,
    });
  });

  it("expectDecision: decides a known request", () => {
    expectDecision(
      engine,
      {
        subject: { id: "alice", roles: ["viewer"] },
        resource: "tool:read_file",
        action: "tools/call",
        env: { hour: 10, arguments: { path: "/home/alice/x" } },
      },
      "allow",
      "fs-read-own-home",
    );
  });

  it("requestArbitraries: allows only through a named policy", () => {
    const { request } = requestArbitraries(engine, schema);
    fc.assert(
      fc.property(request, (r) => {
        const decision = engine.evaluate(r.subject, r.resource, r.action, r.env);
        return !decision.allowed || decision.policy !== null;
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it("runPolicyTests, loadTestFile, junitReport run the example test file", async () => {
    const text = await readFile(new URL("policies.test.json", `file://${POLICIES}`), "utf8");
    const { file, diagnostics } = loadTestFile(JSON.parse(text), "policies.test.json");
    expect(diagnostics).toEqual([]);
    if (file === null) throw new Error("unreachable");
    expect(file.invariants.length).toBe(6); // "six invariants"
    const report = runPolicyTests(engine, [file], { schema, runs: 50, seed: 1 });
    expect(Object.keys(report).sort()).toEqual(["coverage", "durationMs", "results", "seed"]);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(junitReport(report)).toMatch(/^<\?xml/);
  });

  it("checkInvariant returns the members listed, and the seed replays", () => {
    const options = { schema, runs: 50, seed: 7, action: "tools/call", resource: "tool:delete_file" };
    const result = checkInvariant(
      engine,
      { never: "allow" },
      { ...options, given: { subject: { roles: ["viewer"] } } },
    );
    expect(result).toMatchObject({ ok: true, runs: 50, skipped: expect.any(Number), refused: 0, seed: 7 });
  });

  it("a failing `listed: false` names the arguments shown", () => {
    const request = {
      subject: { id: "alice", roles: ["analyst"] },
      resource: "tool:query",
      action: "tools/call",
      env: { hour: 10, tool: { readOnlyHint: true, destructiveHint: false } },
    };
    expectListed(engine, request, true);
    expect(() => expectListed(engine, request, false)).toThrow(
      'expected hidden, got listed: allowed with env.arguments = {"sql":"SELECT x"}',
    );
  });
});
