/** Shared set-up for the MCP tests: the real engine, the real SDK client, in-memory transport. */
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { compile } from "../../src/engine.js";
import type { PolicyEngine } from "../../src/model/engine.js";

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
