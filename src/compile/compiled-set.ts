/**
 * A policy set compiled at load: policies in decision order, the index, the subject
 * slots and reads (cache key and snapshot). `plan` specializes a plain-object subject;
 * `decide` validates (resource, action, env) and decides with a plan.
 */
import type { Decision } from "../model/decision.js";
import { someExpr } from "../model/expr-walk.js";
import type { PolicySet } from "../model/policy-set.js";
import { BucketSet } from "./bucket-set.js";
import { type CompiledPolicy, compilePolicy } from "./compiled-policy.js";
import { NumberListMap } from "../model/number-list-map.js";
import { ANY_SUBJECT, type Bucket, bucketKey, PolicyIndex } from "./policy-index.js";
import { malformed, requestProblems } from "./request.js";
import { RequestReads } from "./request-reads.js";
import { SharedTests } from "./shared-tests.js";
import { SubjectSlots } from "./slots.js";
import { type PlanContext, type PlanSource, SubjectPlan } from "./subject-plan.js";
import { type SubjectReads, subjectReads } from "./subject-reads.js";
import { RoleClosure, subjectFacts } from "./subject-target.js";
import { Fault, isPlain, MISSING, readOwn } from "./values.js";

const NOT_APPLICABLE: Decision = Object.freeze({
  allowed: false,
  effect: "notapplicable",
  policy: null,
  errors: Object.freeze([]),
});
const EMPTY_ENV: object = Object.freeze(Object.create(null));
/** Distinct bucket combinations remembered; the memo is dropped when it fills. */
const MAX_BUCKET_SETS = 4096;

export class CompiledSet {
  readonly policies: readonly CompiledPolicy[];
  readonly reads: SubjectReads;
  readonly #context: PlanContext;
  readonly #closure: RoleClosure;
  /** By the ids of their buckets, ascending (not joined into a string key: see NumberListMap). */
  readonly #bucketSets = new NumberListMap<BucketSet>();
  /** Whether any condition reads `resource` (then ids of one class may still differ). */
  readonly #readsResource: boolean;

  constructor(set: PolicySet) {
    // Decision order: priority descending, then set order (a stable sort keeps it).
    const ordered = set.policies.map((policy, order) => ({ policy, order }));
    ordered.sort((a, b) => b.policy.priority - a.policy.priority || a.order - b.order);
    const policies = ordered.map(({ policy }) => policy);
    const slots = new SubjectSlots();
    const shared = new SharedTests(slots);
    this.policies = policies.map((policy, rank) => compilePolicy(policy, rank, slots, shared));
    const index = new PolicyIndex(policies, this.policies);
    this.reads = subjectReads(policies);
    this.#readsResource = policies.some((policy) =>
      policy.conditions.some((c) => someExpr(c.expr, (node) => node.kind === "Path" && node.root === "resource")),
    );
    this.#closure = new RoleClosure(set.roles);
    this.#context = {
      index,
      slots,
      reads: new RequestReads(slots.requestPaths),
      notApplicable: NOT_APPLICABLE,
      decisions: [NOT_APPLICABLE, NOT_APPLICABLE, ...this.policies.map((p) => p.decision)],
    };
  }

  /**
   * A number shared by resource ids that no request can tell apart (the same targets
   * from every policy, and no condition reads `resource`), or null when this id must be
   * decided on its own. Lets callers memoize per class instead of per id.
   */
  resourceClass(id: string): number | null {
    if (this.#readsResource) return null;
    const info = this.#context.index.classOf(id);
    return info.shared ? info.clsId : null;
  }

  /** Specializes for a plain-object subject (the snapshot is taken here). */
  plan(subject: object): SubjectPlan {
    return this.planFrom(this.reads.snapshot(subject));
  }

  /** Specializes for a snapshot taken by `reads.snapshot`. */
  planFrom(snapshot: Record<string, unknown>): SubjectPlan {
    const facts = subjectFacts(snapshot, this.#closure);
    const index = this.#context.index;
    const buckets: Bucket[] = [];
    // Each name is one bucket and roles/groups are sets: no bucket is added twice.
    const add = (bucket: Bucket | undefined) => {
      if (bucket !== undefined) buckets.push(bucket);
    };
    add(index.buckets.get(ANY_SUBJECT));
    if (facts.id instanceof Fault) add(index.buckets.get(bucketKey.anyUser));
    else if (facts.id !== MISSING) add(index.byUser.get(facts.id));
    if (facts.roles instanceof Fault) add(index.buckets.get(bucketKey.anyRole));
    else if (facts.roles !== MISSING) for (const role of facts.roles) add(index.byRole.get(role));
    if (facts.groups instanceof Fault) add(index.buckets.get(bucketKey.anyGroup));
    else if (facts.groups !== MISSING) for (const group of facts.groups) add(index.byGroup.get(group));
    buckets.sort((a, b) => a.id - b.id);
    const ids = buckets.map((bucket) => bucket.id);
    let shared = this.#bucketSets.get(ids);
    if (shared === undefined) {
      if (this.#bucketSets.size >= MAX_BUCKET_SETS) this.#bucketSets.clear();
      shared = new BucketSet(buckets, this.policies);
      this.#bucketSets.set(ids, shared);
    }
    const checkTargets = facts.id instanceof Fault || facts.roles instanceof Fault || facts.groups instanceof Fault;
    return new SubjectPlan(this.#context, snapshot, this.reads.flat?.(snapshot) ?? null, facts, shared, checkTargets);
  }

  /**
   * Decides (resource, action, env) with a plan; validates them first. Never throws
   * from a hostile request object: a throw anywhere fails closed. With a `source`, the
   * plan's target fields were checked against `subject` but the rest is checked only
   * when a candidate needs it.
   */
  decide(
    plan: SubjectPlan,
    resource: unknown,
    action: unknown,
    env: unknown,
    subject: object | null = null,
    source: PlanSource | null = null,
  ): Decision {
    try {
      if (typeof action === "string") {
        const context = (env === undefined ? EMPTY_ENV : env) as object;
        if (env === undefined || isPlain(env)) {
          if (typeof resource === "string") return plan.decide(resource, null, action, context, subject, source);
          if (isPlain(resource)) {
            const id = readOwn(resource, "id");
            if (typeof id === "string") return plan.decide(id, resource, action, context, subject, source);
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
  return malformed([{ policy: null, message: `evaluation failed: ${errorMessage(error)}` }]);
}

/**
 * The message of what was thrown, read so that nothing can throw again: the thrown value
 * may be a Proxy whose traps throw, or an Error whose `message` is a getter.
 */
function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) {
      const descriptor = Object.getOwnPropertyDescriptor(error, "message");
      if (descriptor !== undefined && "value" in descriptor && typeof descriptor.value === "string") {
        return descriptor.value.length <= MAX_MESSAGE ? descriptor.value : `${descriptor.value.slice(0, MAX_MESSAGE)}…`;
      }
    }
  } catch {
    // a thrown value that throws when inspected
  }
  return "unknown error";
}

/** Longest thrown message kept in a Decision (a thrown value is not ours to bound). */
const MAX_MESSAGE = 500;
