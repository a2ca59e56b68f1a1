/** The fastest of `rounds` runs of `run`, in ms: a ratio measured in one run takes each side's best (a loaded machine slows single runs, rarely all). */
export function fastest(run: () => unknown, rounds = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
