/** The shape of bench/results/latest.json. */
import type { MachineInfo } from "./machine.js";
import type { Measurement } from "./measure.js";

export interface SizeInfo {
  readonly n: number;
  /** Workload fingerprints (WORKLOAD.md). */
  readonly policySetDigest: string;
  readonly requestDigest: string;
  /** Median `compile(text)` time, parse included. */
  readonly compileMs: number;
  /** Heap retained by the compiled engine (empty cache). */
  readonly compiledSetBytes: number;
  /** Heap retained by a full per-subject cache. */
  readonly cacheBytes: number;
  readonly cacheSubjects: number;
}

export interface BenchResults {
  readonly format: "mcpolicy-bench";
  readonly version: 1;
  readonly date: string;
  readonly mode: "full" | "quick";
  readonly machine: MachineInfo;
  readonly workload: { readonly seed: number; readonly count: number };
  readonly engines: readonly { readonly name: string; readonly note: string }[];
  readonly sizes: readonly SizeInfo[];
  readonly measurements: readonly Measurement[];
}
