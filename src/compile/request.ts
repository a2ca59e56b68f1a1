/**
 * Request shape checks (spec §4, §5): a malformed request is never thrown, it yields a
 * deny Decision listing every problem.
 */
import type { Decision, EvaluationError } from "../model/decision.js";
import { isPlain, MISSING, readOwn } from "./values.js";

/** Every way the four arguments break spec §4; empty when the request is well-formed. */
export function requestProblems(subject: unknown, resource: unknown, action: unknown, env: unknown): EvaluationError[] {
  const problems: EvaluationError[] = [];
  const problem = (message: string) => problems.push({ policy: null, message });
  if (!safePlain(subject)) problem("malformed subject: expected a plain object");
  if (typeof resource !== "string") {
    if (!safePlain(resource)) problem("malformed resource: expected a string id or a plain object with a string `id`");
    else {
      const id = safeRead(resource, "id");
      if (typeof id !== "string") problem("malformed resource: `id` must be a string");
    }
  }
  if (typeof action !== "string") problem("malformed action: expected a string");
  if (env !== undefined && !safePlain(env)) problem("malformed env: expected a plain object or undefined");
  return problems;
}

/** The Decision for a malformed request. */
export function malformed(errors: readonly EvaluationError[]): Decision {
  return { allowed: false, effect: "deny", policy: null, errors };
}

function safePlain(value: unknown): value is object {
  try {
    return isPlain(value);
  } catch {
    return false;
  }
}

function safeRead(object: object, key: string): unknown {
  try {
    return readOwn(object, key);
  } catch {
    return MISSING;
  }
}
