/**
 * `protect(server, engine, options)` for the v2 line of the TypeScript SDK
 * (`@modelcontextprotocol/server`): the same interception (../intercept.ts) and the same
 * decisions (../authorizer.ts) as for v1. What differs: v2 registers handlers by method
 * name, `setRequestHandler(method, handler)` or, with custom schemas,
 * `setRequestHandler(method, schemas, handler)` whose handler gets the parsed params; and
 * handlers get a context (`ctx.http.authInfo`, `ctx.sessionId`) instead of v1's `extra`.
 */
import type { PolicyEngine } from "../../model/engine.js";
import { type Handler, messageField, methodField, type RequestExtra } from "../authorizer.js";
import { clientInfoOf, lowLevelOf, NO_ANNOTATIONS, protectServerHandlers, registryAnnotations } from "../intercept.js";
import { isProtectedMethod } from "../naming.js";
import { authorizerFor, type ProtectOptions, type Protection } from "../options.js";
import { scopeChallengeMiddleware } from "../scope-challenge.js";
import { MCP_SERVER_V2_UNKNOWN_ANSWERS, SPEC_V2_UNKNOWN_ANSWERS, V2_ERRORS } from "./answers.js";

export type { ProtectOptions, Protection } from "../options.js";

/**
 * Puts every `tools/*`, `resources/*`, `prompts/*` and `completion/complete` request of a
 * v2 `McpServer` or low-level `Server` through `engine`. Call it before registering tools,
 * prompts and resources (registering first works too). Throws if the server is already
 * protected or cannot be protected safely.
 */
export function protect(server: object, engine: PolicyEngine, options: ProtectOptions = {}): Protection {
  const { lowLevel, isMcpServer } = lowLevelOf(server, "@modelcontextprotocol/server");
  const authorizer = authorizerFor(engine, options, {
    unknown: isMcpServer ? MCP_SERVER_V2_UNKNOWN_ANSWERS : SPEC_V2_UNKNOWN_ANSWERS,
    toolAnnotations: isMcpServer ? registryAnnotations(server) : () => NO_ANNOTATIONS,
    clientInfo: clientInfoOf(lowLevel),
    errors: V2_ERRORS,
  });
  /** Runs `call` if `request` (an MCP request object) is allowed; `ctx` says who asks. */
  const decide = (request: unknown, ctx: unknown, call: Handler): unknown => {
    const method = methodField(request);
    if (!isProtectedMethod(method)) return call(request, ctx as RequestExtra);
    return authorizer.handle(method, request, extraOf(ctx), () => call(request, ctx as RequestExtra));
  };
  const wrap = (handler: Handler): Handler =>
    function authorized(request, ctx) {
      return decide(request, ctx, handler);
    };
  protectServerHandlers(server, lowLevel, isMcpServer, wrap, (args) => {
    const [method, schemasOrHandler, handler, ...rest] = args;
    if (typeof schemasOrHandler === "function") return [method, wrap(schemasOrHandler as Handler), handler, ...rest];
    if (typeof handler !== "function" || !isProtectedMethod(method)) return args;
    // Custom schemas: the handler gets the parsed params; the decision sees the request.
    const paramsHandler = handler as (params: unknown, ctx: unknown) => unknown;
    return [
      method,
      schemasOrHandler,
      function authorized(params: unknown, ctx: unknown) {
        return decide({ method, params }, ctx, () => paramsHandler(params, ctx));
      },
      ...rest,
    ];
  });
  return {
    engine,
    subjectOf: (authInfo) => authorizer.subjectOf(authInfo),
    scopeChallenge: (challengeOptions) => scopeChallengeMiddleware(authorizer, challengeOptions),
  };
}

/** v2's handler context as the Authorizer reads it: `authInfo` from `ctx.http`, and `sessionId`. */
function extraOf(ctx: unknown): RequestExtra {
  const authInfo = messageField(messageField(ctx, "http"), "authInfo");
  const sessionId = messageField(ctx, "sessionId");
  return {
    ...(typeof authInfo === "object" && authInfo !== null ? { authInfo } : {}),
    ...(typeof sessionId === "string" ? { sessionId } : {}),
  };
}
