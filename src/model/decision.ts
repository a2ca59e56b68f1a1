/** The result of a decision (spec §5). */
export type DecisionEffect = "allow" | "deny" | "notapplicable";

/** An error met while deciding (spec §5): the policy it occurred in (null for the request itself) and what went wrong. */
export interface EvaluationError {
  /** Name of the policy whose test erred; `null` for a malformed request. */
  readonly policy: string | null;
  /** Names the path or operator, e.g. "missing attribute subject.department". */
  readonly message: string;
}

/** The outcome of a request (spec §5): allowed, the effect, the deciding policy and every error that occurred. */
export interface Decision {
  /** `effect === "allow"`. */
  readonly allowed: boolean;
  readonly effect: DecisionEffect;
  /** Name of the deciding policy; `null` for notapplicable and malformed requests. */
  readonly policy: string | null;
  /** Evaluation errors; `[]` when none (spec §5 says exactly when it is non-empty). */
  readonly errors: readonly EvaluationError[];
}
