/**
 * What `npm run bench:guard` asserts (bench/guard.ts measures it): ratios measured in
 * the same run, with margins wide enough that a noisy machine cannot fail them but a
 * regression does:
 * - compiled `evaluate` ≥ 1,000× faster than the reference interpreter at N = 1,000
 *   (the example says 5×; measured ≈ 30,000× here, since the reference scans
 *   every policy and compiles every glob per call — at 5× no regression could fail it,
 *   at 1,000× losing the per-subject plans or the index does, noise does not);
 * - warm `evaluate` at N = 10,000 costs ≤ 3× what it costs at N = 100 (measures 1.5–2.7
 *   here since conditions are shared between policies; the regression it exists to catch
 *   — a scan over the policies — shows as ~100×);
 * - our `evaluate` is faster than CASL at N = 1,000.
 */
import type { EngineAdapter } from "./engines/adapter.js";
import { caslAdapter } from "./engines/casl.js";
import { indexedJsAdapter } from "./engines/indexed-js.js";
import { evaluateAdapter, referenceAdapter } from "./engines/mcpolicy.js";
import type { Guard } from "./harness/guard-rounds.js";

/** What is timed: an engine at one N. */
export interface Timing {
  readonly label: string;
  readonly n: number;
  readonly adapter: () => EngineAdapter<unknown>;
}

export const TIMINGS = {
  evaluate100: { label: "evaluate N=100", n: 100, adapter: evaluateAdapter },
  evaluate1000: { label: "evaluate N=1,000", n: 1000, adapter: evaluateAdapter },
  evaluate10000: { label: "evaluate N=10,000", n: 10_000, adapter: evaluateAdapter },
  reference1000: { label: "reference N=1,000", n: 1000, adapter: referenceAdapter },
  casl1000: { label: "CASL N=1,000", n: 1000, adapter: caslAdapter },
  indexed100: { label: "indexed JS N=100", n: 100, adapter: indexedJsAdapter },
  indexed10000: { label: "indexed JS N=10,000", n: 10_000, adapter: indexedJsAdapter },
} satisfies Record<string, Timing>;

export type TimingKey = keyof typeof TIMINGS;

export const GUARDS: readonly Guard<TimingKey>[] = [
  {
    name: "reference interpreter / evaluate at N=1,000",
    numerator: "reference1000",
    denominator: "evaluate1000",
    holds: (r) => r >= 1000,
    bound: "≥ 1,000",
  },
  {
    name: "evaluate at N=10,000 / evaluate at N=100",
    numerator: "evaluate10000",
    denominator: "evaluate100",
    holds: (r) => r <= 3,
    bound: "≤ 3",
  },
  {
    name: "CASL / evaluate at N=1,000",
    numerator: "casl1000",
    denominator: "evaluate1000",
    holds: (r) => r > 1,
    bound: "> 1",
  },
  {
    // How much of the growth the machine itself causes (caches shared with other
    // processes): a hand-written indexed evaluator on the same requests.
    name: "indexed JS at N=10,000 / indexed JS at N=100 (context)",
    numerator: "indexed10000",
    denominator: "indexed100",
    holds: () => true,
    bound: "",
    informational: true,
  },
];
