/**
 * Gaps found by mutation testing of the list/call-consistency layer (visibility.ts,
 * target-index.ts, naming.ts, authorizer.ts's list filter): each test fails on a
 * realistic edit of the source that the other tests let through.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
	CallToolRequestSchema,
	ListResourcesRequestSchema,
	ListToolsRequestSchema,
	ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { Visibility } from "../../src/mcp/visibility.js";
import { authInfoFor, connect, DAYTIME } from "./helpers.js";

const SUBJECT = { id: "u", roles: [], groups: [] };
const ok = async () => ({ content: [{ type: "text" as const, text: "ran" }] });

/** A real SDK client named `clientName`, connected to `server` over the in-memory transport. */
async function clientNamed(server: McpServer, clientName: string): Promise<Client> {
	const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
	await server.connect(serverSide);
	const client = new Client({ name: clientName, version: "1.0.0" });
	await client.connect(clientSide);
	return client;
}

describe("Visibility's memo", () => {
	it("keeps answers for the same id under different actions apart", () => {
		const engine = compile('policy p { allow subject * action "tools/call" resource "tool:x" }');
		const visibility = new Visibility(engine);
		const could = visibility.forSubject(SUBJECT);
		expect(could("tool:x", "tools/call", {})).toBe(true);
		// The same subject, id and env: only the action differs, and nothing allows it.
		expect(could("tool:x", "prompts/get", {})).toBe(false);
		expect(visibility.couldAllow(SUBJECT, "tool:x", "tools/list", {})).toBe(false);
		expect(visibility.couldAllow(SUBJECT, "tool:x", "tools/call", {})).toBe(true);
	});

	it("keys an env attribute that a policy reads only through `matches` (two clients, one engine)", async () => {
		// Only `matches` reads env.request here: the memo must still tell the clients apart.
		const engine = compile(
			'policy p { allow subject * action "tools/call" resource "tool:x" when env.request.clientInfo.name matches "trusted-*" }',
		);
		const serverFor = () => {
			const server = new McpServer({ name: "s", version: "1.0.0" });
			protect(server, engine, { now: DAYTIME });
			server.registerTool("x", {}, ok);
			return server;
		};
		const trusted = await clientNamed(serverFor(), "trusted-client");
		expect((await trusted.listTools()).tools.map((t) => t.name)).toEqual(["x"]);
		const other = await clientNamed(serverFor(), "other-client");
		expect((await other.listTools()).tools.map((t) => t.name)).toEqual([]);
		// And the call agrees with the list: the other client's call answers as an unknown tool.
		const call = await other.callTool({ name: "x", arguments: {} });
		expect(call).toEqual({
			content: [{ type: "text", text: "MCP error -32602: Tool x not found" }],
			isError: true,
		});
		await trusted.close();
		await other.close();
	});
});

describe("the longest name a request may carry", () => {
	it("is listed exactly when it can be called: 4,096 characters are, 4,097 are not", async () => {
		const engine = compile('policy p { allow subject * action "tools/call" resource "tool:*" }');
		const longest = "a".repeat(4096);
		const tooLong = "b".repeat(4097);
		const server = new Server({ name: "long", version: "1" }, { capabilities: { tools: {} } });
		protect(server, engine, { now: DAYTIME });
		const ran: string[] = [];
		server.setRequestHandler(ListToolsRequestSchema, async () => ({
			tools: [longest, tooLong].map((name) => ({ name, inputSchema: { type: "object" as const } })),
		}));
		server.setRequestHandler(CallToolRequestSchema, async (request) => {
			ran.push(request.params.name);
			return { content: [{ type: "text" as const, text: "ran" }] };
		});
		const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
		await server.connect(serverSide);
		const client = new Client({ name: "c", version: "1" });
		await client.connect(clientSide);
		expect((await client.listTools()).tools.map((t) => t.name)).toEqual([longest]);
		expect(await client.callTool({ name: longest, arguments: {} })).toEqual({
			content: [{ type: "text", text: "ran" }],
		});
		await expect(client.callTool({ name: tooLong, arguments: {} })).rejects.toMatchObject({ code: -32602 });
		expect(ran).toEqual([longest]);
		await client.close();
	});
});

describe("resources/list and a URI with dot segments", () => {
	it("shows a resource only when the read would be allowed for the URI as sent and as resolved", async () => {
		const engine = compile(`
			policy files { allow subject * action "resources/read" resource * }
			policy hr { deny subject * action "resources/read" resource "resource:file:///srv/hr/**" }
		`);
		const dodge = "file:///srv/shared/../hr/payroll.csv";
		const server = new Server({ name: "files", version: "1" }, { capabilities: { resources: {} } });
		protect(server, engine, { now: DAYTIME });
		const read: string[] = [];
		server.setRequestHandler(ListResourcesRequestSchema, async () => ({
			resources: [dodge, "file:///srv/shared/handbook.md"].map((uri) => ({ uri, name: uri })),
		}));
		server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
			read.push(request.params.uri);
			return { contents: [{ uri: request.params.uri, text: "x" }] };
		});
		const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
		await server.connect(serverSide);
		const client = new Client({ name: "c", version: "1" });
		await client.connect(clientSide);
		expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(["file:///srv/shared/handbook.md"]);
		// The read agrees: refused as for a resource that does not exist.
		await expect(client.readResource({ uri: dodge })).rejects.toMatchObject({ code: -32002 });
		expect(read).toEqual([]);
		await client.close();
	});
});

describe("a template readable only at a URI the policies themselves name", () => {
	it("is completed for the caller (as lists show it), not answered as an unknown template", async () => {
		// Only `db://tables/alice_*` is readable for alice: no word of the expansion pool
		// (alice, db, tables, x) gives such a URI; the policy's own witness `alice_x` does.
		const engine = compile(`
			policy complete { allow subject * action "completion/complete" resource "resource:db://tables/{table}" }
			policy own { allow subject * action "resources/read" resource "resource:db://tables/\${subject.id}_*" }
		`);
		const server = new McpServer({ name: "db", version: "1.0.0" });
		protect(server, engine, { now: DAYTIME });
		server.registerResource(
			"tables",
			new ResourceTemplate("db://tables/{table}", { list: undefined, complete: { table: () => ["alice_orders", "bob_orders"] } }),
			{},
			async (uri) => ({ contents: [{ uri: uri.href, text: "rows" }] }),
		);
		const { client, close } = await connect(server, authInfoFor("alice", []));
		expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(["db://tables/{table}"]);
		const completion = await client.complete({
			ref: { type: "ref/resource", uri: "db://tables/{table}" },
			argument: { name: "table", value: "" },
		});
		expect(completion.completion.values).toEqual(["alice_orders", "bob_orders"]);
		await close();
	});
});

describe("a template the policies name literally", () => {
	it("is listed exactly when its completion is offered (both decided on the literal URI template)", async () => {
		const engine = compile(`
			policy t { allow subject * action "resources/read", "completion/complete" resource "resource:db://t/{id}" }
		`);
		const server = new McpServer({ name: "db", version: "1.0.0" });
		protect(server, engine, { now: DAYTIME });
		server.registerResource(
			"t",
			new ResourceTemplate("db://t/{id}", { list: undefined, complete: { id: () => ["one"] } }),
			{},
			async (uri) => ({ contents: [{ uri: uri.href, text: "row" }] }),
		);
		const { client, close } = await connect(server, authInfoFor("u", []));
		expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(["db://t/{id}"]);
		const completion = await client.complete({ ref: { type: "ref/resource", uri: "db://t/{id}" }, argument: { name: "id", value: "" } });
		expect(completion.completion.values).toEqual(["one"]);
		await close();
	});
});
