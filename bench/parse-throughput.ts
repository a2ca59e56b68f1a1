/**
 * `npm run bench:parse`: front-end throughput — parse + static checks of the shared
 * workload's policy sets rendered as `.mcpolicy` text (issue target: ≥ 5 MB/s, and
 * 10,000 policies in under 1 s). CPU time, best of several rounds after warm-up.
 */
import { checkPolicySet } from "../src/check/check-set.js";
import { parse } from "../src/syntax/parse.js";
import { generateWorkload } from "./workload/generate.js";
import { toMcpolicy } from "./workload/to-mcpolicy.js";

const ROUNDS = process.argv.includes("--quick") ? 3 : 8;
/**
 * Untimed rounds first, per size: the first parses run in V8's lower tiers (with four
 * warm-up rounds, some processes still timed the 100 KB set at twice the time of
 * others), and this measures the front end's steady throughput. The first round of
 * each size is printed too.
 */
const WARM_UP = 6;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

console.log(`mcpolicy front end: parse + check, CPU time, best of ${ROUNDS} (node ${process.version})`);
for (const n of [1_000, 10_000]) {
  const text = toMcpolicy(generateWorkload(n).policySet);
  const bytes = Buffer.byteLength(text);
  let parseBest = Number.POSITIVE_INFINITY;
  let totalBest = Number.POSITIVE_INFINITY;
  let cold = 0;
  for (let round = 0; round < ROUNDS + WARM_UP; round++) {
    const t0 = cpuMs();
    const parsed = parse(text, "workload.mcpolicy");
    const t1 = cpuMs();
    const { diagnostics } = checkPolicySet([parsed.ast], { trustParsed: true });
    const t2 = cpuMs();
    if (parsed.diagnostics.length + diagnostics.length > 0) throw new Error("the workload should parse cleanly");
    if (round === 0) cold = t2 - t0;
    if (round < WARM_UP) continue;
    parseBest = Math.min(parseBest, t1 - t0);
    totalBest = Math.min(totalBest, t2 - t0);
  }
  const mbps = (ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(2);
  console.log(
    `  N = ${String(n).padStart(6)}: ${(bytes / 1e6).toFixed(2)} MB; parse ${parseBest.toFixed(0)} ms (${mbps(parseBest)} MB/s); parse + check ${totalBest.toFixed(0)} ms (${mbps(totalBest)} MB/s, target ≥ 5); first round ${cold.toFixed(0)} ms`,
  );
}
