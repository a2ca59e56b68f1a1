/**
 * The workload's semantics (deny-overrides, default deny) as a direct, unindexed scan:
 * the expected decision and classification of each request, against which every engine
 * is checked before it is timed.
 */
import type { BenchRequest, GenericPolicy, GenericPolicySet, RequestClass } from "./types.js";

function matches(rule: GenericPolicy, req: BenchRequest): boolean {
  if (rule.action !== req.action || rule.area !== req.resource.area) return false;
  if (!req.subject.roles.includes(rule.role)) return false;
  const c = rule.condition;
  if (c === null) return true;
  if (c.type === "clearanceGteSensitivity") return req.subject.clearance >= req.resource.sensitivity;
  return req.env.hour < c.value;
}

/** Which kinds of rules match the request. */
export function classify(set: GenericPolicySet, req: BenchRequest): RequestClass {
  let allow = false;
  let deny = false;
  for (const rule of set.policies) {
    if (!matches(rule, req)) continue;
    if (rule.effect === "allow") allow = true;
    else deny = true;
  }
  if (deny) return allow ? "deny-override" : "deny-only";
  return allow ? "allow" : "no-match";
}

export interface Expectations {
  /** `allowed` per request, in stream order. */
  decisions: boolean[];
  counts: Record<RequestClass, number>;
}

export function expectedDecisions(set: GenericPolicySet, requests: readonly BenchRequest[]): Expectations {
  const counts: Record<RequestClass, number> = {
    allow: 0,
    "deny-override": 0,
    "deny-only": 0,
    "no-match": 0,
  };
  const decisions = requests.map((req) => {
    const cls = classify(set, req);
    counts[cls]++;
    return cls === "allow";
  });
  return { decisions, counts };
}
