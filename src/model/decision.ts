/** The result of a decision (spec §5). */
export type DecisionEffect = "allow" | "deny" | "notapplicable";

export interface EvaluationError {
  /** Name of the policy whose test erred; `null` for a malformed request. */
  readonly policy: string | null;
  /** Names the path or operator, e.g. "missing attribute subject.department". */
  readonly message: string;
}

export interface Decision {
  /** `effect === "allow"`. */
  readonly allowed: boolean;
  readonly effect: DecisionEffect;
  /** Name of the deciding policy; `null` for notapplicable and malformed requests. */
  readonly policy: string | null;
  /** Evaluation errors; `[]` when none (spec §5 says exactly when it is non-empty). */
  readonly errors: readonly EvaluationError[];
}
