/**
 * The answers `protect` gives instead of the server's: a `policy_denied` JSON-RPC error
 * (or tool result), and, for what the caller cannot see, exactly what the SDK answers
 * for a tool, prompt or resource that does not exist.
 */
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

/** The JSON-RPC error code of a policy denial (server-defined range; also used by gateways). */
export const POLICY_DENIED_CODE = -32003;
export const POLICY_DENIED_MESSAGE = "Access denied by policy";
export const INSUFFICIENT_SCOPE_MESSAGE = "Insufficient scope";

export interface DenialData {
	readonly reason: "policy_denied" | "insufficient_scope";
	/** The deciding policy, only with `revealPolicy: true`. */
	readonly policy?: string | null;
	/** Space-separated scopes that would allow the request (`insufficient_scope` only). */
	readonly scope?: string;
}

export function denialError(data: DenialData): McpError {
	const message =
		data.reason === "insufficient_scope"
			? INSUFFICIENT_SCOPE_MESSAGE
			: POLICY_DENIED_MESSAGE;
	return new McpError(POLICY_DENIED_CODE, message, data);
}

/** The `isError` tool result form of a denial (`denial: "result"`). */
export function denialResult(data: DenialData): {
	content: { type: "text"; text: string }[];
	isError: true;
	_meta: Record<string, unknown>;
} {
	const message =
		data.reason === "insufficient_scope"
			? INSUFFICIENT_SCOPE_MESSAGE
			: POLICY_DENIED_MESSAGE;
	return {
		content: [{ type: "text", text: message }],
		isError: true,
		_meta: { "mcpolicy/denial": { ...data } },
	};
}

/**
 * How the server answers for something that does not exist. Each function returns the
 * result to send or throws the error to send.
 */
export interface UnknownAnswers {
	readonly tool: (name: string) => unknown;
	readonly prompt: (name: string) => unknown;
	readonly resource: (uri: string) => unknown;
	readonly resourceTemplate: (uri: string) => unknown;
}

/**
 * What `McpServer` of `@modelcontextprotocol/sdk` 1.x answers (see its `mcp.js`); the
 * tests compare these with the SDK's own answers byte for byte.
 */
export const MCP_SERVER_UNKNOWN_ANSWERS: UnknownAnswers = {
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
};

/**
 * For a low-level `Server` the handlers are the author's; these follow the MCP
 * specification's examples. Pass `unknown` to `protect` to match your own handlers.
 */
export const SPEC_UNKNOWN_ANSWERS: UnknownAnswers = {
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
};
