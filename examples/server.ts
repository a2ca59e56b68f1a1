/**
 * The example MCP server: a small in-memory filesystem, a read-only database query tool,
 * admin tools, resources and prompts — every one of them decided by `.mcpolicy` policies
 * through `protect`. Served over stdio by `stdio-server.ts` and over Streamable HTTP by
 * `http-server.ts`; driven by `npm start` (src/demo/main.ts) and the tests in test/mcp/.
 */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import {
	McpServer,
	ResourceTemplate,
} from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { PolicyEngine } from "../src/model/engine.js";
import {
	type ProtectOptions,
	type Protection,
	protect,
} from "../src/mcp/index.js";

/** The files every new example server starts with. */
export function seedFiles(): Map<string, string> {
	return new Map([
		["/home/alice/notes.md", "# Alice's notes\n- review the policies\n"],
		["/home/alice/todo.txt", "ship mcpolicy\n"],
		["/home/bob/draft.md", "# Draft\nbob was here\n"],
		["/home/carol/ops.md", "# Runbook\nrestart with care\n"],
		["/home/bob/.ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n"],
		["/srv/shared/handbook.md", "# Handbook\nBe kind to the policies.\n"],
		["/etc/secrets.env", "API_KEY=do-not-leak\n"],
	]);
}

const TABLES: Record<string, Record<string, string | number>[]> = {
	users: [
		{ id: 1, name: "alice", role: "viewer" },
		{ id: 2, name: "bob", role: "editor" },
		{ id: 3, name: "carol", role: "admin" },
	],
	orders: [
		{ id: 10, user: "alice", total: 42 },
		{ id: 11, user: "bob", total: 7 },
	],
};

export interface ExampleServer {
	readonly server: McpServer;
	readonly protection: Protection | null;
	readonly files: Map<string, string>;
}

export interface ExampleServerOptions {
	/** Leave the server unprotected (benchmarks compare against it). */
	readonly unprotected?: boolean;
	/** Register this many extra `noop_<i>` tools (benchmarks). */
	readonly extraTools?: number;
	/** Add a tool that always throws (`explode`), for the tests. */
	readonly withFailingTool?: boolean;
	/** The files to serve (shared by the per-request servers of the HTTP example); default a fresh seed. */
	readonly files?: Map<string, string>;
}

/**
 * The file a `file:` URI names, or undefined. Policies decide on the URI as the client
 * wrote it (and as `new URL` resolves it), where `..%2Fbob` is one harmless segment;
 * decoded as a whole, `/home/alice/..%2Fbob%2Fdraft.md` would be bob's file on a real
 * filesystem. So each segment is decoded on its own, and one that decodes to a
 * separator, `.` or `..` (or does not decode) names no file.
 */
function filePathOf(uri: URL): string | undefined {
	const segments: string[] = [];
	for (const segment of uri.pathname.split("/")) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			return undefined;
		}
		if (/[/\\]/.test(decoded) || decoded === "." || decoded === "..") return undefined;
		segments.push(decoded);
	}
	return segments.join("/");
}

function text(value: string) {
	return { content: [{ type: "text" as const, text: value }] };
}

/**
 * Builds the server. `protect` is called first, before any tool is registered, which is
 * the order the SDK integration relies on.
 */
export function createExampleServer(
	engine: PolicyEngine | null,
	protectOptions: ProtectOptions = {},
	options: ExampleServerOptions = {},
): ExampleServer {
	const server = new McpServer({ name: "mcpolicy-example", version: "1.0.0" });
	const protection =
		engine !== null && options.unprotected !== true
			? protect(server, engine, protectOptions)
			: null;
	const files = options.files ?? seedFiles();

	server.registerTool(
		"read_file",
		{
			description: "Read a file",
			inputSchema: { path: z.string() },
			annotations: { readOnlyHint: true },
		},
		async ({ path }) => {
			const content = files.get(path);
			return content === undefined
				? { ...text(`no such file: ${path}`), isError: true }
				: text(content);
		},
	);
	server.registerTool(
		"list_directory",
		{
			description: "List the files under a directory",
			inputSchema: { path: z.string() },
			annotations: { readOnlyHint: true },
		},
		async ({ path }) => {
			const prefix = path.endsWith("/") ? path : `${path}/`;
			return text(
				[...files.keys()].filter((name) => name.startsWith(prefix)).join("\n"),
			);
		},
	);
	server.registerTool(
		"search_files",
		{
			description:
				"Find the files under a directory whose content contains a text",
			inputSchema: { path: z.string(), text: z.string() },
			annotations: { readOnlyHint: true },
		},
		async ({ path, text: needle }) => {
			const prefix = path.endsWith("/") ? path : `${path}/`;
			const found = [...files].filter(
				([name, content]) =>
					name.startsWith(prefix) && content.includes(needle),
			);
			return text(found.map(([name]) => name).join("\n"));
		},
	);
	server.registerTool(
		"write_file",
		{
			description: "Write a file",
			inputSchema: { path: z.string(), content: z.string() },
			annotations: { readOnlyHint: false, destructiveHint: false },
		},
		async ({ path, content }) => {
			files.set(path, content);
			return text(`wrote ${content.length} characters to ${path}`);
		},
	);
	server.registerTool(
		"delete_file",
		{
			description: "Delete a file",
			inputSchema: { path: z.string() },
			annotations: { readOnlyHint: false, destructiveHint: true },
		},
		async ({ path }) =>
			text(files.delete(path) ? `deleted ${path}` : `no such file: ${path}`),
	);
	server.registerTool(
		"query",
		{
			description: "Run a read-only SQL query (`SELECT * FROM <table>`)",
			inputSchema: { sql: z.string() },
			annotations: { readOnlyHint: true },
		},
		async ({ sql }) => {
			const match = /^\s*select\s+\*\s+from\s+([a-z_]+)\s*;?\s*$/i.exec(sql);
			const rows =
				match?.[1] !== undefined ? TABLES[match[1].toLowerCase()] : undefined;
			return rows === undefined
				? { ...text(`unsupported query: ${sql}`), isError: true }
				: text(JSON.stringify(rows));
		},
	);
	server.registerTool(
		"migrate",
		{
			description: "Apply a schema migration",
			inputSchema: { sql: z.string() },
			annotations: { destructiveHint: true },
		},
		async ({ sql }) => text(`applied: ${sql}`),
	);
	server.registerTool(
		"admin_list_users",
		{ description: "List user accounts", annotations: { readOnlyHint: true } },
		async () => text(JSON.stringify(TABLES.users)),
	);
	server.registerTool(
		"admin_reset",
		{
			description: "Reset the filesystem to its seed",
			annotations: { destructiveHint: true },
		},
		async () => {
			files.clear();
			for (const [path, content] of seedFiles()) files.set(path, content);
			return text("filesystem reset");
		},
	);
	server.registerTool(
		"restart_server",
		{
			description: "Restart the server",
			annotations: { destructiveHint: true },
		},
		async () => text("restarting (not really, this is an example)"),
	);
	if (options.withFailingTool === true) {
		server.registerTool(
			"explode",
			{ description: "Always fails" },
			async () => {
				throw new Error("the tool exploded");
			},
		);
	}
	for (let i = 0; i < (options.extraTools ?? 0); i++) {
		server.registerTool(
			`noop_${i}`,
			{ description: "Does nothing" },
			async () => text("ok"),
		);
	}

	server.registerResource(
		"handbook",
		"file:///srv/shared/handbook.md",
		{ description: "The team handbook", mimeType: "text/markdown" },
		async (uri) => ({
			contents: [
				{ uri: uri.href, text: files.get("/srv/shared/handbook.md") ?? "" },
			],
		}),
	);
	server.registerResource(
		"audit-log",
		"audit://log/recent",
		{ description: "Recent administrative actions", mimeType: "text/plain" },
		async (uri) => ({
			contents: [{ uri: uri.href, text: "carol reset the filesystem\n" }],
		}),
	);
	server.registerResource(
		"users-schema",
		"postgres://main/schema/users",
		{ description: "The `users` table", mimeType: "text/plain" },
		async (uri) => ({
			contents: [
				{ uri: uri.href, text: "users(id integer, name text, role text)\n" },
			],
		}),
	);
	server.registerResource(
		"home-file",
		new ResourceTemplate("file:///home/{user}/{name}", { list: undefined }),
		{ description: "A file in a home directory" },
		async (uri) => ({
			contents: [
				{
					uri: uri.href,
					text: files.get(filePathOf(uri) ?? "") ?? "",
				},
			],
		}),
	);

	server.registerPrompt(
		"summarize",
		{
			description: "Summarize a file",
			// Suggestions come from the shared area only: a completer does not know who asks.
			argsSchema: {
				path: completable(z.string(), (value) =>
					[...files.keys()].filter(
						(p) => p.startsWith("/srv/shared/") && p.startsWith(value),
					),
				),
			},
		},
		({ path }) => ({
			messages: [
				{
					role: "user",
					content: {
						type: "text",
						text: `Summarize this file:\n\n${files.get(path) ?? ""}`,
					},
				},
			],
		}),
	);
	server.registerPrompt(
		"explain_query",
		{ description: "Explain a SQL query", argsSchema: { sql: z.string() } },
		({ sql }) => ({
			messages: [
				{
					role: "user",
					content: { type: "text", text: `Explain this query:\n\n${sql}` },
				},
			],
		}),
	);
	server.registerPrompt(
		"incident_report",
		{ description: "Draft an incident report (admins)" },
		() => ({
			messages: [
				{
					role: "user",
					content: {
						type: "text",
						text: "Draft an incident report from the audit log.",
					},
				},
			],
		}),
	);

	return { server, protection, files };
}
