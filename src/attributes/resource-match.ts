/**
 * Which resource entries of a schema a request or a policy target concerns. Exact ids
 * compare with `===`; globs use the language's glob dialect (spec §4.1).
 */
import { compileLinearGlob } from "../evaluate/linear-glob.js";
import { GLOB_OPTIONS } from "../model/glob.js";
import type { PatternTarget } from "../model/ast.js";
import type { ResourceEntry } from "./schema.js";

const MAGIC = /[*?[\]{}\\]|\$\{/;

/**
 * Compiled globs, bounded: schemas and policy sets reuse a few patterns many times.
 * Matching runs without backtracking (request resource ids come from clients).
 */
type Matcher = (input: string) => boolean;
const MATCHERS = new Map<string, Matcher | null>();
const MAX_MATCHERS = 4096;

function matcher(glob: string): Matcher | null {
  let m = MATCHERS.get(glob);
  if (m === undefined) {
    try {
      m = compileLinearGlob(glob, GLOB_OPTIONS);
    } catch {
      m = null;
    }
    if (MATCHERS.size >= MAX_MATCHERS) MATCHERS.clear();
    MATCHERS.set(glob, m);
  }
  return m;
}

export function globMatches(text: string, glob: string): boolean {
  try {
    return matcher(glob)?.(text) ?? false;
  } catch {
    return false;
  }
}

/** Whether the glob has any wildcard (or interpolation); if not it names one string. */
export function isLiteralGlob(glob: string): boolean {
  return !MAGIC.test(glob);
}

/**
 * The entries of one list, indexed for `entriesForId`: exact ids by id, globs by their
 * literal prefix (every id a glob matches starts with it), each glob compiled once. A
 * lookup tries one bucket per distinct prefix length, not every entry: test setup and
 * request validation look up every id of a schema inferred from thousands of policies.
 */
class EntryIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly globs = new Map<string, { at: number; test: Matcher | null }[]>();
  private readonly prefixLengths: number[];
  readonly size: number;

  constructor(private readonly entries: readonly ResourceEntry[]) {
    this.size = entries.length;
    const lengths = new Set<number>();
    for (const [at, entry] of entries.entries()) {
      if (entry.exact) {
        const list = this.exact.get(entry.pattern);
        if (list === undefined) this.exact.set(entry.pattern, [at]);
        else list.push(at);
        continue;
      }
      const prefix = literalPrefix(entry.pattern);
      let test: Matcher | null;
      try {
        test = compileLinearGlob(entry.pattern, GLOB_OPTIONS);
      } catch {
        test = null;
      }
      const list = this.globs.get(prefix);
      if (list === undefined) this.globs.set(prefix, [{ at, test }]);
      else list.push({ at, test });
      lengths.add(prefix.length);
    }
    this.prefixLengths = [...lengths];
  }

  /** Entries matching `id`, in the order of the list (as `entries.filter` gives them). */
  lookup(id: string): ResourceEntry[] {
    const found: number[] = [...(this.exact.get(id) ?? [])];
    for (const length of this.prefixLengths) {
      if (length > id.length) continue;
      for (const { at, test } of this.globs.get(id.slice(0, length)) ?? []) {
        let hit = false;
        try {
          hit = test?.(id) ?? false;
        } catch {
          hit = false;
        }
        if (hit) found.push(at);
      }
    }
    if (found.length > 1) found.sort((a, b) => a - b);
    return found.map((at) => this.entries[at] as ResourceEntry);
  }
}

/** One index per entry list (a schema's `resources` never changes once loaded). */
const INDEXES = new WeakMap<readonly ResourceEntry[], EntryIndex>();

/** Entries whose id pattern matches this resource id (in their order in `entries`). */
export function entriesForId(entries: readonly ResourceEntry[], id: string): ResourceEntry[] {
  let index = INDEXES.get(entries);
  // A list changed since it was indexed (callers may build their own): indexed again.
  if (index === undefined || index.size !== entries.length) {
    index = new EntryIndex(entries);
    INDEXES.set(entries, index);
  }
  return index.lookup(id);
}

/** The text before the first wildcard: every string a glob matches starts with it. */
export function literalPrefix(glob: string): string {
  // minimatch turns an escaped `|` into a regex alternation (`a\\|b*` matches "bd").
  if (glob.includes("\\|")) return "";
  const at = glob.search(MAGIC);
  return at < 0 ? glob : glob.slice(0, at);
}

/** `${subject.x}` becomes `*` so that an interpolated pattern is judged by its shape. */
function withoutInterpolation(glob: string): string {
  return glob.replace(/\$\{[^}]*\}/g, "*");
}

/**
 * Whether some string could match both globs. Exact when either side is literal;
 * otherwise compares literal prefixes, so it may say yes for disjoint globs, never no
 * for overlapping ones.
 */
export function globsMayOverlap(a: string, b: string): boolean {
  const x = withoutInterpolation(a);
  const y = withoutInterpolation(b);
  if (isLiteralGlob(x)) return isLiteralGlob(y) ? x === y : globMatches(x, y);
  if (isLiteralGlob(y)) return globMatches(y, x);
  const px = literalPrefix(x);
  const py = literalPrefix(y);
  return px.startsWith(py) || py.startsWith(px);
}

/** Whether a declared entry may be named by one pattern of a policy. */
export function entryMayMatchPattern(entry: ResourceEntry, pattern: string): boolean {
  if (entry.exact) return globMatches(entry.pattern, withoutInterpolation(pattern)) || entry.pattern === pattern;
  return globsMayOverlap(pattern, entry.pattern);
}

/** Entries a `resource` target may concern. */
export function entriesForTarget(entries: readonly ResourceEntry[], target: PatternTarget): ResourceEntry[] {
  if (target.kind === "AnyPattern") return [...entries];
  return entries.filter((e) => target.patterns.some((p) => entryMayMatchPattern(e, p.value)));
}

/** Whether an action glob (from `arguments`) may concern an `action` target. */
export function actionMayMatch(actionGlob: string, target: PatternTarget): boolean {
  if (target.kind === "AnyPattern") return true;
  return target.patterns.some((p) => globsMayOverlap(p.value, actionGlob));
}
