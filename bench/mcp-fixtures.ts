/**
 * What bench/mcp-overhead.ts and scripts/mcp-micro.mjs both measure with: the caller, the
 * clock, the `tools/call` request and handler context, the registered handler of the
 * example server, and an allow-all engine (what `protect` costs apart from the decision).
 */
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { createExampleServer } from "../examples/server.js";
import type { DecisionRecord } from "../src/mcp/index.js";
import type { PolicyEngine } from "../src/model/engine.js";

/** alice (viewer, analyst), as a bearer-token transport would hand her over. */
export const ALICE: AuthInfo = {
	token: "t",
	clientId: "bench",
	scopes: [],
	extra: { sub: "alice", roles: ["viewer", "analyst"] },
};

/** A fixed daytime clock: no decision depends on when the bench runs. */
export const DAY = new Date("2026-03-02T10:00:00Z");

/** A `tools/call` alice is allowed: read a file in her home. A new object each call, as off the wire. */
export function readFileRequest(): unknown {
	return { method: "tools/call", params: { name: "read_file", arguments: { path: "/home/alice/notes.md" } } };
}

/** The v1 handler context (`extra`) of a request from alice. */
export function aliceExtra(): unknown {
	return {
		authInfo: ALICE,
		signal: new AbortController().signal,
		requestId: 1,
		sendNotification: async () => {},
		sendRequest: async () => ({}),
	};
}

/** The `tools/call` handler as the SDK registered it (after `protect`, when protected). */
export type CallHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/** The example server's registered `tools/call` handler, protected by `engine` or not. */
export function callHandlerOf(
	engine: PolicyEngine,
	protectedServer: boolean,
	onDecision: ((record: DecisionRecord) => void) | undefined,
): CallHandler {
	const { server } = createExampleServer(engine, { now: () => DAY, onDecision }, { unprotected: !protectedServer });
	// Bench-only use of an SDK internal: the low-level server's handler map.
	const handlers = (server.server as unknown as { _requestHandlers: Map<string, CallHandler> })._requestHandlers;
	const handler = handlers.get("tools/call");
	if (handler === undefined) throw new Error("no tools/call handler");
	return handler;
}

/**
 * The same engine's policy set behind a constant "allow": what `protect` itself costs,
 * apart from the engine's decision.
 */
export function allowAllEngine(engine: PolicyEngine): PolicyEngine {
	const allow = Object.freeze({
		allowed: true,
		effect: "allow" as const,
		policy: "allow-all",
		errors: Object.freeze([]),
	});
	return {
		policySet: engine.policySet,
		evaluate: () => allow,
		isAllowed: () => true,
		forSubject: () => () => allow,
		explain: (s, r, a, e) => engine.explain(s, r, a, e),
		couldAllow: () => true,
	};
}
