/**
 * The floor: one Map.get and a boolean check per request, the cost of the cheapest
 * conceivable lookup of a precomputed answer. Every other engine is compared with it.
 */
import { expectedDecisions } from "../workload/expected.js";
import type { BenchRequest } from "../workload/types.js";
import type { EngineAdapter } from "./adapter.js";

export function floorAdapter(requests: readonly BenchRequest[]): EngineAdapter<undefined> {
  let answers = new Map<BenchRequest, boolean>();
  return {
    name: "floor",
    note: "one Map.get + boolean check per request (precomputed answers)",
    setup(set) {
      const { decisions } = expectedDecisions(set, requests);
      answers = new Map(requests.map((req, i) => [req, decisions[i] === true]));
    },
    teardown() {
      answers = new Map();
    },
    decide(req) {
      return answers.get(req) === true;
    },
  };
}
