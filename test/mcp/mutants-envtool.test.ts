/**
 * Gap found by mutation testing: `env.tool` comes from the server's own registry, never
 * from the request — also on a low-level `Server`, whose handlers get the request as the
 * SDK parsed it, or — the fallback handler — unparsed, with whatever params the client
 * sent; there `env.tool` is always `{}`.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { DAYTIME } from "./helpers.js";

describe("env.tool on a low-level Server", () => {
	it("is never what the client sends as annotations, also to the fallback handler (which gets the raw request)", async () => {
		const engine = compile('policy ro { allow subject * action "tools/call" resource "tool:q" when env.tool.readOnlyHint == true }');
		const server = new Server({ name: "low", version: "1" }, { capabilities: { tools: {} } });
		protect(server, engine, { now: DAYTIME });
		const ran: string[] = [];
		server.setRequestHandler(CallToolRequestSchema, async (request) => {
			ran.push(request.params.name);
			return { content: [{ type: "text" as const, text: "ran" }] };
		});
		// Any method without a handler of its own, tools/call included once removed below.
		server.fallbackRequestHandler = async (request) => {
			ran.push(`fallback ${String((request.params as { name?: unknown } | undefined)?.name)}`);
			return { content: [{ type: "text" as const, text: "ran" }] };
		};
		const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
		await server.connect(serverSide);
		const client = new Client({ name: "c", version: "1" });
		await client.connect(clientSide);
		const answer = (params: object) =>
			client.callTool(params as never).then(
				(result) => JSON.stringify(result),
				(error: { code?: unknown; message?: unknown }) => `${String(error.code)} ${String(error.message)}`,
			);
		const unknown = (await answer({ name: "nope", arguments: {} })).replaceAll("nope", "q");
		expect(unknown).toMatch(/^-32602 .*Unknown tool: q$/);
		expect(await answer({ name: "q", arguments: {}, annotations: { readOnlyHint: true } })).toBe(unknown);
		expect(ran).toEqual([]);
		server.removeRequestHandler("tools/call");
		expect(await answer({ name: "q", arguments: {}, annotations: { readOnlyHint: true } })).toBe(unknown);
		expect(ran).toEqual([]);
		await client.close();
	});
});
