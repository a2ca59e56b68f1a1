/**
 * Mutation round 4 of the MCP layer: documented behaviour of the default subject
 * resolvers (`src/mcp/subject.ts`) that hand-made mutants survived.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { type AuthInfo, type DecisionRecord, protect, subjectFromAuthInfo, subjectFromEnv } from "../../src/mcp/index.js";
import { connect } from "./helpers.js";

describe("subjectFromEnv: an empty variable counts as unset", () => {
	it("an empty MCPOLICY_SUBJECT leaves the other form to decide, and alone means anonymous", () => {
		const environment = { MCPOLICY_SUBJECT: "", MCPOLICY_SUBJECT_ID: "alice", MCPOLICY_SUBJECT_ROLES: "viewer" };
		// Not "both forms at once" (which throws), nor a JSON subject that does not parse (which denies all).
		expect(subjectFromEnv(environment)(undefined)).toEqual({ id: "alice", roles: ["viewer"], groups: [] });
		expect(subjectFromEnv({ MCPOLICY_SUBJECT: "" })(undefined)).toBeUndefined();
	});
});

describe("subjectFromEnv: the subject built from MCPOLICY_SUBJECT_ID is frozen", () => {
	it("an env callback writing its id does not change whom requests are decided for", async () => {
		const resolve = subjectFromEnv({ MCPOLICY_SUBJECT_ID: "alice", MCPOLICY_SUBJECT_ROLES: "viewer" });
		expect(Object.isFrozen(resolve(undefined))).toBe(true);
		const records: DecisionRecord[] = [];
		const mcp = new McpServer({ name: "s", version: "1" });
		protect(mcp, compile('policy a { allow subject user alice action * resource * }'), {
			subject: resolve,
			// A careless extension: the write throws (strict mode) on the frozen subject and is ignored here.
			env: ({ subject }) => {
				try {
					(subject as { id: string }).id = "mallory";
				} catch {}
				return {};
			},
			onDecision: (r) => void records.push(r),
		});
		mcp.registerTool("t", {}, async () => ({ content: [{ type: "text", text: "ok" }] }));
		const { client, close } = await connect(mcp);
		for (let i = 0; i < 2; i++) expect(await client.callTool({ name: "t", arguments: {} })).toMatchObject({ content: [{ text: "ok" }] });
		await close();
		expect(records.filter((r) => r.action === "tools/call").map((r) => r.subjectId)).toEqual(["alice", "alice"]);
		expect(resolve(undefined)).toMatchObject({ id: "alice" });
	});
});

describe("subjectFromAuthInfo reads claims from authInfo.extra only", () => {
	it("without extra, none of authInfo's own fields is taken for a claim: not sub, roles, nor the raw token", () => {
		const resolve = subjectFromAuthInfo({ attributes: ["token", "expiresAt"] });
		// A verifier that put claims at the top level: they are not where the resolver reads them.
		const authInfo = { token: "raw-token", clientId: "app", scopes: ["files:read"], expiresAt: 1_800_000_000, sub: "root", roles: ["admin"] };
		expect(resolve(authInfo as AuthInfo)).toEqual({ id: "app", roles: [], groups: [], scopes: ["files:read"] });
		// The same with an extra that is no object.
		expect(resolve({ ...authInfo, extra: "sub=root" } as unknown as AuthInfo)).toEqual({ id: "app", roles: [], groups: [], scopes: ["files:read"] });
	});
});
