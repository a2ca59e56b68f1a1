/**
 * Mutation round 3 of the MCP layer: the call path's audit records (`src/mcp/authorizer.ts`
 * outside list filtering), each checked end to end with the real SDK client over the
 * in-memory transport.
 */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { type DecisionRecord, type ProtectOptions, protect } from "../../src/mcp/index.js";
import * as z from "zod";
import { ALICE, connect, rawClient, settled } from "./helpers.js";

const ALLOW_ALL = 'policy "all" { allow subject * action * resource * }';

function server(policies: string, options: ProtectOptions = {}, onCall: () => void = () => {}) {
	const mcp = new McpServer({ name: "s", version: "1" });
	protect(mcp, compile(policies), options);
	mcp.registerTool("t", {}, async () => {
		onCall();
		return { content: [{ type: "text", text: "ok" }] };
	});
	return mcp;
}

describe("durationMs: the time spent authorizing, measured", () => {
	it("counts a slow clock read while deciding, and no more than the whole call took", async () => {
		const records: DecisionRecord[] = [];
		// The clock is read while authorizing: a clock taking 5 ms makes the decision take at least that.
		const slowClock = () => {
			const until = performance.now() + 5;
			while (performance.now() < until) {}
			return new Date("2026-03-02T10:00:00.000Z");
		};
		const { client, close } = await connect(server(ALLOW_ALL, { now: slowClock, onDecision: (r) => void records.push(r) }), ALICE);
		const before = performance.now();
		await client.callTool({ name: "t", arguments: {} });
		const took = performance.now() - before;
		await close();
		const call = records.find((r) => r.action === "tools/call");
		expect(call?.durationMs).toBeGreaterThanOrEqual(5);
		expect(call?.durationMs).toBeLessThanOrEqual(took);
	});
});

describe("the record is made before the tool runs", () => {
	it("is already there when the handler starts, and there once", async () => {
		const records: DecisionRecord[] = [];
		const seen: number[] = [];
		const mcp = server(ALLOW_ALL, { onDecision: (r) => void records.push(r) }, () => {
			seen.push(records.filter((r) => r.action === "tools/call").length);
		});
		const { client, close } = await connect(mcp, ALICE);
		await client.callTool({ name: "t", arguments: {} });
		await close();
		expect(seen).toEqual([1]);
		expect(records.filter((r) => r.action === "tools/call")).toHaveLength(1);
	});
});

describe("subjectId: the id the request was decided for", () => {
	it("follows a custom resolver's mutable subject from request to request", async () => {
		const records: DecisionRecord[] = [];
		const shared = { id: "first", roles: [] as string[], groups: [] as string[] };
		const { client, close } = await connect(
			server(ALLOW_ALL, { subject: () => shared, onDecision: (r) => void records.push(r) }),
			ALICE,
		);
		await client.callTool({ name: "t", arguments: {} });
		shared.id = "second";
		await client.callTool({ name: "t", arguments: {} });
		await close();
		expect(records.filter((r) => r.action === "tools/call").map((r) => r.subjectId)).toEqual(["first", "second"]);
	});

	it("is null for a subject whose id is not a string", async () => {
		const records: DecisionRecord[] = [];
		const { client, close } = await connect(
			server(ALLOW_ALL, { subject: () => ({ id: 42, roles: [], groups: [] }), onDecision: (r) => void records.push(r) }),
			ALICE,
		);
		await client.callTool({ name: "t", arguments: {} });
		await close();
		expect(records.find((r) => r.action === "tools/call")?.subjectId).toBeNull();
	});
});

describe("a broken identity is never the anonymous subject", () => {
	const ANONYMOUS_ONLY = 'policy "anon" { allow subject * action * resource * when subject has anonymous }';
	for (const [name, resolver] of [
		["a resolver answering null", () => null],
		["a resolver that throws", () => { throw new Error("no"); }],
		["a present but malformed id claim", undefined],
	] as const) {
		it(`refuses everything for ${name}, where anonymous callers are allowed`, async () => {
			const records: DecisionRecord[] = [];
			const options: ProtectOptions = { onDecision: (r) => void records.push(r), ...(resolver === undefined ? {} : { subject: resolver }) };
			const { client, close } = await connect(server(ANONYMOUS_ONLY, options), { token: "x", clientId: "app", scopes: [], extra: { sub: 42 } });
			expect((await client.listTools()).tools).toEqual([]);
			const answer = await client.callTool({ name: "t", arguments: {} }).catch((e: unknown) => e);
			await close();
			expect(JSON.stringify(answer)).not.toContain('"ok"');
			expect(records.find((r) => r.action === "tools/call")).toMatchObject({ subjectId: null, effect: "deny" });
		});
	}
	it("while a caller without identity is anonymous (the policy does apply)", async () => {
		const { client, close } = await connect(server(ANONYMOUS_ONLY));
		expect(await client.callTool({ name: "t", arguments: {} })).toMatchObject({ content: [{ text: "ok" }] });
		await close();
	});
});

describe("action and resource of a call's record", () => {
	it("name the refused id of several: the resolved URI a deny applies to, not the URI as sent", async () => {
		const records: DecisionRecord[] = [];
		const mcp = new McpServer({ name: "s", version: "1" });
		protect(
			mcp,
			compile(`policy "all" { allow subject * action * resource * }
policy "secret" { deny subject * action * resource "resource:file:///srv/secret" }`),
			{ onDecision: (r) => void records.push(r) },
		);
		mcp.registerResource("s", "file:///srv/secret", {}, async (uri) => ({ contents: [{ uri: uri.href, text: "S" }] }));
		const client = await rawClient(mcp);
		const answer = await client.send("resources/read", { uri: "file:///srv/a/../secret" });
		await client.close();
		expect(answer).not.toContain('"S"');
		expect(records.map((r) => [r.action, r.resource, r.effect, r.policy])).toEqual([
			["resources/read", "resource:file:///srv/secret", "deny", "secret"],
		]);
	});

	it("name the request's own method for a subscription and a completion, not the read or get they are checked against", async () => {
		const records: DecisionRecord[] = [];
		const mcp = new McpServer({ name: "s", version: "1" });
		protect(mcp, compile(ALLOW_ALL), { onDecision: (r) => void records.push(r) });
		mcp.registerResource("a", "file:///srv/a", {}, async (uri) => ({ contents: [{ uri: uri.href, text: "A" }] }));
		mcp.registerPrompt("p", { argsSchema: { topic: completable(z.string(), () => ["x"]) } }, async () => ({ messages: [] }));
		mcp.server.registerCapabilities({ resources: { subscribe: true } });
		mcp.server.setRequestHandler(SubscribeRequestSchema, async () => ({}));
		const client = await rawClient(mcp);
		const subscribed = await client.send("resources/subscribe", { uri: "file:///srv/a" });
		const completed = await client.send("completion/complete", { ref: { type: "ref/prompt", name: "p" }, argument: { name: "topic", value: "" } });
		await client.close();
		expect(subscribed).toContain('"result"');
		expect(completed).toContain('"x"');
		expect(records.map((r) => [r.action, r.resource, r.outcome])).toEqual([
			["resources/subscribe", "resource:file:///srv/a", "allowed"],
			["completion/complete", "prompt:p", "allowed"],
		]);
	});
});

describe("errors of a call's record", () => {
	it("are the decision's own: a condition that errs is recorded with its policy", async () => {
		const records: DecisionRecord[] = [];
		const policies = `policy "all" { allow subject * action * resource * }
policy "x" { deny subject * action "tools/call" resource * when env.arguments.x == 1 }`;
		const { client, close } = await connect(server(policies, { onDecision: (r) => void records.push(r) }), ALICE);
		await client.callTool({ name: "t", arguments: {} }).catch(() => undefined);
		await close();
		const call = records.find((r) => r.action === "tools/call");
		expect(call).toMatchObject({ effect: "deny", outcome: "denied" });
		expect(call?.errors.length).toBeGreaterThan(0);
		expect(call?.errors[0]?.policy).toBe("x");
	});
});

describe("an onDecision that throws on an allowed call", () => {
	it("refuses the call before the tool runs, and tells onAuditError", async () => {
		const reported: unknown[] = [];
		let ran = 0;
		const mcp = server(
			ALLOW_ALL,
			{
				onDecision: (r) => {
					if (r.action === "tools/call") throw new Error("disk full");
				},
				onAuditError: (e) => void reported.push(e),
			},
			() => void ran++,
		);
		const { client, close } = await connect(mcp, ALICE);
		const answer = await settled(client.callTool({ name: "t", arguments: {} }));
		await close();
		expect(answer).toEqual({ error: expect.stringContaining("Audit failed; request refused") });
		expect(JSON.stringify(answer)).not.toContain("disk full");
		expect(ran).toBe(0);
		expect(reported.map(String)).toEqual(["Error: disk full"]);
	});
});

describe("an async onDecision that rejects", () => {
	it("leaves the call answered, and its rejection goes to onAuditError", async () => {
		const reported: unknown[] = [];
		const mcp = server(ALLOW_ALL, {
			onDecision: async (r) => {
				if (r.action === "tools/call") throw new Error("queue closed");
			},
			onAuditError: (e) => void reported.push(e),
		});
		const { client, close } = await connect(mcp, ALICE);
		expect(await client.callTool({ name: "t", arguments: {} })).toMatchObject({ content: [{ text: "ok" }] });
		await close();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(reported.map(String)).toEqual(["Error: queue closed"]);
	});
});

describe("a failure while authorizing", () => {
	it("is recorded with the request's session id", async () => {
		const records: DecisionRecord[] = [];
		const mcp = new McpServer({ name: "s", version: "1" });
		// A subject whose every trap throws: deciding fails, the request is refused and recorded.
		const hostile = new Proxy(
			{},
			{
				getOwnPropertyDescriptor: () => {
					throw new Error("trap");
				},
				get: () => {
					throw new Error("trap");
				},
				has: () => {
					throw new Error("trap");
				},
				ownKeys: () => {
					throw new Error("trap");
				},
			},
		);
		protect(mcp, compile(ALLOW_ALL), { subject: () => hostile, onDecision: (r) => void records.push(r), onAuditError: () => {} });
		mcp.registerTool("t", {}, async () => ({ content: [{ type: "text", text: "ok" }] }));
		const client = await rawClient(mcp, { sessionId: "session-9" });
		const answer = await client.send("tools/call", { name: "t", arguments: {} });
		await client.close();
		expect(answer).toContain("Authorization failed; request refused");
		expect(records.at(-1)).toMatchObject({ action: "tools/call", outcome: "denied", effect: "deny", sessionId: "session-9" });
	});
});

describe("a registered tool the caller cannot see", () => {
	it("answers as its name unregistered would, but its record keeps the real decision (the deny that hides it)", async () => {
		const records: DecisionRecord[] = [];
		const mcp = new McpServer({ name: "s", version: "1" });
		protect(
			mcp,
			compile(`policy "allow-x" { allow subject * action "tools/call", "tools/list" resource "tool:*" when env.arguments.x == 1 }
policy "deny-destructive" { deny subject * action "tools/call" resource "tool:*" when env.tool has destructiveHint and env.tool.destructiveHint == true }`),
			{ onDecision: (r) => void records.push(r) },
		);
		mcp.registerTool("wipe", { annotations: { destructiveHint: true } }, async () => ({ content: [] }));
		const client = await rawClient(mcp);
		await client.send("tools/call", { name: "wipe", arguments: { x: 2 } });
		await client.close();
		expect(records.map((r) => [r.resource, r.effect, r.policy])).toEqual([["tool:wipe", "deny", "deny-destructive"]]);
	});
});
