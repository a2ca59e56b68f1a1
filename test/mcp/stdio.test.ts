/**
 * The example server over stdio, built with tsc and spawned with node (node 20 cannot run
 * .ts): the build goes to a private temporary directory, so other test files building
 * dist/ at the same time cannot interfere.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICY_DENIED_CODE } from "../../src/mcp/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
let buildDir: string;

beforeAll(() => {
	buildDir = mkdtempSync(join(tmpdir(), "mcpolicy-stdio-"));
	// The package's own "imports" map (#chevrotain-runtime points into dist/), so the
	// build goes to buildDir/dist as it does in the checkout.
	const { imports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
	writeFileSync(
		join(buildDir, "package.json"),
		JSON.stringify({ name: "mcpolicy", type: "module", imports }),
	);
	symlinkSync(join(root, "node_modules"), join(buildDir, "node_modules"));
	try {
		execFileSync(
			process.execPath,
			[
				join(root, "node_modules/typescript/bin/tsc"),
				"-p",
				join(root, "tsconfig.build.json"),
				"--outDir",
				join(buildDir, "dist"),
			],
			{
				cwd: root,
				stdio: "pipe",
			},
		);
	} catch {
		// Type errors elsewhere in the tree do not stop tsc from emitting; the spawn below fails if it did not.
	}
});

afterAll(() => {
	rmSync(buildDir, { recursive: true, force: true });
});

async function spawnAs(
	identity: Record<string, string>,
): Promise<{ client: Client; stderr: () => string }> {
	const transport = new StdioClientTransport({
		command: process.execPath,
		args: [join(buildDir, "dist/examples/stdio-server.js")],
		env: {
			PATH: process.env.PATH ?? "",
			MCPOLICY_POLICIES: fixtures,
			MCPOLICY_NOW: "2026-03-02T10:00:00Z",
			...identity,
		},
		stderr: "pipe",
	});
	let log = "";
	transport.stderr?.on("data", (chunk: Buffer) => {
		log += chunk.toString("utf8");
	});
	const client = new Client({ name: "stdio-test", version: "1.0.0" });
	await client.connect(transport);
	return { client, stderr: () => log };
}

describe("the example server over stdio", () => {
	it("takes the caller's identity from the environment and filters the tools", async () => {
		const { client } = await spawnAs({
			MCPOLICY_SUBJECT_ID: "alice",
			MCPOLICY_SUBJECT_ROLES: "viewer",
		});
		const { tools } = await client.listTools();
		expect(tools.map((t) => t.name).sort()).toEqual([
			"list_directory",
			"query",
			"read_file",
			"search_files",
		]);
		await client.close();
	});

	it("allows a read in the caller's home, refuses another, and logs both decisions to stderr", async () => {
		const { client, stderr } = await spawnAs({
			MCPOLICY_SUBJECT_ID: "alice",
			MCPOLICY_SUBJECT_ROLES: "viewer",
		});
		const own = await client.callTool({
			name: "read_file",
			arguments: { path: "/home/alice/todo.txt" },
		});
		expect(own.content).toEqual([{ type: "text", text: "ship mcpolicy\n" }]);
		const denied = await client
			.callTool({
				name: "read_file",
				arguments: { path: "/home/bob/draft.md" },
			})
			.catch((e: unknown) => e);
		expect(denied).toBeInstanceOf(McpError);
		expect((denied as McpError).code).toBe(POLICY_DENIED_CODE);
		await client.close();
		const records = stderr()
			.split("\n")
			.filter((line) => line.startsWith("{"))
			.map(
				(line) =>
					JSON.parse(line) as {
						outcome: string;
						subjectId: string;
						arguments: unknown;
					},
			);
		expect(records.map((r) => r.outcome)).toEqual(["allowed", "denied"]);
		expect(records[0]).toMatchObject({
			subjectId: "alice",
			arguments: { path: "[redacted]" },
		});
	});

	it("reads a whole subject as JSON", async () => {
		const { client } = await spawnAs({
			MCPOLICY_SUBJECT: JSON.stringify({ id: "bob", roles: ["editor"] }),
		});
		const result = await client.callTool({
			name: "write_file",
			arguments: { path: "/home/bob/new.md", content: "hello" },
		});
		expect(result.isError).toBeFalsy();
		await client.close();
	});

	it("treats a process started without identity as anonymous", async () => {
		const { client } = await spawnAs({});
		expect((await client.listTools()).tools).toEqual([]);
		const hidden = await client.callTool({
			name: "read_file",
			arguments: { path: "/srv/shared/handbook.md" },
		});
		expect(hidden).toEqual({
			content: [
				{ type: "text", text: "MCP error -32602: Tool read_file not found" },
			],
			isError: true,
		});
		const shared = await client.readResource({
			uri: "file:///srv/shared/handbook.md",
		});
		expect(shared.contents[0]).toMatchObject({
			text: "# Handbook\nBe kind to the policies.\n",
		});
		await client.close();
	});
});
