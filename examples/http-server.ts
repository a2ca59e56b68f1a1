/**
 * The example server over Streamable HTTP, on 127.0.0.1 only, behind the SDK's bearer
 * middleware with locally verified JWTs. Stateless: each POST gets a fresh server and
 * transport (the SDK's stateless pattern), all protected by the same engine.
 *
 *   MCPOLICY_JWT_SECRET=dev-secret PORT=3000 node dist/examples/http-server.js
 *
 * prints a token for alice, bob and carol to try with any MCP client.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { loadPolicies } from "../src/engine.js";
import type { PolicyEngine } from "../src/model/engine.js";
import { jsonLinesAuditLogger, type ProtectOptions } from "../src/mcp/index.js";
import { examplePolicies } from "./paths.js";
import { createExampleServer } from "./server.js";
import { jwtVerifier, signToken } from "./tokens.js";

export interface HttpExampleOptions {
	readonly engine: PolicyEngine;
	readonly secret: string;
	/** Default 0: an ephemeral port. */
	readonly port?: number;
	readonly protect?: ProtectOptions;
}

export interface RunningHttpExample {
	/** The MCP endpoint, e.g. `http://127.0.0.1:41234/mcp`. */
	readonly url: URL;
	close(): Promise<void>;
}

const HOST = "127.0.0.1";

export async function startHttpExample(
	options: HttpExampleOptions,
): Promise<RunningHttpExample> {
	const app = createMcpExpressApp({ host: HOST });
	const auth = requireBearerAuth({ verifier: jwtVerifier(options.secret) });
	// One server only to answer scope challenges before the transport sees the request.
	const { protection, files } = createExampleServer(
		options.engine,
		options.protect,
	);

	const scopeChallenge =
		protection?.scopeChallenge() ??
		((_req: unknown, _res: unknown, next: () => void) => next());
	app.post(
		"/mcp",
		auth,
		scopeChallenge,
		async (
			req: IncomingMessage & { body?: unknown; auth?: AuthInfo },
			res: ServerResponse,
		) => {
			const { server } = createExampleServer(options.engine, options.protect, {
				files,
			});
			const transport = new StreamableHTTPServerTransport({
				sessionIdGenerator: undefined,
				enableJsonResponse: true,
			});
			res.on("close", () => {
				void transport.close();
				void server.close();
			});
			try {
				await server.connect(transport);
				await transport.handleRequest(req, res, req.body);
			} catch {
				if (!res.headersSent) {
					res.writeHead(500, { "Content-Type": "application/json" });
					res.end(
						JSON.stringify({
							jsonrpc: "2.0",
							error: { code: -32603, message: "Internal server error" },
							id: null,
						}),
					);
				}
			}
		},
	);
	const notAllowed = (_req: IncomingMessage, res: ServerResponse) => {
		res.writeHead(405, { "Content-Type": "application/json", Allow: "POST" });
		res.end(
			JSON.stringify({
				jsonrpc: "2.0",
				error: { code: -32000, message: "Method not allowed." },
				id: null,
			}),
		);
	};
	app.get("/mcp", notAllowed);
	app.delete("/mcp", notAllowed);
	// Body-parser errors (bad JSON, a body over the limit) come before authentication; by
	// default Express answers them with an HTML page holding the stack. A JSON-RPC error
	// without detail instead: nothing about the server reaches an unauthenticated client.
	app.use(
		(
			error: { status?: unknown; type?: unknown },
			_req: IncomingMessage,
			res: ServerResponse,
			_next: (error?: unknown) => void,
		) => {
			const status = typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
			const parse = error?.type === "entity.parse.failed";
			if (res.headersSent) return;
			res.writeHead(status, { "Content-Type": "application/json" });
			res.end(
				JSON.stringify({
					jsonrpc: "2.0",
					error: parse ? { code: -32700, message: "Parse error" } : { code: -32600, message: status === 500 ? "Internal server error" : "Invalid request" },
					id: null,
				}),
			);
		},
	);

	const listener: Server = await new Promise((resolve, reject) => {
		const server = app.listen(options.port ?? 0, HOST, (error?: Error) =>
			error ? reject(error) : resolve(server),
		);
	});
	const { port } = listener.address() as AddressInfo;
	return {
		url: new URL(`http://${HOST}:${port}/mcp`),
		close: () =>
			new Promise<void>((resolve) => {
				listener.closeAllConnections();
				listener.close(() => resolve());
			}),
	};
}

async function main(): Promise<void> {
	const secret =
		process.env.MCPOLICY_JWT_SECRET ?? randomBytes(32).toString("hex");
	const engine = await loadPolicies(examplePolicies());
	const running = await startHttpExample({
		engine,
		secret,
		port: Number(process.env.PORT ?? 3000),
		protect: { onDecision: jsonLinesAuditLogger(process.stderr) },
	});
	process.stderr.write(`mcpolicy example listening on ${running.url}\n`);
	for (const [sub, roles] of [
		["alice", ["viewer", "analyst"]],
		["bob", ["editor"]],
		["carol", ["admin"]],
	] as const) {
		process.stderr.write(
			`  ${sub}: Authorization: Bearer ${await signToken(secret, { sub, roles: [...roles] })}\n`,
		);
	}
}

if (
	process.argv[1] !== undefined &&
	import.meta.url === pathToFileURL(process.argv[1]).href
) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	});
}
