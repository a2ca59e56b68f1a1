/**
 * `@modelcontextprotocol/sdk` 1.x: its JSON-RPC errors, and what it answers for a tool,
 * prompt or resource that does not exist — the answers a hidden one gets too.
 */
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { UnknownAnswers } from "./denial.js";
import type { ProtocolErrors } from "./protocol-errors.js";

/** v1 errors: `McpError` (whose message the SDK prefixes with `MCP error <code>: `). */
export const V1_ERRORS: ProtocolErrors = {
	make: (code, message, data) => new McpError(code, message, data),
};

/**
 * What `McpServer` of `@modelcontextprotocol/sdk` 1.x answers (see its `mcp.js`); the
 * tests compare these with the SDK's own answers byte for byte.
 */
export const MCP_SERVER_UNKNOWN_ANSWERS: UnknownAnswers = Object.freeze<UnknownAnswers>({
	// McpServer turns the McpError it throws into an isError result carrying the error's message.
	tool: (name) => ({
		content: [
			{
				type: "text",
				text: new McpError(ErrorCode.InvalidParams, `Tool ${name} not found`)
					.message,
			},
		],
		isError: true,
	}),
	prompt: (name) => {
		throw new McpError(ErrorCode.InvalidParams, `Prompt ${name} not found`);
	},
	resource: (uri) => {
		// The SDK parses the URI first; an unparsable one fails there, with the same error.
		throw new McpError(
			ErrorCode.InvalidParams,
			`Resource ${new URL(uri)} not found`,
		);
	},
	resourceTemplate: (uri) => {
		throw new McpError(
			ErrorCode.InvalidParams,
			`Resource template ${uri} not found`,
		);
	},
});

/**
 * For a low-level `Server` the handlers are the author's; these follow the MCP
 * specification's examples. Pass `unknown` to `protect` to match your own handlers.
 * Frozen, as the other answers: every `protect` reads them, so a change made here would
 * change every server's answers.
 */
export const SPEC_UNKNOWN_ANSWERS: UnknownAnswers = Object.freeze<UnknownAnswers>({
	tool: (name) => {
		throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
	},
	prompt: (name) => {
		throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${name}`);
	},
	resource: (uri) => {
		throw new McpError(-32002, "Resource not found", { uri });
	},
	resourceTemplate: (uri) => {
		throw new McpError(
			ErrorCode.InvalidParams,
			`Unknown resource template: ${uri}`,
		);
	},
});
