/** Compile time and memory of our engine at one N. */
import { compile } from "../../src/engine.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { neverSeen } from "../engines/mcpolicy.js";
import type { Workload } from "../workload/generate.js";
import { toMcpolicy } from "../workload/to-mcpolicy.js";
import { cpuNs } from "./clock.js";
import { median } from "./measure.js";
import { retainedBytes } from "./memory.js";

/** The default bound of the per-subject cache (CompileOptions.maxSubjects). */
export const CACHE_SUBJECTS = 10_000;

export interface CompileMetrics {
  readonly compileMs: number;
  readonly compiledSetBytes: number;
  readonly cacheBytes: number;
}

export function compileMetrics(workload: Workload, runs: number): CompileMetrics {
  const text = toMcpolicy(workload.policySet);
  compile(text); // warm-up: the parser's first run includes JIT compilation
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = cpuNs();
    compile(text);
    times.push((cpuNs() - start) / 1e6);
  }
  const users = workload.world.users;
  const tool = workload.world.tools[0];
  const setBytes: number[] = [];
  const cacheBytes: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const compiled = retainedBytes(() => compile(text));
    const engine: PolicyEngine = compiled.value;
    const cache = retainedBytes(() => {
      for (let k = 0; k < CACHE_SUBJECTS; k++) {
        const user = users[k % users.length] as (typeof users)[number];
        // Twice: the cache admits a subject the second time its content is seen.
        engine.evaluate(neverSeen(user, k), tool, "call", { hour: 12 });
        engine.evaluate(neverSeen(user, k), tool, "call", { hour: 12 });
      }
      return engine;
    });
    setBytes.push(compiled.bytes);
    cacheBytes.push(cache.bytes);
  }
  return {
    compileMs: median(times),
    compiledSetBytes: median(setBytes),
    cacheBytes: median(cacheBytes),
  };
}
