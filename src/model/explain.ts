/** What `engine.explain` returns: why a decision came out as it did. */
import type { Decision } from "./decision.js";
import type { Effect } from "./ast.js";

/** One test's outcome. `skipped`: not evaluated (targets false, or short-circuit). */
export type TestOutcome =
  | { readonly status: "true" }
  | { readonly status: "false" }
  | { readonly status: "error"; readonly message: string }
  | { readonly status: "skipped" };

/** One `when`/`unless` of a policy in an explanation: its text, its value or error, and whether it was evaluated. */
export interface ConditionExplanation {
  readonly mode: "when" | "unless";
  /** The condition as canonical text. */
  readonly text: string;
  /** The value of the expression itself (for `unless`, the test is its negation). */
  readonly outcome: TestOutcome;
  readonly line: number;
  readonly column: number;
}

/** One policy in an explanation: where it is, whether each target matched, each condition, and whether it applied or decided. */
export interface PolicyExplanation {
  readonly policy: string;
  readonly source?: string;
  readonly line: number;
  readonly column: number;
  readonly effect: Effect;
  readonly priority: number;
  readonly targets: {
    readonly subject: TestOutcome;
    readonly action: TestOutcome;
    readonly resource: TestOutcome;
  };
  readonly conditions: readonly ConditionExplanation[];
  /** Per spec §5 step 2. */
  readonly applies: boolean;
  /** This policy is the deciding one. */
  readonly decisive: boolean;
}

/** Why a request got its Decision (`engine.explain`, `mcpolicy eval --explain`): every policy, in set order. */
export interface Explanation {
  readonly decision: Decision;
  /** Every policy of the set, in set order. */
  readonly policies: readonly PolicyExplanation[];
  /** One-paragraph human summary of how the decision was reached. */
  readonly summary: string;
}
