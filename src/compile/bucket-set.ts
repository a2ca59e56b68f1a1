/**
 * The index buckets one subject falls into (`*`, its user, its effective roles, its
 * groups). Subjects with the same buckets share one BucketSet, and with it the merged
 * candidate lists per (action, resource class), built on first use.
 */
import type { CompiledPolicy } from "./compiled-policy.js";
import type { GlobMatcher } from "./glob.js";
import type { Bucket, PolicyIndex, ResourceClass } from "./policy-index.js";

/** Candidates for one (action, resource class), in decision order. */
export interface Entry {
  readonly policies: readonly CompiledPolicy[];
  /** Per candidate: the action test still to run (unknown actions), or null. */
  readonly acts: readonly (GlobMatcher | null)[];
}

/** Merged entries per BucketSet; past this they are merged per request instead. */
const MAX_ENTRIES = 4096;

export class BucketSet {
  readonly #buckets: readonly Bucket[];
  readonly #policies: readonly CompiledPolicy[];
  readonly #entries = new Map<number, Entry>();

  constructor(buckets: readonly Bucket[], policies: readonly CompiledPolicy[]) {
    this.#buckets = buckets;
    this.#policies = policies;
  }

  /** The candidates for an action (its number, or the unknown-action number) and a resource class. */
  entry(index: PolicyIndex, action: string, known: number | undefined, cls: ResourceClass): Entry {
    const key = (known ?? index.actions.size) * index.classCount + cls.id;
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
      const literal = action === null ? [] : [bucket.byAction.get(action), action.endsWith("/") ? bucket.byAction.get(action.slice(0, -1)) : undefined];
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
    return { policies, acts };
  }
}
