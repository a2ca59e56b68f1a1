/**
 * `protect(server, engine, options)`: puts every protected MCP request of an
 * `@modelcontextprotocol/sdk` (v1) `McpServer` or low-level `Server` through the engine.
 *
 * The SDK has no middleware hook, so `protect` wraps request handlers where they enter the
 * low-level server: it replaces the instance's `setRequestHandler` (every later
 * registration, including the ones `McpServer` makes lazily on the first `registerTool`,
 * `registerPrompt`, `registerResource`) and its `fallbackRequestHandler`, and wraps the
 * handlers already registered (e.g. by `new McpServer(info, { capabilities: { tools: {} } })`).
 * Nothing can register a protected method around it afterwards.
 */
import type { AuthInfo } from "./auth-info.js";
import type { PolicyEngine } from "../model/engine.js";
import type { AuditArguments, DecisionRecord } from "./audit.js";
import { Authorizer, type Handler, ownValue, type RequestExtra } from "./authorizer.js";
import type { UnknownAnswers } from "./denial.js";
import { isProtectedMethod, PROTECTED_METHODS } from "./naming.js";
import type { EnvExtension, RequestInfo } from "./request-env.js";
import { type ScopeChallengeOptions, scopeChallengeMiddleware } from "./scope-challenge.js";
import { type SubjectResolver, subjectFromAuthInfo } from "./subject.js";
import {
	MCP_SERVER_UNKNOWN_ANSWERS,
	SPEC_UNKNOWN_ANSWERS,
	V1_ERRORS,
} from "./v1-answers.js";

export interface ProtectOptions {
  /** Maps the request's `authInfo` to a subject. Default `subjectFromAuthInfo()`; for stdio see `subjectFromEnv`. */
  readonly subject?: SubjectResolver;
  /** Adds env attributes (and may replace `now` and `hour`); `arguments`, `tool`, `request` stay ours. */
  readonly env?: EnvExtension;
  /** The clock for `env.now` and `env.hour`. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** How a visible tool's denial is answered: a JSON-RPC error (default) or an `isError` tool result. */
  readonly denial?: "error" | "result";
  /** Put the deciding policy's name into denials (`data.policy`). Default false. */
  readonly revealPolicy?: boolean;
  /**
   * Scopes the server can grant. When a denial would become an allow with some of them,
   * the denial says `insufficient_scope` and which; `protection.scopeChallenge()` turns
   * that into the HTTP 403 challenge of the MCP authorization spec on Streamable HTTP.
   */
  readonly insufficientScope?: { readonly scopes: readonly string[] };
  /** Called with every decision, before the request is answered. If it throws, the request is refused. */
  readonly onDecision?: (record: DecisionRecord) => unknown;
  /** Called when `onDecision` throws or its promise rejects. Default: ignore. */
  readonly onAuditError?: (error: unknown) => void;
  /** Arguments in audit records: `"redact"` (default: names kept, values redacted), `"omit"`, `"full"`, or a function. */
  readonly auditArguments?: AuditArguments;
  /** How this server answers for unknown tools, prompts, resources (hidden ones answer the same). */
  readonly unknown?: Partial<UnknownAnswers>;
  /** A tool's annotations (`env.tool`). Default: from `McpServer`'s registry; `{}` for a low-level `Server`. */
  readonly toolAnnotations?: (name: string) => unknown;
}

/** What `protect` returns. */
export interface Protection {
  readonly engine: PolicyEngine;
  /** The subject `protect` decides for, given a request's `authInfo`. */
  subjectOf(authInfo: AuthInfo | undefined): unknown;
  /** Express/Node middleware answering scope step-ups with HTTP 403 (`insufficientScope` option). */
  scopeChallenge(options?: ScopeChallengeOptions): ReturnType<typeof scopeChallengeMiddleware>;
}

/** The low-level server surface `protect` relies on (SDK v1 `Server`). */
interface LowLevelServer {
  setRequestHandler(schema: unknown, handler: Handler): void;
  assertCanSetRequestHandler(method: string): void;
  getClientVersion?(): unknown;
  fallbackRequestHandler?: Handler;
}

const protectedServers = new WeakSet<object>();

/**
 * Puts every `tools/*`, `resources/*`, `prompts/*` and `completion/complete` request of
 * `server` through `engine`. Call it before registering tools, prompts and resources
 * (registering first works too, for handlers the SDK keeps in its usual place).
 * Throws if the server is already protected or cannot be protected safely.
 */
export function protect(server: object, engine: PolicyEngine, options: ProtectOptions = {}): Protection {
  const mcpServer = ownValue(server, "server");
  const isMcpServer = isLowLevel(mcpServer);
  const lowLevel = (isMcpServer ? mcpServer : server) as LowLevelServer;
  if (!isLowLevel(lowLevel))
    throw new TypeError("protect() expects an McpServer or a Server of @modelcontextprotocol/sdk");
  if (protectedServers.has(lowLevel)) throw new Error("this server is already protected");

  const authorizer = new Authorizer({
    engine,
    subject: options.subject ?? subjectFromAuthInfo(),
    env: options.env,
    now: options.now,
    denial: options.denial ?? "error",
    revealPolicy: options.revealPolicy === true,
    scopes: options.insufficientScope?.scopes,
    onDecision: options.onDecision,
    onAuditError: options.onAuditError ?? (() => {}),
    auditArguments: options.auditArguments ?? "redact",
    unknown: {
      ...(isMcpServer ? MCP_SERVER_UNKNOWN_ANSWERS : SPEC_UNKNOWN_ANSWERS),
      ...options.unknown,
    },
    toolAnnotations: options.toolAnnotations ?? (isMcpServer ? registryAnnotations(server) : () => ({})),
    clientInfo: clientInfoOf(lowLevel),
    errors: V1_ERRORS,
  });

  const wrap = (handler: Handler): Handler =>
    function authorized(request, extra) {
      const method = ownValue(request, "method");
      if (!isProtectedMethod(method)) return handler(request, extra);
      return authorizer.handle(method, request, extra as RequestExtra, handler);
    };

  wrapRegisteredHandlers(lowLevel, wrap);
  const setRequestHandler = lowLevel.setRequestHandler;
  Object.defineProperty(lowLevel, "setRequestHandler", {
    configurable: false,
    writable: false,
    value: function setAuthorizedRequestHandler(this: LowLevelServer, schema: unknown, handler: Handler) {
      return setRequestHandler.call(this, schema, wrap(handler));
    },
  });
  let fallback = lowLevel.fallbackRequestHandler === undefined ? undefined : wrap(lowLevel.fallbackRequestHandler);
  Object.defineProperty(lowLevel, "fallbackRequestHandler", {
    configurable: false,
    get: () => fallback,
    set: (handler: Handler | undefined) => {
      fallback = typeof handler === "function" ? wrap(handler) : undefined;
    },
  });
  protectedServers.add(lowLevel);

  return {
    engine,
    subjectOf: (authInfo) => authorizer.subjectOf(authInfo),
    scopeChallenge: (challengeOptions) => scopeChallengeMiddleware(authorizer, challengeOptions),
  };
}

function isLowLevel(value: unknown): value is LowLevelServer {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as LowLevelServer).setRequestHandler === "function" &&
    typeof (value as LowLevelServer).assertCanSetRequestHandler === "function"
  );
}

/**
 * Wraps handlers registered before `protect`. The SDK keeps them in the private
 * `_requestHandlers` map; if a protected method has a handler we cannot reach, refuse
 * rather than leave it unprotected.
 */
function wrapRegisteredHandlers(server: LowLevelServer, wrap: (handler: Handler) => Handler): void {
  const registered = ownValue(server, "_requestHandlers");
  for (const method of PROTECTED_METHODS) {
    let exists = false;
    try {
      server.assertCanSetRequestHandler(method);
    } catch {
      exists = true;
    }
    if (!exists) continue;
    const handler = registered instanceof Map ? registered.get(method) : undefined;
    if (typeof handler !== "function") {
      throw new Error(
        `cannot protect \`${method}\`: its handler was registered before protect() where protect cannot wrap it`,
      );
    }
    (registered as Map<string, Handler>).set(method, wrap(handler as Handler));
  }
}

/** `env.tool` for an `McpServer`: the annotations it was registered with, read from its own registry. */
function registryAnnotations(server: object): (name: string) => unknown {
  // The registry and its entries are the SDK's own objects (no accessors): an own-key
  // check keeps a client's tool name (`__proto__`, `constructor`) off the prototype
  // without a descriptor object per read.
  return (name) => {
    const tools = registryMember(server, "_registeredTools");
    const tool = registryMember(tools, name);
    const annotations = registryMember(tool, "annotations");
    return typeof annotations === "object" && annotations !== null ? annotations : {};
  };
}

function registryMember(object: unknown, key: string): unknown {
  return typeof object === "object" && object !== null && Object.hasOwn(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined;
}

/** `env.request.clientInfo`: name and version the client gave at initialization (re-read when it changes). */
function clientInfoOf(server: LowLevelServer): () => RequestInfo["clientInfo"] {
  let seen: unknown;
  let result: RequestInfo["clientInfo"];
  return () => {
    const info = server.getClientVersion?.();
    if (info !== seen) {
      seen = info;
      const name = ownValue(info, "name");
      const version = ownValue(info, "version");
      result = typeof name === "string" && typeof version === "string" ? Object.freeze({ name, version }) : undefined;
    }
    return result;
  };
}
