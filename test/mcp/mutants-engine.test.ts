/**
 * Gaps found by mutation testing of what the MCP lists rely on in the engine
 * (`couldAllow`, partial evaluation): a list shows a tool only when some call of it could
 * be allowed. Checked on the engine and end to end with the real SDK client.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { authInfoFor, connect, DAYTIME } from "./helpers.js";

/** The tools a member subject lists on a server with the one tool `x`, protected by `engine`. */
async function listed(engine: PolicyEngine, options: Parameters<typeof protect>[2] = {}): Promise<string[]> {
	const server = new McpServer({ name: "e", version: "1.0.0" });
	protect(server, engine, { now: DAYTIME, ...options });
	server.registerTool("x", {}, async () => ({ content: [{ type: "text" as const, text: "ran" }] }));
	const { client, close } = await connect(server, authInfoFor("u", ["member"], { tier: "silver" }));
	const names = (await client.listTools()).tools.map((t) => t.name);
	await close();
	return names;
}

describe("couldAllow with validateRequests", () => {
	it("is false for a subject the schema refuses, whatever the arguments: the list hides the tool", async () => {
		const schema = {
			version: 1,
			subject: {
				type: "object",
				properties: { id: { type: "string" }, tier: { type: "string", enum: ["gold"] } },
				required: ["id", "tier"],
			},
		};
		const engine = compile('policy p { allow subject * action "tools/call" resource "tool:x" }', {
			schema,
			validateRequests: true,
		});
		const gold = { id: "u", tier: "gold" };
		const silver = { id: "u", tier: "silver" };
		expect(engine.evaluate(silver, "tool:x", "tools/call", { arguments: {} }).allowed).toBe(false);
		expect(engine.couldAllow(silver, "tool:x", "tools/call", {})).toBe(false);
		expect(engine.couldAllow(gold, "tool:x", "tools/call", {})).toBe(true);
		const subject = (authInfo: { extra?: Record<string, unknown> } | undefined) => ({
			id: "u",
			tier: authInfo?.extra?.tier,
		});
		expect(await listed(engine, { subject })).toEqual([]);
	});
});

describe("couldAllow and a deny of the same priority", () => {
	it("is false when that deny applies whatever the arguments, even if the allow's condition cannot be searched", async () => {
		// The allow compares two arguments (the search only samples such conditions); the
		// deny, at the allow's priority, applies on every request: no call can be allowed.
		const engine = compile(`
			policy range { allow subject * action "tools/call" resource "tool:x" when env.arguments.max > env.arguments.min }
			policy freeze { deny subject * action "tools/call" resource "tool:x" when env.hour >= 0 }
		`);
		const subject = { id: "u", roles: [] };
		expect(engine.couldAllow(subject, "tool:x", "tools/call", { hour: 10 }, { arguments: "object" })).toBe(false);
		expect(await listed(engine)).toEqual([]);
		// Without the deny, the same allow leaves the tool listed.
		expect(await listed(compile(`policy range { allow subject * action "tools/call" resource "tool:x" when env.arguments.max > env.arguments.min }`))).toEqual(["x"]);
	});
});
