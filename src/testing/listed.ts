/**
 * List visibility checks (`listed` in test files, `expectListed`): whether MCP lists show
 * an item is `engine.couldAllow` (some `env.arguments` could be allowed).
 */
import type { Engine } from "../engine.js";
import type { PolicyEngine } from "../model/engine.js";
import { printValue } from "./print-value.js";

export interface ListedRequest {
  readonly subject: unknown;
  readonly resource: unknown;
  readonly action: unknown;
  readonly env?: unknown;
}

/** Null when the item's visibility is `listed`; else why not, with arguments that would pass when known. */
export function listedProblem(engine: PolicyEngine, request: ListedRequest, listed: boolean): string | null {
  const actual = engine.couldAllow(request.subject, request.resource, request.action, request.env);
  if (actual === listed) return null;
  if (!actual) return "expected listed, got hidden: no env.arguments can make this request allowed";
  const search =
    typeof (engine as Partial<Engine>).argumentsFor === "function"
      ? (engine as Engine).argumentsFor(request.subject, request.resource, request.action, request.env)
      : null;
  if (search?.outcome === "allowed") {
    const args = search.arguments === undefined ? "(none)" : printValue(search.arguments);
    return `expected hidden, got listed: allowed with env.arguments = ${args}`;
  }
  return "expected hidden, got listed: some env.arguments may be allowed (not decided exactly: see couldAllow in docs/mcp.md)";
}
