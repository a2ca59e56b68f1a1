/**
 * Measures one engine on one workload: setup, a correctness check against the expected
 * decisions, warm-up, then the median of several timed batches.
 */
import type { EngineAdapter } from "../engines/adapter.js";
import type { Workload } from "../workload/generate.js";
import type { BenchRequest, User } from "../workload/types.js";
import { cpuNs, wallNs } from "./clock.js";
import { newTimingLoop } from "./loop.js";

/** How much time to spend on one engine at one N. */
export interface Budget {
  /** Target CPU duration of one timed batch. */
  readonly batchMs: number;
  /** Number of timed batches (three when one batch takes over five times `batchMs`). */
  readonly batches: number;
  /** Untimed warm-up before the batches, in CPU ms. */
  readonly warmupMs: number;
  /** Slow engines are timed on at least this many requests. */
  readonly minRequests: number;
}

export interface Measurement {
  readonly engine: string;
  readonly n: number;
  /**
   * Median over batches of the process CPU time per decision. CPU time, not wall time:
   * on a shared machine a descheduled process would otherwise be billed for others' work.
   */
  readonly nsPerDecision: number;
  readonly decisionsPerSecond: number;
  /** The first `requests` requests of the stream were checked and timed. */
  readonly requests: number;
  /** Passes over those requests per batch. */
  readonly repeat: number;
  readonly batches: number;
  /** CPU ns/decision of every batch, in order. */
  readonly samples: readonly number[];
  /** Median wall-clock ns/decision (inflated when other processes share the CPU). */
  readonly wallNsPerDecision: number;
  readonly setupMs: number;
}

/** A disagreement with the expected decisions: the benchmark fails. */
export class BenchFailure extends Error {}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function describe(req: BenchRequest): string {
  return JSON.stringify(req);
}

/** Per-request prepared state (e.g. a forSubject function), one per distinct subject. */
function prepareAll<P>(adapter: EngineAdapter<P>, requests: readonly BenchRequest[]): unknown[] {
  const prepare = adapter.prepareSubject;
  if (prepare === undefined) return new Array(requests.length).fill(undefined);
  const bySubject = new Map<User, P>();
  return requests.map((req) => {
    let p = bySubject.get(req.subject);
    if (p === undefined) {
      p = prepare(req.subject);
      bySubject.set(req.subject, p);
    }
    return p;
  });
}

/** A checked, warmed-up engine ready to time batch after batch. */
export interface Session {
  readonly engine: string;
  readonly n: number;
  /** Requests per pass (a prefix of the stream). */
  readonly requests: number;
  /** Passes per batch. */
  readonly repeat: number;
  readonly setupMs: number;
  /** Runs one timed batch: CPU and wall ns per decision. Throws BenchFailure on a wrong count. */
  batch(): { readonly cpu: number; readonly wall: number };
}

/** Sets the engine up, checks its decisions, warms it up and sizes its batches. */
export async function openSession<P>(
  adapter: EngineAdapter<P>,
  workload: Workload,
  expected: readonly boolean[],
  budget: Budget,
): Promise<Session> {
  const requests = workload.requests;
  const t0 = cpuNs();
  await adapter.setup(workload.policySet);
  const setupMs = (cpuNs() - t0) / 1e6;
  const prepared = prepareAll(adapter, requests);
  const decide = adapter.decide as (request: BenchRequest, prepared: unknown) => boolean;

  // Check requests one by one, first in the stream first.
  let checked = 0;
  const checkUpTo = (end: number): void => {
    for (; checked < end; checked++) {
      const req = requests[checked] as BenchRequest;
      let got: unknown;
      try {
        got = decide(req, prepared[checked]);
      } catch (error) {
        throw new BenchFailure(
          `${adapter.name} at N=${workload.n} threw on request #${checked} ${describe(req)}: ${String(error)}`,
        );
      }
      if (got !== expected[checked]) {
        throw new BenchFailure(
          `${adapter.name} at N=${workload.n} disagrees on request #${checked}: expected ${expected[checked]}, got ${String(got)}\n  request: ${describe(req)}`,
        );
      }
    }
  };
  // Fast engines are checked and timed on the whole stream. Slow ones are first checked
  // on a growing prefix (1, 2, 4 … requests) until a chunk takes a fifth of a batch.
  if (adapter.slow === true) {
    let chunkNs = 0;
    let chunk = 1;
    while (checked < requests.length && chunkNs * 5 < budget.batchMs * 1e6) {
      const start = cpuNs();
      chunk = Math.min(chunk * 2, requests.length - checked);
      checkUpTo(checked + chunk);
      chunkNs = cpuNs() - start;
    }
  } else {
    checkUpTo(requests.length);
  }

  // Warm up with single passes over the checked requests; the last (warmest) pass says
  // how many requests a batch can afford (slow engines) and how many passes it makes.
  const loop = newTimingLoop();
  const warmEnd = cpuNs() + Math.max(budget.warmupMs, adapter.warmupMs ?? 0) * 1e6;
  let passNs: number;
  do {
    const passStart = cpuNs();
    loop(decide, requests, prepared, checked, 1);
    passNs = Math.max(1, cpuNs() - passStart);
  } while (cpuNs() < warmEnd);
  const costNs = passNs / checked;
  const count = Math.min(
    requests.length,
    Math.max(checked, budget.minRequests, Math.floor((budget.batchMs * 1e6) / costNs)),
  );
  checkUpTo(count);
  const repeat = Math.max(1, Math.round((budget.batchMs * 1e6) / (costNs * count)));
  let expectedAllowed = 0;
  for (let i = 0; i < count; i++) if (expected[i] === true) expectedAllowed++;

  const batch = () => {
    const wallStart = wallNs();
    const start = cpuNs();
    const allowed = loop(decide, requests, prepared, count, repeat);
    const cpu = (cpuNs() - start) / (count * repeat);
    const wall = (wallNs() - wallStart) / (count * repeat);
    if (allowed !== expectedAllowed * repeat) {
      throw new BenchFailure(
        `${adapter.name} at N=${workload.n} allowed ${allowed} of ${count * repeat} decisions in a timed batch, expected ${expectedAllowed * repeat}`,
      );
    }
    return { cpu, wall };
  };
  return {
    engine: adapter.name,
    n: workload.n,
    requests: count,
    repeat,
    setupMs,
    batch,
  };
}

/** Times one engine: the median of the budget's batches. */
export async function measure<P>(
  adapter: EngineAdapter<P>,
  workload: Workload,
  expected: readonly boolean[],
  budget: Budget,
): Promise<Measurement> {
  const session = await openSession(adapter, workload, expected, budget);
  const samples: number[] = [];
  const wallSamples: number[] = [];
  let batches = budget.batches;
  for (let b = 0; b < batches; b++) {
    const { cpu, wall } = session.batch();
    samples.push(cpu);
    wallSamples.push(wall);
    // Batches far over budget (slow engines at their minimum of requests): three will do.
    const batchNs = cpu * session.requests * session.repeat;
    if (b === 0 && batchNs > budget.batchMs * 5e6) batches = Math.min(batches, 3);
  }
  const nsPerDecision = median(samples);
  return {
    engine: adapter.name,
    n: workload.n,
    nsPerDecision,
    decisionsPerSecond: 1e9 / nsPerDecision,
    requests: session.requests,
    repeat: session.repeat,
    batches: samples.length,
    samples,
    wallNsPerDecision: median(wallSamples),
    setupMs: session.setupMs,
  };
}
