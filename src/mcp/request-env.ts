/**
 * The `env` a policy sees for an MCP request: `arguments` (the call's own), `tool` (the
 * tool's annotations from the server's registry, never from the client), `request`
 * (method, session id, client info), `now` (ISO time) and `hour` (UTC), plus whatever
 * the `env` option adds (which may replace `now` and `hour`, never the first three).
 */

/** What the `env` option callback is given. */
export interface EnvContext {
	readonly method: string;
	readonly subject: unknown;
	readonly sessionId: string | undefined;
}

export type EnvExtension = (context: EnvContext) => unknown;

export interface RequestInfo {
	readonly method: string;
	readonly sessionId?: string;
	readonly clientInfo?: { readonly name: string; readonly version: string };
}

const RESERVED = new Set(["arguments", "tool", "request"]);

/** The clock as policies see it. */
export interface TimeReading {
	/** ISO time (`env.now`); NaN from a broken clock, which errs wherever a policy reads it. */
	readonly iso: string | number;
	/** Hour, 0–23, UTC (`env.hour`). */
	readonly hour: number;
}

export interface EnvParts {
	readonly time: TimeReading;
	readonly request: RequestInfo;
	readonly subject: unknown;
	readonly extension: EnvExtension | undefined;
	/** Present for calls; absent for list filtering and `couldAllow`. */
	readonly arguments?: unknown;
	readonly tool?: unknown;
}

/** Builds the env object; never throws (an extension that throws adds nothing, see below). */
export function buildEnv(parts: EnvParts): Record<string, unknown> {
	const env: Record<string, unknown> = {
		now: parts.time.iso,
		hour: parts.time.hour,
	};
	if (parts.extension !== undefined) {
		// Copied into a fresh object first, so that a failure half way adds nothing.
		const added: Record<string, unknown> = {};
		try {
			const extra = parts.extension({
				method: parts.request.method,
				subject: parts.subject,
				sessionId: parts.request.sessionId,
			});
			copyOwn(extra, added);
		} catch {
			// An extension that fails (or returns an object whose traps throw) leaves a
			// marker policies can test for; conditions on the attributes it would have set
			// then err, which counts toward deny.
			for (const key of Object.keys(added)) delete added[key];
			added.envError = true;
		}
		Object.assign(env, added);
	}
	env.request = parts.request;
	if (parts.tool !== undefined) env.tool = parts.tool;
	if ("arguments" in parts)
		env.arguments = parts.arguments === undefined ? {} : parts.arguments;
	return env;
}

function copyOwn(from: unknown, to: Record<string, unknown>): void {
	if (typeof from !== "object" || from === null || Array.isArray(from)) return;
	for (const key of Object.keys(from)) {
		if (RESERVED.has(key) || key === "__proto__") continue;
		const descriptor = Object.getOwnPropertyDescriptor(from, key);
		if (descriptor !== undefined && "value" in descriptor)
			to[key] = descriptor.value;
	}
}
