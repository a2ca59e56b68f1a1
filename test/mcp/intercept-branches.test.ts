/**
 * Branches of src/mcp/intercept.ts no other test reached: a low-level `Server` whose
 * handlers (and fallback handler) were registered before `protect`, an `McpServer`
 * protected once connected, and an `McpServer` whose handler families cannot be taken
 * out or registered again as expected. Whatever the path, every protected method ends
 * up authorized — or `protect` throws and leaves the server as it was. Real v1 SDK over
 * the in-memory transport.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
	CallToolRequestSchema,
	ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { ALICE, connect, rawClient } from "./helpers.js";

const ENGINE = compile('policy p { allow subject * action "tools/call", "prompts/get" resource "tool:public", "prompt:public" }');
const ok = async () => ({ content: [{ type: "text" as const, text: "ran" }] });

/** An McpServer with the tools `public` and `hidden` (registered before `protect`). */
function mcpWithTools(): McpServer {
	const mcp = new McpServer({ name: "s", version: "1" });
	mcp.registerTool("public", {}, ok);
	mcp.registerTool("hidden", {}, ok);
	return mcp;
}

/** Lists the tools and calls both: what the caller saw. */
async function useTools(server: McpServer | Server): Promise<{ listed: string[]; publicCall: string; hiddenCall: string }> {
	const client = await rawClient(server as McpServer, { authInfo: ALICE });
	const list = JSON.parse(await client.send("tools/list", {})) as { result: { tools: { name: string }[] } };
	const publicCall = await client.send("tools/call", { name: "public", arguments: {} });
	const hiddenCall = await client.send("tools/call", { name: "hidden", arguments: {} });
	await client.close();
	return { listed: list.result.tools.map((tool) => tool.name), publicCall, hiddenCall };
}

describe("a low-level Server with handlers registered before protect", () => {
	function lowLevel(): Server {
		const server = new Server({ name: "s", version: "1" }, { capabilities: { tools: {}, prompts: {} } });
		server.setRequestHandler(ListToolsRequestSchema, async () => ({
			tools: [
				{ name: "public", inputSchema: { type: "object" as const } },
				{ name: "hidden", inputSchema: { type: "object" as const } },
			],
		}));
		server.setRequestHandler(CallToolRequestSchema, ok);
		return server;
	}

	it("has them wrapped where they are: lists filtered, hidden calls refused", async () => {
		const server = lowLevel();
		protect(server, ENGINE);
		const seen = await useTools(server);
		expect(seen.listed).toEqual(["public"]);
		expect(seen.publicCall).toContain('"text":"ran"');
		expect(seen.hiddenCall).toContain("Unknown tool: hidden");
	});

	it("decides them before the SDK validates: a call without params is invalid, hidden or not", async () => {
		const server = lowLevel();
		protect(server, ENGINE);
		const client = await rawClient(server as unknown as McpServer, { authInfo: ALICE });
		const answer = await client.send("tools/call");
		await client.close();
		expect(JSON.parse(answer).error).toEqual({ code: -32602, message: "MCP error -32602: Invalid request parameters" });
	});

	it("has its fallback handler wrapped, and a fallback set to something else is none", async () => {
		const server = new Server({ name: "s", version: "1" }, { capabilities: { prompts: {} } });
		const reached: string[] = [];
		server.fallbackRequestHandler = async (request) => {
			reached.push(String((request.params as { name?: unknown } | undefined)?.name));
			return { messages: [] };
		};
		protect(server, ENGINE);
		const client = await rawClient(server as unknown as McpServer, { authInfo: ALICE });
		expect(await client.send("prompts/get", { name: "public" })).toContain('"messages":[]');
		expect(await client.send("prompts/get", { name: "secret" })).toContain("Unknown prompt: secret");
		expect(reached).toEqual(["public"]);
		(server as { fallbackRequestHandler?: unknown }).fallbackRequestHandler = "not a handler";
		expect(server.fallbackRequestHandler).toBeUndefined();
		expect(JSON.parse(await client.send("prompts/get", { name: "public" })).error.code).toBe(-32601);
		await client.close();
		expect(reached).toEqual(["public"]);
	});
});

describe("an McpServer whose handlers cannot be registered again", () => {
	it("protected once connected: its handlers are wrapped as registered", async () => {
		const mcp = mcpWithTools();
		const [, serverSide] = InMemoryTransport.createLinkedPair();
		await mcp.connect(serverSide);
		protect(mcp, ENGINE);
		await mcp.close();
		const seen = await useTools(mcp);
		expect(seen.listed).toEqual(["public"]);
		expect(seen.publicCall).toContain('"text":"ran"');
		expect(seen.hiddenCall).toContain("Tool hidden not found");
	});

	it("whose family's register method is gone: the family stays, wrapped", async () => {
		const mcp = mcpWithTools();
		Object.defineProperty(mcp, "setToolRequestHandlers", { value: undefined });
		protect(mcp, ENGINE);
		const seen = await useTools(mcp);
		expect(seen.listed).toEqual(["public"]);
		expect(seen.hiddenCall).toContain("Tool hidden not found");
	});

	it("whose register method throws: its handlers are put back, wrapped", async () => {
		const mcp = mcpWithTools();
		Object.defineProperty(mcp, "setToolRequestHandlers", {
			value: () => {
				throw new Error("cannot register");
			},
		});
		protect(mcp, ENGINE);
		const seen = await useTools(mcp);
		expect(seen.listed).toEqual(["public"]);
		expect(seen.publicCall).toContain('"text":"ran"');
		expect(seen.hiddenCall).toContain("Tool hidden not found");
	});

	it("whose register method throws after registering: what it registered stays", async () => {
		const mcp = mcpWithTools();
		const register = (McpServer.prototype as unknown as { setToolRequestHandlers: () => void }).setToolRequestHandlers;
		Object.defineProperty(mcp, "setToolRequestHandlers", {
			value(this: McpServer) {
				register.call(this);
				throw new Error("registered, then failed");
			},
		});
		protect(mcp, ENGINE);
		const seen = await useTools(mcp);
		expect(seen.listed).toEqual(["public"]);
		expect(seen.hiddenCall).toContain("Tool hidden not found");
	});
});

describe("a protected method's handler out of reach", () => {
	it("protect throws, and an McpServer's taken handlers are put back as they were", async () => {
		const mcp = mcpWithTools();
		const lowLevel = mcp.server as unknown as { assertCanSetRequestHandler(method: string): void };
		const assert = lowLevel.assertCanSetRequestHandler.bind(lowLevel);
		// The server says `resources/subscribe` has a handler, but it is in no map protect can reach.
		lowLevel.assertCanSetRequestHandler = (method) => {
			if (method === "resources/subscribe") throw new Error("already registered");
			assert(method);
		};
		expect(() => protect(mcp, ENGINE)).toThrow(
			"cannot protect `resources/subscribe`: its handler was registered before protect() where protect cannot wrap it",
		);
		// Unprotected, as before protect: both tools listed and callable.
		const connected = await connect(mcp, ALICE);
		const { tools } = await connected.client.listTools();
		await connected.close();
		expect(tools.map((tool) => tool.name)).toEqual(["public", "hidden"]);
	});

	it("protect throws for a server whose handler map is no Map", () => {
		const server = new Server({ name: "s", version: "1" }, { capabilities: { tools: {} } });
		server.setRequestHandler(CallToolRequestSchema, ok);
		// A look-alike of the SDK's Map: protect cannot wrap what it holds.
		const handlers = new Map<string, unknown>([["tools/call", ok]]);
		const lookAlike = { has: (method: string) => handlers.has(method), get: (method: string) => handlers.get(method) };
		Object.defineProperty(server, "_requestHandlers", { value: lookAlike });
		expect(() => protect(server, ENGINE)).toThrow("cannot protect `tools/call`");
	});

	it("a look-alike handler map without protected handlers: later registrations are wrapped", async () => {
		const server = new Server({ name: "s", version: "1" }, { capabilities: { tools: {} } });
		const handlers = new Map<string, unknown>(
			(server as unknown as { _requestHandlers: Map<string, unknown> })._requestHandlers,
		);
		const lookAlike = {
			has: (method: string) => handlers.has(method),
			get: (method: string) => handlers.get(method),
			set: (method: string, handler: unknown) => handlers.set(method, handler),
			delete: (method: string) => handlers.delete(method),
		};
		Object.defineProperty(server, "_requestHandlers", { value: lookAlike });
		protect(server, ENGINE);
		server.setRequestHandler(ListToolsRequestSchema, async () => ({
			tools: [
				{ name: "public", inputSchema: { type: "object" as const } },
				{ name: "hidden", inputSchema: { type: "object" as const } },
			],
		}));
		server.setRequestHandler(CallToolRequestSchema, ok);
		const seen = await useTools(server);
		expect(seen.listed).toEqual(["public"]);
		expect(seen.publicCall).toContain('"text":"ran"');
		expect(seen.hiddenCall).toContain("Unknown tool: hidden");
	});
});
