/**
 * The one interface every benchmarked engine implements. The harness gives each engine
 * the same generic policy set and request stream (bench/workload/).
 */
import type { BenchRequest, GenericPolicySet, User } from "../workload/types.js";

export interface EngineAdapter<Prepared = unknown> {
  /** Column name in the results table. */
  readonly name: string;
  /** A short note for the table's legend (what exactly is timed). */
  readonly note: string;
  /** Slow engines are timed on fewer requests at large N (see bench/run.ts). */
  readonly slow?: boolean;
  /** A longer warm-up than the budget's, in CPU ms (WebAssembly tiers up slowly). */
  readonly warmupMs?: number;
  /** Builds the engine's state from the generic policy set (timed as "setup"). */
  setup(set: GenericPolicySet): void | Promise<void>;
  /**
   * Per-subject state built outside the timed loop (a `forSubject` function, a CASL
   * ability per user). When present, the harness calls it once per distinct subject and
   * passes the result to `decide` with each request of that subject. Called unbound.
   */
  prepareSubject?(subject: User): Prepared;
  /**
   * Drops the state `setup` built, once the engine is timed: engines run in turn in one
   * process, and one engine's heap (a compiled set of 10,000 policies, a full cache)
   * would otherwise make the garbage collector slower for every engine after it.
   */
  teardown?(): void;
  /** Whether the request is allowed. Timed. Called unbound: must not use `this`. */
  decide(request: BenchRequest, prepared: Prepared): boolean;
}
