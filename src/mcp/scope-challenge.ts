/**
 * The `insufficient_scope` challenge of the MCP authorization spec for Streamable HTTP:
 * a request the policies would allow with more scopes is answered `403` with
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` before it reaches the
 * MCP transport, so the client can step up its token. Only ever refuses; the MCP handlers
 * still decide every request that passes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "./auth-info.js";
import { type Authorizer, ownValue } from "./authorizer.js";
import { checkOptions, isString } from "./check-options.js";
import { isProtectedMethod } from "./naming.js";

export interface ScopeChallengeOptions {
	/** The protected resource metadata URL, put into the challenge (`resource_metadata`). */
	readonly resourceMetadataUrl?: string;
}

type Request = IncomingMessage & { auth?: AuthInfo; body?: unknown };
type Middleware = (
	req: Request,
	res: ServerResponse,
	next: (error?: unknown) => void,
) => void;

const CHALLENGE_OPTIONS = { resourceMetadataUrl: [isString, "a URL (string)"] } as const;

/** At most this many messages of a JSON-RPC batch are looked at; the handlers decide all of them anyway. */
const MAX_BATCH = 64;

export function scopeChallengeMiddleware(
	authorizer: Authorizer,
	given: ScopeChallengeOptions = {},
): Middleware {
	const options: ScopeChallengeOptions = checkOptions("scopeChallenge()", given, CHALLENGE_OPTIONS);
	return (req, res, next) => {
		let scope: string | undefined;
		try {
			const body = req.body;
			const messages = Array.isArray(body) ? body.slice(0, MAX_BATCH) : [body];
			const header = req.headers["mcp-session-id"];
			const sessionId = typeof header === "string" ? header : undefined;
			for (const message of messages) {
				const method = ownValue(message, "method");
				if (!isProtectedMethod(method)) continue;
				scope = authorizer.scopeChallenge(
					method,
					ownValue(message, "params"),
					req.auth,
					sessionId,
				);
				if (scope !== undefined) break;
			}
		} catch {
			scope = undefined;
		}
		if (scope === undefined) {
			next();
			return;
		}
		const description = "The request needs more scopes than the token grants";
		let challenge = `Bearer error="insufficient_scope", scope="${quoted(scope)}", error_description="${description}"`;
		if (options.resourceMetadataUrl !== undefined)
			challenge += `, resource_metadata="${quoted(options.resourceMetadataUrl)}"`;
		res.writeHead(403, {
			"Content-Type": "application/json",
			"WWW-Authenticate": challenge,
		});
		res.end(
			JSON.stringify({
				error: "insufficient_scope",
				error_description: description,
				scope,
			}),
		);
	};
}

/** A quoted-string body: printable ASCII only, no quotes or backslashes (scope names are such tokens). */
function quoted(text: string): string {
	return text.replace(/[^ -~]|["\\]/g, "");
}
