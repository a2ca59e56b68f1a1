/**
 * `npm run bench:guard` (CI): measures the ratios of bench/guard-rules.ts in one run and
 * judges them (bench/harness/guard-rounds.ts). Timings are CPU-time medians of 9 batches
 * (bench/harness/measure.ts). A failing guard is measured again, up to three attempts,
 * before it fails. Prints the measured ratios every time; exit 1 when a guard fails on
 * every attempt or an engine disagrees with the expected decisions.
 */
import { GUARDS, TIMINGS, type TimingKey } from "./guard-rules.js";
import { failureReport } from "./harness/failure-report.js";
import { type Guard, type RatioMeasurement, runGuards } from "./harness/guard-rounds.js";
import { type Budget, median, openSession, type Session } from "./harness/measure.js";
import { expectedDecisions } from "./workload/expected.js";
import { generateWorkload, type Workload } from "./workload/generate.js";

const BUDGET: Budget = {
  batchMs: 40,
  batches: 9,
  warmupMs: 200,
  minRequests: 50,
};
const ATTEMPTS = 3;

interface Prepared {
  readonly workload: Workload;
  readonly expected: boolean[];
}

const workloads = new Map<number, Prepared>();

function prepared(n: number): Prepared {
  let p = workloads.get(n);
  if (p === undefined) {
    const workload = generateWorkload(n);
    const { decisions } = expectedDecisions(workload.policySet, workload.requests);
    p = { workload, expected: decisions };
    workloads.set(n, p);
  }
  return p;
}

/**
 * Measures one guard's ratio on the attempt's engines (opened, and checked against the
 * expected decisions, on first use): batches of the two sides alternate, so both see
 * the same machine (other processes, caches), and the ratio is the median of the ratios
 * of neighbouring batches.
 */
async function measureRatio(guard: Guard<TimingKey>, sessions: Map<TimingKey, Session>): Promise<RatioMeasurement> {
  const open = async (key: TimingKey): Promise<Session> => {
    let session = sessions.get(key);
    if (session === undefined) {
      const timing = TIMINGS[key];
      const p = prepared(timing.n);
      session = await openSession(timing.adapter(), p.workload, p.expected, BUDGET);
      sessions.set(key, session);
    }
    return session;
  };
  const top = await open(guard.numerator);
  const bottom = await open(guard.denominator);
  const ratios: number[] = [];
  const tops: number[] = [];
  const bottoms: number[] = [];
  for (let b = 0; b < BUDGET.batches; b++) {
    const t = top.batch().cpu;
    const u = bottom.batch().cpu;
    tops.push(t);
    bottoms.push(u);
    ratios.push(t / u);
  }
  return { ratio: median(ratios), numeratorNs: median(tops), denominatorNs: median(bottoms) };
}

runGuards({
  guards: GUARDS,
  attempts: ATTEMPTS,
  label: (key) => TIMINGS[key].label,
  newAttempt: () => {
    // Fresh engines for every attempt.
    const sessions = new Map<TimingKey, Session>();
    return (guard) => measureRatio(guard, sessions);
  },
  write: (text) => process.stdout.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const report = failureReport("bench:guard", error);
    process.stderr.write(report.message);
    process.exitCode = report.exitCode;
  },
);
