/**
 * Index, then match (STYLE §8): policies by subject bucket (`*`, user, role, group),
 * then by action literal. Resource targets are decided per resource *id*, once: a new id
 * is tested against every policy whose resource patterns could match it (found by exact
 * id and by literal prefix), and ids that match the same policies share a *class*. So
 * the candidates for (subject buckets, action, class) hold only policies whose resource
 * target is already known to hold — or must still be evaluated, because it interpolates
 * the subject — and are merged once and memoized.
 */
import type { Policy } from "../model/ast.js";
import { splitTemplate } from "../model/template.js";
import type { CompiledPolicy } from "./compiled-policy.js";
import { isLiteralPattern, literalPrefix } from "./glob.js";
import { NumberListMap } from "../model/number-list-map.js";

/** The policy ranks of one bucket and action pattern, by what their resource clause is. */
export interface ActionRanks {
  /** Every rank here whose resource target is decided by the id alone (`CompiledPolicy.resourceKnown`). */
  readonly known: Set<number>;
  /** Ranks always to consider: `resource *` and targets that need the subject (interpolation). */
  readonly always: number[];
}

export interface Bucket {
  /** Numbers buckets for BucketSet signatures. */
  readonly id: number;
  /** By literal action pattern. */
  readonly byAction: Map<string, ActionRanks>;
  /** `action *` and non-literal action patterns: checked per request. */
  readonly otherAction: ActionRanks;
}

/**
 * Resource ids that match exactly the same id-decided policies. `matched` lists them
 * (ascending ranks); null for the overflow class, whose candidates are not pre-filtered
 * and whose resource targets are all evaluated per request.
 */
export interface ResourceClass {
  readonly id: number;
  readonly matched: readonly number[] | null;
}

/** What the index knows of one resource id (memoized per id). */
export interface ResourceInfo {
  readonly cls: ResourceClass;
  /** `cls.id`, kept here so the hot path reads one object. */
  readonly clsId: number;
  /** `{ id }`, the object form conditions see for a string resource (frozen, shared). */
  readonly object: object;
  /**
   * Whether every id of the class gets the same targets from every policy: not the
   * overflow class, and no policy whose target depends on more than the id (one with an
   * interpolated pattern) could match this id.
   */
  readonly shared: boolean;
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
/** Longer ids are classified on every request, never remembered (the memo's memory stays bounded). */
const MAX_REMEMBERED_ID = 1024;
/** Most literal actions `actionNumber` scans instead of hashing. */
const MAX_SCANNED_ACTIONS = 8;
/** Distinct classes; ids beyond them share the overflow class (correct, only slower). */
export const MAX_CLASSES = 4096;

export class PolicyIndex {
  readonly buckets = new Map<string, Bucket>();
  /** The same buckets by bare name, so a plan looks a subject's fields up without building keys. */
  readonly byUser = new Map<string, Bucket>();
  readonly byRole = new Map<string, Bucket>();
  readonly byGroup = new Map<string, Bucket>();
  /** Literal actions numbered; an unknown action gets `actions.size`. */
  readonly actions = new Map<string, number>();
  /** The literal actions in number order when few (scanning them beats hashing); else null. */
  readonly #actionList: readonly string[] | null;
  /** The class of ids the index could not classify (too many classes). */
  readonly overflow: ResourceClass = { id: 0, matched: null };
  readonly #policies: readonly CompiledPolicy[];
  /** Id-decided policies by literal pattern, and by the literal prefix of a glob pattern. */
  readonly #byExact = new Map<string, number[]>();
  readonly #byPrefix = new Map<string, number[]>();
  /** The distinct lengths of `#byPrefix` keys, ascending. */
  readonly #prefixLengths: number[];
  /** Literal prefixes of the patterns of policies whose target is not decided by the id. */
  readonly #dynamicPrefixes = new Set<string>();
  readonly #dynamicLengths: number[];
  /** Classes by their ranks (not joined into a string key: see NumberListMap). */
  readonly #classes = new NumberListMap<ResourceClass>();
  readonly #seen = new Map<string, ResourceInfo>();
  /** Classes made so far (the overflow class is 0). */
  classCount = 1;

  /** `policies` and `compiled` in rank order. */
  constructor(policies: readonly Policy[], compiled: readonly CompiledPolicy[]) {
    this.#policies = compiled;
    policies.forEach((policy, rank) => {
      const known = (compiled[rank] as CompiledPolicy).resourceKnown;
      if (known && policy.resource.kind === "PatternList") {
        for (const pattern of policy.resource.patterns) {
          const text = pattern.value;
          if (isLiteralPattern(text)) addRank(this.#byExact, text, rank);
          else addRank(this.#byPrefix, literalPrefix(text), rank);
        }
      }
      if (!known && policy.resource.kind === "PatternList") {
        for (const pattern of policy.resource.patterns) this.#dynamicPrefixes.add(literalPrefix(beforeInterpolation(pattern.value)));
      }
      const always = !known || policy.resource.kind === "AnyPattern";
      const actions = policy.action.kind === "AnyPattern" ? null : policy.action.patterns.map((p) => p.value);
      for (const key of bucketsOf(policy)) {
        let bucket = this.buckets.get(key);
        if (bucket === undefined) {
          bucket = { id: this.buckets.size, byAction: new Map(), otherAction: emptyRanks() };
          this.buckets.set(key, bucket);
        }
        const targets: ActionRanks[] = [];
        if (actions === null || actions.some((a) => !isLiteralPattern(a))) targets.push(bucket.otherAction);
        for (const action of actions ?? []) {
          if (!isLiteralPattern(action)) continue;
          if (!this.actions.has(action)) this.actions.set(action, this.actions.size);
          let ranks = bucket.byAction.get(action);
          if (ranks === undefined) {
            ranks = emptyRanks();
            bucket.byAction.set(action, ranks);
          }
          targets.push(ranks);
        }
        for (const ranks of new Set(targets)) {
          if (always) pushOnce(ranks.always, rank);
          else ranks.known.add(rank);
        }
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
    this.#actionList = this.actions.size <= MAX_SCANNED_ACTIONS ? [...this.actions.keys()].map(internalized) : null;
    this.#prefixLengths = lengthsOf(this.#byPrefix.keys());
    this.#dynamicLengths = lengthsOf(this.#dynamicPrefixes);
  }

  /** The number of a literal action (as `actions.get`), or undefined. */
  actionNumber(action: string): number | undefined {
    const list = this.#actionList;
    if (list === null) return this.actions.get(action);
    for (let i = 0; i < list.length; i++) if (list[i] === action) return i;
    return undefined;
  }

  /** The class of a resource id already classified (`classOf`), or undefined. */
  seenClass(id: string): ResourceInfo | undefined {
    return this.#seen.get(id);
  }

  /** The class of a resource id (which id-decided policies match it), and more. Memoized (bounded). */
  classOf(id: string): ResourceInfo {
    const known = this.#seen.get(id);
    if (known !== undefined) return known;
    const cls = this.#classify(id);
    let shared = cls !== this.overflow;
    for (const length of this.#dynamicLengths) {
      if (length > id.length || !shared) break;
      if (this.#dynamicPrefixes.has(id.slice(0, length))) shared = false;
    }
    const info: ResourceInfo = { cls, clsId: cls.id, object: Object.freeze({ id }), shared };
    if (id.length > MAX_REMEMBERED_ID) return info;
    if (this.#seen.size >= MAX_SEEN_IDS) this.#seen.clear();
    this.#seen.set(id, info);
    return info;
  }

  #classify(id: string): ResourceClass {
    // Every policy that could match: a literal pattern equal to the id (or to the id
    // without one trailing `/`), or a glob whose literal prefix starts the id.
    const candidates = new Set<number>();
    const collect = (ranks: readonly number[] | undefined) => {
      if (ranks !== undefined) for (const rank of ranks) candidates.add(rank);
    };
    collect(this.#byExact.get(id));
    if (id.endsWith("/")) collect(this.#byExact.get(id.slice(0, -1)));
    for (const length of this.#prefixLengths) {
      if (length > id.length) break;
      collect(this.#byPrefix.get(id.slice(0, length)));
    }
    const matched = [...candidates]
      .filter((rank) => (this.#policies[rank] as CompiledPolicy).resource(id, NO_SUBJECT) === true)
      .sort((a, b) => a - b);
    const known = this.#classes.get(matched);
    if (known !== undefined) return known;
    // Class ids start at 1 (0 is the overflow class).
    if (this.classCount > MAX_CLASSES) return this.overflow;
    const cls: ResourceClass = { id: this.classCount++, matched: Object.freeze(matched) };
    this.#classes.set(matched, cls);
    return cls;
  }
}

/** Id-decided resource tests never look at the subject. */
const NO_SUBJECT = Object.freeze({
  values: Object.freeze([]),
  glob: () => {
    throw new Error("an id-decided resource target read the subject");
  },
  reads: null as never,
});

/**
 * The same text as V8's internalized string, as property keys are: a request's action
 * is often one too (a string literal), and `===` then matches by identity instead of
 * comparing characters.
 */
function internalized(text: string): string {
  return Object.keys({ [text]: true })[0] ?? text;
}

/** The text before the first `${` (all of it when there is none). */
function beforeInterpolation(pattern: string): string {
  const at = pattern.indexOf("${");
  return at < 0 ? pattern : pattern.slice(0, at);
}

function lengthsOf(keys: Iterable<string>): number[] {
  return [...new Set([...keys].map((key) => key.length))].sort((a, b) => a - b);
}

function emptyRanks(): ActionRanks {
  return { known: new Set(), always: [] };
}

function addRank(map: Map<string, number[]>, key: string, rank: number): void {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  pushOnce(list, rank);
}

/** Ranks arrive in ascending order, so a duplicate can only be the last element. */
function pushOnce(list: number[], rank: number): void {
  if (list[list.length - 1] !== rank) list.push(rank);
}

/** Whether a resource clause can be decided from the id alone (no interpolation, no bad `${`). */
export function resourceDecidedById(policy: Policy): boolean {
  if (policy.resource.kind === "AnyPattern") return true;
  return policy.resource.patterns.every((pattern) => {
    const split = splitTemplate(pattern.value);
    return split.ok && !split.interpolated;
  });
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
