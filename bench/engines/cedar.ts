/**
 * Cedar (`@cedar-policy/cedar-wasm`), two ways: `isAuthorized` with the policy text in
 * every call (the stateless API), and `statefulIsAuthorized` against a policy set
 * preparsed once (`preparsePolicySet`). Entities are built from each request.
 */
import {
  type AuthorizationAnswer,
  isAuthorized,
  preparsePolicySet,
  statefulIsAuthorized,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { BenchRequest } from "../workload/types.js";
import type { EngineAdapter } from "./adapter.js";
import { toCedarEntities, toCedarText } from "./cedar-translate.js";

/** V8 compiles hot WebAssembly functions again, optimized, in the background: wait for it. */
const WASM_WARMUP_MS = 600;

function allowed(answer: AuthorizationAnswer): boolean {
  if (answer.type !== "success") {
    throw new Error(`cedar failed: ${answer.errors.map((e) => e.message).join("; ")}`);
  }
  return answer.response.decision === "allow";
}

function call(req: BenchRequest) {
  return {
    principal: { type: "User", id: req.subject.id },
    action: { type: "Action", id: req.action },
    resource: { type: "Tool", id: req.resource.id },
    context: { hour: req.env.hour },
    entities: toCedarEntities(req),
  };
}

export function cedarTextAdapter(): EngineAdapter<undefined> {
  let text = "";
  return {
    name: "cedar-wasm",
    note: "isAuthorized, policies as Cedar text in every call",
    slow: true,
    warmupMs: WASM_WARMUP_MS,
    setup(set) {
      text = toCedarText(set);
    },
    teardown() {
      text = "";
    },
    decide(req) {
      return allowed(isAuthorized({ ...call(req), policies: { staticPolicies: text } }));
    },
  };
}

let nextSetId = 0;

export function cedarPreparsedAdapter(): EngineAdapter<undefined> {
  let id = "";
  return {
    name: "cedar-wasm preparsed",
    note: "statefulIsAuthorized against a preparsePolicySet policy set",
    slow: true,
    warmupMs: WASM_WARMUP_MS,
    setup(set) {
      id = `bench-${set.n}-${nextSetId++}`;
      const answer = preparsePolicySet(id, {
        staticPolicies: toCedarText(set),
      });
      if (answer.type !== "success") {
        throw new Error(`cedar preparse failed: ${answer.errors.map((e) => e.message).join("; ")}`);
      }
    },
    decide(req) {
      return allowed(statefulIsAuthorized({ ...call(req), preparsedPolicySetId: id }));
    },
  };
}
