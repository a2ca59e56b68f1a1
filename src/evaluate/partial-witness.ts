/**
 * The witness search behind `couldAllow`: try `env.arguments` values, one from every
 * region the conditions tell apart (argument-candidates.ts), and decide each exactly.
 *
 * A candidate that is allowed is a witness: `couldAllow` is then true, exactly. When the
 * candidates are complete and none is allowed, no value of `env.arguments` is: false,
 * exactly. Otherwise the search proves nothing and `couldAllow` stays true (sound).
 *
 * Only the policies that may decide are looked at: allows whose targets hold and whose
 * conditions could all be true, and denies whose targets are not false, of at least the
 * lowest such allow's priority. Every other policy applies for no arguments (an allow)
 * or cannot outrank one that does (a deny): leaving them out changes no decision.
 */
import type { Condition, Expr, Policy } from "../model/ast.js";
import { someExpr } from "../model/expr-walk.js";
import type { ArgumentsSearch, ArgumentsShape } from "../model/arguments-search.js";
import { ABSENT, ArgumentTree, type Candidate, candidates } from "./argument-candidates.js";
import { touchesArguments } from "./arguments-touch.js";
import { evaluateExpr } from "./expressions.js";

export type { ArgumentsSearch };
import { matchPatternMemo } from "./partial-template.js";
import type { Request } from "./request.js";
import { plainEntries } from "./values.js";

/** Candidates decided per search at most (each costs one evaluation of the deciding policies' conditions). */
export const MAX_WITNESS_CANDIDATES = 4096;
/**
 * Work per search: candidates × (expression nodes and list items of the open conditions
 * + the size of the values they compare with). Big conditions get fewer candidates, so a
 * search stays within a few milliseconds whatever the policies; past it, no proof.
 */
const SEARCH_BUDGET = 1_000_000;

/** One policy as the search needs it: its tests that do not read the arguments are already known. */
interface Live {
  readonly deny: boolean;
  readonly priority: number;
  /** Tests that read the arguments, evaluated per candidate. */
  readonly open: readonly Condition[];
}

/**
 * Searches `env.arguments` for (the request without its arguments). `allows` and
 * `denies`: the policies that may decide (see above), targets already known to hold
 * (allows) or not to be false (denies).
 */
export function searchArguments(
  allows: readonly Policy[],
  denies: readonly Policy[],
  request: Request,
  shape: ArgumentsShape = "any",
): ArgumentsSearch {
  const base = plainEntries(request.env);
  if (!base.ok) return { outcome: "unknown" };
  const entries = base.value.filter(([key]) => key !== "arguments");
  const live: Live[] = [];
  const tree = new ArgumentTree();
  for (const policy of [...allows, ...denies]) {
    const deny = policy.effect === "deny";
    const open: Condition[] = [];
    let excluded = false;
    for (const condition of policy.conditions) {
      if (touchesArguments(condition.expr)) {
        open.push(condition);
        continue;
      }
      // Known whatever the arguments: a false test rules the policy out; an error rules
      // out an allow and counts toward a deny.
      const test = testOf(condition, request);
      if (test === false || (test === null && !deny)) excluded = true;
    }
    if (excluded) continue;
    for (const condition of open) tree.add(condition.expr, request);
    live.push({ deny, priority: policy.priority, open });
  }
  if (!live.some((policy) => !policy.deny)) return { outcome: "never" };
  return searchWith(tree, live, request, entries, shape, (candidate) => allowedWith(live, candidate));
}

/**
 * Whether some `env.arguments` make one policy *apply* (an allow: every test true; a
 * deny: no test false), its conditions read against `request` otherwise. For `mcpolicy
 * lint`: a policy that applies for no arguments is dead. Targets are not looked at.
 */
export function searchApplying(policy: Policy, request: Request, shape: ArgumentsShape = "any"): ArgumentsSearch {
  const base = plainEntries(request.env);
  if (!base.ok) return { outcome: "unknown" };
  const entries = base.value.filter(([key]) => key !== "arguments");
  const deny = policy.effect === "deny";
  const open: Condition[] = [];
  const tree = new ArgumentTree();
  for (const condition of policy.conditions) {
    if (touchesArguments(condition.expr)) {
      open.push(condition);
      tree.add(condition.expr, request);
      continue;
    }
    const test = testOf(condition, request);
    if (test === false || (test === null && !deny)) return { outcome: "never" };
  }
  const live: Live = { deny, priority: policy.priority, open };
  return searchWith(tree, [live], request, entries, shape, (candidate) => applies(live, candidate));
}

/** Tries the candidates of `tree` until `accept` takes one (within the work budget). */
function searchWith(
  tree: ArgumentTree,
  live: readonly Live[],
  request: Request,
  entries: readonly [string, unknown][],
  shape: ArgumentsShape,
  accept: (request: Request) => boolean,
): ArgumentsSearch {
  // Each candidate costs about one evaluation of the open conditions: fewer when they are big.
  let cost = tree.work;
  for (const policy of live) for (const condition of policy.open) cost += sizeOfExpr(condition.expr);
  const limit = Math.max(1, Math.min(MAX_WITNESS_CANDIDATES, Math.floor(SEARCH_BUDGET / Math.max(1, cost))));
  // Likely witnesses first, before any region is worked out: each glob sample alone at
  // its path (`{ path: "/home/alice/x" }` for `path matches "/home/${subject.id}/**"`).
  for (const candidate of tree.sampleCandidates(shape)) {
    if (accept(withArguments(request, entries, candidate))) return { outcome: "allowed", arguments: candidate };
  }
  const { values, complete } = candidates(tree, limit, shape);
  for (const candidate of values) {
    if (accept(withArguments(request, entries, candidate))) {
      return { outcome: "allowed", arguments: candidate === ABSENT ? undefined : candidate };
    }
  }
  return complete ? { outcome: "never" } : { outcome: "unknown" };
}

/** The request with `env.arguments` replaced (or removed, for ABSENT). */
function withArguments(request: Request, entries: readonly [string, unknown][], candidate: Candidate): Request {
  const env: Record<string, unknown> = {};
  const define = (key: string, value: unknown) =>
    Object.defineProperty(env, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [key, value] of entries) define(key, value);
  if (candidate !== ABSENT) define("arguments", candidate);
  return { ...request, env };
}

/** Spec §5 over the live policies: allowed iff some allow applies above every deny that does. */
function allowedWith(live: readonly Live[], request: Request): boolean {
  let allow = Number.NEGATIVE_INFINITY;
  for (const policy of live) {
    if (!policy.deny && policy.priority > allow && applies(policy, request)) allow = policy.priority;
  }
  if (allow === Number.NEGATIVE_INFINITY) return false;
  for (const policy of live) {
    if (policy.deny && policy.priority >= allow && applies(policy, request)) return false;
  }
  return true;
}

/** An allow applies iff every test is true; a deny iff none is false (an error counts toward deny). */
function applies(policy: Live, request: Request): boolean {
  for (const condition of policy.open) {
    const test = testOf(condition, request);
    if (policy.deny ? test === false : test !== true) return false;
  }
  return true;
}

/** A condition's test: true, false, or null for an error (a non-boolean included). */
function testOf(condition: Condition, request: Request): boolean | null {
  const value = evaluateExpr(condition.expr, request, matchPatternMemo);
  if (!value.ok || typeof value.value !== "boolean") return null;
  return condition.mode === "when" ? value.value : !value.value;
}

/** Expression nodes, list items included (what one evaluation of a condition walks). */
function sizeOfExpr(expr: Expr): number {
  let size = 0;
  someExpr(expr, (node) => {
    size += node.kind === "List" ? 1 + node.items.length : 1;
    return false;
  });
  return size;
}
