/**
 * Where `protect` hooks into a low-level MCP server, for both SDK lines: neither has a
 * middleware hook, so the instance's `setRequestHandler` is replaced (every later
 * registration, including the ones `McpServer` makes lazily on the first `registerTool`,
 * `registerPrompt`, `registerResource`), handlers already registered in the private
 * `_requestHandlers` map are wrapped, and so is `fallbackRequestHandler`. Nothing can
 * register a protected method around it afterwards.
 */
import { type Handler, ownValue } from "./authorizer.js";
import { isProtectedMethod, PROTECTED_METHODS } from "./naming.js";
import type { RequestInfo } from "./request-env.js";

/** The low-level server surface `protect` relies on (`Server` of either SDK line). */
export interface LowLevelServer {
  setRequestHandler(...args: unknown[]): unknown;
  assertCanSetRequestHandler(method: string): void;
  getClientVersion?(): unknown;
  fallbackRequestHandler?: Handler;
}

const protectedServers = new WeakSet<object>();

export function isLowLevel(value: unknown): value is LowLevelServer {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as LowLevelServer).setRequestHandler === "function" &&
    typeof (value as LowLevelServer).assertCanSetRequestHandler === "function"
  );
}

/**
 * The low-level server behind `server` (itself, or an `McpServer`'s `server`) and whether
 * it is an `McpServer`. Throws when it is neither, or already protected.
 */
export function lowLevelOf(server: object, sdk: string): { lowLevel: LowLevelServer; isMcpServer: boolean } {
  const inner = ownValue(server, "server");
  const isMcpServer = isLowLevel(inner);
  const lowLevel = isMcpServer ? inner : server;
  if (!isLowLevel(lowLevel)) throw new TypeError(`protect() expects an McpServer or a Server of ${sdk}`);
  // The server itself, not an object inheriting from one: its handlers are its own.
  if (!Object.hasOwn(lowLevel, "_requestHandlers"))
    throw new TypeError(
      `protect() expects the server object itself (an McpServer or a Server of ${sdk}), not one derived from it`,
    );
  if (protectedServers.has(lowLevel)) throw new Error("this server is already protected");
  return { lowLevel, isMcpServer };
}

/** The handler families an `McpServer` registers on its low-level server (same in v1 and v2). */
const MCP_SERVER_FAMILIES = [
  { flag: "_toolHandlersInitialized", register: "setToolRequestHandlers", methods: ["tools/list", "tools/call"] },
  {
    flag: "_resourceHandlersInitialized",
    register: "setResourceRequestHandlers",
    methods: ["resources/list", "resources/templates/list", "resources/read"],
  },
  {
    flag: "_promptHandlersInitialized",
    register: "setPromptRequestHandlers",
    methods: ["prompts/list", "prompts/get"],
  },
  { flag: "_completionHandlerInitialized", register: "setCompletionRequestHandler", methods: ["completion/complete"] },
] as const;

/**
 * Handlers an `McpServer` registered before `protect` (on its first `registerTool`, or in
 * its constructor when `capabilities` names tools, resources or prompts) sit in the
 * handler map as the SDK's closures, which validate the request only inside. Wrapped
 * there, the decision would see the raw request: a malformed one answered for a hidden
 * tool differently from an unknown one, arguments read before the SDK's parsing. So they
 * are taken out here, and `registerAgain` has the `McpServer` register them again
 * once `protect`'s `setRequestHandler` is in place — wrapped inside the validation, as if
 * registered after `protect`. A family that cannot be redone (the server is already
 * connected, or the SDK's shape is not the expected one) stays, wrapped as registered.
 */
export function takeBackMcpServerHandlers(mcpServer: object, lowLevel: LowLevelServer): TakenHandlers {
  const registered = ownValue(lowLevel, "_requestHandlers");
  // Connected: the SDK refuses to register capabilities again.
  if (!(registered instanceof Map) || (lowLevel as { transport?: unknown }).transport !== undefined)
    return NOTHING_TAKEN;
  const taken: { register: () => void; flag: string; methods: readonly string[]; handlers: unknown[] }[] = [];
  for (const family of MCP_SERVER_FAMILIES) {
    if (ownValue(mcpServer, family.flag) !== true) continue;
    const register = (mcpServer as Record<string, unknown>)[family.register];
    const handlers = family.methods.map((method) => registered.get(method));
    if (typeof register !== "function" || handlers.some((handler) => typeof handler !== "function")) continue;
    for (const method of family.methods) registered.delete(method);
    (mcpServer as Record<string, unknown>)[family.flag] = false;
    taken.push({ register: () => register.call(mcpServer), flag: family.flag, methods: family.methods, handlers });
  }
  const putBack = (family: (typeof taken)[number]) => {
    family.methods.forEach((method, i) => {
      if (!registered.has(method)) registered.set(method, family.handlers[i]);
    });
    (mcpServer as Record<string, unknown>)[family.flag] = true;
  };
  return {
    registerAgain: () => {
      for (const family of taken) {
        try {
          family.register();
        } catch {
          // Put back what it had: the guarded map wraps each handler on the way in.
          putBack(family);
        }
      }
    },
    restore: () => {
      for (const family of taken) putBack(family);
    },
  };
}

/** What `takeBackMcpServerHandlers` took: register it again once protected, or restore it if protecting failed. */
export interface TakenHandlers {
  registerAgain(): void;
  restore(): void;
}

const NOTHING_TAKEN: TakenHandlers = { registerAgain: () => {}, restore: () => {} };

/**
 * `interceptHandlers` for a server `protect` was given: an `McpServer`'s handlers
 * registered already are taken out first and registered again once interception is in
 * place (inside the SDK's validation); if interception fails, they are put back.
 */
export function protectServerHandlers(
  server: object,
  lowLevel: LowLevelServer,
  isMcpServer: boolean,
  wrap: (handler: Handler) => Handler,
  wrapRegistration: (args: unknown[]) => unknown[],
): void {
  const taken = isMcpServer ? takeBackMcpServerHandlers(server, lowLevel) : NOTHING_TAKEN;
  try {
    interceptHandlers(lowLevel, wrap, wrapRegistration);
  } catch (error) {
    taken.restore();
    throw error;
  }
  taken.registerAgain();
}

/**
 * Routes every request handler of `server` through `wrap`: the registered ones, every
 * later registration (`wrapRegistration` rewrites the arguments of `setRequestHandler`)
 * and the fallback handler.
 */
export function interceptHandlers(
  server: LowLevelServer,
  wrap: (handler: Handler) => Handler,
  wrapRegistration: (args: unknown[]) => unknown[],
): void {
  wrapRegisteredHandlers(server, wrap);
  const setRequestHandler = server.setRequestHandler;
  // While a registration runs through us, the map below must not wrap a second time.
  let registering = false;
  Object.defineProperty(server, "setRequestHandler", {
    configurable: false,
    writable: false,
    value: function setAuthorizedRequestHandler(this: LowLevelServer, ...args: unknown[]) {
      registering = true;
      try {
        return setRequestHandler.apply(this, wrapRegistration(args));
      } finally {
        registering = false;
      }
    },
  });
  guardHandlerMap(server, wrap, () => registering);
  let fallback = server.fallbackRequestHandler === undefined ? undefined : wrap(server.fallbackRequestHandler);
  Object.defineProperty(server, "fallbackRequestHandler", {
    configurable: false,
    get: () => fallback,
    set: (handler: Handler | undefined) => {
      fallback = typeof handler === "function" ? wrap(handler) : undefined;
    },
  });
  protectedServers.add(server);
}

/**
 * The SDK's handler map itself, guarded: a registration that does not go through the
 * instance's `setRequestHandler` — one bound before `protect`, or the prototype's method
 * called on the server — still stores a protected method's handler wrapped (around the
 * SDK's own closure, so it is authorized on the request before the SDK parses it), and
 * the map cannot be replaced by another.
 */
function guardHandlerMap(
  server: LowLevelServer,
  wrap: (handler: Handler) => Handler,
  registering: () => boolean,
): void {
  const registered = ownValue(server, "_requestHandlers");
  if (!(registered instanceof Map)) return; // wrapRegisteredHandlers refused a server with protected handlers out of reach
  const set = Map.prototype.set;
  Object.defineProperty(registered, "set", {
    configurable: false,
    writable: false,
    value: function guardedSet(this: Map<unknown, unknown>, method: unknown, handler: unknown) {
      const guarded =
        !registering() && isProtectedMethod(method) && typeof handler === "function"
          ? wrap(handler as Handler)
          : handler;
      return set.call(this, method, guarded);
    },
  });
  Object.defineProperty(server, "_requestHandlers", { configurable: false, writable: false, value: registered });
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
export function registryAnnotations(server: object): (name: string) => unknown {
  // The registry and its entries are the SDK's own objects (no accessors): an own-key
  // check keeps a client's tool name (`__proto__`, `constructor`) off the prototype
  // without a descriptor object per read. The three reads are written out, each site
  // with one kind of key: this runs on every call, and one shared helper's property site
  // would see every key (V8's slow megamorphic path).
  const registry = server as { _registeredTools?: unknown };
  return (name) => {
    const tools = Object.hasOwn(registry, "_registeredTools") ? registry._registeredTools : undefined;
    if (typeof tools !== "object" || tools === null || !Object.hasOwn(tools, name)) return NO_ANNOTATIONS;
    const tool = (tools as Record<string, unknown>)[name] as { annotations?: unknown } | null;
    if (typeof tool !== "object" || tool === null || !Object.hasOwn(tool, "annotations")) return NO_ANNOTATIONS;
    const annotations = tool.annotations;
    return typeof annotations === "object" && annotations !== null ? annotations : NO_ANNOTATIONS;
  };
}

/**
 * Whether a `completion/complete` of `ref/resource` `uri` reaches something an `McpServer`
 * registered, tested as the SDK's own completion handler tests it (both lines): a
 * resource template whose URI template is `uri`, else a resource at `uri` (which it
 * completes with nothing). Any other URI gets its "Resource template … not found". True
 * when the registry cannot be read as expected: then the template is decided as before,
 * by searching its expansions.
 */
export function registryHasTemplate(server: object): (uri: string) => boolean {
  const registry = server as { _registeredResourceTemplates?: unknown; _registeredResources?: unknown };
  return (uri) => {
    try {
      const templates = Object.hasOwn(registry, "_registeredResourceTemplates") ? registry._registeredResourceTemplates : undefined;
      const resources = Object.hasOwn(registry, "_registeredResources") ? registry._registeredResources : undefined;
      if (typeof templates !== "object" || templates === null || typeof resources !== "object" || resources === null) return true;
      for (const entry of Object.values(templates)) {
        const uriTemplate: unknown = (entry as { resourceTemplate?: { uriTemplate?: unknown } } | null)?.resourceTemplate?.uriTemplate;
        if (uriTemplate === undefined || uriTemplate === null) return true;
        if (String(uriTemplate) === uri) return true;
      }
      // The SDK's own lookup, prototype included (`constructor` completes as a resource):
      // what it answers is what an unknown template gets.
      return Boolean((resources as Record<string, unknown>)[uri]);
    } catch {
      return true;
    }
  };
}

/**
 * `env.tool` of a tool without annotations (and of every tool of a low-level `Server`):
 * one frozen empty object, so list filtering keys it once per list, not once per tool.
 */
export const NO_ANNOTATIONS: object = Object.freeze({});

/** `env.request.clientInfo`: name and version the client gave at initialization (re-read when it changes). */
export function clientInfoOf(server: LowLevelServer): () => RequestInfo["clientInfo"] {
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
