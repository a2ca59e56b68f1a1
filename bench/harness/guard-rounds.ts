/**
 * The decision logic of `npm run bench:guard`, apart from the measuring: which ratios
 * hold, what is printed, when a failing ratio is measured again, and the exit code.
 * Measurements come from a callback, so tests can inject them (test/bench/guard.test.ts).
 */

/** One asserted ratio, slower side over faster side, in ns per decision. */
export interface Guard<Key extends string = string> {
  readonly name: string;
  readonly numerator: Key;
  readonly denominator: Key;
  readonly holds: (ratio: number) => boolean;
  /** The bound as printed, e.g. "≤ 3". */
  readonly bound: string;
  /** Printed for context, never fails the build. */
  readonly informational?: true;
}

export interface RatioMeasurement {
  readonly ratio: number;
  /** Median ns/decision of each side. */
  readonly numeratorNs: number;
  readonly denominatorNs: number;
}

export interface GuardRounds<Key extends string> {
  readonly guards: readonly Guard<Key>[];
  readonly attempts: number;
  /** How a timing is named in the output. */
  readonly label: (key: Key) => string;
  /** Starts an attempt (fresh engines) and returns how it measures a guard's ratio. */
  readonly newAttempt: () => (guard: Guard<Key>) => Promise<RatioMeasurement>;
  readonly write: (text: string) => void;
}

/**
 * Whether a measured ratio passes. Fail closed: a ratio that is not a positive finite
 * number (a side measured as zero or not at all) proves nothing, so it fails.
 */
export function guardPasses(guard: Guard, ratio: number): boolean {
  if (guard.informational) return true;
  return Number.isFinite(ratio) && ratio > 0 && guard.holds(ratio);
}

/**
 * Measures every guard, prints every ratio, and measures the failing ones again (with
 * the informational ones, for context) up to `attempts` times. Returns the exit code:
 * 0 when every guard held in some attempt, 1 otherwise.
 */
export async function runGuards<Key extends string>(rounds: GuardRounds<Key>): Promise<number> {
  const { guards, attempts, label, write } = rounds;
  let pending = guards;
  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
    write(`bench:guard attempt ${attempt}\n`);
    const measureRatio = rounds.newAttempt();
    const failed: Guard<Key>[] = [];
    for (const guard of pending) {
      const m = await measureRatio(guard);
      const ok = guardPasses(guard, m.ratio);
      const mark = guard.informational ? "info" : ok ? "ok  " : "FAIL";
      const bound = guard.informational ? "" : ` (must be ${guard.bound})`;
      write(
        `  ${mark} ${guard.name} = ${m.ratio.toFixed(2)}${bound}; ${label(guard.numerator)} ${m.numeratorNs.toFixed(0)} ns, ${label(guard.denominator)} ${m.denominatorNs.toFixed(0)} ns\n`,
      );
      if (!ok) failed.push(guard);
    }
    // Context is measured again only while some guard is still failing.
    pending = failed.length > 0 ? [...failed, ...guards.filter((g) => g.informational)] : [];
  }
  const failing = pending.filter((g) => !g.informational);
  if (failing.length > 0) {
    write(`bench:guard failed after ${attempts} attempts: ${failing.map((g) => g.name).join("; ")}\n`);
    return 1;
  }
  write("bench:guard passed\n");
  return 0;
}
