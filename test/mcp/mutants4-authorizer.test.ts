/**
 * Mutation round 4 of the MCP layer: what `src/mcp/authorizer.ts` records and reports
 * when authorizing fails, and `env.request.clientInfo` after a client re-initializes —
 * each checked end to end with the real SDK over the in-memory transport.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { type DecisionRecord, type ProtectOptions, protect } from "../../src/mcp/index.js";
import { ALICE, connect, rawClient, settled } from "./helpers.js";

const ALLOW_ALL = 'policy "all" { allow subject * action * resource * }';

function server(policies: string, options: ProtectOptions = {}): McpServer {
	const mcp = new McpServer({ name: "s", version: "1" });
	protect(mcp, compile(policies), options);
	mcp.registerTool("t", {}, async () => ({ content: [{ type: "text", text: "ok" }] }));
	return mcp;
}

/** A subject every one of whose traps throws: deciding for it fails. */
function hostileSubject(): object {
	const fail = () => {
		throw new Error("trap of the subject");
	};
	return new Proxy({}, { getOwnPropertyDescriptor: fail, get: fail, has: fail, ownKeys: fail });
}

describe("a failure while authorizing", () => {
	it("goes to onAuditError, and its record says why the request was refused", async () => {
		const records: DecisionRecord[] = [];
		const reported: unknown[] = [];
		const mcp = server(ALLOW_ALL, {
			subject: hostileSubject,
			onDecision: (r) => void records.push(r),
			onAuditError: (e) => void reported.push(e),
		});
		const client = await rawClient(mcp);
		const answer = await client.send("tools/call", { name: "t", arguments: {} });
		await client.close();
		expect(answer).toContain("Authorization failed; request refused");
		expect(answer).not.toContain("trap of the subject");
		// The failure's own text goes to the server's reporter, never to the client.
		expect(reported.map((e) => String(e))).toContain("Error: trap of the subject");
		const call = records.filter((r) => r.action === "tools/call");
		expect(call).toHaveLength(1);
		expect(call[0]).toMatchObject({ effect: "deny", outcome: "denied", policy: null });
		expect(call[0]?.errors).toEqual([{ policy: null, message: "authorization failed: internal error" }]);
	});
});

describe("an auditArguments function that throws", () => {
	/** A clock taking 5 ms: authorizing takes at least that. */
	const slowClock = () => {
		const until = performance.now() + 5;
		while (performance.now() < until) {}
		return new Date("2026-03-02T10:00:00.000Z");
	};

	it("is recorded for the caller, with the time spent authorizing", async () => {
		const records: DecisionRecord[] = [];
		const mcp = server(ALLOW_ALL, {
			now: slowClock,
			auditArguments: () => {
				throw new Error("redaction failed");
			},
			onDecision: (r) => void records.push(r),
			onAuditError: () => {},
		});
		const { client, close } = await connect(mcp, ALICE);
		const answer = await settled(client.callTool({ name: "t", arguments: {} }));
		await close();
		expect(answer).toEqual({ error: expect.stringContaining("Audit failed; request refused") });
		const call = records.filter((r) => r.action === "tools/call");
		expect(call).toHaveLength(1);
		expect(call[0]).toMatchObject({ subjectId: "alice", resource: "tool:t", effect: "deny", outcome: "denied" });
		expect(call[0]?.durationMs).toBeGreaterThanOrEqual(5);
	});
});

describe("env.request.clientInfo follows the client's initialization", () => {
	it("is the new name after the client initializes again, for the same method in the same session", async () => {
		const records: DecisionRecord[] = [];
		const mcp = server('policy "raw" { allow subject * action * resource * when env.request.clientInfo.name == "raw" }', {
			onDecision: (r) => void records.push(r),
		});
		// rawClient initializes as { name: "raw", version: "1" }.
		const client = await rawClient(mcp);
		expect(await client.send("tools/call", { name: "t", arguments: {} })).toContain('"ok"');
		await client.send("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "other", version: "1" } });
		expect(await client.send("tools/call", { name: "t", arguments: {} })).not.toContain('"ok"');
		await client.close();
		expect(records.filter((r) => r.action === "tools/call").map((r) => r.outcome)).toEqual(["allowed", "hidden"]);
	});
});
