/**
 * An interpolated pattern with brace alternatives is compiled per subject, once per
 * alternative. Each alternative stayed under the 64 KiB glob bound, but nothing bounded
 * them together: `{1..300}` beside a 60,000-character subject value made 300 globs of
 * 60 KB, 5–6 s per `evaluate` (a subject that large is never cached, so every request
 * paid). The bound now counts the alternatives together (docs/language.md,
 * Interpolation), alike in the compiled engine, the reference interpreter and couldAllow.
 * Ratios measured in one run, never an absolute time.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

const POLICY = 'policy shards { allow subject * action "read" resource "shard-{1..300}/${subject.tenant}/**" }';
const DENY = `${POLICY}\npolicy fence { deny subject * action "read" resource "shard-{1..300}/\${subject.tenant}/**" }`;

const tenant = (length: number) => "t".repeat(length);

describe("interpolated alternatives, bounded together", () => {
  it("match when together they stay within 64 KiB (300 × ≈ 115 characters)", () => {
    const engine = compile(POLICY);
    const subject = { tenant: tenant(100) };
    const resource = `shard-7/${subject.tenant}/notes`;
    const decision = engine.evaluate(subject, resource, "read");
    expect(decision).toMatchObject({ allowed: true, policy: "shards", errors: [] });
    expect(evaluateReference(engine.policySet, subject, resource, "read", undefined)).toEqual(decision);
    expect(engine.couldAllow(subject, resource, "read")).toBe(true);
    expect(engine.evaluate(subject, `shard-301/${subject.tenant}/notes`, "read").allowed).toBe(false);
  });

  it("err when together they pass it (300 × ≈ 315 characters): an allow does not apply, a deny does", () => {
    const engine = compile(POLICY);
    const subject = { tenant: tenant(300) };
    const resource = `shard-7/${subject.tenant}/notes`;
    const decision = engine.evaluate(subject, resource, "read");
    expect(decision.allowed).toBe(false);
    expect(decision.effect).toBe("notapplicable");
    expect(decision.errors[0]?.message).toContain("too long to match once interpolated");
    expect(evaluateReference(engine.policySet, subject, resource, "read", undefined)).toMatchObject({
      allowed: false,
      effect: "notapplicable",
    });
    expect(evaluateReference(engine.policySet, subject, resource, "read", undefined).errors).toHaveLength(1);
    expect(engine.couldAllow(subject, resource, "read")).toBe(false);

    const fenced = compile(DENY);
    expect(fenced.evaluate(subject, resource, "read")).toMatchObject({ allowed: false, effect: "deny", policy: "fence" });
    expect(evaluateReference(fenced.policySet, subject, resource, "read", undefined)).toMatchObject({ effect: "deny", policy: "fence" });
  });

  // Before: ≈ 100 × the short subject's cost per call (30,000 characters × 100 alternatives
  // compiled each time); now the long one errs before compiling anything.
  it("a 30,000-character value costs no more than a short one", () => {
    const engine = compile(POLICY.replace("{1..300}", "{1..100}"), { maxSubjects: 0 });
    const time = (subject: { tenant: string }) => {
      const resource = `shard-7/${subject.tenant}/notes`;
      let best = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3; round++) {
        const started = performance.now();
        engine.evaluate(subject, resource, "read");
        engine.couldAllow(subject, resource, "read");
        evaluateReference(engine.policySet, subject, resource, "read", undefined);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time({ tenant: tenant(50) });
    const ratio = time({ tenant: tenant(30_000) }) / Math.max(time({ tenant: tenant(50) }), 0.5);
    expect(ratio, ratio.toFixed(2)).toBeLessThan(10);
  });
});
