/**
 * A v2 SDK client connected to a v2 server over the in-memory transport, every request
 * carrying `authInfo` when given (as an HTTP transport's bearer middleware sets it), and
 * the error a request failed with as the client got it.
 */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { expect } from "vitest";
import type { AuthInfo } from "../../../src/mcp/auth-info.js";

export async function connect(server: { connect(transport: InMemoryTransport): Promise<void> }, authInfo?: AuthInfo): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  if (authInfo !== undefined) {
    const send = clientTransport.send.bind(clientTransport);
    clientTransport.send = (message, options) => send(message, { ...options, authInfo: authInfo as never });
  }
  await server.connect(serverTransport);
  const client = new Client({ name: "mcpolicy-v2-test", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}

/** The error a request failed with (code, message, data); fails the test if it succeeded. */
export async function failure(promise: Promise<unknown>): Promise<{ code: unknown; message: unknown; data: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const e = error as { code?: unknown; message?: unknown; data?: unknown };
  return { code: e.code, message: e.message, data: e.data };
}
