/**
 * Whether a value can serve as a PolicyEngine for the integrations (`protect`, the
 * `mcpolicy/testing` helpers): checked where they are called, so passing something else
 * is a clear TypeError at once, not a crash deep inside a later request or test run.
 */
import type { PolicyEngine } from "./engine.js";

export function isPolicyEngine(value: unknown): value is PolicyEngine {
  if (typeof value !== "object" || value === null) return false;
  const engine = value as Partial<PolicyEngine>;
  return (
    typeof engine.evaluate === "function" &&
    typeof engine.couldAllow === "function" &&
    typeof engine.explain === "function" &&
    typeof engine.policySet === "object" &&
    engine.policySet !== null &&
    Array.isArray(engine.policySet.policies)
  );
}
