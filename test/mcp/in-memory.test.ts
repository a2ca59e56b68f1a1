import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { createExampleServer } from "../../examples/server.js";
import {
	type DecisionRecord,
	POLICY_DENIED_CODE,
	protect,
} from "../../src/mcp/index.js";
import {
	ALICE,
	authInfoFor,
	BOB,
	CAROL,
	connect,
	DAYTIME,
	fixtureEngine,
	lastResponse,
	NIGHT,
} from "./helpers.js";

const engine = fixtureEngine();

function exampleServer(
	options: Parameters<typeof createExampleServer>[1] = {},
) {
	return createExampleServer(
		engine,
		{ now: DAYTIME, ...options },
		{ withFailingTool: true },
	);
}

async function toolNames(
	authInfo: Parameters<typeof connect>[1],
	options: Parameters<typeof createExampleServer>[1] = {},
) {
	const { server } = exampleServer(options);
	const connected = await connect(server, authInfo);
	const { tools } = await connected.client.listTools();
	await connected.close();
	return tools.map((tool) => tool.name).sort();
}

async function callError(promise: Promise<unknown>): Promise<McpError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(McpError);
	return error as McpError;
}

describe("tools/list", () => {
	it("shows a viewer the reading tools, whatever arguments they will need", async () => {
		expect(await toolNames(ALICE)).toEqual([
			"explode",
			"list_directory",
			"query",
			"read_file",
			"search_files",
		]);
	});

	it("shows an editor the writing tools as well", async () => {
		expect(await toolNames(BOB)).toEqual([
			"delete_file",
			"explode",
			"list_directory",
			"query",
			"read_file",
			"search_files",
			"write_file",
		]);
	});

	it("shows an admin every tool", async () => {
		expect(await toolNames(CAROL)).toEqual([
			"admin_list_users",
			"admin_reset",
			"delete_file",
			"explode",
			"list_directory",
			"migrate",
			"query",
			"read_file",
			"restart_server",
			"search_files",
			"write_file",
		]);
	});

	it("shows a caller without identity nothing the policies do not give to anyone", async () => {
		expect(await toolNames(undefined)).toEqual([]);
	});

	it("hides the writing tools after hours, unless the caller is on call", async () => {
		expect(await toolNames(BOB, { now: NIGHT })).not.toContain("write_file");
		expect(
			await toolNames(authInfoFor("bob", ["editor"], { groups: ["oncall"] }), {
				now: NIGHT,
			}),
		).toContain("write_file");
	});
});

describe("tools/call", () => {
	it("lets a viewer read a file in their own home", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const result = await client.callTool({
			name: "read_file",
			arguments: { path: "/home/alice/todo.txt" },
		});
		expect(result.content).toEqual([{ type: "text", text: "ship mcpolicy\n" }]);
		await close();
	});

	it("refuses a file in someone else's home with a policy_denied error", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const error = await callError(
			client.callTool({
				name: "read_file",
				arguments: { path: "/home/bob/draft.md" },
			}),
		);
		expect(error.code).toBe(POLICY_DENIED_CODE);
		expect(error.data).toEqual({ reason: "policy_denied" });
		await close();
	});

	it("refuses a path that climbs out of the caller's home", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const error = await callError(
			client.callTool({
				name: "read_file",
				arguments: { path: "/home/alice/../bob/draft.md" },
			}),
		);
		expect(error.code).toBe(POLICY_DENIED_CODE);
		await close();
	});

	it("lets an editor write in their own home and nowhere else", async () => {
		const { server, files } = exampleServer();
		const { client, close } = await connect(server, BOB);
		await client.callTool({
			name: "write_file",
			arguments: { path: "/home/bob/new.md", content: "hi" },
		});
		expect(files.get("/home/bob/new.md")).toBe("hi");
		const error = await callError(
			client.callTool({
				name: "write_file",
				arguments: { path: "/etc/secrets.env", content: "x" },
			}),
		);
		expect(error.code).toBe(POLICY_DENIED_CODE);
		expect(files.get("/etc/secrets.env")).toBe("API_KEY=do-not-leak\n");
		await close();
	});

	it("allows read-only queries and refuses the others", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const rows = await client.callTool({
			name: "query",
			arguments: { sql: "SELECT * FROM users" },
		});
		expect(rows.isError).toBeFalsy();
		for (const sql of [
			"DELETE FROM users",
			"SELECT * FROM users; DROP TABLE users",
		]) {
			const error = await callError(
				client.callTool({ name: "query", arguments: { sql } }),
			);
			expect(error.code).toBe(POLICY_DENIED_CODE);
		}
		await close();
	});

	it("refuses a call whose arguments are missing the attribute a condition needs", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const error = await callError(
			client.callTool({ name: "read_file", arguments: {} }),
		);
		expect(error.code).toBe(POLICY_DENIED_CODE);
		await close();
	});

	it("takes env.tool from the server's registry, so a tool not annotated read-only is not a query tool", async () => {
		const server = new McpServer({ name: "s", version: "1" });
		protect(server, engine, { now: DAYTIME });
		server.registerTool(
			"query",
			{ annotations: { readOnlyHint: false } },
			async () => ({ content: [] }),
		);
		const { client, close } = await connect(server, ALICE);
		expect((await client.listTools()).tools).toEqual([]);
		await close();
	});

	it("names the deciding policy only when asked to", async () => {
		for (const revealPolicy of [false, true]) {
			const { server } = exampleServer({ revealPolicy });
			const { client, close } = await connect(server, BOB);
			const error = await callError(
				client.callTool({
					name: "read_file",
					arguments: { path: "/etc/secrets.env" },
				}),
			);
			expect(error.data).toEqual(
				revealPolicy
					? { reason: "policy_denied", policy: "protect-etc" }
					: { reason: "policy_denied" },
			);
			await close();
		}
	});

	it("answers a visible tool's denial with an isError result when configured so", async () => {
		const { server } = exampleServer({ denial: "result" });
		const { client, close } = await connect(server, ALICE);
		const result = await client.callTool({
			name: "read_file",
			arguments: { path: "/etc/secrets.env" },
		});
		expect(result.isError).toBe(true);
		expect(result.content).toEqual([
			{ type: "text", text: "Access denied by policy" },
		]);
		expect(result._meta).toEqual({
			"mcpolicy/denial": { reason: "policy_denied" },
		});
		await close();
	});
});

describe("a hidden tool, prompt or resource", () => {
	/** The raw response of an unprotected McpServer that never registered the thing. */
	async function unknownAnswer(
		call: (
			client: Awaited<ReturnType<typeof connect>>["client"],
		) => Promise<unknown>,
	) {
		const bare = new McpServer({ name: "mcpolicy-example", version: "1.0.0" });
		bare.registerTool("other", {}, async () => ({ content: [] }));
		bare.registerPrompt("other", {}, () => ({ messages: [] }));
		bare.registerResource("other", "other://other", {}, async () => ({
			contents: [],
		}));
		const connected = await connect(bare, ALICE);
		await call(connected.client).catch(() => undefined);
		const raw = lastResponse(connected);
		await connected.close();
		return raw;
	}

	async function protectedAnswer(
		call: (
			client: Awaited<ReturnType<typeof connect>>["client"],
		) => Promise<unknown>,
	) {
		const { server } = exampleServer();
		const connected = await connect(server, ALICE);
		await call(connected.client).catch(() => undefined);
		const raw = lastResponse(connected);
		await connected.close();
		return raw;
	}

	it("answers a call to a hidden tool byte for byte like the SDK answers an unknown tool", async () => {
		const call = (client: Awaited<ReturnType<typeof connect>>["client"]) =>
			client.callTool({ name: "admin_reset", arguments: {} });
		const hidden = await protectedAnswer(call);
		expect(hidden).toBe(await unknownAnswer(call));
		expect(hidden).toContain("Tool admin_reset not found");
	});

	it("answers a hidden prompt like an unknown prompt", async () => {
		const call = (client: Awaited<ReturnType<typeof connect>>["client"]) =>
			client.getPrompt({ name: "incident_report" });
		expect(await protectedAnswer(call)).toBe(await unknownAnswer(call));
	});

	it("answers a hidden resource like an unknown resource", async () => {
		const call = (client: Awaited<ReturnType<typeof connect>>["client"]) =>
			client.readResource({ uri: "audit://log/recent" });
		expect(await protectedAnswer(call)).toBe(await unknownAnswer(call));
	});

	it("answers a tool hidden by its annotations exactly as the same name unregistered, whatever the arguments", async () => {
		// env.tool comes from the registry: an unregistered name is decided on `{}`. The
		// hidden tool must not answer differently, or failing arguments probe for it.
		const { compile } = await import("../../src/engine.js");
		const { z } = await import("zod");
		const annotated = compile(`
policy "a" { allow subject role viewer action "tools/call" resource "tool:*" when env.arguments.ok == true }
policy "d" { deny subject * action "tools/call" resource "tool:*" when env.tool has destructiveHint and env.tool.destructiveHint == true }`);
		const serverWith = (registered: boolean, denial: "error" | "result") => {
			const server = new McpServer({ name: "x", version: "1" });
			protect(server, annotated, { denial });
			server.registerTool("pub", { inputSchema: { ok: z.boolean() } }, async () => ({ content: [] }));
			if (registered)
				server.registerTool("drop_db", { inputSchema: { ok: z.boolean() }, annotations: { destructiveHint: true } }, async () => ({
					content: [{ type: "text" as const, text: "SECRET" }],
				}));
			return server;
		};
		for (const denial of ["error", "result"] as const) {
			for (const args of [{ ok: true }, { ok: false }, {}]) {
				const answers: string[] = [];
				for (const registered of [true, false]) {
					const connected = await connect(serverWith(registered, denial), ALICE);
					await connected.client.callTool({ name: "drop_db", arguments: args }).catch(() => undefined);
					answers.push(lastResponse(connected));
					await connected.close();
				}
				expect(answers[0], `${denial} ${JSON.stringify(args)}`).toBe(answers[1]);
				expect(answers[0]).not.toContain("SECRET");
			}
		}
		// Not listed: the registry's annotations decide what the caller sees.
		const listing = await connect(serverWith(true, "error"), ALICE);
		expect((await listing.client.listTools()).tools.map((t) => t.name)).toEqual(["pub"]);
		await listing.close();
	});

	it("answers a hidden tool and a tool that does not exist alike", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const hidden = await client.callTool({
			name: "admin_reset",
			arguments: {},
		});
		const missing = await client.callTool({
			name: "admin_resetx",
			arguments: {},
		});
		expect(hidden).toEqual({
			content: [
				{ type: "text", text: "MCP error -32602: Tool admin_reset not found" },
			],
			isError: true,
		});
		expect(missing).toEqual({
			content: [
				{ type: "text", text: "MCP error -32602: Tool admin_resetx not found" },
			],
			isError: true,
		});
		await close();
	});
});

describe("resources and prompts", () => {
	it("filters resources and resource templates per caller", async () => {
		const { server } = exampleServer();
		const alice = await connect(server, ALICE);
		expect(
			(await alice.client.listResources()).resources.map((r) => r.uri),
		).toEqual(["file:///srv/shared/handbook.md"]);
		expect(
			(await alice.client.listResourceTemplates()).resourceTemplates.map(
				(t) => t.name,
			),
		).toEqual(["home-file"]);
		await alice.close();
		const anonymous = exampleServer();
		const nobody = await connect(anonymous.server);
		expect(
			(await nobody.client.listResources()).resources.map((r) => r.uri),
		).toEqual(["file:///srv/shared/handbook.md"]);
		expect(
			(await nobody.client.listResourceTemplates()).resourceTemplates,
		).toEqual([]);
		await nobody.close();
	});

	it("reads a file resource in the caller's home and refuses one outside it, however the URI is spelled", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const own = await client.readResource({
			uri: "file:///home/alice/todo.txt",
		});
		expect(own.contents[0]).toMatchObject({ text: "ship mcpolicy\n" });
		// Read as the server would read it, this is bob's file, which alice cannot see at all.
		const error = await callError(
			client.readResource({ uri: "file:///home/alice/../bob/draft.md" }),
		);
		expect(error.code).toBe(-32602);
		expect(error.message).toContain(
			"Resource file:///home/bob/draft.md not found",
		);
		await close();
	});

	it("filters prompts and serves the allowed one", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual([
			"summarize",
		]);
		const prompt = await client.getPrompt({
			name: "summarize",
			arguments: { path: "/home/alice/todo.txt" },
		});
		expect(prompt.messages).toHaveLength(1);
		await close();
	});

	it("decides completions on the prompt they complete", async () => {
		const { server } = exampleServer();
		const { client, close } = await connect(server, ALICE);
		const allowed = await client.complete({
			ref: { type: "ref/prompt", name: "summarize" },
			argument: { name: "path", value: "/s" },
		});
		expect(allowed.completion.values).toEqual(["/srv/shared/handbook.md"]);
		const hidden = await callError(
			client.complete({
				ref: { type: "ref/prompt", name: "incident_report" },
				argument: { name: "x", value: "" },
			}),
		);
		expect(hidden.message).toContain("Prompt incident_report not found");
		await close();
	});
});

describe("completions of resource templates", () => {
	it("refuses a visible template's completion the policies do not allow, and hides an invisible one", async () => {
		const ref = {
			type: "ref/resource" as const,
			uri: "file:///home/{user}/{name}",
		};
		const { server } = exampleServer();
		const alice = await connect(server, ALICE);
		const denied = await callError(
			alice.client.complete({ ref, argument: { name: "user", value: "a" } }),
		);
		expect(denied.code).toBe(POLICY_DENIED_CODE);
		await alice.close();
		const anonymous = exampleServer();
		const nobody = await connect(anonymous.server);
		const hidden = await callError(
			nobody.client.complete({ ref, argument: { name: "user", value: "a" } }),
		);
		expect(hidden.message).toContain(
			"Resource template file:///home/{user}/{name} not found",
		);
		await nobody.close();
	});
});

describe("audit", () => {
	it("records every decision with arguments redacted", async () => {
		const records: DecisionRecord[] = [];
		const { server } = exampleServer({
			onDecision: (record) => void records.push(record),
		});
		const { client, close } = await connect(server, ALICE);
		await client.listTools();
		await client.callTool({
			name: "read_file",
			arguments: { path: "/home/alice/todo.txt" },
		});
		await client
			.callTool({
				name: "read_file",
				arguments: { path: "/home/bob/draft.md" },
			})
			.catch(() => undefined);
		await client.callTool({ name: "admin_reset", arguments: {} });
		await close();
		expect(
			records.map((r) => [r.action, r.resource, r.effect, r.outcome]),
		).toEqual([
			["tools/list", null, "allow", "filtered"],
			["tools/call", "tool:read_file", "allow", "allowed"],
			["tools/call", "tool:read_file", "notapplicable", "denied"],
			["tools/call", "tool:admin_reset", "notapplicable", "hidden"],
		]);
		expect(records[1]).toMatchObject({
			subjectId: "alice",
			policy: "read-own-home",
			errors: [],
			arguments: { path: "[redacted]" },
		});
		expect(records[0]).toMatchObject({ shown: 5, hidden: 6 });
		for (const record of records)
			expect(record.durationMs).toBeGreaterThanOrEqual(0);
		expect(JSON.stringify(records)).not.toContain("token-of-alice");
	});

	it("records arguments in full when asked to", async () => {
		const records: DecisionRecord[] = [];
		const { server } = exampleServer({
			onDecision: (record) => void records.push(record),
			auditArguments: "full",
		});
		const { client, close } = await connect(server, ALICE);
		await client.callTool({
			name: "read_file",
			arguments: { path: "/home/alice/todo.txt" },
		});
		await close();
		expect(records[0]?.arguments).toEqual({ path: "/home/alice/todo.txt" });
	});

	it("records the decision of a tool that throws, and the caller gets the tool's error", async () => {
		const records: DecisionRecord[] = [];
		const { server } = exampleServer({
			onDecision: (record) => void records.push(record),
		});
		const { client, close } = await connect(server, ALICE);
		const result = await client.callTool({ name: "explode", arguments: {} });
		expect(result).toEqual({
			content: [{ type: "text", text: "the tool exploded" }],
			isError: true,
		});
		expect(records).toEqual([
			expect.objectContaining({
				resource: "tool:explode",
				effect: "allow",
				outcome: "allowed",
				policy: "failing-tool",
			}),
		]);
		await close();
	});

	it("refuses a request whose decision cannot be recorded", async () => {
		const { server, files } = exampleServer({
			onDecision: () => {
				throw new Error("disk full");
			},
		});
		const { client, close } = await connect(server, BOB);
		const error = await callError(
			client.callTool({
				name: "write_file",
				arguments: { path: "/home/bob/x", content: "x" },
			}),
		);
		expect(error.message).toContain("Audit failed");
		expect(files.has("/home/bob/x")).toBe(false);
		await close();
	});
});
