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

/** Entries whose id pattern matches this resource id. */
export function entriesForId(entries: readonly ResourceEntry[], id: string): ResourceEntry[] {
  return entries.filter((e) => (e.exact ? e.pattern === id : globMatches(id, e.pattern)));
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
