/**
 * Every engine in the table, in table order. To add an engine, write an adapter
 * (engines/adapter.ts) in a file of its own and list it here.
 */
import type { BenchRequest } from "../workload/types.js";
import type { EngineAdapter } from "./adapter.js";
import { casbinAdapter } from "./casbin.js";
import { caslAdapter } from "./casl.js";
import { cedarPreparsedAdapter, cedarTextAdapter } from "./cedar.js";
import { floorAdapter } from "./floor.js";
import { indexedJsAdapter } from "./indexed-js.js";
import {
  coldAdapter,
  evaluateAdapter,
  forSubjectAdapter,
  freshObjectAdapter,
  referenceAdapter,
  validatedAdapter,
} from "./mcpolicy.js";

/** Fresh adapters (no state shared between sizes). */
export function allEngines(requests: readonly BenchRequest[]): EngineAdapter<unknown>[] {
  return [
    floorAdapter(requests),
    indexedJsAdapter(),
    forSubjectAdapter(),
    evaluateAdapter(),
    freshObjectAdapter(),
    validatedAdapter(),
    coldAdapter(),
    referenceAdapter(),
    caslAdapter(),
    cedarPreparsedAdapter(),
    cedarTextAdapter(),
    casbinAdapter(),
  ];
}
