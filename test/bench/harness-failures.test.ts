/**
 * A benchmark fails, with exit code 1 and a message naming the engine and the request,
 * whenever an engine disagrees with the expected decisions (issue 4: "a disagreement is
 * a failed benchmark, not a footnote") — wrong from the first request, wrong only for a
 * slow engine, throwing, answering with a non-boolean, or wrong only once timed. Fake
 * adapters through the harness; no full bench run.
 */
import { describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../bench/engines/adapter.js";
import { failureReport } from "../../bench/harness/failure-report.js";
import { BenchFailure, type Budget, measure } from "../../bench/harness/measure.js";
import { expectedDecisions } from "../../bench/workload/expected.js";
import { generateWorkload } from "../../bench/workload/generate.js";
import type { BenchRequest } from "../../bench/workload/types.js";

const TINY: Budget = { batchMs: 2, batches: 3, warmupMs: 1, minRequests: 1 };
const W = generateWorkload(10);
const EXPECTED = expectedDecisions(W.policySet, W.requests).decisions;
const FIRST_DENIED = EXPECTED.indexOf(false);

/** The right answers, looked up by request (like the floor). */
function answers(): Map<BenchRequest, boolean> {
  return new Map(W.requests.map((r, i) => [r, EXPECTED[i] === true]));
}

/** The message and exit code the bench prints for what `measure` rejected with. */
async function failureOf(adapter: EngineAdapter<unknown>) {
  const error = await measure(adapter, W, EXPECTED, TINY).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BenchFailure);
  return failureReport("benchmark", error);
}

describe("a benchmark whose engine disagrees", () => {
  it("exits 1 naming the engine, N, the first differing request and both answers", async () => {
    const report = await failureOf({ name: "always allow", note: "wrong", setup() {}, decide: () => true });
    expect(report.exitCode).toBe(1);
    const request = JSON.stringify(W.requests[FIRST_DENIED]);
    expect(report.message).toBe(
      `benchmark failed: always allow at N=10 disagrees on request #${FIRST_DENIED}: expected false, got true\n  request: ${request}\n`,
    );
  });

  it("fails a slow engine too (checked on the prefix it is timed on)", async () => {
    const report = await failureOf({
      name: "slow always allow",
      note: "wrong",
      slow: true,
      setup() {},
      decide: () => true,
    });
    expect(report.message).toContain(`slow always allow at N=10 disagrees on request #${FIRST_DENIED}`);
  });

  it("fails an engine that throws, with its error", async () => {
    const report = await failureOf({
      name: "thrower",
      note: "wrong",
      setup() {},
      decide: () => {
        throw new Error("boom");
      },
    });
    expect(report.exitCode).toBe(1);
    expect(report.message).toContain("thrower at N=10 threw on request #0");
    expect(report.message).toContain("boom");
  });

  it("fails an engine that answers with a truthy non-boolean", async () => {
    const right = answers();
    const report = await failureOf({
      name: "one for yes",
      note: "wrong",
      setup() {},
      decide: (req) => (right.get(req) ? 1 : 0) as unknown as boolean,
    });
    expect(report.message).toMatch(/one for yes at N=10 disagrees on request #\d+: expected (true|false), got [01]/);
  });

  it("fails an engine that is right while checked and wrong once timed", async () => {
    const right = answers();
    let calls = 0;
    const report = await failureOf({
      name: "turncoat",
      note: "wrong after the check",
      setup() {},
      decide: (req) => {
        calls++;
        return calls > W.requests.length ? true : right.get(req) === true;
      },
    });
    expect(report.message).toMatch(/^benchmark failed: turncoat at N=10 allowed \d+ of \d+ decisions in a timed batch/);
  });

  it("reports anything else as a crash, also with exit code 1", () => {
    const report = failureReport("benchmark", new TypeError("no such engine"));
    expect(report.exitCode).toBe(1);
    expect(report.message).toMatch(/^benchmark crashed: TypeError: no such engine/);
  });
});
