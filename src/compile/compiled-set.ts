/**
 * A policy set compiled at load: policies in decision order, the index, the subject
 * reads (cache key and snapshot). `decide` is the whole request path for a subject
 * plan; `plan` specializes a (validated) subject.
 */
import type { Decision } from "../model/decision.js";
import type { PolicySet } from "../model/policy-set.js";
import { type CompiledPolicy, compilePolicy } from "./compiled-policy.js";
import { PolicyIndex } from "./policy-index.js";
import { malformed, requestProblems } from "./request.js";
import { SubjectPlan } from "./subject-plan.js";
import { type SubjectReads, subjectReads } from "./subject-reads.js";
import { RoleClosure } from "./subject-target.js";
import { isPlain, readOwn } from "./values.js";

const NOT_APPLICABLE: Decision = Object.freeze({ allowed: false, effect: "notapplicable", policy: null, errors: Object.freeze([]) });
const EMPTY_ENV: object = Object.freeze(Object.create(null));

export class CompiledSet {
  readonly policies: readonly CompiledPolicy[];
  readonly reads: SubjectReads;
  readonly #context;

  constructor(set: PolicySet) {
    // Decision order: priority descending, then set order (a stable sort keeps it).
    const ordered = set.policies.map((policy, order) => ({ policy, order }));
    ordered.sort((a, b) => b.policy.priority - a.policy.priority || a.order - b.order);
    const policies = ordered.map(({ policy }) => policy);
    this.policies = policies.map((policy, rank) => compilePolicy(policy, rank));
    this.reads = subjectReads(policies);
    this.#context = {
      policies: this.policies,
      index: new PolicyIndex(policies),
      closure: new RoleClosure(set.roles),
      notApplicable: NOT_APPLICABLE,
    };
  }

  /** Specializes for a plain-object subject (the snapshot is taken here). */
  plan(subject: object): SubjectPlan {
    return new SubjectPlan(this.#context, this.reads.snapshot(subject));
  }

  /**
   * Decides (resource, action, env) with a plan; validates them first. Never throws
   * from a hostile request object: a throw anywhere fails closed.
   */
  decide(plan: SubjectPlan, resource: unknown, action: unknown, env: unknown): Decision {
    try {
      if (typeof action === "string") {
        const context = (env === undefined ? EMPTY_ENV : env) as object;
        if (env === undefined || isPlain(env)) {
          if (typeof resource === "string") return plan.decide(resource, { id: resource }, action, context);
          if (isPlain(resource)) {
            const id = readOwn(resource, "id");
            if (typeof id === "string") return plan.decide(id, resource, action, context);
          }
        }
      }
      return malformed(requestProblems({}, resource, action, env));
    } catch (error) {
      return failClosed(error);
    }
  }
}

/** The last resort: an unexpected throw denies. */
export function failClosed(error: unknown): Decision {
  const message = error instanceof Error ? error.message : "unknown error";
  return malformed([{ policy: null, message: `evaluation failed: ${message}` }]);
}
