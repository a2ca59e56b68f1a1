/**
 * Index, then match (STYLE §8): policies by subject bucket (`*`, user, role, group),
 * then by action literal, then by resource exact id or first literal segment. A
 * request's resource id maps to a *class* — the index keys it can hit — so that the
 * candidates for (subject, action, class) can be merged once and memoized.
 */
import type { Policy } from "../model/ast.js";
import { splitTemplate } from "../model/template.js";
import { isDottySegment, isLiteralPattern, literalPrefix, matchPrefixStar } from "./glob.js";

/** Policy ranks, ascending, keyed by what a resource id must look like to match. */
export interface ResourceIndex {
  readonly exact: Map<string, number[]>;
  readonly segment: Map<string, number[]>;
  /** `resource *`, patterns without a literal first segment. */
  readonly rest: number[];
}

export interface Bucket {
  /** Numbers buckets for BucketSet signatures. */
  readonly id: number;
  /** By literal action pattern. */
  readonly byAction: Map<string, ResourceIndex>;
  /** `action *` and non-literal action patterns: checked per request. */
  readonly otherAction: ResourceIndex;
}

/** The index keys a resource id can hit. */
export interface ResourceClass {
  readonly id: number;
  readonly exact: readonly string[];
  readonly segment: string | null;
}

/** What the index knows of one resource id (memoized per id). */
export interface ResourceInfo {
  readonly cls: ResourceClass;
  /** `cls.id`, kept here so the hot path reads one object. */
  readonly clsId: number;
  /** The class's segment key (the same string object the policies hold), or null. */
  readonly segment: string | null;
  /** Whether `segment + "*"` matches the id: decided once per id. */
  readonly segmentStar: boolean;
  /** `{ id }`, the object form conditions see for a string resource (frozen, shared). */
  readonly object: object;
}

/** Bucket keys. The starred ones hold every policy reading that field (malformed subjects). */
export const ANY_SUBJECT = "*";
export const bucketKey = {
  user: (name: string) => `u:${name}`,
  role: (name: string) => `r:${name}`,
  group: (name: string) => `g:${name}`,
  anyUser: "U*",
  anyRole: "R*",
  anyGroup: "G*",
} as const;

/** Resource ids remembered with their class; the memo is dropped when it fills. */
const MAX_SEEN_IDS = 16_384;

export class PolicyIndex {
  readonly buckets = new Map<string, Bucket>();
  /** The same buckets by bare name, so a plan looks a subject's fields up without building keys. */
  readonly byUser = new Map<string, Bucket>();
  readonly byRole = new Map<string, Bucket>();
  readonly byGroup = new Map<string, Bucket>();
  /** Literal actions numbered; an unknown action gets `actions.size`. */
  readonly actions = new Map<string, number>();
  readonly #exactClasses = new Map<string, ResourceClass>();
  readonly #segmentClasses = new Map<string, ResourceClass>();
  readonly noClass: ResourceClass;
  readonly #seen = new Map<string, ResourceInfo>();
  readonly classCount: number;

  /** `policies` in rank order. */
  constructor(policies: readonly Policy[]) {
    const exactKeys = new Set<string>();
    const segmentKeys = new Set<string>();
    policies.forEach((policy, rank) => {
      const keys = resourceKeys(policy);
      for (const key of keys) {
        if (key.kind === "exact") exactKeys.add(key.key);
        if (key.kind === "segment") segmentKeys.add(key.key);
      }
      const actions = policy.action.kind === "AnyPattern" ? null : policy.action.patterns.map((p) => p.value);
      for (const bucket of bucketsOf(policy)) {
        let entry = this.buckets.get(bucket);
        if (entry === undefined) {
          entry = { id: this.buckets.size, byAction: new Map(), otherAction: emptyIndex() };
          this.buckets.set(bucket, entry);
        }
        const targets: ResourceIndex[] = [];
        if (actions === null || actions.some((a) => !isLiteralPattern(a))) targets.push(entry.otherAction);
        for (const action of actions ?? []) {
          if (!isLiteralPattern(action)) continue;
          if (!this.actions.has(action)) this.actions.set(action, this.actions.size);
          let index = entry.byAction.get(action);
          if (index === undefined) {
            index = emptyIndex();
            entry.byAction.set(action, index);
          }
          targets.push(index);
        }
        for (const index of new Set(targets)) for (const key of keys) addKey(index, key, rank);
      }
    });
    for (const [key, bucket] of this.buckets) {
      const name = key.slice(2);
      if (key.startsWith("u:")) this.byUser.set(name, bucket);
      else if (key.startsWith("r:")) this.byRole.set(name, bucket);
      else if (key.startsWith("g:")) this.byGroup.set(name, bucket);
    }
    // A literal pattern also matches its text plus one trailing `/` (minimatch).
    for (const action of [...this.actions.keys()]) {
      if (!this.actions.has(`${action}/`)) this.actions.set(`${action}/`, this.actions.size);
    }
    let next = 0;
    const classFor = (id: string): ResourceClass => {
      const exact = [id, ...(id.endsWith("/") ? [id.slice(0, -1)] : [])].filter((k) => exactKeys.has(k));
      const segment = segmentOf(id);
      return { id: next++, exact, segment: segment !== null && segmentKeys.has(segment) ? segment : null };
    };
    for (const key of exactKeys) {
      for (const id of [key, `${key}/`]) if (!this.#exactClasses.has(id)) this.#exactClasses.set(id, classFor(id));
    }
    for (const key of segmentKeys) this.#segmentClasses.set(key, { id: next++, exact: [], segment: key });
    this.noClass = { id: next++, exact: [], segment: null };
    this.classCount = next;
  }

  /** The class of a resource id (which index keys it hits), and more. Memoized (bounded). */
  classOf(id: string): ResourceInfo {
    const known = this.#seen.get(id);
    if (known !== undefined) return known;
    const cls = this.#classify(id);
    const segment = cls.segment;
    const info: ResourceInfo = {
      cls,
      clsId: cls.id,
      segment,
      segmentStar: segment !== null && matchPrefixStar(id, segment, isDottySegment(segment)),
      object: Object.freeze({ id }),
    };
    if (this.#seen.size >= MAX_SEEN_IDS) this.#seen.clear();
    this.#seen.set(id, info);
    return info;
  }

  /** The segment key equal to `prefix` (the index's own string object), else `prefix`. */
  intern(prefix: string): string {
    return this.#segmentClasses.get(prefix)?.segment ?? prefix;
  }

  #classify(id: string): ResourceClass {
    const exact = this.#exactClasses.get(id);
    if (exact !== undefined) return exact;
    const slash = id.indexOf("/");
    if (slash >= 0) return this.#segmentClasses.get(id.slice(0, slash + 1)) ?? this.noClass;
    return this.noClass;
  }
}

function emptyIndex(): ResourceIndex {
  return { exact: new Map(), segment: new Map(), rest: [] };
}

type ResourceKey = { kind: "exact"; key: string } | { kind: "segment"; key: string } | { kind: "rest" };

function segmentOf(text: string): string | null {
  const slash = text.indexOf("/");
  return slash < 0 ? null : text.slice(0, slash + 1);
}

/** Where a policy's resource patterns go in a ResourceIndex. */
function resourceKeys(policy: Policy): ResourceKey[] {
  if (policy.resource.kind === "AnyPattern") return [{ kind: "rest" }];
  return policy.resource.patterns.map((pattern): ResourceKey => {
    const split = splitTemplate(pattern.value);
    // An interpolation can err for any resource id, so such patterns are always candidates.
    if (!split.ok || split.interpolated) return { kind: "rest" };
    if (isLiteralPattern(pattern.value)) return { kind: "exact", key: pattern.value };
    // A matching id starts with the literal text before any glob syntax.
    const segment = segmentOf(literalPrefix(pattern.value));
    return segment === null ? { kind: "rest" } : { kind: "segment", key: segment };
  });
}

function addKey(index: ResourceIndex, key: ResourceKey, rank: number): void {
  if (key.kind === "rest") {
    pushOnce(index.rest, rank);
    return;
  }
  const map = key.kind === "exact" ? index.exact : index.segment;
  let list = map.get(key.key);
  if (list === undefined) {
    list = [];
    map.set(key.key, list);
  }
  pushOnce(list, rank);
}

/** Ranks arrive in ascending order, so a duplicate can only be the last element. */
function pushOnce(list: number[], rank: number): void {
  if (list[list.length - 1] !== rank) list.push(rank);
}

function bucketsOf(policy: Policy): string[] {
  if (policy.subject.kind === "AnySubject") return [ANY_SUBJECT];
  const keys = new Set<string>();
  for (const alternative of policy.subject.alternatives) {
    const [each, any] =
      alternative.attribute === "user"
        ? [bucketKey.user, bucketKey.anyUser]
        : alternative.attribute === "role"
          ? [bucketKey.role, bucketKey.anyRole]
          : [bucketKey.group, bucketKey.anyGroup];
    keys.add(any);
    for (const name of alternative.names) keys.add(each(name.value));
  }
  return [...keys];
}
