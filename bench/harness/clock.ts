/**
 * Clocks. Timings use the process's CPU time: on a shared machine (this project's CI and
 * bench machine have 2 cores for many processes) wall time bills a descheduled process
 * for other processes' work, CPU time does not. Wall time is recorded alongside.
 */

/** Monotonic wall-clock time in ns. */
export function wallNs(): number {
  return Number(process.hrtime.bigint());
}

/** CPU time (user + system, all threads) of this process in ns, microsecond resolution. */
export function cpuNs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}
