/**
 * The index buckets one subject falls into (`*`, its user, its effective roles, its
 * groups). Subjects with the same buckets share one BucketSet, and with it the merged
 * candidate lists per (action, resource class), built on first use.
 */
import type { Decision } from "../model/decision.js";
import type { CompiledPolicy } from "./compiled-policy.js";
import type { GlobMatcher } from "./glob.js";
import type { Bucket, PolicyIndex, ResourceClass } from "./policy-index.js";

/** Candidates for one (action, resource class), in decision order. */
export interface Entry {
  readonly policies: readonly CompiledPolicy[];
  /** Per candidate: the action test still to run (unknown actions), or null. */
  readonly acts: readonly (GlobMatcher | null)[];
  /**
   * When every candidate is decided by the resource class alone (no condition, no
   * action test, `resource *` or the class's own `prefix*`): the Decision for a
   * well-formed subject, by whether the id matches `segment*`. Else null.
   */
  readonly ifStar: Decision | null;
  readonly ifNotStar: Decision | null;
  /**
   * The same as numbers, [not star, star]: 0 for none (the loop decides), 1 for not
   * applicable, 2 + rank for that policy's error-free Decision (`CompiledSet.decisions`).
   */
  readonly codes: readonly [number, number];
}

/** Merged entries per BucketSet; past this they are merged per request instead. */
const MAX_ENTRIES = 4096;
/** Largest (action × class) table kept as a dense array (else a Map). */
const MAX_DENSE = 1024;

export class BucketSet {
  readonly #buckets: readonly Bucket[];
  readonly #policies: readonly CompiledPolicy[];
  readonly #entries = new Map<number, Entry>();
  /** The entries by key when the key space is small: one array index per request. */
  #dense: (Entry | undefined)[] | null = null;
  #denseSize = -1;
  /**
   * By `key * 2 + (id matches segment*)`: the class-decided Decision of a known action's
   * entry as its number in `decisionCode` order (0: needs the loop, or not merged yet).
   * Read by the plan before `entry`, so the common request touches no Entry at all; a
   * typed array keeps this table small for the cache.
   */
  fixed: Int32Array | null = null;
  readonly #notApplicable: Decision;

  constructor(buckets: readonly Bucket[], policies: readonly CompiledPolicy[], notApplicable: Decision) {
    this.#buckets = buckets;
    this.#policies = policies;
    this.#notApplicable = notApplicable;
  }

  /** The candidates for an action (its number, or the unknown-action number) and a resource class. */
  entry(index: PolicyIndex, action: string, known: number | undefined, cls: ResourceClass): Entry {
    const key = (known ?? index.actions.size) * index.classCount + cls.id;
    let dense = this.#dense;
    if (dense === null && this.#denseSize < 0) {
      const size = (index.actions.size + 1) * index.classCount;
      this.#denseSize = size;
      if (size <= MAX_DENSE) {
        dense = this.#dense = new Array<Entry | undefined>(size).fill(undefined);
        this.fixed = new Int32Array(2 * size);
      }
    }
    if (dense !== null) {
      const entry = dense[key];
      if (entry !== undefined) return entry;
      const merged = this.#merge(known === undefined ? null : action, cls);
      dense[key] = merged;
      const fixed = this.fixed as Int32Array;
      fixed[2 * key] = merged.codes[0] as number;
      fixed[2 * key + 1] = merged.codes[1] as number;
      return merged;
    }
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = this.#merge(known === undefined ? null : action, cls);
      if (this.#entries.size < MAX_ENTRIES) this.#entries.set(key, entry);
    }
    return entry;
  }

  #merge(action: string | null, cls: ResourceClass): Entry {
    const ranks = new Set<number>();
    const collect = (list: readonly number[] | undefined) => {
      if (list !== undefined) for (const rank of list) ranks.add(rank);
    };
    for (const bucket of this.#buckets) {
      const literal =
        action === null
          ? []
          : [bucket.byAction.get(action), action.endsWith("/") ? bucket.byAction.get(action.slice(0, -1)) : undefined];
      for (const index of [...literal, bucket.otherAction]) {
        if (index === undefined) continue;
        for (const exact of cls.exact) collect(index.exact.get(exact));
        if (cls.segment !== null) collect(index.segment.get(cls.segment));
        collect(index.rest);
      }
    }
    const policies: CompiledPolicy[] = [];
    const acts: (GlobMatcher | null)[] = [];
    for (const rank of [...ranks].sort((a, b) => a - b)) {
      const policy = this.#policies[rank] as CompiledPolicy;
      if (policy.action !== null && action !== null && !policy.action(action)) continue;
      policies.push(policy);
      acts.push(action === null ? policy.action : null);
    }
    const fixed =
      action !== null &&
      policies.every(
        (p) =>
          p.tests.length === 0 && (p.resourceAny || (p.resourcePrefix !== null && p.resourcePrefix === cls.segment)),
      );
    const star = fixed ? this.#winner(policies, true) : undefined;
    const notStar = fixed ? this.#winner(policies, false) : undefined;
    return {
      policies,
      acts,
      ifStar: star === undefined ? null : (star?.decision ?? this.#notApplicable),
      ifNotStar: notStar === undefined ? null : (notStar?.decision ?? this.#notApplicable),
      codes: [
        notStar === undefined ? 0 : notStar === null ? 1 : 2 + notStar.rank,
        star === undefined ? 0 : star === null ? 1 : 2 + star.rank,
      ],
    };
  }

  /** Spec §5 over condition-free candidates: the first applying sets the level; a deny there wins. Null: none applies. */
  #winner(policies: readonly CompiledPolicy[], star: boolean): CompiledPolicy | null {
    let winner: CompiledPolicy | null = null;
    for (const policy of policies) {
      if (!policy.resourceAny && !star) continue;
      if (winner !== null && policy.priority < winner.priority) break;
      if (winner === null || (policy.deny && !winner.deny)) winner = policy;
    }
    return winner;
  }
}
