/**
 * Gap found by mutation testing of protocol-errors.ts: a request refused because its
 * audit failed is the JSON-RPC internal error (-32603), as the wire carries it.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { connect, DAYTIME, lastResponse } from "./helpers.js";

describe("a refusal because the audit hook failed", () => {
	it("is JSON-RPC error -32603 `Audit failed; request refused`, and the tool does not run", async () => {
		const engine = compile('policy p { allow subject * action "tools/call" resource "tool:x" }');
		const server = new McpServer({ name: "audited", version: "1.0.0" });
		protect(server, engine, {
			now: DAYTIME,
			onDecision: () => {
				throw new Error("audit store down");
			},
			onAuditError: () => {},
		});
		const ran: string[] = [];
		server.registerTool("x", {}, async () => {
			ran.push("x");
			return { content: [{ type: "text" as const, text: "ran" }] };
		});
		const connected = await connect(server);
		await connected.client.callTool({ name: "x", arguments: {} }).catch(() => undefined);
		expect(JSON.parse(lastResponse(connected)).error).toEqual({
			code: -32603,
			message: "MCP error -32603: Audit failed; request refused",
		});
		expect(ran).toEqual([]);
		await connected.close();
	});
});
