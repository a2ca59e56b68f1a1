/**
 * A policy set specialized for one subject snapshot. Only policies whose subject
 * target is not false are reachable (through the subject's buckets); for each
 * (action, resource class) the candidates are merged once, in decision order, with
 * their subject target, interpolations and subject-only conditions already resolved.
 */
import type { Decision, EvaluationError } from "../model/decision.js";
import type { CompiledPolicy, ResourceTest } from "./compiled-policy.js";
import type { Run } from "./expr.js";
import { ANY_SUBJECT, type Bucket, bucketKey, type PolicyIndex, type ResourceClass } from "./policy-index.js";
import { type RoleClosure, type SubjectFacts, subjectFacts, subjectTarget } from "./subject-target.js";
import { Fault, MISSING } from "./values.js";

/** A policy as this subject sees it. */
interface Candidate {
  readonly policy: CompiledPolicy;
  /** The subject target's Fault, or null when it is true. */
  readonly subjectFault: Fault | null;
  readonly resource: ResourceTest;
  /** Conditions still depending on the request. */
  readonly runs: readonly Run[];
  /** Some condition is already false for this subject. */
  readonly fixedFalse: boolean;
  /** Conditions that already err for this subject. */
  readonly fixedFaults: readonly Fault[];
}

/** The candidates for one (action, resource class). `acts[i]` is null when the action is known to match. */
interface Entry {
  readonly candidates: readonly Candidate[];
  readonly acts: readonly (((action: string) => boolean) | null)[];
}

/** What a plan needs from the compiled set. */
export interface PlanContext {
  /** In rank order. */
  readonly policies: readonly CompiledPolicy[];
  readonly index: PolicyIndex;
  readonly closure: RoleClosure;
  readonly notApplicable: Decision;
}

/** Memoized entries per plan; past this, entries are merged per request instead. */
const MAX_ENTRIES = 1024;

export class SubjectPlan {
  readonly #context: PlanContext;
  readonly #snapshot: object;
  readonly #buckets: readonly Bucket[];
  readonly #candidates = new Map<number, Candidate | null>();
  readonly #entries = new Map<number, Entry>();
  readonly #stride: number;
  readonly #facts: SubjectFacts;

  constructor(context: PlanContext, snapshot: object) {
    this.#context = context;
    this.#snapshot = snapshot;
    this.#stride = context.index.classCount;
    const facts = subjectFacts(snapshot, context.closure);
    const keys: string[] = [ANY_SUBJECT];
    if (facts.id instanceof Fault) keys.push(bucketKey.anyUser);
    else if (facts.id !== MISSING) keys.push(bucketKey.user(facts.id));
    if (facts.roles instanceof Fault) keys.push(bucketKey.anyRole);
    else if (facts.roles !== MISSING) for (const role of facts.roles) keys.push(bucketKey.role(role));
    if (facts.groups instanceof Fault) keys.push(bucketKey.anyGroup);
    else if (facts.groups !== MISSING) for (const group of facts.groups) keys.push(bucketKey.group(group));
    const buckets: Bucket[] = [];
    for (const key of keys) {
      const bucket = context.index.buckets.get(key);
      if (bucket !== undefined) buckets.push(bucket);
    }
    this.#buckets = buckets;
    this.#facts = facts;
  }

  /** Decides for a validated request: `resource` a plain object with a string id, env a plain object. */
  decide(resourceId: string, resource: object, action: string, env: object): Decision {
    const index = this.#context.index;
    const cls = index.classOf(resourceId);
    const known = index.actions.get(action);
    const key = (known ?? index.actions.size) * this.#stride + cls.id;
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = this.#merge(known === undefined ? null : action, cls);
      if (this.#entries.size < MAX_ENTRIES) this.#entries.set(key, entry);
    }
    return decideEntry(entry, resourceId, resource, action, env, this.#context.notApplicable);
  }

  #merge(action: string | null, cls: ResourceClass): Entry {
    const ranks = new Set<number>();
    const collect = (list: readonly number[] | undefined) => {
      if (list !== undefined) for (const rank of list) ranks.add(rank);
    };
    for (const bucket of this.#buckets) {
      for (const index of [action === null ? undefined : bucket.byAction.get(action), bucket.otherAction]) {
        if (index === undefined) continue;
        for (const exact of cls.exact) collect(index.exact.get(exact));
        if (cls.segment !== null) collect(index.segment.get(cls.segment));
        collect(index.rest);
      }
    }
    const candidates: Candidate[] = [];
    const acts: (((action: string) => boolean) | null)[] = [];
    for (const rank of [...ranks].sort((a, b) => a - b)) {
      const candidate = this.#candidate(rank);
      if (candidate === null) continue;
      const test = candidate.policy.action;
      if (test !== null && action !== null && !test(action)) continue;
      candidates.push(candidate);
      acts.push(action === null ? test : null);
    }
    return { candidates, acts };
  }

  #candidate(rank: number): Candidate | null {
    const known = this.#candidates.get(rank);
    if (known !== undefined) return known;
    const policy = this.#context.policies[rank] as CompiledPolicy;
    const target = subjectTarget(policy.subject, this.#facts);
    let candidate: Candidate | null = null;
    if (target !== false) {
      const runs: Run[] = [];
      const fixedFaults: Fault[] = [];
      let fixedFalse = false;
      for (const test of policy.tests) {
        const part = test(this.#snapshot);
        if (!part.fixed) runs.push(part.run);
        else if (part.value === false) fixedFalse = true;
        else if (part.value instanceof Fault) fixedFaults.push(part.value);
      }
      candidate = {
        policy,
        subjectFault: target === true ? null : target,
        resource: policy.resource(this.#snapshot),
        runs,
        fixedFalse,
        fixedFaults,
      };
    }
    this.#candidates.set(rank, candidate);
    return candidate;
  }
}

/**
 * Spec §5 over candidates in decision order. Stops at the first policy below the
 * priority of an applying one (nothing lower can change the decision or whether
 * errors occurred), or as soon as a deny applies and an error has been seen.
 */
function decideEntry(
  entry: Entry,
  resourceId: string,
  resource: object,
  action: string,
  env: object,
  notApplicable: Decision,
): Decision {
  const candidates = entry.candidates;
  let level = Number.NaN;
  let allow: CompiledPolicy | null = null;
  let deny: CompiledPolicy | null = null;
  let errors: EvaluationError[] | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i] as Candidate;
    const policy = candidate.policy;
    if (policy.priority < level) break;
    const act = entry.acts[i];
    if (act !== null && act !== undefined && !act(action)) continue;
    const target = candidate.resource(resourceId);
    if (target === false) continue;
    let erred = false;
    let falsified = candidate.fixedFalse;
    if (candidate.subjectFault !== null) {
      erred = true;
      errors = push(errors, policy.name, candidate.subjectFault);
    }
    if (target !== true) {
      erred = true;
      errors = push(errors, policy.name, target);
    }
    for (const fault of candidate.fixedFaults) {
      erred = true;
      errors = push(errors, policy.name, fault);
    }
    const runs = candidate.runs;
    for (let j = 0; j < runs.length; j++) {
      const v = (runs[j] as Run)(resource, action, env);
      if (v === true) continue;
      if (v === false) falsified = true;
      else {
        erred = true;
        errors = push(errors, policy.name, v as Fault);
      }
    }
    if (falsified || (erred && !policy.deny)) continue;
    if (level !== level) level = policy.priority;
    if (policy.deny) {
      deny ??= policy;
      if (errors !== null) break;
    } else {
      allow ??= policy;
    }
  }
  const winner = deny ?? allow;
  if (winner === null) {
    return errors === null ? notApplicable : { allowed: false, effect: "notapplicable", policy: null, errors };
  }
  if (errors === null) return winner.decision;
  return { allowed: !winner.deny, effect: winner.deny ? "deny" : "allow", policy: winner.name, errors };
}

function push(errors: EvaluationError[] | null, policy: string, fault: Fault): EvaluationError[] {
  const entry = { policy, message: fault.message };
  if (errors === null) return [entry];
  errors.push(entry);
  return errors;
}
