/**
 * A policy set specialized for one subject snapshot: its subject paths resolved, its
 * buckets chosen (so only policies whose subject target can hold are ever looked at),
 * interpolated patterns and subject-only conditions resolved on first use and kept.
 * `decide` is spec §5 over the candidates of (action, resource class).
 */
import type { Decision, EvaluationError } from "../model/decision.js";
import { addError } from "../model/error-list.js";
import type { BucketSet, Entry } from "./bucket-set.js";
import type { CompiledPolicy } from "./compiled-policy.js";
import type { SubjectView, Test } from "./expr.js";
import { type Interpolation, interpolate } from "./interpolate.js";
import { admitsObject } from "./object-admission.js";
import { resolvePath } from "./paths.js";
import type { PolicyIndex } from "./policy-index.js";
import type { RequestReads } from "./request-reads.js";
import type { SubjectSlots } from "./slots.js";
import { type SubjectFacts, subjectTarget } from "./subject-target.js";
import { Fault } from "./values.js";

/**
 * Where `evaluate` gets the current plan once a candidate needs the attributes that do
 * not pick candidates (the engine re-checks them against the plan, lazily).
 */
export interface PlanSource {
  refresh(plan: SubjectPlan, subject: object): SubjectPlan;
}

/** What a plan needs from the compiled set. */
export interface PlanContext {
  readonly index: PolicyIndex;
  readonly slots: SubjectSlots;
  /** Request path reads, shared by the conditions of one decision. */
  readonly reads: RequestReads;
  readonly notApplicable: Decision;
  /** Decisions by the numbers of `BucketSet.fixed` (entry 0 unused). */
  readonly decisions: readonly Decision[];
}

export class SubjectPlan implements SubjectView {
  /**
   * The copy of the subject attributes this plan was made for, kept only when a pattern
   * interpolates (cached plans stay small otherwise).
   */
  readonly #snapshot: Record<string, unknown> | null;
  /** Top-level read values, for the engine's cheap re-check of a known object (or null). */
  readonly flat: readonly unknown[] | null;
  /** Subject path values (or Faults) by slot. */
  readonly values: readonly unknown[];
  readonly reads: RequestReads;
  readonly #context: PlanContext;
  /** Kept only when targets are checked per policy (a malformed field). */
  readonly #facts: SubjectFacts | null;
  readonly #buckets: BucketSet;
  #globs: (Interpolation | undefined)[] | null = null;
  #tests: unknown[] | null = null;
  /** Subject objects remembered with this plan, and how often one came back (`admitObject`). */
  #objects = 0;
  #returns = 0;

  constructor(
    context: PlanContext,
    snapshot: Record<string, unknown>,
    flat: readonly unknown[] | null,
    facts: SubjectFacts,
    buckets: BucketSet,
    checkTargets: boolean,
  ) {
    this.#context = context;
    this.reads = context.reads;
    this.#snapshot = context.slots.templates.length > 0 ? snapshot : null;
    this.flat = flat;
    this.values = context.slots.paths.map((members) => resolvePath(snapshot, "subject", members));
    this.#facts = checkTargets ? facts : null;
    this.#buckets = buckets;
  }

  /** Whether the engine should remember one more subject object with this plan (`admitsObject`). */
  admitObject(): boolean {
    return admitsObject(++this.#objects, this.#returns);
  }

  /** A remembered subject object came back. */
  noteReturn(): void {
    this.#returns++;
  }

  /** The matcher of an interpolated pattern for this subject (built once). */
  glob(slot: number): Interpolation {
    // Filled, not sparse: a hole would be read from Object.prototype.
    this.#globs ??= new Array<Interpolation | undefined>(this.#context.slots.templates.length).fill(undefined);
    const globs = this.#globs;
    let glob = globs[slot];
    if (glob === undefined) {
      const template = this.#context.slots.templates[slot];
      const snapshot = this.#snapshot;
      glob =
        template === undefined || snapshot === null
          ? new Fault("unknown pattern")
          : interpolate(template.parts, snapshot, template.pattern);
      globs[slot] = glob;
    }
    return glob;
  }

  /** A subject-only test's result for this subject (evaluated once). */
  #test(test: Test, resource: object, action: string, env: object): unknown {
    this.#tests ??= new Array<unknown>(this.#context.slots.tests).fill(undefined);
    const tests = this.#tests;
    let value = tests[test.slot];
    if (value === undefined) {
      value = test.run(resource, action, env, this);
      tests[test.slot] = value;
    }
    return value;
  }

  /**
   * Decides for a validated request: `resource` a plain object with a string id (null
   * for a string resource: the shared `{ id }`), env a plain object.
   */
  decide(
    resourceId: string,
    resource: object | null,
    action: string,
    env: object,
    subject: object | null,
    source: PlanSource | null,
  ): Decision {
    const index = this.#context.index;
    const known = index.actionNumber(action);
    const buckets = this.#buckets;
    let info = index.seenClass(resourceId);
    if (info === undefined) {
      // A never-seen id costs a test against every unprefixed glob: not when no policy
      // of this subject can have the action (the client picks both).
      if (!buckets.mayHaveAction(action, known)) return this.#context.notApplicable;
      info = index.classOf(resourceId);
    }
    // Targets hold by construction (buckets) unless a subject field is malformed: then a
    // class-decided entry needs no loop.
    const decided = this.#facts === null;
    const key = info.clsId * (index.actions.size + 1) + (known ?? index.actions.size);
    if (decided && known !== undefined) {
      const code = buckets.code(key);
      if (code !== 0) return this.#context.decisions[code] as Decision;
    }
    const entry = buckets.entry(index, action, known, info.cls, key);
    if (decided && entry.code !== 0) return this.#context.decisions[entry.code] as Decision;
    if (source !== null && subject !== null && entry.readsSubject) {
      // Conditions may read the subject: make sure the rest of it still matches this plan.
      const current = source.refresh(this, subject);
      if (current !== this) return current.decide(resourceId, resource, action, env, null, null);
    }
    return this.#decideEntry(entry, resourceId, resource ?? info.object, action, env);
  }

  /**
   * Spec §5 over candidates in decision order. Stops at the first policy below the
   * priority of an applying one (nothing lower can change the decision or whether
   * errors occurred), or as soon as a deny applies and an error has been seen.
   */
  #decideEntry(
    entry: Entry,
    resourceId: string,
    resource: object,
    action: string,
    env: object,
  ): Decision {
    const policies = entry.policies;
    let level = Number.NEGATIVE_INFINITY;
    let decided = false;
    let allow: CompiledPolicy | null = null;
    let deny: CompiledPolicy | null = null;
    let errors: EvaluationError[] | null = null;
    const verify = entry.verify;
    this.reads.begin();
    for (let i = 0; i < policies.length; i++) {
      const policy = policies[i] as CompiledPolicy;
      if (policy.priority < level) break;
      const act = entry.acts[i];
      if (act !== null && act !== undefined && !act(action)) continue;
      // Targets first: a policy with a false target is done, its errors do not count.
      const facts = this.#facts;
      const subject = facts !== null ? subjectTarget(policy.subject, facts) : true;
      if (subject === false) continue;
      // An id-decided target holds: the class put the policy here (unless it overflowed).
      const target = policy.resourceKnown && !verify ? true : policy.resource(resourceId, this);
      if (target === false) continue;
      let erred = false;
      if (subject !== true) {
        erred = true;
        errors = push(errors, policy.name, subject);
      }
      if (target !== true) {
        erred = true;
        errors = push(errors, policy.name, target);
      }
      let falsified = false;
      const tests = policy.tests;
      for (let j = 0; j < tests.length; j++) {
        const test = tests[j] as Test;
        const v = test.slot < 0 ? test.run(resource, action, env, this) : this.#test(test, resource, action, env);
        if (v === true) continue;
        if (v === false) falsified = true;
        else {
          erred = true;
          errors = push(errors, policy.name, v as Fault);
        }
      }
      if (falsified || (erred && !policy.deny)) continue;
      if (!decided) {
        decided = true;
        level = policy.priority;
      }
      if (policy.deny) {
        deny ??= policy;
        if (errors !== null) break;
      } else {
        allow ??= policy;
      }
    }
    const winner = deny ?? allow;
    if (winner === null) {
      return errors === null
        ? this.#context.notApplicable
        : { allowed: false, effect: "notapplicable", policy: null, errors };
    }
    if (errors === null) return winner.decision;
    return { allowed: !winner.deny, effect: winner.deny ? "deny" : "allow", policy: winner.name, errors };
  }
}

function push(errors: EvaluationError[] | null, policy: string, fault: Fault): EvaluationError[] {
  const entry = { policy, message: fault.message };
  if (errors === null) return [entry];
  addError(errors, entry);
  return errors;
}
