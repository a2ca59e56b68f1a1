import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { NO_ANNOTATIONS, registryAnnotations } from "../../src/mcp/intercept.js";

describe("env.tool from the server's own registry", () => {
	const server = new McpServer({ name: "s", version: "1" });
	const annotationsOf = registryAnnotations(server);
	const tool = server.registerTool("query", { annotations: { readOnlyHint: true } }, async () => ({ content: [] }));
	server.registerTool("plain", {}, async () => ({ content: [] }));

	it("reads the annotations a tool was registered with, and sees them updated", () => {
		expect(annotationsOf("query")).toEqual({ readOnlyHint: true });
		tool.update({ annotations: { readOnlyHint: false } });
		expect(annotationsOf("query")).toEqual({ readOnlyHint: false });
	});

	it("gives one frozen empty object for a tool without annotations, an unknown or a removed tool", () => {
		expect(annotationsOf("plain")).toBe(NO_ANNOTATIONS);
		expect(Object.isFrozen(NO_ANNOTATIONS)).toBe(true);
		expect(annotationsOf("nope")).toBe(NO_ANNOTATIONS);
		const removed = server.registerTool("gone", { annotations: { destructiveHint: true } }, async () => ({ content: [] }));
		removed.remove();
		expect(annotationsOf("gone")).toBe(NO_ANNOTATIONS);
	});

	it("never reads a prototype for a client's tool name", () => {
		for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"])
			expect(annotationsOf(name)).toBe(NO_ANNOTATIONS);
	});
});
