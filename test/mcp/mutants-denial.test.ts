/**
 * Gaps found by mutation testing of the denial answers (denial.ts): the message and the
 * `isError` result of an `insufficient_scope` denial, and what the result form's `_meta`
 * carries. Real SDK client over the in-memory transport.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { POLICY_DENIED_CODE, type ProtectOptions, protect } from "../../src/mcp/index.js";
import { authInfoFor, connect, DAYTIME, DELETE_NEEDS_SCOPE, lastResponse } from "./helpers.js";

const engine = compile(`${DELETE_NEEDS_SCOPE}
policy "no-tmp" {
  deny
  subject *
  action "tools/call"
  resource "tool:delete_file"
  when env.arguments.path matches "/home/*/tmp/**"
}`);

const BOB = authInfoFor("bob", ["editor"], {}, ["files:read"]);
const BOB_WITH_DELETE = authInfoFor("bob", ["editor"], {}, ["files:read", "files:delete"]);

function server(options: ProtectOptions) {
	const s = new McpServer({ name: "denials", version: "1.0.0" });
	protect(s, engine, { now: DAYTIME, insufficientScope: { scopes: ["files:read", "files:delete"] }, ...options });
	s.registerTool("delete_file", {}, async () => ({ content: [{ type: "text" as const, text: "deleted" }] }));
	return s;
}

describe("an insufficient_scope denial", () => {
	it("is the error `Insufficient scope` with the scope to ask for", async () => {
		const connected = await connect(server({}), BOB);
		const error = await connected.client
			.callTool({ name: "delete_file", arguments: { path: "/home/bob/a" } })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(McpError);
		// As the wire carries it (the v1 SDK prefixes the message with the code).
		expect(JSON.parse(lastResponse(connected)).error).toEqual({
			code: POLICY_DENIED_CODE,
			message: `MCP error ${POLICY_DENIED_CODE}: Insufficient scope`,
			data: { reason: "insufficient_scope", scope: "files:delete" },
		});
		await connected.close();
	});

	it("is an isError result saying `Insufficient scope` with `denial: \"result\"`", async () => {
		const { client, close } = await connect(server({ denial: "result" }), BOB);
		const result = await client.callTool({ name: "delete_file", arguments: { path: "/home/bob/a" } });
		expect(result).toEqual({
			content: [{ type: "text", text: "Insufficient scope" }],
			isError: true,
			_meta: { "mcpolicy/denial": { reason: "insufficient_scope", scope: "files:delete" } },
		});
		await close();
	});
});

describe("a policy_denied result (`denial: \"result\"`)", () => {
	it("carries the deciding policy in _meta with revealPolicy, and only then", async () => {
		for (const revealPolicy of [true, false]) {
			const { client, close } = await connect(server({ denial: "result", revealPolicy }), BOB_WITH_DELETE);
			const result = await client.callTool({ name: "delete_file", arguments: { path: "/home/bob/tmp/a" } });
			expect(result).toEqual({
				content: [{ type: "text", text: "Access denied by policy" }],
				isError: true,
				_meta: {
					"mcpolicy/denial": revealPolicy ? { reason: "policy_denied", policy: "no-tmp" } : { reason: "policy_denied" },
				},
			});
			await close();
		}
	});
});
