/**
 * Mutation round 4 of the MCP layer: the MCP specification's answers (`SPEC_UNKNOWN_ANSWERS`
 * of `src/mcp/v1-answers.ts`) a protected low-level `Server` gives for what the caller
 * cannot see, compared with what its own handler says for what does not exist.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { GetPromptRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { type Connected, connect } from "./helpers.js";

/**
 * A low-level Server with the prompts `names`, answering a name it does not have as the
 * specification's example does; protected unless told otherwise.
 */
function lowLevelServer(names: readonly string[], gets: string[], protectIt = true): Server {
	const server = new Server({ name: "low", version: "1" }, { capabilities: { prompts: {} } });
	if (protectIt) protect(server, compile('policy p { allow subject * action "prompts/get" resource "prompt:summarize" }'));
	server.setRequestHandler(GetPromptRequestSchema, async (request) => {
		gets.push(request.params.name);
		if (!names.includes(request.params.name)) throw new McpError(-32602, `Unknown prompt: ${request.params.name}`);
		return { messages: [] };
	});
	return server;
}

/** The JSON-RPC response to `prompts/get` of `name`, as it travelled, but for its id. */
async function answer(connected: Connected, name: string): Promise<Record<string, unknown>> {
	await connected.client.getPrompt({ name }).catch(() => undefined);
	const { id: _id, ...response } = connected.received.at(-1) as Record<string, unknown>;
	return response;
}

describe("a hidden prompt on a low-level Server", () => {
	it("is answered as the specification's unknown prompt (-32602), byte for byte as the handler answers a prompt it does not have", async () => {
		const gets: string[] = [];
		const protectedServer = await connect(lowLevelServer(["summarize", "secret"], gets));
		const unprotected = await connect(lowLevelServer(["summarize"], [], false));
		const hidden = await answer(protectedServer, "secret");
		expect(hidden).toEqual({ jsonrpc: "2.0", error: { code: -32602, message: "MCP error -32602: Unknown prompt: secret" } });
		expect(JSON.stringify(hidden)).toBe(JSON.stringify(await answer(unprotected, "secret")));
		await protectedServer.close();
		await unprotected.close();
		expect(gets).toEqual([]);
	});
});
