/**
 * Gaps found by mutation testing of `protection.scopeChallenge()` (scope-challenge.ts):
 * JSON-RPC batches, the session id, and what the challenge header may carry. The
 * middleware is driven as Express would drive it (`req.auth`, `req.body`, a response
 * with `writeHead`/`end`), in front of a protected SDK `McpServer`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { type DecisionRecord, protect } from "../../src/mcp/index.js";
import { authInfoFor, DAYTIME } from "./helpers.js";

const engine = compile(`
policy "delete-needs-scope" {
  allow
  subject role editor
  action "tools/call"
  resource "tool:delete_file"
  when "files:delete" in subject.scopes
}
policy "read" {
  allow
  subject role editor
  action "tools/call"
  resource "tool:read_file"
}
policy "session" {
  allow
  subject role editor
  action "tools/call"
  resource "tool:session_tool"
  when env.request.sessionId == "s-1"
  when "files:delete" in subject.scopes
}`);

const BOB = authInfoFor("bob", ["editor"], {}, ["files:read"]);

function protectedServer(records: DecisionRecord[] = []) {
	const server = new McpServer({ name: "scoped", version: "1.0.0" });
	const protection = protect(server, engine, {
		now: DAYTIME,
		insufficientScope: { scopes: ["files:read", "files:delete"] },
		onDecision: (record) => void records.push(record),
	});
	const ok = async () => ({ content: [{ type: "text" as const, text: "ran" }] });
	server.registerTool("delete_file", {}, ok);
	server.registerTool("read_file", {}, ok);
	server.registerTool("session_tool", {}, ok);
	return protection;
}

interface Outcome {
	readonly next: boolean;
	readonly status?: number;
	readonly headers?: Record<string, string>;
	readonly body?: unknown;
}

/** Runs the middleware once on a request with this body, identity and headers. */
function challenge(
	middleware: ReturnType<ReturnType<typeof protect>["scopeChallenge"]>,
	body: unknown,
	headers: Record<string, string> = {},
): Outcome {
	let outcome: Outcome = { next: false };
	const req = { body, auth: BOB, headers } as unknown as IncomingMessage & { body?: unknown };
	const res = {
		writeHead(status: number, head: Record<string, string>) {
			outcome = { ...outcome, status, headers: head };
			return res;
		},
		end(text: string) {
			outcome = { ...outcome, body: JSON.parse(text) };
		},
	} as unknown as ServerResponse;
	middleware(req, res, () => {
		outcome = { next: true };
	});
	return outcome;
}

const call = (id: number, name: string) => ({
	jsonrpc: "2.0",
	id,
	method: "tools/call",
	params: { name, arguments: {} },
});

describe("scopeChallenge() on a batch", () => {
	it("challenges a batch when any of its messages needs more scopes, whatever comes after it", () => {
		const middleware = protectedServer().scopeChallenge();
		for (const batch of [
			[call(1, "read_file"), call(2, "delete_file")],
			[call(1, "delete_file"), call(2, "read_file")],
			[{ jsonrpc: "2.0", method: "notifications/initialized" }, call(2, "delete_file")],
		]) {
			const outcome = challenge(middleware, batch);
			expect(outcome.next).toBe(false);
			expect(outcome.status).toBe(403);
			expect(outcome.body).toEqual({
				error: "insufficient_scope",
				error_description: "The request needs more scopes than the token grants",
				scope: "files:delete",
			});
		}
		// A batch no scope changes passes on to the MCP handlers.
		expect(challenge(middleware, [call(1, "read_file"), call(2, "read_file")]).next).toBe(true);
	});
});

describe("scopeChallenge() and the session", () => {
	it("decides on the Mcp-Session-Id header's session, and records it", () => {
		const records: DecisionRecord[] = [];
		const middleware = protectedServer(records).scopeChallenge();
		// Only session s-1 could call session_tool, with files:delete: a challenge there only.
		const inSession = challenge(middleware, call(1, "session_tool"), { "mcp-session-id": "s-1" });
		expect(inSession.status).toBe(403);
		expect(records.at(-1)).toMatchObject({ action: "tools/call", resource: "tool:session_tool", outcome: "denied", sessionId: "s-1" });
		expect(challenge(middleware, call(1, "session_tool"), { "mcp-session-id": "s-2" }).next).toBe(true);
	});
});

describe("scopeChallenge()'s WWW-Authenticate header", () => {
	it("keeps quotes and backslashes of the resource metadata URL out of the quoted string", () => {
		const middleware = protectedServer().scopeChallenge({
			resourceMetadataUrl: 'https://as.example/meta", evil="1\\',
		});
		const outcome = challenge(middleware, call(1, "delete_file"));
		expect(outcome.status).toBe(403);
		expect(outcome.headers?.["WWW-Authenticate"]).toBe(
			'Bearer error="insufficient_scope", scope="files:delete", error_description="The request needs more scopes than the token grants", resource_metadata="https://as.example/meta, evil=1"',
		);
	});
});
