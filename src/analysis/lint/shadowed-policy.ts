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

/** Index lists (each ascending) whose union holds every possible shadower of one policy. */
type Lists = readonly (readonly number[])[];

/**
 * Candidate shadowers by subject: only unconditional policies can shadow, and only
 * those whose subject clause is `*` or names something P's subject clause can meet (a
 * role P names or one it includes, the same user or group).
 */
class SubjectCandidates {
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

  for(p: Policy): Lists {
    const lists = [this.#any];
    if (p.subject.kind === "AnySubject") return lists;
    for (const alt of p.subject.alternatives) {
      for (const name of alt.names) {
        const reach = alt.attribute === "role" ? roleClosure(this.set, name.value) : [name.value];
        for (const r of reach) {
          const at = this.#byName.get(`${alt.attribute}\u0000${r}`);
          if (at !== undefined) lists.push(at);
        }
      }
    }
    return lists;
  }
}

/**
 * Candidate shadowers by action or by resource: Q can cover P only if P's first prefix
 * extends one of Q's (`mayCover`), so Q is found under one of the prefixes of that
 * string. Unconditional policies only, as by subject.
 */
class PrefixCandidates {
  /** Policies with `*` here: candidates for every P. */
  readonly #any: number[] = [];
  readonly #byPrefix = new Map<string, number[]>();
  /**
   * The lengths of the prefixes indexed, ascending: P's first prefix is cut at those
   * only, not at each of its characters (a 1,000-character action was a million
   * characters hashed per policy).
   */
  readonly #lengths: number[];

  constructor(policies: readonly Policy[], prefixLists: readonly (readonly string[] | null)[]) {
    prefixLists.forEach((list, j) => {
      if ((policies[j] as Policy).conditions.length > 0) return;
      if (list === null) this.#any.push(j);
      else
        for (const prefix of new Set(list)) {
          const at = this.#byPrefix.get(prefix);
          if (at === undefined) this.#byPrefix.set(prefix, [j]);
          else at.push(j);
        }
    });
    this.#lengths = [...new Set([...this.#byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  for(pPrefixes: readonly string[] | null): Lists {
    const lists = [this.#any];
    // P's patterns are `*`: only `*` covers them.
    const first = pPrefixes?.[0];
    if (first === undefined) return lists;
    for (const k of this.#lengths) {
      if (k > first.length) break;
      const at = this.#byPrefix.get(first.slice(0, k));
      if (at !== undefined) lists.push(at);
    }
    return lists;
  }
}

/**
 * The shortest of the candidate lists by subject, action and resource, merged and
 * ascending. Each holds every possible shadower (the loop's exact tests pick them out),
 * so the shortest will do: intersecting them cost as much as the longest, and with
 * thousands of policies of one action or one role that was every policy for every
 * policy (14.7 s at 8,000).
 */
function shortest(...sources: Lists[]): readonly number[] {
  let best: Lists = [];
  let bestCount = Number.POSITIVE_INFINITY;
  for (const lists of sources) {
    let count = 0;
    for (const list of lists) count += list.length;
    if (count < bestCount) {
      best = lists;
      bestCount = count;
    }
  }
  const filled = best.filter((list) => list.length > 0);
  if (filled.length <= 1) return filled[0] ?? [];
  return [...new Set(filled.flat())].sort((a, b) => a - b);
}

export const shadowedPolicy: LintRule = {
  name: "shadowed-policy",
  description: "policies that can never be decisive because an unconditional policy always wins over them",
  check: ({ set }) => {
    const out = [];
    const policies = set.policies;
    const actionPrefixes = policies.map((p) => prefixes(p.action));
    const resourcePrefixes = policies.map((p) => prefixes(p.resource));
    const bySubject = new SubjectCandidates(set, policies);
    const byAction = new PrefixCandidates(policies, actionPrefixes);
    const byResource = new PrefixCandidates(policies, resourcePrefixes);
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i] as Policy;
      const candidates = shortest(bySubject.for(p), byAction.for(actionPrefixes[i] ?? null), byResource.for(resourcePrefixes[i] ?? null));
      for (const j of candidates) {
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
