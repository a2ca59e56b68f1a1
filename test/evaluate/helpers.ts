/** Shorthands for evaluating one expression against a request in tests. */
import { expect } from "vitest";
import { evaluateExpr } from "../../src/evaluate/expressions.js";
import { type Request, validateRequest } from "../../src/evaluate/request.js";
import type { Result } from "../../src/evaluate/result.js";
import type { Expr } from "../../src/model/ast.js";

export interface RequestParts {
  subject?: unknown;
  resource?: unknown;
  action?: unknown;
  env?: unknown;
}

/** A validated request; defaults: subject `{ id: "alice" }`, resource `doc:1`, action `read`. */
export function request(parts: RequestParts = {}): Request {
  const result = validateRequest(
    "subject" in parts ? parts.subject : { id: "alice" },
    "resource" in parts ? parts.resource : "doc:1",
    "action" in parts ? parts.action : "read",
    parts.env,
  );
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The value of an expression. */
export function value(expr: Expr, parts: RequestParts = {}): Result<unknown> {
  return evaluateExpr(expr, request(parts));
}

/** Asserts the expression evaluates to exactly `expected`. */
export function expectValue(expr: Expr, parts: RequestParts, expected: unknown): void {
  expect(value(expr, parts)).toEqual({ ok: true, value: expected });
}

/** Asserts the expression errs, with a message containing `fragment`. */
export function expectError(expr: Expr, parts: RequestParts, fragment = ""): void {
  const result = value(expr, parts);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.message).toContain(fragment);
}
