/**
 * Branches of src/mcp/authorizer.ts no other test reached: list results the filter cannot
 * read, the scope challenge for prompts, completions and hidden tools, subjects without
 * a scopes claim or with a null prototype, session ids in every kind of record, and an
 * unknown-item answer that throws a primitive. End to end with the real v1 SDK over the
 * in-memory transport, and `protection.scopeChallenge()` driven as Express drives it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
	ListResourceTemplatesRequestSchema,
	ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { type AuthInfo, type DecisionRecord, type ProtectOptions, protect } from "../../src/mcp/index.js";
import { ALICE, authInfoFor, connect, rawClient } from "./helpers.js";

const ok = async () => ({ content: [{ type: "text" as const, text: "ran" }] });

/** Runs `protection.scopeChallenge()` once: the 403's scope, or `undefined` when it called `next`. */
function challenged(
	protection: ReturnType<typeof protect>,
	body: unknown,
	auth: AuthInfo | undefined,
): string | undefined {
	let scope: string | undefined;
	let passed = false;
	const req = { body, auth, headers: {} } as unknown as IncomingMessage & { body?: unknown };
	const res = {
		writeHead: () => res,
		end: (text: string) => {
			scope = (JSON.parse(text) as { scope: string }).scope;
		},
	} as unknown as ServerResponse;
	protection.scopeChallenge()(req, res, () => {
		passed = true;
	});
	expect(passed).toBe(scope === undefined);
	return scope;
}

describe("a list result the filter cannot read", () => {
	const POLICY = `
policy p { allow subject * action "tools/call" resource "tool:public" }
policy r { allow subject * action "resources/read" resource "resource:file:///public/**" }`;
	const TOOLS = [
		{ name: "public", inputSchema: { type: "object" as const } },
		{ name: "secret", inputSchema: { type: "object" as const } },
	];

	function lowLevel(records: DecisionRecord[], reported: unknown[]): Server {
		const server = new Server({ name: "s", version: "1" }, { capabilities: { tools: {}, resources: {} } });
		protect(server, compile(POLICY), {
			onDecision: (record) => void records.push(record),
			onAuditError: (error) => void reported.push(error),
		});
		return server;
	}

	it("an items array behind a getter is refused, never sent unfiltered", async () => {
		const records: DecisionRecord[] = [];
		const reported: unknown[] = [];
		const server = lowLevel(records, reported);
		server.setRequestHandler(ListToolsRequestSchema, async () => ({
			get tools() {
				return TOOLS;
			},
		}));
		const client = await rawClient(server as unknown as McpServer, { authInfo: ALICE });
		const answer = await client.send("tools/list", {});
		await client.close();
		expect(answer).not.toContain("secret");
		expect(answer).toContain("Authorization failed; request refused");
		expect(reported).toHaveLength(1);
		expect(records.at(-1)).toMatchObject({ action: "tools/list", effect: "deny", outcome: "denied" });
	});

	it("so are templates behind a getter, and a list field that is not an array", async () => {
		const server = lowLevel([], []);
		const templates = [{ name: "secret", uriTemplate: "file:///secret/{x}" }];
		server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
			get resourceTemplates() {
				return templates;
			},
		}));
		server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: { 0: TOOLS[1], length: 1 } }) as never);
		const client = await rawClient(server as unknown as McpServer, { authInfo: ALICE });
		const listed = await client.send("resources/templates/list", {});
		const tools = await client.send("tools/list", {});
		await client.close();
		for (const answer of [listed, tools]) {
			expect(answer).not.toContain("secret");
			expect(answer).toContain("Authorization failed; request refused");
		}
	});

	it("a readable list is still filtered (the same servers, an own array)", async () => {
		const server = lowLevel([], []);
		server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
		const connected = await connect(server, ALICE);
		const { tools } = await connected.client.listTools();
		await connected.close();
		expect(tools.map((tool) => tool.name)).toEqual(["public"]);
	});
});

describe("the scope challenge", () => {
	const ENGINE = compile(`
policy "prompt-needs-scope" {
  allow subject * action "prompts/get" resource "prompt:p"
  when "p:get" in subject.scopes
}
policy "complete-en" {
  allow subject * action "completion/complete" resource "prompt:p"
  when env.arguments.lang == "en"
  when "p:complete" in subject.scopes
}
policy "tools" { allow subject * action "tools/call" resource "tool:*" }
policy "destructive-needs-admin" {
  deny subject * action "tools/call" resource "tool:*"
  when env.tool has destructiveHint and env.tool.destructiveHint == true
  unless "x:admin" in subject.scopes
}`);
	const BOB = authInfoFor("bob", ["editor"]);

	function protectedServer(options: ProtectOptions = {}) {
		const server = new McpServer({ name: "scoped", version: "1.0.0" });
		const protection = protect(server, ENGINE, {
			insufficientScope: { scopes: ["p:get", "p:complete", "x:admin"] },
			...options,
		});
		server.registerTool("drop", { annotations: { destructiveHint: true } }, ok);
		server.registerPrompt("p", {}, () => ({ messages: [] }));
		return protection;
	}

	it("asks for a prompt's scope (no audit hook)", () => {
		const protection = protectedServer();
		expect(challenged(protection, { method: "prompts/get", params: { name: "p" } }, BOB)).toBe("p:get");
		expect(challenged(protection, { method: "prompts/get", params: { name: "q" } }, BOB)).toBeUndefined();
	});

	it("records the 403 also for a request without identity (a resolver that needs none)", () => {
		const records: DecisionRecord[] = [];
		const protection = protectedServer({
			subject: () => ({ id: "svc", scopes: [] }),
			onDecision: (record) => void records.push(record),
		});
		expect(challenged(protection, { method: "prompts/get", params: { name: "p" } }, undefined)).toBe("p:get");
		expect(records).toEqual([
			expect.objectContaining({ subjectId: "svc", action: "prompts/get", resource: "prompt:p", outcome: "denied" }),
		]);
	});

	it("asks nothing for a registered tool the caller cannot see whose name unregistered is allowed", () => {
		const protection = protectedServer();
		// `drop` is registered destructive: denied, and no arguments make it usable, so it is
		// hidden. Unregistered, `drop` (like `other`) would be allowed: a 403 asking for
		// `x:admin` would tell the caller the server has a destructive `drop`.
		expect(challenged(protection, { method: "tools/call", params: { name: "drop", arguments: {} } }, BOB)).toBeUndefined();
		expect(challenged(protection, { method: "tools/call", params: { name: "other", arguments: {} } }, BOB)).toBeUndefined();
	});

	it("decides a completion without an argument name on its context's arguments", () => {
		const protection = protectedServer();
		const completion = (context: unknown) => ({
			method: "completion/complete",
			params: { ref: { type: "ref/prompt", name: "p" }, argument: { value: "x" }, context },
		});
		expect(challenged(protection, completion({ arguments: { lang: "en" } }), BOB)).toBe("p:complete");
		expect(challenged(protection, completion({ arguments: { lang: "fr" } }), BOB)).toBeUndefined();
		// Context arguments that are no plain object: none at all.
		expect(challenged(protection, completion({ arguments: ["en"] }), BOB)).toBeUndefined();
		// A member whose value is undefined (a body no JSON parser made) is no member.
		expect(challenged(protection, completion({ arguments: { lang: undefined } }), BOB)).toBeUndefined();
	});

	it("lets malformed requests through to the handlers (ref of another type, no name)", () => {
		const protection = protectedServer();
		const params = { ref: { type: "ref/other", name: "p" }, argument: { name: "lang", value: "en" } };
		expect(challenged(protection, { method: "completion/complete", params }, BOB)).toBeUndefined();
		expect(challenged(protection, { method: "prompts/get", params: {} }, BOB)).toBeUndefined();
		expect(challenged(protection, { method: "tools/call" }, BOB)).toBeUndefined();
	});
});

describe("missing scopes in a denial", () => {
	const NEEDS_AB = `
policy a { allow subject * action "tools/call" resource "tool:t" when "a" in subject.scopes and "b" in subject.scopes }
policy g { deny subject * action "tools/call" resource "tool:t" when "guest" in subject.scopes }`;

	async function denial(subject: () => unknown, scopes: readonly string[]): Promise<string> {
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, compile(NEEDS_AB), { subject, insufficientScope: { scopes } });
		server.registerTool("t", {}, ok);
		const client = await rawClient(server, { authInfo: ALICE });
		const answer = await client.send("tools/call", { name: "t", arguments: {} });
		await client.close();
		return answer;
	}

	it("are named for a subject without a scopes claim", async () => {
		const answer = await denial(() => ({ id: "x" }), ["a", "b"]);
		expect(JSON.parse(answer).error.data).toMatchObject({ reason: "insufficient_scope", scope: "a b" });
	});

	it("are found past a scope that brings a deny of its own, among three", async () => {
		const answer = await denial(() => ({ id: "x", scopes: [] }), ["a", "guest", "b"]);
		expect(JSON.parse(answer).error.data).toMatchObject({ reason: "insufficient_scope", scope: "a b" });
	});

	it("are named for a subject with a null prototype", async () => {
		const answer = await denial(() => Object.assign(Object.create(null), { id: "x", scopes: ["a"] }), ["a", "b"]);
		expect(JSON.parse(answer).error.data).toMatchObject({ reason: "insufficient_scope", scope: "b" });
	});
});

describe("the session id", () => {
	it("is in the record of an audit failure and of a filtered list", async () => {
		const records: DecisionRecord[] = [];
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, compile('policy "all" { allow subject * action * resource * }'), {
			onDecision: (record) => void records.push(record),
			auditArguments: () => {
				throw new Error("redaction failed");
			},
		});
		server.registerTool("t", {}, ok);
		const client = await rawClient(server, { authInfo: ALICE, sessionId: "session-9" });
		expect(await client.send("tools/call", { name: "t", arguments: {} })).toContain("Audit failed; request refused");
		expect(await client.send("tools/list", {})).toContain('"name":"t"');
		await client.close();
		expect(records.map((r) => [r.action, r.outcome, r.sessionId])).toEqual([
			["tools/call", "denied", "session-9"],
			["tools/list", "filtered", "session-9"],
		]);
	});
});

describe("an unknown-item answer that throws", () => {
	it("a primitive is a failure of authorizing, not the client's answer", async () => {
		const records: DecisionRecord[] = [];
		const reported: unknown[] = [];
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, compile('policy p { allow subject * action "tools/call" resource "tool:public" }'), {
			onDecision: (record) => void records.push(record),
			onAuditError: (error) => void reported.push(error),
			unknown: {
				tool: () => {
					throw "no such tool";
				},
			},
		});
		server.registerTool("hidden", {}, ok);
		const client = await rawClient(server, { authInfo: ALICE });
		const answer = await client.send("tools/call", { name: "hidden", arguments: {} });
		await client.close();
		expect(answer).toContain("Authorization failed; request refused");
		expect(reported).toEqual(["no such tool"]);
		// The hidden decision, then the refusal.
		expect(records.map((r) => r.outcome)).toEqual(["hidden", "denied"]);
	});
});
