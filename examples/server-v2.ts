/**
 * The example server on the v2 line of the TypeScript SDK (`@modelcontextprotocol/server`),
 * protected by the same policies through `mcpolicy/mcp/v2`: a few of the v1 example's tools,
 * to show that nothing else changes.
 */
import { McpServer } from "@modelcontextprotocol/server";
import * as z from "zod";
import { protect, type ProtectOptions } from "../src/mcp/v2/index.js";
import type { PolicyEngine } from "../src/model/engine.js";

function text(value: string) {
	return { content: [{ type: "text" as const, text: value }] };
}

export function createExampleServerV2(engine: PolicyEngine, protectOptions: ProtectOptions = {}): McpServer {
	const server = new McpServer({ name: "mcpolicy-example-v2", version: "1.0.0" });
	protect(server, engine, protectOptions);
	const files = new Map([
		["/home/alice/notes.md", "alice's notes"],
		["/home/bob/draft.md", "bob's draft"],
	]);
	server.registerTool(
		"read_file",
		{ description: "Read a file", inputSchema: z.object({ path: z.string() }), annotations: { readOnlyHint: true } },
		async ({ path }) => text(files.get(path) ?? `no such file: ${path}`),
	);
	server.registerTool(
		"write_file",
		{ description: "Write a file", inputSchema: z.object({ path: z.string(), content: z.string() }) },
		async ({ path, content }) => {
			files.set(path, content);
			return text(`wrote ${path}`);
		},
	);
	server.registerTool("admin_reset", { description: "Reset the server" }, async () => text("reset"));
	return server;
}
