/**
 * The reference interpreter: the spec (§4, §5) made executable, plainly — no caching,
 * no indexing. It is the oracle the compiled engine (src/compile/) is tested against,
 * so the two never import each other. Every entry point never throws: a failure of the
 * interpreter itself fails closed (deny) as a last resort.
 */
import type { Decision } from "../model/decision.js";
import type { Explanation } from "../model/explain.js";
import type { PolicySet } from "../model/policy-set.js";
import { evaluateSet } from "./decide.js";
import { explainEvaluation } from "./explain.js";
import type { ArgumentsSearch, ArgumentsShape } from "../model/arguments-search.js";
import { searchArgumentsSet } from "./partial.js";

const INTERNAL_ERROR = "internal error in the reference evaluator";

function failClosed(): Decision {
  return { allowed: false, effect: "deny", policy: null, errors: [{ policy: null, message: INTERNAL_ERROR }] };
}

/** Decides a request (spec §5). */
export function evaluateReference(
  set: PolicySet,
  subject: unknown,
  resource: unknown,
  action: unknown,
  env: unknown,
): Decision {
  try {
    return evaluateSet(set, subject, resource, action, env).decision;
  } catch {
    return failClosed();
  }
}

/** Decides a request and says why, policy by policy. */
export function explainReference(
  set: PolicySet,
  subject: unknown,
  resource: unknown,
  action: unknown,
  env: unknown,
): Explanation {
  try {
    return explainEvaluation(set, evaluateSet(set, subject, resource, action, env));
  } catch {
    return { decision: failClosed(), policies: [], summary: `denied: ${INTERNAL_ERROR}.` };
  }
}

/** Whether the decision could be `allow` for some value of `env.arguments` (sound). */
export function couldAllowReference(
  set: PolicySet,
  subject: unknown,
  resource: unknown,
  action: unknown,
  env: unknown,
  shape: ArgumentsShape = "any",
): boolean {
  // False only on a proof: a search that cannot tell (or fails) leaves the item usable.
  return searchArgumentsReference(set, subject, resource, action, env, shape).outcome !== "never";
}

/** Arguments that make the request allowed, a proof that none do, or unknown (see partial-witness.ts). */
export function searchArgumentsReference(
  set: PolicySet,
  subject: unknown,
  resource: unknown,
  action: unknown,
  env: unknown,
  shape: ArgumentsShape = "any",
): ArgumentsSearch {
  try {
    return searchArgumentsSet(set, subject, resource, action, env, shape);
  } catch {
    return { outcome: "unknown" };
  }
}
