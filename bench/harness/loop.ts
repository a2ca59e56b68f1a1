/**
 * A timing loop of its own for each engine. V8 keeps type feedback per function, so a
 * loop shared by all engines would see many `decide` functions at one call site
 * (megamorphic) and time the dispatch instead of the engine. `new Function` with a
 * distinct numeric tag in a comment gives every engine a fresh function; its body is
 * this constant text only — no user or workload text ever enters it.
 */
import type { BenchRequest } from "../workload/types.js";

/** Runs `decide` over `requests[0..count)` `repeat` times; returns how many were allowed. */
export type TimingLoop = (
  decide: (request: BenchRequest, prepared: unknown) => boolean,
  requests: readonly BenchRequest[],
  prepared: readonly unknown[],
  count: number,
  repeat: number,
) => number;

const LOOP_BODY = `
	let allowed = 0;
	for (let r = 0; r < repeat; r++) {
		for (let i = 0; i < count; i++) {
			if (decide(requests[i], prepared[i]) === true) allowed++;
		}
	}
	return allowed;
`;

let nextTag = 0;

/** A new, never-shared loop function. */
export function newTimingLoop(): TimingLoop {
  const tag = nextTag++;
  return new Function(
    "decide",
    "requests",
    "prepared",
    "count",
    "repeat",
    `/* timing loop ${tag} */${LOOP_BODY}`,
  ) as TimingLoop;
}
