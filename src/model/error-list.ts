/**
 * A decision's `errors`, bounded. Spec §5 fixes only whether the list is empty; which
 * entries it holds beyond that is informative. A set of 30,000 policies erring on one
 * request made 30,000 entries per decision (1.6 ms, and as much in every audit record),
 * so a list holds at most MAX_LISTED_ERRORS entries, then one last entry (policy null)
 * that counts the errors not listed. Both evaluators build their lists with `addError`.
 */
import type { EvaluationError } from "./decision.js";

/** Errors listed in one Decision before the rest are only counted. */
export const MAX_LISTED_ERRORS = 100;

/** The count behind each "not listed" entry (only lists past the bound have one). */
const notListed = new WeakMap<EvaluationError, { count: number }>();

/** Adds `error` to `errors`, or counts it in the last entry once MAX_LISTED_ERRORS are listed. */
export function addError(errors: EvaluationError[], error: EvaluationError): void {
  if (errors.length < MAX_LISTED_ERRORS) {
    errors.push(error);
    return;
  }
  const last = errors[MAX_LISTED_ERRORS];
  const tally = last === undefined ? undefined : notListed.get(last);
  const count = (tally?.count ?? 0) + 1;
  const entry: EvaluationError = { policy: null, message: `${count} more evaluation error${count === 1 ? "" : "s"} not listed` };
  notListed.set(entry, { count });
  errors[MAX_LISTED_ERRORS] = entry;
}
