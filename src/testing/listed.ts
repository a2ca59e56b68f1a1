/**
 * List visibility checks (`listed` in test files, `expectListed`): whether MCP lists show
 * an item is `engine.couldAllow` (some `env.arguments` could be allowed), with the
 * arguments the item's method can carry under `protect` (`mcpArgumentsShape`).
 */
import type { Engine } from "../engine.js";
import { mcpArgumentsShape } from "../model/arguments-search.js";
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
  const options = { arguments: typeof request.action === "string" ? mcpArgumentsShape(request.action) : "any" } as const;
  const actual = engine.couldAllow(request.subject, request.resource, request.action, request.env, options);
  if (actual === listed) return null;
  if (!actual) {
    // A malformed request is hidden whatever its arguments: say so.
    const refused = requestProblems(engine, request);
    return refused === null
      ? "expected listed, got hidden: no env.arguments can make this request allowed"
      : `expected listed, got hidden: the request is malformed (${refused})`;
  }
  let search: ReturnType<Engine["argumentsFor"]> | null = null;
  try {
    const withSearch = engine as Partial<Engine>;
    if (typeof withSearch.argumentsFor === "function") {
      search = withSearch.argumentsFor.call(engine, request.subject, request.resource, request.action, request.env, options);
    }
  } catch {
    // An engine that is not ours (a wrapper, a Proxy): no example, the message says so.
    search = null;
  }
  if (search?.outcome === "allowed") {
    const args = search.arguments === undefined ? "(none)" : printValue(search.arguments);
    return `expected hidden, got listed: allowed with env.arguments = ${args}`;
  }
  return "expected hidden, got listed: some env.arguments may be allowed (not decided exactly: see couldAllow in docs/mcp.md)";
}

/** Why `evaluate` calls the request malformed (its four arguments' shapes), or null. */
function requestProblems(engine: PolicyEngine, request: ListedRequest): string | null {
  const decision = engine.evaluate(request.subject, request.resource, request.action, request.env);
  const problems = decision.errors.filter((e) => e.policy === null && e.message.startsWith("malformed"));
  return problems.length === 0 ? null : problems.map((e) => e.message).join("; ");
}
