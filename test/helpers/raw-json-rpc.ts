/**
 * A raw JSON-RPC client over either SDK line's in-memory transport, so answers are compared exactly as they travel (ids removed).
 * Used by the MCP tests (test/mcp/) and the issue-5 acceptance tests.
 */
import { InMemoryTransport as V1InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { InMemoryTransport as V2InMemoryTransport } from "@modelcontextprotocol/server";

/** The client end of a linked in-memory pair, of either SDK line. */
interface RawTransport {
  onmessage?: (message: unknown) => void;
  sessionId?: string;
  start(): Promise<void>;
  send(message: unknown, options?: { authInfo?: unknown }): Promise<void>;
  close(): Promise<void>;
}

export type Line = "v1" | "v2";

export interface Raw {
  /** The answer to one request, as JSON text without its id. */
  send(method: string, params?: unknown): Promise<string>;
  /** The same, parsed. */
  call(method: string, params?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Connects a raw client to `server` (any object with `connect(transport)`) over `line`'s
 * in-memory transport and initializes; every request carries `authInfo` when given, and
 * the server end has `sessionId` when given.
 */
export async function raw(
  line: Line,
  server: { connect(transport: never): Promise<void> },
  options: { authInfo?: unknown; sessionId?: string; clientInfo?: { name: string; version: string } } = {},
): Promise<Raw> {
  const [clientEnd, serverEnd] = (line === "v1"
    ? V1InMemoryTransport.createLinkedPair()
    : V2InMemoryTransport.createLinkedPair()) as unknown as [RawTransport, RawTransport];
  if (options.sessionId !== undefined) serverEnd.sessionId = options.sessionId;
  await server.connect(serverEnd as never);
  const pending = new Map<number, (message: unknown) => void>();
  clientEnd.onmessage = (message) => {
    const id = (message as { id?: unknown }).id;
    if (typeof id === "number") pending.get(id)?.(message);
  };
  await clientEnd.start();
  let next = 0;
  const send = (method: string, params?: unknown) =>
    new Promise<string>((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}`)), 5000);
      pending.set(id, (message) => {
        clearTimeout(timer);
        const { id: _id, ...rest } = message as Record<string, unknown>;
        resolve(JSON.stringify(rest));
      });
      void clientEnd.send(
        { jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) },
        options.authInfo === undefined ? undefined : { authInfo: options.authInfo },
      );
    });
  await send("initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: options.clientInfo ?? { name: "issue5-raw", version: "1.0.0" },
  });
  await clientEnd.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return {
    send,
    call: async (method, params) => JSON.parse(await send(method, params)) as Record<string, unknown>,
    close: () => clientEnd.close(),
  };
}

/** An `AuthInfo` as a bearer middleware makes it: `sub` and `roles` claims in `extra`. */
export function authInfo(
  sub: string,
  roles: string[] = [],
  scopes: string[] = [],
  extra: Record<string, unknown> = {},
) {
  return { token: `token-of-${sub}`, clientId: "issue5-client", scopes, extra: { sub, roles, ...extra } };
}
