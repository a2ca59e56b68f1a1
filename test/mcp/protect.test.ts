import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
	CallToolRequestSchema,
	ListToolsRequestSchema,
	McpError,
	ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import {
	type DecisionRecord,
	POLICY_DENIED_CODE,
	protect,
} from "../../src/mcp/index.js";
import { ALICE, BOB, connect, DAYTIME, fixtureEngine } from "./helpers.js";

const engine = fixtureEngine();

const TOOLS = [
	{ name: "read_file", inputSchema: { type: "object" as const } },
	{ name: "write_file", inputSchema: { type: "object" as const } },
	{ name: "admin_reset", inputSchema: { type: "object" as const } },
];

function lowLevelServer(records: DecisionRecord[] = []) {
	const server = new Server(
		{ name: "low", version: "1" },
		{ capabilities: { tools: {} } },
	);
	protect(server, engine, {
		now: DAYTIME,
		onDecision: (r) => void records.push(r),
	});
	const calls: string[] = [];
	server.setRequestHandler(ListToolsRequestSchema, async () => ({
		tools: TOOLS,
	}));
	server.setRequestHandler(CallToolRequestSchema, async (request) => {
		calls.push(request.params.name);
		if (!TOOLS.some((t) => t.name === request.params.name))
			throw new McpError(-32602, `Unknown tool: ${request.params.name}`);
		return { content: [{ type: "text", text: `ran ${request.params.name}` }] };
	});
	return { server, calls };
}

async function rejection(promise: Promise<unknown>): Promise<McpError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(McpError);
	return error as McpError;
}

describe("protect on a low-level Server", () => {
	it("filters the list the server's own handler returns", async () => {
		const { server } = lowLevelServer();
		const { client, close } = await connect(server, ALICE);
		expect((await client.listTools()).tools.map((t) => t.name)).toEqual([
			"read_file",
		]);
		await close();
	});

	it("runs the handler only for allowed calls", async () => {
		const { server, calls } = lowLevelServer();
		const { client, close } = await connect(server, BOB);
		await client.callTool({
			name: "write_file",
			arguments: { path: "/home/bob/a" },
		});
		const denied = await rejection(
			client.callTool({
				name: "write_file",
				arguments: { path: "/home/alice/a" },
			}),
		);
		expect(denied.code).toBe(POLICY_DENIED_CODE);
		expect(calls).toEqual(["write_file"]);
		await close();
	});

	it("answers a hidden tool like the MCP specification's unknown tool, as the handler does", async () => {
		const { server, calls } = lowLevelServer();
		const { client, close } = await connect(server, ALICE);
		const hidden = await rejection(
			client.callTool({ name: "admin_reset", arguments: {} }),
		);
		expect(hidden.code).toBe(-32602);
		expect(hidden.message).toBe(
			"MCP error -32602: MCP error -32602: Unknown tool: admin_reset",
		);
		expect(calls).toEqual([]);
		await close();
	});

	it("answers a hidden resource with the specification's resource-not-found, its uri in data", async () => {
		const server = new Server({ name: "low", version: "1" }, { capabilities: { resources: {} } });
		protect(server, engine, { now: DAYTIME });
		const reads: string[] = [];
		server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
			reads.push(request.params.uri);
			return { contents: [{ uri: request.params.uri, text: "secret" }] };
		});
		const { client, close } = await connect(server, ALICE);
		const uri = "file:///srv/hr/payroll.csv";
		const hidden = await rejection(client.readResource({ uri }));
		expect(hidden.code).toBe(-32002);
		expect(hidden.data).toEqual({ uri });
		expect(reads).toEqual([]);
		await close();
	});
});

describe("a low-level Server whose handler throws", () => {
	it("still records the decision, and the caller gets the handler's error", async () => {
		const records: DecisionRecord[] = [];
		const server = new Server(
			{ name: "low", version: "1" },
			{ capabilities: { tools: {} } },
		);
		protect(server, engine, {
			now: DAYTIME,
			onDecision: (r) => void records.push(r),
		});
		server.setRequestHandler(CallToolRequestSchema, async () => {
			throw new Error("disk on fire");
		});
		const { client, close } = await connect(server, ALICE);
		const error = await rejection(
			client.callTool({
				name: "read_file",
				arguments: { path: "/home/alice/x" },
			}),
		);
		expect(error.message).toContain("disk on fire");
		expect(records).toEqual([
			expect.objectContaining({
				action: "tools/call",
				resource: "tool:read_file",
				outcome: "allowed",
				policy: "read-own-home",
			}),
		]);
		await close();
	});
});

describe("protecting a server safely", () => {
	it("protects handlers registered before protect()", async () => {
		const server = new McpServer(
			{ name: "s", version: "1" },
			{ capabilities: { tools: {} } },
		);
		server.registerTool("admin_reset", {}, async () => ({
			content: [{ type: "text", text: "reset!" }],
		}));
		protect(server, engine, { now: DAYTIME });
		const { client, close } = await connect(server, ALICE);
		expect((await client.listTools()).tools).toEqual([]);
		const result = await client.callTool({
			name: "admin_reset",
			arguments: {},
		});
		expect(result.isError).toBe(true);
		await close();
	});

	it("refuses to protect a server twice", () => {
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, engine);
		expect(() => protect(server, engine)).toThrow(/already protected/);
	});

	it("refuses what is not an MCP server", () => {
		expect(() => protect({}, engine)).toThrow(TypeError);
	});

	it("cannot be undone by replacing setRequestHandler", () => {
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, engine);
		expect(() => {
			(
				server.server as unknown as { setRequestHandler: unknown }
			).setRequestHandler = () => {};
		}).toThrow(TypeError);
	});

	it("puts protected methods reaching the fallback handler through the engine too", async () => {
		const server = new Server(
			{ name: "s", version: "1" },
			{ capabilities: { tools: {} } },
		);
		protect(server, engine, { now: DAYTIME });
		const ran: string[] = [];
		server.fallbackRequestHandler = async (request) => {
			ran.push(
				String((request.params as { name?: unknown } | undefined)?.name),
			);
			return { content: [] } as never;
		};
		const { client, close } = await connect(server, ALICE);
		const hidden = await rejection(
			client.callTool({ name: "admin_reset", arguments: {} }),
		);
		expect(hidden.message).toContain("Unknown tool: admin_reset");
		await client.callTool({
			name: "read_file",
			arguments: { path: "/home/alice/x" },
		});
		expect(ran).toEqual(["read_file"]);
		await close();
	});

	it("denies everything when the subject resolver throws", async () => {
		const records: DecisionRecord[] = [];
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, engine, {
			now: DAYTIME,
			onDecision: (r) => void records.push(r),
			subject: () => {
				throw new Error("identity provider down");
			},
		});
		server.registerTool("read_file", {}, async () => ({ content: [] }));
		const { client, close } = await connect(server, ALICE);
		expect((await client.listTools()).tools).toEqual([]);
		const result = await client.callTool({
			name: "read_file",
			arguments: { path: "/home/alice/x" },
		});
		expect(result.isError).toBe(true);
		expect(records.at(-1)).toMatchObject({
			subjectId: null,
			effect: "deny",
			outcome: "hidden",
		});
		await close();
	});

	it("adds env attributes from the env option but never lets it replace the arguments", async () => {
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, engine, {
			now: DAYTIME,
			env: () => ({ arguments: { path: "/home/alice/x" }, hour: 3 }),
		});
		server.registerTool("write_file", {}, async () => ({
			content: [{ type: "text", text: "written" }],
		}));
		const { client, close } = await connect(server, BOB);
		// hour 3 is after hours: the writing tool is hidden even for bob.
		expect((await client.listTools()).tools).toEqual([]);
		await close();
	});
});
