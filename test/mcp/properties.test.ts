/** Named properties of `protect`, checked with the real SDK client and the example server. */
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createExampleServer } from "../../examples/server.js";
import {
	authInfoFor,
	connect,
	DAYTIME,
	expectEveryProtectedRequestAnswered,
	fixtureEngine,
	NIGHT,
} from "./helpers.js";

const engine = fixtureEngine();
const TOOLS = [
	"read_file",
	"list_directory",
	"search_files",
	"write_file",
	"delete_file",
	"query",
	"admin_reset",
	"explode",
];
const PATHS = [
	"/home/alice/a",
	"/home/bob/b",
	"/home/carol/c",
	"/etc/passwd",
	"/srv/shared/x",
	"/home/alice/../bob/b",
];
const SQL = [
	"SELECT * FROM users",
	"select * from orders",
	"DELETE FROM users",
	"SELECT 1; DROP TABLE x",
];

const subjectArb = fc.record({
	id: fc.constantFrom("alice", "bob", "carol", "*"),
	roles: fc.subarray(["viewer", "editor", "admin", "suspended"]),
	groups: fc.subarray(["oncall"]),
});

function argumentDomain(tool: string): Record<string, unknown>[] {
	if (tool === "query") return SQL.map((sql) => ({ sql }));
	if (tool === "write_file")
		return PATHS.map((path) => ({ path, content: "x" }));
	if (tool === "search_files")
		return PATHS.map((path) => ({ path, text: "x" }));
	if (["read_file", "list_directory", "delete_file"].includes(tool))
		return PATHS.map((path) => ({ path }));
	return [{}];
}

describe("properties of protect", () => {
	it("lists a tool whenever some arguments of a small domain are allowed, and answers every call of an unlisted tool as unknown", async () => {
		await fc.assert(
			fc.asyncProperty(subjectArb, fc.boolean(), async (subject, night) => {
				const { server } = createExampleServer(
					engine,
					{ now: night ? NIGHT : DAYTIME },
					{ withFailingTool: true },
				);
				const { client, close } = await connect(
					server,
					authInfoFor(subject.id, subject.roles, { groups: subject.groups }),
				);
				const listed = new Set(
					(await client.listTools()).tools.map((t) => t.name),
				);
				for (const tool of TOOLS) {
					let someAllowed = false;
					for (const args of argumentDomain(tool)) {
						const answer = await client
							.callTool({ name: tool, arguments: args })
							.then(
								(result) => ({ result }),
								(error: unknown) => ({ error }),
							);
						const unknown =
							"result" in answer &&
							JSON.stringify(answer.result).includes(`Tool ${tool} not found`);
						if (!listed.has(tool)) expect(unknown).toBe(true);
						if ("result" in answer && !unknown) someAllowed = true;
					}
					if (someAllowed) expect(listed.has(tool)).toBe(true);
				}
				await close();
			}),
			{ numRuns: 25 },
		);
	});

	it("answers every protected request, however malformed its parameters, and never crashes the server", async () => {
		const { server } = createExampleServer(engine, { now: DAYTIME });
		const alice = { token: "t", clientId: "c", scopes: [], extra: { sub: "alice", roles: ["viewer"] } };
		await expectEveryProtectedRequestAnswered(server, () => InMemoryTransport.createLinkedPair(), alice, 300);
	});
});
