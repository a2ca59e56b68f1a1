/** Shared set-up for the MCP tests: the real engine, the real SDK client, in-memory transport. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { compile } from "../../src/engine.js";
import type { DecisionRecord } from "../../src/mcp/audit.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { PROTECTED_METHODS } from "../../src/mcp/index.js";
import { raw } from "../helpers/raw-json-rpc.js";

export const FIXTURE_POLICIES = new URL(
	"./fixtures/example.mcpolicy",
	import.meta.url,
);

export function fixtureEngine(): PolicyEngine {
	return compile([
		{ name: "example.mcpolicy", text: readFileSync(FIXTURE_POLICIES, "utf8") },
	]);
}

export function authInfoFor(
	id: string,
	roles: string[],
	extra: Record<string, unknown> = {},
	scopes: string[] = [],
): AuthInfo {
	return {
		token: `token-of-${id}`,
		clientId: "test-client",
		scopes,
		extra: { sub: id, roles, ...extra },
	};
}

export const ALICE = authInfoFor("alice", ["viewer"]);
export const BOB = authInfoFor("bob", ["editor"]);
export const CAROL = authInfoFor("carol", ["admin"]);

/** 10:00 UTC: inside working hours. */
export const DAYTIME = () => new Date("2026-03-02T10:00:00.000Z");
/** 03:00 UTC: after hours. */
export const NIGHT = () => new Date("2026-03-02T03:00:00.000Z");

export interface Connected {
	readonly client: Client;
	/** Every message the client received, raw, in order. */
	readonly received: JSONRPCMessage[];
	close(): Promise<void>;
}

interface Connectable {
	connect(transport: InMemoryTransport): Promise<void>;
}

/** Connects a real SDK client to `server` over the in-memory transport, as `authInfo` (none: anonymous). */
export async function connect(
	server: Connectable,
	authInfo?: AuthInfo,
): Promise<Connected> {
	const [clientTransport, serverTransport] =
		InMemoryTransport.createLinkedPair();
	if (authInfo !== undefined) {
		const send = clientTransport.send.bind(clientTransport);
		clientTransport.send = (message, options) =>
			send(message, { ...options, authInfo });
	}
	await server.connect(serverTransport);
	const client = new Client({ name: "mcpolicy-test", version: "1.0.0" });
	await client.connect(clientTransport);
	const received: JSONRPCMessage[] = [];
	const onmessage = clientTransport.onmessage;
	clientTransport.onmessage = (message, extra) => {
		received.push(message);
		onmessage?.(message, extra);
	};
	return { client, received, close: () => client.close() };
}

/** The last response the client received, as it travelled. */
export function lastResponse(connected: Connected): string {
	const message = connected.received.at(-1);
	return JSON.stringify(message);
}

/** The client end of a linked in-memory pair, of either SDK line (what `raw requests` use). */
interface RawTransport {
	onmessage?: (message: unknown) => void;
	start(): Promise<void>;
	send(message: unknown, options: { authInfo: unknown }): Promise<void>;
	close(): Promise<void>;
}

/**
 * Property shared by both SDK lines: `server` answers every protected method with a result
 * or a JSON-RPC error, whatever the (object) params, and keeps answering. Raw JSON-RPC over
 * an in-memory pair from `linkedPair`, as `authInfo`; each request must be answered
 * within 2 s. Params that are not objects never reach a handler: the SDKs drop such
 * messages as not JSON-RPC requests.
 */
export async function expectEveryProtectedRequestAnswered(
	server: { connect(transport: never): Promise<void> },
	linkedPair: () => readonly [unknown, unknown],
	authInfo: unknown,
	numRuns: number,
): Promise<void> {
	const [client, serverEnd] = linkedPair();
	const transport = client as RawTransport;
	await server.connect(serverEnd as never);
	const pending = new Map<number, (message: Record<string, unknown>) => void>();
	transport.onmessage = (message) => {
		const id = (message as { id?: unknown }).id;
		if (typeof id === "number") pending.get(id)?.(message as Record<string, unknown>);
	};
	await transport.start();
	let nextId = 1;
	const request = (method: string, params: unknown) =>
		new Promise<Record<string, unknown>>((resolve, reject) => {
			const id = nextId++;
			const timer = setTimeout(() => reject(new Error(`no answer to ${method}`)), 2000);
			pending.set(id, (message) => {
				clearTimeout(timer);
				resolve(message);
			});
			void transport.send({ jsonrpc: "2.0", id, method, params }, { authInfo });
		});
	await request("initialize", {
		protocolVersion: "2025-06-18",
		capabilities: {},
		clientInfo: { name: "fuzz", version: "1" },
	});
	const paramsArb = fc.oneof(
		fc.dictionary(fc.string(), fc.jsonValue()),
		fc.record({
			name: fc.oneof(fc.string(), fc.constantFrom("read_file", "admin_reset", "__proto__", "constructor")),
			arguments: fc.jsonValue(),
		}),
		fc.record({ uri: fc.oneof(fc.webUrl(), fc.string()) }),
		fc.record({
			ref: fc.record({ type: fc.constantFrom("ref/prompt", "ref/resource", "x"), name: fc.string(), uri: fc.string() }),
			argument: fc.jsonValue(),
		}),
	);
	await fc.assert(
		fc.asyncProperty(fc.constantFrom(...PROTECTED_METHODS), paramsArb, async (method, params) => {
			const answer = await request(method, params);
			expect("result" in answer || "error" in answer).toBe(true);
		}),
		{ numRuns },
	);
	await transport.close();
}

/** A client speaking raw JSON-RPC: answers as the wire carries them (ids removed). */
export interface RawClient {
  send(method: string, params?: unknown): Promise<string>;
  close(): Promise<void>;
}

/**
 * Connects a raw JSON-RPC client to `server` over the v1 in-memory transport and
 * initializes it; each request carries `authInfo` if given, and the server end gets
 * `sessionId` if given.
 */
export async function rawClient(server: McpServer, options: { authInfo?: AuthInfo; sessionId?: string } = {}): Promise<RawClient> {
  const client = await raw("v1", server as never, { ...options, clientInfo: { name: "raw", version: "1" } });
  return { send: client.send, close: client.close };
}

/** Allows `tools/call` of `q` only in the transport session `session-7`. */
export const SESSION_POLICY = `policy s { allow subject * action "tools/call" resource "tool:q" when env.request.sessionId == "session-7" }`;

/**
 * The session-id check both SDK lines share: `callQ(sessionId, records)` calls tool `q` once
 * on a server protected by SESSION_POLICY whose transport has that session id, and
 * answers which tools ran. The id must reach `env.request` and the audit record.
 */
export async function expectSessionIdSeen(
  callQ: (sessionId: string, records: DecisionRecord[]) => Promise<readonly string[]>,
): Promise<void> {
  for (const [sessionId, runs] of [
    ["session-7", true],
    ["session-8", false],
  ] as const) {
    const records: DecisionRecord[] = [];
    expect(await callQ(sessionId, records)).toEqual(runs ? ["q"] : []);
    expect(records.at(-1)?.sessionId).toBe(sessionId);
  }
}

/** What a request came to: its value, or the error it was refused with (as text). */
export function settled<T>(request: Promise<T>): Promise<{ value: T } | { error: string }> {
	return request.then(
		(value) => ({ value }),
		(error: unknown) => ({ error: String(error) }),
	);
}

/** An editor may delete in their own home only with the `files:delete` scope (scope-challenge tests). */
export const DELETE_NEEDS_SCOPE = `
policy "delete-needs-scope" {
  allow
  subject role editor
  action "tools/call"
  resource "tool:delete_file"
  when env.arguments.path matches "/home/\${subject.id}/**"
  when "files:delete" in subject.scopes
}`;
