/**
 * Whether one policy's targets match every request another's match (and err no less
 * often): the basis of shadowing. Exact for `*`, literal patterns and role inclusion;
 * for two globs only the cases that are certain (same text, or `prefix*` inside
 * `prefix*`); answers "no" whenever unsure, so a finding is never wrong.
 */
import { globMatches, isLiteralGlob, literalPrefix } from "../../attributes/resource-match.js";
import type { PatternTarget, SubjectAttribute, SubjectTarget } from "../../model/ast.js";
import type { PolicySet } from "../../model/policy-set.js";

/**
 * Role names held at most in one set's memoized closures. A chain of N roles has
 * closures of N²/2 names in all: past this budget a closure is computed afresh (O(its
 * size)) rather than kept, so the memo stays a few MB while the common case — a few
 * small closures asked for again and again — is still answered from it.
 */
const MAX_MEMO_NAMES = 100_000;

interface Memo {
  readonly closures: Map<string, ReadonlySet<string>>;
  names: number;
}

const CLOSURES = new WeakMap<PolicySet, Memo>();

/** Every role a role holder also holds through `includes`, itself included (memoized per set, bounded). */
export function roleClosure(set: PolicySet, role: string): ReadonlySet<string> {
  let memo = CLOSURES.get(set);
  if (memo === undefined) {
    memo = { closures: new Map(), names: 0 };
    CLOSURES.set(set, memo);
  }
  let closure = memo.closures.get(role);
  if (closure === undefined) {
    closure = computeClosure(set, role);
    if (memo.names + closure.size <= MAX_MEMO_NAMES) {
      memo.closures.set(role, closure);
      memo.names += closure.size;
    }
  }
  return closure;
}

function computeClosure(set: PolicySet, role: string): Set<string> {
  const seen = new Set<string>([role]);
  const pending = [role];
  while (pending.length > 0) {
    const decl = set.roles.get(pending.pop() as string);
    for (const included of decl?.includes ?? []) {
      if (!seen.has(included.value)) {
        seen.add(included.value);
        pending.push(included.value);
      }
    }
  }
  return seen;
}

function patternCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer.includes("${") || inner.includes("${")) return false;
  if (isLiteralGlob(inner)) return globMatches(inner, outer);
  // `tool:*` covers `tool:read_*`: same single trailing `*`, longer prefix without `/`.
  const simple = /^[^*?[\]{}\\]*\*$/;
  if (simple.test(outer) && simple.test(inner)) {
    const po = literalPrefix(outer);
    const pi = literalPrefix(inner);
    return pi.startsWith(po) && !pi.slice(po.length).includes("/") && pi !== "" && !(po === "" && (pi === "." || pi === ".."));
  }
  return false;
}

/** `outer` matches every string `inner` matches (and errs on none of them). */
export function patternsCover(outer: PatternTarget, inner: PatternTarget): boolean {
  if (outer.kind === "AnyPattern") return true;
  if (inner.kind === "AnyPattern") return false;
  if (outer.patterns.some((p) => p.value.includes("${"))) {
    // An interpolated outer pattern can err; only an identical list is safe.
    return inner.patterns.every((i) => outer.patterns.some((o) => o.value === i.value));
  }
  return inner.patterns.every((i) => outer.patterns.some((o) => patternCovers(o.value, i.value)));
}

function names(target: SubjectTarget, attribute: SubjectAttribute): string[] {
  if (target.kind === "AnySubject") return [];
  return target.alternatives.filter((a) => a.attribute === attribute).flatMap((a) => a.names.map((n) => n.value));
}

export function attributesOf(target: SubjectTarget): Set<SubjectAttribute> {
  return new Set(target.kind === "AnySubject" ? [] : target.alternatives.map((a) => a.attribute));
}

/** `outer` matches every subject `inner` matches (errors in the same fields). */
export function subjectCovers(set: PolicySet, outer: SubjectTarget, inner: SubjectTarget): boolean {
  if (outer.kind === "AnySubject") return true;
  if (inner.kind === "AnySubject") return false;
  for (const alt of inner.alternatives) {
    const outerNames = new Set(names(outer, alt.attribute));
    for (const name of alt.names) {
      const ok = alt.attribute === "role" ? [...roleClosure(set, name.value)].some((r) => outerNames.has(r)) : outerNames.has(name.value);
      if (!ok) return false;
    }
  }
  return true;
}
