/**
 * JSON-RPC errors as each SDK line builds them. Both SDKs answer a thrown error with its
 * `code`, `message` and `data`, but each has its own error class (and v1 prefixes the
 * message), so `protect` for each line passes its own factory to the shared Authorizer:
 * refusals then look exactly like the server's own errors.
 */
export interface ProtocolErrors {
	make(code: number, message: string, data?: unknown): Error;
}

/** JSON-RPC 2.0: invalid method parameters. */
export const INVALID_PARAMS = -32602;
/** JSON-RPC 2.0: internal error. */
export const INTERNAL_ERROR = -32603;
