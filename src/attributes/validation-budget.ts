/**
 * A bound on the work of validating one request value against an attribute schema.
 * A definition that reaches itself through several applicators at once — a tree node
 * checked by `properties` and again by an `anyOf` branch declaring the same member — is
 * visited twice per level, so ajv's work doubles with each level of the value: a request
 * of a few hundred bytes nested 26 deep took 7 s. Every definition of the document
 * counts its visits (the `mcpolicyStep` keyword, added to each at load); past the budget
 * every visit fails, so the value is refused (fail closed) and the rest collapses at once.
 */
import type { KeywordDefinition, ValidateFunction } from "ajv";

/** Definition visits one validation may make: ≈ 30 ms of ajv's work at worst. */
export const MAX_VALIDATION_STEPS = 200_000;

/** The keyword that counts, added as `mcpolicyStep: true` to every definition. */
export const STEP_KEYWORD = "mcpolicyStep";

let left = MAX_VALIDATION_STEPS;

export const stepKeyword: KeywordDefinition = {
  keyword: STEP_KEYWORD,
  schemaType: "boolean",
  errors: true,
  validate: function step(): boolean {
    if (--left >= 0) return true;
    (step as { errors?: unknown[] }).errors = [
      {
        keyword: STEP_KEYWORD,
        message: `is too costly to validate (more than ${MAX_VALIDATION_STEPS.toLocaleString("en-US")} definition visits)`,
        params: {},
      },
    ];
    return false;
  },
};

/** `validate` with a fresh budget on each call (validation is synchronous: one at a time). */
export function withBudget(validate: ValidateFunction): ValidateFunction {
  const budgeted = function (this: unknown, data: unknown): boolean {
    left = MAX_VALIDATION_STEPS;
    try {
      return validate.call(this, data) as boolean;
    } finally {
      budgeted.errors = validate.errors;
    }
  } as ValidateFunction;
  budgeted.schema = validate.schema;
  budgeted.schemaEnv = validate.schemaEnv;
  return budgeted;
}
