import { describe, expect, it } from "vitest";
import { evaluateReference, explainReference } from "../../src/evaluate/index.js";
import { allow, cmp, deny, lit, path, patterns, policySet, role, unless, when } from "./builders.js";

const alice = { id: "alice", roles: ["dev"] };
const explain = (set: ReturnType<typeof policySet>, subject: unknown = alice, env?: unknown) =>
  explainReference(set, subject, "doc:1", "read", env);

describe("explanations", () => {
  it("carry the same decision as evaluate", () => {
    const set = policySet([allow("a"), deny("d", { conditions: [when(path("subject.missing"))] })]);
    expect(explain(set).decision).toEqual(evaluateReference(set, alice, "doc:1", "read", undefined));
  });

  it("list every policy in set order with its targets, conditions, applies and decisive", () => {
    const set = policySet([
      allow("readers", { subject: role("dev"), conditions: [when(cmp(path("env.hour"), "<", lit(18)))] }),
      deny("writes", { action: patterns("write"), conditions: [when(lit(true))] }),
    ]);
    const explanation = explain(set, alice, { hour: 9 });
    expect(explanation.policies.map((p) => p.policy)).toEqual(["readers", "writes"]);
    const [readers, writes] = explanation.policies;
    expect(readers).toMatchObject({
      effect: "allow",
      priority: 0,
      targets: { subject: { status: "true" }, action: { status: "true" }, resource: { status: "true" } },
      conditions: [{ mode: "when", text: "env.hour < 18", outcome: { status: "true" } }],
      applies: true,
      decisive: true,
    });
    expect(writes).toMatchObject({
      targets: { action: { status: "false" } },
      conditions: [{ outcome: { status: "skipped" } }],
      applies: false,
      decisive: false,
    });
    expect(explanation.summary).toBe("allowed by `readers` (priority 0).");
  });

  it("report the value of an unless expression itself, not its negation", () => {
    const set = policySet([allow("a", { conditions: [unless(lit(true))] })]);
    const [a] = explain(set).policies;
    expect(a?.conditions[0]?.outcome).toEqual({ status: "true" });
    expect(a?.applies).toBe(false);
  });

  it("report errors as outcomes with their message", () => {
    const set = policySet([allow("a", { subject: role("x"), conditions: [when(path("subject.missing")), when(lit(3))] })]);
    const [a] = explain(set, { roles: "x" }).policies;
    expect(a?.targets.subject.status).toBe("error");
    expect(a?.conditions[0]?.outcome).toEqual({ status: "error", message: "missing attribute subject.missing" });
    expect(a?.conditions[1]?.outcome.status).toBe("error");
  });

  it("say when a deny applies because a test erred", () => {
    const set = policySet([allow("a"), deny("guard", { priority: 5, conditions: [when(path("env.hour"))] })]);
    const summary = explain(set).summary;
    expect(summary).toContain("denied by `guard` (priority 5), which applies because a test erred");
    expect(summary).toContain("missing attribute env.hour");
    expect(summary).toContain("1 evaluation error");
  });

  it("summarize notapplicable", () => {
    expect(explain(policySet([allow("a", { action: patterns("write") })])).summary).toBe(
      "not allowed: no policy applies (no policy's targets match the request).",
    );
    expect(explain(policySet([allow("a", { conditions: [when(lit(false))] })])).summary).toContain(
      "targets matched for `a`, but a test did not hold",
    );
  });

  it("explain a malformed request without evaluating any policy", () => {
    const explanation = explainReference(policySet([allow("a")]), null, "doc", "read", undefined);
    expect(explanation.decision.effect).toBe("deny");
    expect(explanation.summary).toMatch(/^denied: malformed request/);
    expect(explanation.policies[0]).toMatchObject({ applies: false, targets: { subject: { status: "skipped" } } });
  });
});
