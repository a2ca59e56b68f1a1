/**
 * The index buckets one subject falls into (`*`, its user, its effective roles, its
 * groups). Subjects with the same buckets share one BucketSet, and with it the merged
 * candidate lists per (action, resource class), built on first use.
 */
import type { CompiledPolicy } from "./compiled-policy.js";
import type { GlobMatcher } from "./glob.js";
import type { ActionRanks, Bucket, PolicyIndex, ResourceClass } from "./policy-index.js";

/** Candidates for one (action, resource class), in decision order. */
export interface Entry {
  readonly policies: readonly CompiledPolicy[];
  /** Per candidate: the action test still to run (unknown actions), or null. */
  readonly acts: readonly (GlobMatcher | null)[];
  /**
   * Whether every candidate's resource target must be evaluated (the overflow class);
   * otherwise only targets that are not decided by the id (`resourceKnown` false) are.
   */
  readonly verify: boolean;
  /**
   * When the class alone decides (known action, every candidate without conditions and
   * with an id-decided resource target): that Decision for a well-formed subject, as its
   * number in `PlanContext.decisions` (1: not applicable, 2 + rank: that policy's
   * error-free Decision). 0 when the candidates must be looked at.
   */
  readonly code: number;
  /**
   * Whether a candidate may read subject attributes beyond the target fields
   * (`CompiledPolicy.readsSubject`): only then must a remembered subject object's other
   * attributes be re-checked before the candidates are looked at.
   */
  readonly readsSubject: boolean;
}

/** Largest (class × action) table kept dense; past it, entries go to a bounded Map. */
const MAX_DENSE = 8192;
/** Entries kept in the Map; past this they are merged per request instead. */
const MAX_ENTRIES = 4096;

export class BucketSet {
  readonly #buckets: readonly Bucket[];
  readonly #policies: readonly CompiledPolicy[];
  /**
   * By `class id * width + action number`: each entry's `code` (0 when not merged yet),
   * read first so a decided request touches no Entry; and the entries. Grown as classes
   * appear; a typed array keeps the codes compact for the cache.
   */
  #codes: Uint16Array | Int32Array;
  #dense: (Entry | undefined)[] = [];
  readonly #sparse = new Map<number, Entry>();

  /** Whether some bucket has policies of `action *` or of non-literal action patterns. */
  readonly #anyOtherAction: boolean;
  /** By action number: 0 not known yet, 1 some bucket lists the action, 2 none does. */
  #actionVerdicts: Uint8Array | null = null;

  constructor(buckets: readonly Bucket[], policies: readonly CompiledPolicy[]) {
    this.#buckets = buckets;
    this.#policies = policies;
    this.#anyOtherAction = buckets.some((b) => b.otherAction.always.length > 0 || b.otherAction.known.size > 0);
    this.#codes = this.#newCodes(0);
  }

  /**
   * Whether a policy of these buckets may have `action` (its number, or undefined for an
   * action no policy names literally): false when no bucket lists it and none has
   * policies of `action *` or non-literal action patterns. Then no policy can apply and
   * none can err (a false target ends a policy), so the request is not applicable
   * whatever the resource — and a never-seen resource id need not be classified.
   */
  mayHaveAction(action: string, known: number | undefined): boolean {
    if (this.#anyOtherAction) return true;
    if (known === undefined) return false;
    let verdicts = this.#actionVerdicts;
    if (verdicts === null || known >= verdicts.length) {
      const grown = new Uint8Array(Math.max(known + 1, 16));
      if (verdicts !== null) grown.set(verdicts);
      verdicts = grown;
      this.#actionVerdicts = grown;
    }
    let verdict = verdicts[known] as number;
    if (verdict === 0) {
      // A literal `a` also matches `a/` (minimatch), as in #merge.
      const base = action.endsWith("/") ? action.slice(0, -1) : null;
      const listed = this.#buckets.some((b) => b.byAction.has(action) || (base !== null && b.byAction.has(base)));
      verdict = listed ? 1 : 2;
      verdicts[known] = verdict;
    }
    return verdict === 1;
  }

  /** Codes go up to 2 + the last rank: 16 bits suffice below 65,534 policies (half the cache lines). */
  #newCodes(size: number): Uint16Array | Int32Array {
    return this.#policies.length + 2 <= 0xffff ? new Uint16Array(size) : new Int32Array(size);
  }

  /** The class-decided Decision number for a known action number and class id, or 0 (see `Entry.code`). */
  code(key: number): number {
    const codes = this.#codes;
    // Bounds first (a typed array never reads a prototype, but the index may be past it).
    return key < codes.length ? (codes[key] as number) : 0;
  }

  /**
   * The candidates for an action (its number, or the unknown-action number), a resource
   * class and their key (`cls.id * width + action number`, width = actions + 1).
   */
  entry(index: PolicyIndex, action: string, known: number | undefined, cls: ResourceClass, key: number): Entry {
    if (key < this.#dense.length) {
      const entry = this.#dense[key];
      if (entry !== undefined) return entry;
    } else {
      const cached = this.#sparse.get(key);
      if (cached !== undefined) return cached;
    }
    const merged = this.#merge(known === undefined ? null : action, cls);
    if (key >= this.#dense.length) this.#grow(key, index.actions.size + 1);
    if (key < this.#dense.length) {
      this.#dense[key] = merged;
      if (known !== undefined) this.#codes[key] = merged.code;
    } else if (this.#sparse.size < MAX_ENTRIES) {
      this.#sparse.set(key, merged);
    }
    return merged;
  }

  /** Makes the dense table cover `key` (whole class rows, doubling), within MAX_DENSE. */
  #grow(key: number, width: number): void {
    let size = Math.max(this.#dense.length, width * 8);
    while (size <= key) size *= 2;
    size = Math.min(size, Math.floor(MAX_DENSE / width) * width);
    if (size <= key || size <= this.#dense.length) return;
    const codes = this.#newCodes(size);
    codes.set(this.#codes);
    // Filled, not sparse: a hole would be read from Array.prototype.
    const dense = new Array<Entry | undefined>(size).fill(undefined);
    for (let i = 0; i < this.#dense.length; i++) dense[i] = this.#dense[i];
    this.#codes = codes;
    this.#dense = dense;
  }

  #merge(action: string | null, cls: ResourceClass): Entry {
    const ranks = new Set<number>();
    const matched = cls.matched;
    const bare = action?.endsWith("/") ? action.slice(0, -1) : undefined;
    for (const bucket of this.#buckets) {
      if (action !== null) {
        addRanks(ranks, bucket.byAction.get(action), matched);
        if (bare !== undefined) addRanks(ranks, bucket.byAction.get(bare), matched);
      }
      addRanks(ranks, bucket.otherAction, matched);
    }
    const policies: CompiledPolicy[] = [];
    const acts: (GlobMatcher | null)[] = [];
    for (const rank of [...ranks].sort((a, b) => a - b)) {
      const policy = this.#policies[rank] as CompiledPolicy;
      if (policy.action !== null && action !== null && !policy.action(action)) continue;
      policies.push(policy);
      acts.push(action === null ? policy.action : null);
    }
    const decided =
      action !== null && matched !== null && policies.every((p) => p.tests.length === 0 && p.resourceKnown);
    let code = 0;
    if (decided) {
      const winner = winnerOf(policies);
      code = winner === null ? 1 : 2 + winner.rank;
    }
    return { policies, acts, verify: matched === null, code, readsSubject: policies.some((p) => p.readsSubject) };
  }
}

/**
 * Adds a bucket list's ranks that apply to the class: all `always` ones, and the `known`
 * ones the class matched (every one for the overflow class). The ranks in both are found
 * from the smaller side, so a subject in many buckets, or a class matching many policies,
 * costs the sizes of the lists rather than buckets × matched.
 */
function addRanks(ranks: Set<number>, list: ActionRanks | undefined, matched: readonly number[] | null): void {
  if (list === undefined) return;
  for (const rank of list.always) ranks.add(rank);
  const known = list.known;
  if (matched === null) for (const rank of known) ranks.add(rank);
  else if (known.size < matched.length) {
    for (const rank of known) if (sortedHas(matched, rank)) ranks.add(rank);
  } else for (const rank of matched) if (known.has(rank)) ranks.add(rank);
}

/** Whether an ascending list holds a number (binary search). */
function sortedHas(list: readonly number[], value: number): boolean {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = list[mid] as number;
    if (at === value) return true;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/**
 * Spec §5 over candidates that all apply (no conditions, targets known to hold): the
 * first sets the level; a deny at that level wins. Null: there are none.
 */
function winnerOf(policies: readonly CompiledPolicy[]): CompiledPolicy | null {
  let winner: CompiledPolicy | null = null;
  for (const policy of policies) {
    if (winner !== null && policy.priority < winner.priority) break;
    if (winner === null || (policy.deny && !winner.deny)) winner = policy;
  }
  return winner;
}
