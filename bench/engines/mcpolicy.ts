/**
 * Our engine, timed three ways on one compiled set, plus the reference interpreter:
 * - `evaluate`, subject already cached (warm);
 * - the `forSubject` function, made once per user outside the loop;
 * - `evaluate` with a never-seen subject each call (cold);
 * - `evaluateReference`, the unindexed executable specification (src/evaluate/).
 * Every engine compiles the `.mcpolicy` text through `compile` (parser included).
 */
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import type { PolicyEngine, SubjectDecider } from "../../src/model/engine.js";
import { toMcpolicy } from "../workload/to-mcpolicy.js";
import type { BenchRequest, GenericPolicySet, User } from "../workload/types.js";
import type { EngineAdapter } from "./adapter.js";

function compileSet(set: GenericPolicySet): PolicyEngine {
  return compile(toMcpolicy(set));
}

/**
 * `setup` and `teardown` for an adapter that keeps its compiled engine in a variable of
 * its own (read directly by its own `decide`, so the timed call stays monomorphic).
 */
function lifecycle(
  hold: (engine: PolicyEngine | undefined) => void,
): Pick<EngineAdapter, "setup" | "teardown"> {
  return {
    setup(set) {
      hold(compileSet(set));
    },
    teardown() {
      hold(undefined);
    },
  };
}

export function evaluateAdapter(): EngineAdapter<undefined> {
  let engine: PolicyEngine | undefined;
  return {
    name: "mcpolicy evaluate",
    note: "engine.evaluate(...).allowed, subject already in the per-subject cache (warm)",
    ...lifecycle((compiled) => {
      engine = compiled;
    }),
    decide(req) {
      return (engine as PolicyEngine).evaluate(req.subject, req.resource, req.action, req.env).allowed;
    },
  };
}

/**
 * Warm, but the subject arrives as a new object each call with the same content (as when
 * a server builds it from a token per request): the cache is hit through its content
 * key, not through object identity. The shallow copy (~20 ns) is inside the timed loop.
 */
export function freshObjectAdapter(): EngineAdapter<undefined> {
  let engine: PolicyEngine | undefined;
  return {
    name: "mcpolicy evaluate, new object",
    note: "engine.evaluate with a new subject object of the same content each call (cache hit by content)",
    ...lifecycle((compiled) => {
      engine = compiled;
    }),
    decide(req) {
      const s = req.subject;
      const subject = {
        id: s.id,
        roles: s.roles,
        groups: s.groups,
        clearance: s.clearance,
      };
      return (engine as PolicyEngine).evaluate(subject, req.resource, req.action, req.env).allowed;
    },
  };
}

/** The workload's request attributes as an attribute schema (docs/schemas.md). */
export const WORKLOAD_SCHEMA = {
  version: 1,
  subject: {
    type: "object",
    properties: {
      id: { type: "string", minLength: 1 },
      roles: { type: "array", items: { type: "string" }, maxItems: 8 },
      groups: { type: "array", items: { type: "string" }, maxItems: 8 },
      clearance: { type: "integer", minimum: 0, maximum: 5 },
    },
    required: ["id", "roles", "groups", "clearance"],
  },
  env: { type: "object", properties: { hour: { type: "integer", minimum: 0, maximum: 23 } }, required: ["hour"] },
  actions: ["call", "list"],
  resources: [
    {
      pattern: "tool:*/*",
      schema: {
        type: "object",
        properties: { area: { type: "string" }, owner: { type: "string" }, sensitivity: { type: "integer", minimum: 0, maximum: 5 } },
        required: ["area", "owner", "sensitivity"],
      },
    },
  ],
} as const;

/**
 * Warm `evaluate` with `validateRequests`: every request checked against the workload's
 * schema (ajv-compiled validators) before it is decided — what validation costs.
 */
export function validatedAdapter(): EngineAdapter<undefined> {
  let engine: PolicyEngine | undefined;
  return {
    name: "mcpolicy evaluate, validateRequests",
    note: "engine.evaluate with validateRequests: true and a schema of the workload's attributes (warm)",
    setup(set) {
      engine = compile(toMcpolicy(set), { schema: WORKLOAD_SCHEMA, validateRequests: true });
    },
    teardown() {
      engine = undefined;
    },
    decide(req) {
      return (engine as PolicyEngine).evaluate(req.subject, req.resource, req.action, req.env).allowed;
    },
  };
}

export function forSubjectAdapter(): EngineAdapter<SubjectDecider> {
  let engine: PolicyEngine | undefined;
  return {
    name: "mcpolicy forSubject",
    note: "engine.forSubject(user) made once per user outside the loop, then f(resource, action, env)",
    ...lifecycle((compiled) => {
      engine = compiled;
    }),
    prepareSubject(user: User) {
      return (engine as PolicyEngine).forSubject(user);
    },
    decide(req, decider) {
      return decider(req.resource, req.action, req.env).allowed;
    },
  };
}

/** A copy of the subject that no cache can have seen: see `coldAdapter`. */
export function neverSeen(s: User, k: number): User {
  return {
    id: s.id,
    roles: [...s.roles, `cold-${k}`],
    groups: s.groups,
    // A fraction below 1 never changes `clearance >= sensitivity` for integer sensitivities.
    clearance: s.clearance + ((k % 0x100000) + 1) / 0x200000,
  };
}

/**
 * Never-seen subjects: each call gets a fresh object whose `roles` (one extra, unused
 * role) and `clearance` (an extra fraction that cannot change a decision) differ from
 * every earlier call. Both attributes are read by the policy set, so whatever part of the
 * subject the cache keys on, every call misses, as a one-off subject does in production
 * (the doorkeeper never admits content seen once, so the cache stays empty). Building
 * the copy (~50 ns) is inside the timed loop.
 */
export function coldAdapter(): EngineAdapter<undefined> {
  let engine: PolicyEngine | undefined;
  let k = 0;
  return {
    name: "mcpolicy cold",
    note: "engine.evaluate with a never-seen subject each call (fresh roles and clearance; see bench/README.md)",
    ...lifecycle((compiled) => {
      engine = compiled;
    }),
    decide(req) {
      const subject = neverSeen(req.subject, k++);
      return (engine as PolicyEngine).evaluate(subject, req.resource, req.action, req.env).allowed;
    },
  };
}

export function referenceAdapter(): EngineAdapter<undefined> {
  let engine: PolicyEngine | undefined;
  return {
    name: "reference interpreter",
    note: "evaluateReference(policySet, ...): the unindexed executable specification",
    slow: true,
    ...lifecycle((compiled) => {
      engine = compiled;
    }),
    decide(req: BenchRequest) {
      const set = (engine as PolicyEngine).policySet;
      return evaluateReference(set, req.subject, req.resource, req.action, req.env).allowed;
    },
  };
}
