/** The example server over Streamable HTTP on 127.0.0.1, behind the SDK's bearer middleware. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type RunningHttpExample,
	startHttpExample,
} from "../../examples/http-server.js";
import { signToken, type TokenClaims } from "../../examples/tokens.js";
import {
	type DecisionRecord,
	POLICY_DENIED_CODE,
} from "../../src/mcp/index.js";
import { compile } from "../../src/engine.js";
import { createExampleServer } from "../../examples/server.js";
import { authInfoFor, connect, DAYTIME, DELETE_NEEDS_SCOPE, fixtureEngine } from "./helpers.js";

const SECRET = "test-secret-0123456789abcdef";
const records: DecisionRecord[] = [];
let running: RunningHttpExample;

beforeAll(async () => {
	running = await startHttpExample({
		engine: fixtureEngine(),
		secret: SECRET,
		protect: { now: DAYTIME, onDecision: (r) => void records.push(r) },
	});
});

afterAll(async () => {
	await running.close();
});

async function clientFor(url: URL, claims: TokenClaims): Promise<Client> {
	const token = await signToken(SECRET, claims);
	const client = new Client({ name: "http-test", version: "1.0.0" });
	await client.connect(
		new StreamableHTTPClientTransport(url, {
			requestInit: { headers: { Authorization: `Bearer ${token}` } },
		}),
	);
	return client;
}

function post(
	url: URL,
	headers: Record<string, string>,
	body: unknown = { jsonrpc: "2.0", id: 1, method: "tools/list" },
) {
	return fetch(url, {
		method: "POST",
		headers: {
			"Content-Type": "application/json",
			Accept: "application/json, text/event-stream",
			...headers,
		},
		body: JSON.stringify(body),
	});
}

describe("the example server over Streamable HTTP", () => {
	it("listens on 127.0.0.1 only", () => {
		expect(running.url.hostname).toBe("127.0.0.1");
	});

	it("filters the tools by the roles in the token", async () => {
		const alice = await clientFor(running.url, {
			sub: "alice",
			roles: ["viewer"],
		});
		expect((await alice.listTools()).tools.map((t) => t.name).sort()).toEqual([
			"list_directory",
			"query",
			"read_file",
			"search_files",
		]);
		await alice.close();
		const bob = await clientFor(running.url, { sub: "bob", roles: ["editor"] });
		expect((await bob.listTools()).tools.map((t) => t.name).sort()).toContain(
			"write_file",
		);
		await bob.close();
	});

	it("decides calls on the token's subject and the call's arguments", async () => {
		const alice = await clientFor(running.url, {
			sub: "alice",
			roles: ["viewer"],
		});
		const own = await alice.callTool({
			name: "read_file",
			arguments: { path: "/home/alice/notes.md" },
		});
		expect(own.isError).toBeFalsy();
		const other = await alice
			.callTool({
				name: "read_file",
				arguments: { path: "/home/carol/ops.md" },
			})
			.catch((e: unknown) => e);
		expect((other as McpError).code).toBe(POLICY_DENIED_CODE);
		expect((other as McpError).data).toEqual({ reason: "policy_denied" });
		await alice.close();
		expect(
			records
				.filter((r) => r.action === "tools/call" && r.subjectId === "alice")
				.map((r) => r.outcome),
		).toEqual(["allowed", "denied"]);
	});

	it("answers a request without a token with the SDK's 401", async () => {
		const response = await post(running.url, {});
		expect(response.status).toBe(401);
		expect(response.headers.get("www-authenticate")).toContain(
			'error="invalid_token"',
		);
	});

	it("answers a body that does not parse, or is too large, with a JSON-RPC error and no stack", async () => {
		for (const body of ["{not json", JSON.stringify({ pad: "x".repeat(200_000) })]) {
			const response = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json" }, body });
			const text = await response.text();
			expect(response.status).toBeGreaterThanOrEqual(400);
			expect(response.status).toBeLessThan(500);
			expect(text).not.toMatch(/node_modules|at .*\(|<html|Error:/i);
			expect(JSON.parse(text)).toMatchObject({ jsonrpc: "2.0", id: null });
		}
	});

	it("answers an expired token with 401", async () => {
		const expired = await signToken(SECRET, {
			sub: "alice",
			roles: ["viewer"],
			expiresIn: Math.floor(Date.now() / 1000) - 60,
		});
		const response = await post(running.url, {
			Authorization: `Bearer ${expired}`,
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({
			error: "invalid_token",
			error_description: "Token has expired",
		});
	});

	it("answers a token signed with another key with 401", async () => {
		const forged = await signToken("another-secret-0123456789abcdef", {
			sub: "carol",
			roles: ["admin"],
		});
		const response = await post(running.url, {
			Authorization: `Bearer ${forged}`,
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({
			error: "invalid_token",
			error_description: "Invalid token",
		});
	});

	it("makes the SDK client fail to connect without a valid token", async () => {
		const client = new Client({ name: "http-test", version: "1.0.0" });
		const failure = await client
			.connect(new StreamableHTTPClientTransport(running.url))
			.catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(Error);
	});
});

describe("insufficient_scope on Streamable HTTP", () => {
	const scoped = compile([
		{
			name: "scoped.mcpolicy",
			text: `
policy "read-home" {
  allow
  subject role editor
  action "tools/call"
  resource "tool:read_file"
  when env.arguments.path matches "/home/\${subject.id}/**"
}
${DELETE_NEEDS_SCOPE}
policy "migrate-needs-scope" {
  allow
  subject role editor
  action "tools/call"
  resource "tool:migrate"
  when env.tool.destructiveHint == true
  when "files:delete" in subject.scopes
}`,
		},
	]);
	let server: RunningHttpExample;
	const records: DecisionRecord[] = [];

	beforeAll(async () => {
		server = await startHttpExample({
			engine: scoped,
			secret: SECRET,
			protect: {
				now: DAYTIME,
				insufficientScope: { scopes: ["files:read", "files:delete"] },
				onDecision: (record) => void records.push(record),
			},
		});
	});

	afterAll(async () => {
		await server.close();
	});

	const deleteOwnFile = {
		jsonrpc: "2.0",
		id: 7,
		method: "tools/call",
		params: { name: "delete_file", arguments: { path: "/home/bob/draft.md" } },
	};

	it("challenges a call that more scopes would allow with 403 and the scopes to ask for", async () => {
		const token = await signToken(SECRET, {
			sub: "bob",
			roles: ["editor"],
			scope: "files:read",
		});
		const response = await post(
			server.url,
			{ Authorization: `Bearer ${token}` },
			deleteOwnFile,
		);
		expect(response.status).toBe(403);
		expect(response.headers.get("www-authenticate")).toMatch(
			/^Bearer error="insufficient_scope", scope="files:delete"/,
		);
		// Refused before any handler ran, and still audited (every decision is).
		expect(records.filter((r) => r.resource === "tool:delete_file")).toMatchObject([
			{ subjectId: "bob", action: "tools/call", effect: "notapplicable", outcome: "denied" },
		]);
	});

	it("asks for the smallest set of scopes that allows the call", async () => {
		// Neither offered scope held: both would allow, but files:delete alone does.
		const token = await signToken(SECRET, { sub: "bob", roles: ["editor"] });
		const response = await post(server.url, { Authorization: `Bearer ${token}` }, deleteOwnFile);
		expect(response.status).toBe(403);
		const challenge = response.headers.get("www-authenticate") ?? "";
		expect(/ scope="([^"]*)"/.exec(challenge)?.[1]).toBe("files:delete");
	});

	it("does not challenge a tool hidden by its registry annotations: it answers as unknown", async () => {
		// migrate is registered destructive: the scope would allow it, but bob cannot see it
		// without the scope, and its name unregistered (env.tool = {}) no scope allows.
		const token = await signToken(SECRET, { sub: "bob", roles: ["editor"], scope: "files:read" });
		const response = await post(
			server.url,
			{ Authorization: `Bearer ${token}` },
			{ jsonrpc: "2.0", id: 8, method: "tools/call", params: { name: "migrate", arguments: { sql: "drop" } } },
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			id: 8,
			result: { isError: true, content: [{ type: "text", text: "MCP error -32602: Tool migrate not found" }] },
		});
	});

	it("lets the same call through once the token has the scope", async () => {
		const token = await signToken(SECRET, {
			sub: "bob",
			roles: ["editor"],
			scope: "files:read files:delete",
		});
		const response = await post(
			server.url,
			{ Authorization: `Bearer ${token}` },
			deleteOwnFile,
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			id: 7,
			result: {
				content: [{ type: "text", text: "deleted /home/bob/draft.md" }],
			},
		});
	});

	it("does not challenge a call no scope would allow", async () => {
		const token = await signToken(SECRET, {
			sub: "bob",
			roles: ["editor"],
			scope: "files:delete",
		});
		const body = {
			...deleteOwnFile,
			params: {
				name: "delete_file",
				arguments: { path: "/home/alice/notes.md" },
			},
		};
		const response = await post(
			server.url,
			{ Authorization: `Bearer ${token}` },
			body,
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			id: 7,
			error: { code: POLICY_DENIED_CODE, data: { reason: "policy_denied" } },
		});
	});

	it("says insufficient_scope in the JSON-RPC error when no HTTP challenge runs first", async () => {
		const { server: mcp } = createExampleServer(scoped, {
			now: DAYTIME,
			insufficientScope: { scopes: ["files:read", "files:delete"] },
		});
		const { client, close } = await connect(
			mcp,
			authInfoFor("bob", ["editor"], {}, ["files:read"]),
		);
		const error = await client
			.callTool({
				name: "delete_file",
				arguments: { path: "/home/bob/draft.md" },
			})
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(McpError);
		expect((error as McpError).data).toEqual({
			reason: "insufficient_scope",
			scope: "files:delete",
		});
		await close();
	});
});
