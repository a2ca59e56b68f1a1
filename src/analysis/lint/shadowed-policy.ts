/**
 * W0801 shadowed-policy: a policy that can never be decisive, because another policy
 * Q with no conditions applies whenever it does and always wins over it:
 *
 * - Q has a higher priority (either effect): the highest priority that applies decides;
 * - Q has the same priority and is a deny while P is an allow: deny wins a tie;
 * - Q has the same priority and effect and comes first in set order: the first decides.
 *
 * "Applies whenever P does" needs care with errors (spec §5): an erring target makes a
 * deny apply but not an allow. So an allow Q must have targets that cannot err where
 * P's hold: subject `*`, or P an allow whose subject clause tests the same single
 * attribute (P holding proves that field well formed). A deny Q applies even when its
 * targets err. Interpolated patterns cover only themselves, and an allow Q with one
 * covers only an allow P (when the interpolation errs, a deny P still applies).
 */
import { diagnosticAt } from "../../errors.js";
import type { Policy } from "../../model/ast.js";
import type { PolicySet } from "../../model/policy-set.js";
import { literalPrefix } from "../../attributes/resource-match.js";
import type { LintRule } from "./rule.js";
import { attributesOf, patternsCover, roleClosure, subjectCovers } from "./target-cover.js";

function errorFreeFor(q: Policy, p: Policy): boolean {
  if (q.effect === "deny") return true;
  // An allow Q whose resource pattern interpolates errs where the subject's value is
  // unusable (missing, holding `/`), and then does not apply — while a deny P with that
  // same pattern applies, erring. Only an allow P errs (and stays out) alike.
  if (interpolates(q.resource) && p.effect !== "allow") return false;
  if (q.subject.kind === "AnySubject") return true;
  const qa = attributesOf(q.subject);
  const pa = attributesOf(p.subject);
  return p.effect === "allow" && qa.size === 1 && pa.size === 1 && [...qa][0] === [...pa][0];
}

function interpolates(target: Policy["resource"]): boolean {
  return target.kind === "PatternList" && target.patterns.some((pattern) => pattern.value.includes("${"));
}

function covers(set: PolicySet, q: Policy, p: Policy): boolean {
  // Cheapest tests first: most pairs differ in action or resource.
  return (
    q.conditions.length === 0 &&
    patternsCover(q.action, p.action) &&
    patternsCover(q.resource, p.resource) &&
    errorFreeFor(q, p) &&
    subjectCovers(set, q.subject, p.subject)
  );
}

type Win = "priority" | "deny-tie" | "first";

/** Why `q` always beats `p` when both apply, or null. `qFirst`: q precedes p in set order. */
function beats(q: Policy, p: Policy, qFirst: boolean): Win | null {
  if (q.priority > p.priority) return "priority";
  if (q.priority < p.priority) return null;
  if (q.effect === "deny" && p.effect === "allow") return "deny-tie";
  if (q.effect === p.effect && qFirst) return "first";
  return null;
}

function reason(win: Win, q: Policy, p: Policy): string {
  if (win === "priority") return `has a higher priority (${q.priority} > ${p.priority})`;
  if (win === "deny-tie") return `is a deny at the same priority (${q.priority}), and deny wins a tie`;
  return "has the same effect and priority and comes first in set order";
}

/**
 * Candidate shadowers of a policy: only unconditional policies can shadow, and only
 * those whose subject clause is `*` or names something P's subject clause can meet
 * (a role P names or one it includes, the same user or group). Keeps the rule near
 * linear on large generated sets instead of comparing every pair.
 */
/**
 * Literal prefixes of a pattern list (null for `*`). Every string a glob matches starts
 * with its literal prefix, so Q can cover P only if each of P's prefixes extends one of
 * Q's: a cheap filter before the exact test.
 */
function prefixes(target: Policy["resource"]): readonly string[] | null {
  return target.kind === "AnyPattern" ? null : target.patterns.map((p) => literalPrefix(p.value.replace(/\$\{[^}]*\}/g, "*")));
}

function mayCover(outer: readonly string[] | null, inner: readonly string[] | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return inner.every((i) => outer.some((o) => i.startsWith(o)));
}

class Candidates {
  readonly #any: number[] = [];
  readonly #byName = new Map<string, number[]>();

  constructor(
    private readonly set: PolicySet,
    policies: readonly Policy[],
  ) {
    policies.forEach((q, j) => {
      if (q.conditions.length > 0) return;
      if (q.subject.kind === "AnySubject") this.#any.push(j);
      else {
        for (const alt of q.subject.alternatives) {
          for (const name of alt.names) {
            const key = `${alt.attribute}\u0000${name.value}`;
            const list = this.#byName.get(key) ?? [];
            list.push(j);
            this.#byName.set(key, list);
          }
        }
      }
    });
  }

  for(p: Policy): readonly number[] {
    if (p.subject.kind === "AnySubject") return this.#any;
    // Common case (one name, no inclusion, no `subject *` policy): the list as indexed.
    const [only] = p.subject.alternatives;
    if (this.#any.length === 0 && p.subject.alternatives.length === 1 && only !== undefined && only.names.length === 1) {
      const name = only.names[0]?.value ?? "";
      if (only.attribute !== "role" || roleClosure(this.set, name).size === 1) return this.#byName.get(`${only.attribute}\u0000${name}`) ?? [];
    }
    const out = new Set(this.#any);
    for (const alt of p.subject.alternatives) {
      for (const name of alt.names) {
        const reach = alt.attribute === "role" ? roleClosure(this.set, name.value) : [name.value];
        for (const r of reach) for (const j of this.#byName.get(`${alt.attribute}\u0000${r}`) ?? []) out.add(j);
      }
    }
    return [...out].sort((a, b) => a - b);
  }
}

/**
 * Candidates by action: Q can cover P only if P's first action prefix extends one of
 * Q's (`mayCover`), so Q is found under one of the prefixes of that string. With many
 * unconditional `subject *` policies of distinct actions, the subject candidates are
 * every policy: without this, the rule compared all pairs (18.8 s at 30,000).
 */
class ActionCandidates {
  /** Policies with `action *`: candidates for every P. */
  readonly #any: number[] = [];
  readonly #byPrefix = new Map<string, number[]>();

  constructor(actionPrefixes: readonly (readonly string[] | null)[]) {
    actionPrefixes.forEach((list, j) => {
      if (list === null) this.#any.push(j);
      else
        for (const prefix of new Set(list)) {
          const at = this.#byPrefix.get(prefix);
          if (at === undefined) this.#byPrefix.set(prefix, [j]);
          else at.push(j);
        }
    });
  }

  /** `subjectCandidates` (ascending) that may also cover P's actions, ascending. */
  narrow(subjectCandidates: readonly number[], pPrefixes: readonly string[] | null): readonly number[] {
    const first = pPrefixes?.[0];
    // P's actions are `*`: only `action *` covers them.
    const found = new Set(this.#any);
    if (first !== undefined) {
      for (let k = 0; k <= first.length; k++) for (const j of this.#byPrefix.get(first.slice(0, k)) ?? []) found.add(j);
    }
    if (found.size >= subjectCandidates.length) return subjectCandidates.filter((j) => found.has(j));
    // Fewer by action: look each up in the (ascending) subject candidates, not a Set of
    // them — built per policy, that Set was the quadratic part.
    return [...found].filter((j) => sortedHas(subjectCandidates, j)).sort((a, b) => a - b);
  }
}

/** Whether ascending `list` holds `value` (binary search). */
function sortedHas(list: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = list[mid] as number;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export const shadowedPolicy: LintRule = {
  name: "shadowed-policy",
  description: "policies that can never be decisive because an unconditional policy always wins over them",
  check: ({ set }) => {
    const out = [];
    const policies = set.policies;
    const candidates = new Candidates(set, policies);
    const actionPrefixes = policies.map((p) => prefixes(p.action));
    const resourcePrefixes = policies.map((p) => prefixes(p.resource));
    const byAction = new ActionCandidates(actionPrefixes);
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i] as Policy;
      for (const j of byAction.narrow(candidates.for(p), actionPrefixes[i] ?? null)) {
        if (i === j) continue;
        const q = policies[j] as Policy;
        if (!mayCover(actionPrefixes[j] ?? null, actionPrefixes[i] ?? null) || !mayCover(resourcePrefixes[j] ?? null, resourcePrefixes[i] ?? null)) continue;
        const win = beats(q, p, j < i);
        if (win === null || !covers(set, q, p)) continue;
        out.push(
          diagnosticAt(p.name.span, "W0801", `policy \`${p.name.value}\` can never be decisive: \`${q.name.value}\` applies whenever it does and ${reason(win, q, p)}`, {
            severity: "warning",
            help: `\`${q.name.value}\` has no conditions and its targets cover this policy's; remove one of them or narrow \`${q.name.value}\``,
            related: [{ message: `\`${q.name.value}\` is here`, ...(q.span.source !== undefined ? { source: q.span.source } : {}), line: q.name.span.start.line, column: q.name.span.start.column }],
          }),
        );
        break;
      }
    }
    return out;
  },
};
