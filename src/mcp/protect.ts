/**
 * `protect(server, engine, options)`: puts every protected MCP request of an
 * `@modelcontextprotocol/sdk` (v1) `McpServer` or low-level `Server` through the engine
 * (intercept.ts: how; authorizer.ts: what is decided). The v2 line: `mcpolicy/mcp/v2`.
 */
import type { PolicyEngine } from "../model/engine.js";
import { type Handler, methodField, type RequestExtra } from "./authorizer.js";
import {
  clientInfoOf,
  lowLevelOf,
  NO_ANNOTATIONS,
  protectServerHandlers,
  registryAnnotations,
  registryHasTemplate,
} from "./intercept.js";
import { isProtectedMethod } from "./naming.js";
import { authorizerFor, type ProtectOptions, type Protection } from "./options.js";
import { scopeChallengeMiddleware } from "./scope-challenge.js";
import { MCP_SERVER_UNKNOWN_ANSWERS, SPEC_UNKNOWN_ANSWERS, V1_ERRORS } from "./v1-answers.js";

export type { ProtectOptions, Protection } from "./options.js";

/**
 * Puts every `tools/*`, `resources/*`, `prompts/*` and `completion/complete` request of
 * `server` through `engine`. Call it before registering tools, prompts and resources
 * (registering first works too, for handlers the SDK keeps in its usual place).
 * Throws if the server is already protected or cannot be protected safely.
 */
export function protect(server: object, engine: PolicyEngine, options: ProtectOptions = {}): Protection {
  const { lowLevel, isMcpServer } = lowLevelOf(server, "@modelcontextprotocol/sdk");
  const authorizer = authorizerFor(engine, options, {
    unknown: isMcpServer ? MCP_SERVER_UNKNOWN_ANSWERS : SPEC_UNKNOWN_ANSWERS,
    toolAnnotations: isMcpServer ? registryAnnotations(server) : () => NO_ANNOTATIONS,
    ...(isMcpServer ? { resourceTemplateRegistered: registryHasTemplate(server) } : {}),
    clientInfo: clientInfoOf(lowLevel),
    errors: V1_ERRORS,
  });
  // v1 handlers are `(request, extra)`; `extra` carries `authInfo` and `sessionId`.
  const wrap = (handler: Handler): Handler =>
    function authorized(request, extra) {
      const method = methodField(request);
      if (!isProtectedMethod(method)) return handler(request, extra);
      return authorizer.handle(method, request, extra as RequestExtra, handler);
    };
  protectServerHandlers(server, lowLevel, isMcpServer, wrap, ([schema, handler, ...rest]) => [
    schema,
    typeof handler === "function" ? wrap(handler as Handler) : handler,
    ...rest,
  ]);
  return {
    engine,
    subjectOf: (authInfo) => authorizer.subjectOf(authInfo),
    scopeChallenge: (challengeOptions) => scopeChallengeMiddleware(authorizer, challengeOptions),
  };
}
