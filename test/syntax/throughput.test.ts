/**
 * Throughput of parse + checkPolicySet on 10,000 generated policies. Prints the numbers
 * (CPU time and wall time) and asserts only the result: shared CI machines make absolute
 * time assertions flaky. Targets: ≥ 5 MB/s, 10,000 policies in < 1 s.
 */
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { parse } from "../../src/syntax/parse.js";

function generate(count: number): string {
  let text = "role editor includes viewer\n";
  for (let i = 0; i < count; i++) {
    const condition =
      i % 3 === 0
        ? `  when subject.clearance >= resource.sensitivity and env.hour < ${i % 24}\n`
        : i % 3 === 1
          ? '  when env.hour < 8 or not ("oncall" in subject.groups)\n'
          : "";
    text += `policy "p${i}" {\n  ${i % 5 === 0 ? "deny" : "allow"}\n  priority ${i % 7}\n  subject role role${i % 50}, "admin" or user alice\n  action "call"\n  resource "tool:area${i % 20}/**", "tool:x_*"\n${condition}}\n\n`;
  }
  return text;
}

describe("throughput", () => {
  it("parses and checks 10,000 policies", () => {
    const text = generate(10_000);
    const megabytes = Buffer.byteLength(text) / 1e6;
    parse(generate(500));
    let best = Number.POSITIVE_INFINITY;
    let bestCpu = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const { ast, diagnostics } = parse(text, "bench.mcpolicy");
      const checked = checkPolicySet([ast]);
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      best = Math.min(best, wall);
      bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
      expect(diagnostics).toEqual([]);
      expect(checked.diagnostics).toEqual([]);
      expect(checked.set.policies).toHaveLength(10_000);
    }
    console.log(
      `parse+check of 10,000 policies (${megabytes.toFixed(2)} MB): best wall ${best.toFixed(0)} ms ` +
        `(${(megabytes / (best / 1000)).toFixed(1)} MB/s), best CPU ${bestCpu.toFixed(0)} ms`,
    );
  });
});
