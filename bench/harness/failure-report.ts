/**
 * What a benchmark script prints, and exits with, when it stops on an error: a
 * disagreement with the expected decisions (BenchFailure) is a failed benchmark, anything
 * else a crash; both exit 1, so CI and a shell see the failure.
 */
import { BenchFailure } from "./measure.js";

export interface FailureReport {
  readonly exitCode: 1;
  /** One or more lines for stderr, ending in a newline. */
  readonly message: string;
}

/** `script` names the command in the message ("benchmark", "bench:guard"). */
export function failureReport(script: string, error: unknown): FailureReport {
  if (error instanceof BenchFailure) return { exitCode: 1, message: `${script} failed: ${error.message}\n` };
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: 1, message: `${script} crashed: ${detail}\n` };
}
