/** Mutation round 3 of the MCP layer: `redactArguments`' shared shapes (`src/mcp/audit.ts`). */
import { describe, expect, it } from "vitest";
import { type DecisionRecord, redactArguments } from "../../src/mcp/index.js";

describe("redactArguments: a shared shape is reused only for the very same names", () => {
	it("never gives the arguments a longer name list that starts with theirs", () => {
		expect(redactArguments({ m3a: 1, m3b: 2 })).toEqual({ m3a: "[redacted]", m3b: "[redacted]" });
		expect(redactArguments({ m3a: 1 })).toEqual({ m3a: "[redacted]" });
		expect(redactArguments({})).toEqual({});
	});
});

describe("auditArguments: omit", () => {
	it("leaves the arguments out of the record altogether", async () => {
		const { McpServer } = await import("@modelcontextprotocol/sdk/server/mcp.js");
		const { compile } = await import("../../src/engine.js");
		const { protect } = await import("../../src/mcp/index.js");
		const { ALICE, connect } = await import("./helpers.js");
		const records: DecisionRecord[] = [];
		const mcp = new McpServer({ name: "s", version: "1" });
		protect(mcp, compile('policy "all" { allow subject * action * resource * }'), {
			auditArguments: "omit",
			onDecision: (r) => void records.push(r),
		});
		mcp.registerTool("t", {}, async () => ({ content: [] }));
		const { client, close } = await connect(mcp, ALICE);
		await client.callTool({ name: "t", arguments: { secret: "hunter2" } });
		await close();
		const call = records.find((r) => r.action === "tools/call");
		expect(call).toBeDefined();
		expect(call !== undefined && "arguments" in call).toBe(false);
		expect(JSON.stringify(records)).not.toContain("secret");
	});
});

describe("redactArguments: shapes remembered are small", () => {
	it("shares the shape of short names, never one of names longer than 1,024 characters in all", () => {
		expect(redactArguments({ m3s: 1, m3t: 2 })).toBe(redactArguments({ m3s: 3, m3t: 4 }));
		// A client's names: a shape kept for good would keep them (16 shapes of megabytes).
		const long = "n".repeat(1025);
		const first = redactArguments({ [long]: 1 });
		expect(first).toEqual({ [long]: "[redacted]" });
		expect(redactArguments({ [long]: 2 })).not.toBe(first);
		const split = { [long.slice(0, 600)]: 1, [long.slice(0, 425)]: 2 };
		expect(redactArguments(split)).not.toBe(redactArguments({ ...split }));
	});
});
