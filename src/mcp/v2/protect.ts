/**
 * `protect(server, engine, options)` for the v2 line of the TypeScript SDK
 * (`@modelcontextprotocol/server`): the same interception (../intercept.ts) and the same
 * decisions (../authorizer.ts) as for v1. What differs: v2 registers handlers by method
 * name, `setRequestHandler(method, handler)` or, with custom schemas,
 * `setRequestHandler(method, schemas, handler)` whose handler gets the parsed params; and
 * handlers get a context (`ctx.http.authInfo`, `ctx.sessionId`) instead of v1's `extra`.
 */
import type { PolicyEngine } from "../../model/engine.js";
import type { AuthInfo } from "../auth-info.js";
import { type Authorizer, type Handler, messageField, methodField, type RequestExtra } from "../authorizer.js";
import {
  clientInfoOf,
  lowLevelOf,
  NO_ANNOTATIONS,
  protectServerHandlers,
  registryAnnotations,
  registryHasTemplate,
} from "../intercept.js";
import { isProtectedMethod } from "../naming.js";
import { authorizerFor, type Protection, type ProtectOptions as SharedProtectOptions } from "../options.js";
import { scopeChallengeMiddleware } from "../scope-challenge.js";
import { MCP_SERVER_V2_UNKNOWN_ANSWERS, SPEC_V2_UNKNOWN_ANSWERS, V2_ERRORS } from "./answers.js";

export type { Protection } from "../options.js";

/** `protect`'s options on the v2 line: those of v1, and the request's `authInfo` for a per-request server. */
export interface ProtectOptions extends SharedProtectOptions {
  /**
   * The `authInfo` of the one request this server instance will serve — in a
   * `createMcpHandler` factory, the factory's `ctx.authInfo` (present even when
   * `undefined`: then the anonymous subject). The SDK checks a tool's `Mcp-Param-*`
   * headers against its input schema *before* any handler runs; with this option that
   * check runs only for tools this caller can see (a hidden tool answers as an unknown
   * one). Without it, a protected `McpServer` answers that check as for an unknown tool,
   * for every tool: the check is skipped, so it can never tell a hidden tool apart.
   */
  readonly authInfo?: AuthInfo;
}

/**
 * Puts every `tools/*`, `resources/*`, `prompts/*` and `completion/complete` request of a
 * v2 `McpServer` or low-level `Server` through `engine`. Call it before registering tools,
 * prompts and resources (registering first works too). Throws if the server is already
 * protected or cannot be protected safely.
 */
export function protect(server: object, engine: PolicyEngine, options: ProtectOptions = {}): Protection {
  const { lowLevel, isMcpServer } = lowLevelOf(server, "@modelcontextprotocol/server");
  const { shared, request } = splitRequestAuthInfo(options);
  const authorizer = authorizerFor(engine, shared as SharedProtectOptions | undefined, {
    unknown: isMcpServer ? MCP_SERVER_V2_UNKNOWN_ANSWERS : SPEC_V2_UNKNOWN_ANSWERS,
    toolAnnotations: isMcpServer ? registryAnnotations(server) : () => NO_ANNOTATIONS,
    ...(isMcpServer ? { resourceTemplateRegistered: registryHasTemplate(server) } : {}),
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
  if (isMcpServer) {
    guardInputSchemas(server, authorizer, request);
    guardScopeChallenges(server, authorizer);
  }
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

/** The v2-only `authInfo` option taken off (checked), and the options shared with v1. */
function splitRequestAuthInfo(options: unknown): {
  shared: unknown;
  request: { readonly authInfo: AuthInfo | undefined } | null;
} {
  if (typeof options !== "object" || options === null || !Object.hasOwn(options, "authInfo")) {
    return { shared: options, request: null };
  }
  const { authInfo, ...shared } = options as { authInfo?: unknown };
  if (authInfo !== undefined && (typeof authInfo !== "object" || authInfo === null)) {
    throw new TypeError("protect(): option `authInfo` must be the request's AuthInfo object (or undefined)");
  }
  return { shared, request: { authInfo: authInfo as AuthInfo | undefined } };
}

/**
 * `createMcpHandler` (modern era) asks `McpServer.toolInputSchemaJson(name)` for a tool's
 * schema to check its `Mcp-Param-*` headers before dispatch: for a tool hidden from the
 * caller, that must answer as for an unknown name (undefined), or the header check would
 * reveal the tool. Decided for the request's `authInfo` when `protect` was given it; else
 * answered as unknown for every tool.
 */
function guardInputSchemas(
  server: object,
  authorizer: Authorizer,
  request: { readonly authInfo: AuthInfo | undefined } | null,
): void {
  wrapOwnMethod(server, "toolInputSchemaJson", (original) => (name) => {
    if (request === null || typeof name !== "string" || !authorizer.visibleTo("tools/call", { name }, request.authInfo)) return undefined;
    return original(name);
  });
}

/**
 * Replaces the server's method `name` (when it has one) on the instance itself, by what
 * `wrap` makes of the original (bound to the server). Other instances are untouched.
 */
function wrapOwnMethod(
  server: object,
  name: string,
  wrap: (original: (argument: unknown) => unknown) => (argument: unknown) => unknown,
): void {
  const original = (server as Record<string, unknown>)[name];
  if (typeof original !== "function") return;
  const bound = (argument: unknown) => original.call(server, argument);
  Object.defineProperty(server, name, { configurable: true, writable: true, enumerable: false, value: wrap(bound) });
}

const CHALLENGED_METHODS: ReadonlySet<string> = new Set(["tools/call", "resources/read", "prompts/get"]);

/**
 * v2's per-item scope challenges (`registerTool(name, { scopeChallenge })`) are resolved
 * before dispatch (`McpServer.resolveScopeChallenge`, called by the HTTP entry and by
 * transports): for an item hidden from the caller, a 403 challenge would reveal it. Such
 * a request gets no challenge, as a name the server does not know gets none, and is then
 * answered as unknown by the protected handler. The context carries the request's `authInfo`.
 */
function guardScopeChallenges(server: object, authorizer: Authorizer): void {
  wrapOwnMethod(server, "resolveScopeChallenge", (original) => (context) => {
    const request = messageField(context, "request");
    const method = methodField(request);
    if (typeof method === "string" && CHALLENGED_METHODS.has(method)) {
      const given = messageField(context, "authInfo");
      const authInfo = typeof given === "object" && given !== null ? (given as AuthInfo) : undefined;
      const item = method as "tools/call" | "resources/read" | "prompts/get";
      const params = messageField(request, "params");
      if (!authorizer.visibleTo(item, params, authInfo)) {
        // Hidden now, but the scopes the SDK would ask for show it: the step-up is what an
        // unprotected server answers, and protect's own insufficient_scope does the same.
        const lifts = (challenge: unknown): unknown => {
          const scopes = messageField(challenge, "scopes");
          if (authInfo === undefined || !Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string")) return undefined;
          const stepped: AuthInfo = { ...authInfo, scopes: [...(authInfo.scopes ?? []), ...scopes] };
          return authorizer.visibleTo(item, params, stepped) ? challenge : undefined;
        };
        const challenge = original(context);
        return isThenable(challenge) ? Promise.resolve(challenge).then(lifts, () => undefined) : lifts(challenge);
      }
    }
    return original(context);
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
