/**
 * The answers `protect` gives instead of the server's: a `policy_denied` JSON-RPC error
 * (or tool result). For what the caller cannot see, each SDK line answers exactly as it
 * does for a tool, prompt or resource that does not exist (v1-answers.ts, v2/answers.ts).
 */
import type { ProtocolErrors } from "./protocol-errors.js";

/** The JSON-RPC error code of a policy denial (server-defined range; also used by gateways). */
export const POLICY_DENIED_CODE = -32003;
/** The JSON-RPC error message of a policy denial (the same for every denied request). */
export const POLICY_DENIED_MESSAGE = "Access denied by policy";
/** The message of a denial answered as an `insufficient_scope` challenge (`scopeChallenge`). */
export const INSUFFICIENT_SCOPE_MESSAGE = "Insufficient scope";

export interface DenialData {
	readonly reason: "policy_denied" | "insufficient_scope";
	/** The deciding policy, only with `revealPolicy: true`. */
	readonly policy?: string | null;
	/** Space-separated scopes that would allow the request (`insufficient_scope` only). */
	readonly scope?: string;
}

/** The JSON-RPC error of a denial, built the way the server's SDK builds its own errors. */
export function denialError(data: DenialData, errors: ProtocolErrors): Error {
	const message =
		data.reason === "insufficient_scope"
			? INSUFFICIENT_SCOPE_MESSAGE
			: POLICY_DENIED_MESSAGE;
	return errors.make(POLICY_DENIED_CODE, message, data);
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
