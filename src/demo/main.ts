/**
 * `npm start`: a scripted session against the example MCP server, protected by the
 * policies in `policies/`. Three users — alice (viewer, analyst), bob (editor), carol
 * (admin) — connect with the real SDK client, over the in-memory transport and over
 * Streamable HTTP with bearer JWTs, and the demo prints what each could see and do, and why.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import pc from "picocolors";
import { startHttpExample } from "../../examples/http-server.js";
import { examplePolicies } from "../../examples/paths.js";
import { createExampleServer } from "../../examples/server.js";
import { signToken } from "../../examples/tokens.js";
import { loadPolicies } from "../engine.js";
import {
	type DecisionRecord,
	type ProtectOptions,
	subjectFromAuthInfo,
} from "../mcp/index.js";
import type { PolicyEngine } from "../model/engine.js";
import { allowedText, hiddenText, refusedText } from "./outcome-text.js";
import { v2Session } from "./v2-session.js";

const color = process.env.NO_COLOR
	? false
	: process.env.FORCE_COLOR
		? process.env.FORCE_COLOR !== "0"
		: Boolean(process.stdout.isTTY);
const c = pc.createColors(color);
const out = (line = "") => process.stdout.write(`${line}\n`);

interface User {
	readonly id: string;
	readonly roles: readonly string[];
	readonly groups?: readonly string[];
}

type Step =
	| { readonly tool: string; readonly arguments: Record<string, unknown> }
	| { readonly resource: string }
	| { readonly prompt: string; readonly arguments?: Record<string, string> };

const DAY = new Date("2026-03-02T10:00:00Z");
const NIGHT = new Date("2026-03-02T22:30:00Z");

const ALICE: User = { id: "alice", roles: ["viewer", "analyst"] };
const BOB: User = { id: "bob", roles: ["editor"] };
const CAROL: User = { id: "carol", roles: ["admin"] };

const SCRIPT: readonly { user: User; steps: readonly Step[] }[] = [
	{
		user: ALICE,
		steps: [
			{ tool: "read_file", arguments: { path: "/home/alice/notes.md" } },
			{ tool: "read_file", arguments: { path: "/home/bob/draft.md" } },
			{ tool: "query", arguments: { sql: "SELECT * FROM orders" } },
			{
				tool: "query",
				arguments: { sql: "SELECT * FROM users; DROP TABLE users" },
			},
			{
				tool: "write_file",
				arguments: { path: "/home/alice/notes.md", content: "" },
			},
			{ resource: "file:///home/alice/todo.txt" },
			{ resource: "audit://log/recent" },
			{ prompt: "summarize", arguments: { path: "/home/alice/notes.md" } },
		],
	},
	{
		user: BOB,
		steps: [
			{
				tool: "write_file",
				arguments: { path: "/home/bob/draft.md", content: "v2" },
			},
			{
				tool: "write_file",
				arguments: { path: "/home/alice/notes.md", content: "hi alice" },
			},
			{ tool: "read_file", arguments: { path: "/home/bob/.ssh/id_ed25519" } },
			{ tool: "admin_reset", arguments: {} },
			{ tool: "query", arguments: { sql: "SELECT * FROM users" } },
		],
	},
	{
		user: CAROL,
		steps: [
			{ tool: "admin_list_users", arguments: {} },
			{ tool: "restart_server", arguments: {} },
			{ resource: "audit://log/recent" },
			{ prompt: "incident_report" },
		],
	},
];

function authInfoOf(
	user: User,
	claims: Record<string, unknown> = {},
): AuthInfo {
	return {
		token: "in-memory",
		clientId: "demo",
		scopes: [],
		extra: {
			sub: user.id,
			roles: user.roles,
			groups: user.groups ?? [],
			...claims,
		},
	};
}

function describeStep(step: Step): string {
	if ("tool" in step) {
		const args = Object.entries(step.arguments)
			.map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
			.join(", ");
		return `${c.bold(step.tool)}(${args})`;
	}
	if ("resource" in step) return `read ${c.bold(step.resource)}`;
	return `prompt ${c.bold(step.prompt)}`;
}

/** Runs one step and says how it went, using the audit record for the reason. */
async function runStep(
	client: Client,
	step: Step,
	records: DecisionRecord[],
): Promise<string> {
	const before = records.length;
	let failure: McpError | undefined;
	let result: unknown;
	try {
		if ("tool" in step)
			result = await client.callTool({
				name: step.tool,
				arguments: step.arguments,
			});
		else if ("resource" in step)
			result = await client.readResource({ uri: step.resource });
		else
			result = await client.getPrompt({
				name: step.prompt,
				arguments: step.arguments,
			});
	} catch (error) {
		if (!(error instanceof McpError)) throw error;
		failure = error;
	}
	const record = records.slice(before).at(-1);
	const policy = record?.policy ?? null;
	if (record?.outcome === "allowed") {
		const toolError =
			typeof result === "object" &&
			result !== null &&
			(result as { isError?: unknown }).isError === true;
		return `${allowedText(c, policy)}${toolError ? c.yellow(" (the tool itself reported an error)") : ""}`;
	}
	if (record?.outcome === "hidden") {
		// The SDK client prefixes "MCP error <code>: " (twice for errors); show the server's words.
		return hiddenText(c, failure !== undefined ? failure.message : firstText(result));
	}
	return refusedText(c, record);
}

function firstText(result: unknown): string {
	const content = (result as { content?: { text?: string }[] } | undefined)
		?.content;
	return content?.[0]?.text ?? "";
}

async function inMemoryClient(
	engine: PolicyEngine,
	user: User,
	options: ProtectOptions,
	claims: Record<string, unknown> = {},
): Promise<Client> {
	const { server } = createExampleServer(engine, options);
	const [clientTransport, serverTransport] =
		InMemoryTransport.createLinkedPair();
	const send = clientTransport.send.bind(clientTransport);
	const authInfo = authInfoOf(user, claims);
	clientTransport.send = (message, sendOptions) =>
		send(message, { ...sendOptions, authInfo });
	await server.connect(serverTransport);
	const client = new Client({ name: "mcpolicy-demo", version: "1.0.0" });
	await client.connect(clientTransport);
	return client;
}

/** The caller's tool list, one line. */
async function showTools(client: Client): Promise<void> {
	const tools = (await client.listTools()).tools.map((t) => t.name).sort();
	out(`  sees tools:     ${tools.length > 0 ? tools.join(", ") : c.dim("none")}`);
}

/** One step and how it went, one line. */
async function showStep(client: Client, step: Step, records: DecisionRecord[]): Promise<void> {
	out(`  ${describeStep(step).padEnd(color ? 78 : 62)} ${await runStep(client, step, records)}`);
}

async function showCatalog(client: Client): Promise<void> {
	await showTools(client);
	const resources = (await client.listResources()).resources.map((r) => r.uri);
	const templates = (
		await client.listResourceTemplates()
	).resourceTemplates.map((t) => t.uriTemplate);
	const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
	out(
		`  sees resources: ${[...resources, ...templates].join(", ") || c.dim("none")}`,
	);
	out(`  sees prompts:   ${prompts.join(", ") || c.dim("none")}`);
}

function heading(user: User, how: string): void {
	out();
	out(
		`${c.cyan(c.bold(user.id))} ${c.dim(`(${user.roles.join(", ")}${user.groups ? `; groups ${user.groups.join(", ")}` : ""})`)} ${c.dim(`— ${how}`)}`,
	);
}

async function inMemorySession(engine: PolicyEngine): Promise<void> {
	out(c.bold(`In-memory transport, ${DAY.toISOString().slice(11, 16)} UTC`));
	for (const { user, steps } of SCRIPT) {
		const records: DecisionRecord[] = [];
		const client = await inMemoryClient(engine, user, {
			now: () => DAY,
			revealPolicy: true,
			onDecision: (r) => void records.push(r),
		});
		heading(user, "in-memory");
		await showCatalog(client);
		for (const step of steps)
			await showStep(client, step, records);
		await client.close();
	}
}

async function nightSession(engine: PolicyEngine): Promise<void> {
	out();
	out(
		c.bold(
			`After hours, ${NIGHT.toISOString().slice(11, 16)} UTC: the change freeze hides writes`,
		),
	);
	for (const user of [BOB, CAROL]) {
		const records: DecisionRecord[] = [];
		const client = await inMemoryClient(engine, user, {
			now: () => NIGHT,
			onDecision: (r) => void records.push(r),
		});
		heading(user, "in-memory, at night");
		await showTools(client);
		const step: Step =
			user === BOB
				? {
						tool: "write_file",
						arguments: { path: "/home/bob/draft.md", content: "v3" },
					}
				: { tool: "admin_reset", arguments: {} };
		await showStep(client, step, records);
		await client.close();
	}
}

/** Break-glass: on call, flagged, during an incident — the freeze (priority 50) yields to it (priority 100). */
async function breakGlassSession(engine: PolicyEngine): Promise<void> {
	const dave: User = { id: "dave", roles: ["editor"], groups: ["oncall"] };
	const records: DecisionRecord[] = [];
	const client = await inMemoryClient(
		engine,
		dave,
		{
			now: () => NIGHT,
			subject: subjectFromAuthInfo({ attributes: ["break_glass"] }),
			env: () => ({ incident_id: "INC-7" }),
			onDecision: (r) => void records.push(r),
		},
		{ break_glass: true },
	);
	heading(dave, "in-memory, at night, break-glass during incident INC-7");
	await showTools(client);
	const step: Step = { tool: "admin_reset", arguments: {} };
	await showStep(client, step, records);
	await client.close();
}

async function httpSession(engine: PolicyEngine): Promise<void> {
	const secret = "demo-secret-do-not-use-in-production";
	const records: DecisionRecord[] = [];
	const running = await startHttpExample({
		engine,
		secret,
		protect: {
			now: () => DAY,
			revealPolicy: true,
			onDecision: (r) => void records.push(r),
		},
	});
	try {
		out();
		out(
			c.bold(
				`Streamable HTTP on ${running.url.origin} with bearer JWTs (HS256, verified locally)`,
			),
		);
		const token = await signToken(secret, {
			sub: BOB.id,
			roles: [...BOB.roles],
		});
		const client = new Client({ name: "mcpolicy-demo", version: "1.0.0" });
		await client.connect(
			new StreamableHTTPClientTransport(running.url, {
				requestInit: { headers: { Authorization: `Bearer ${token}` } },
			}),
		);
		heading(BOB, "bearer token");
		await showTools(client);
		for (const step of [
			{ tool: "read_file", arguments: { path: "/home/bob/draft.md" } },
			{ tool: "delete_file", arguments: { path: "/home/alice/notes.md" } },
		] satisfies Step[]) {
			await showStep(client, step, records);
		}
		await client.close();
		const expired = await signToken(secret, {
			sub: "alice",
			roles: ["viewer"],
			expiresIn: Math.floor(Date.now() / 1000) - 60,
		});
		for (const [label, headers] of [
			["no token", {}],
			["an expired token", { Authorization: `Bearer ${expired}` }],
			[
				"a forged token",
				{
					Authorization: `Bearer ${await signToken("wrong-secret", { sub: "carol", roles: ["admin"] })}`,
				},
			],
		] as const) {
			const response = await fetch(running.url, {
				method: "POST",
				headers: {
					"Content-Type": "application/json",
					Accept: "application/json, text/event-stream",
					...headers,
				},
				body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
			});
			out(
				`  ${`request with ${label}`.padEnd(color ? 70 : 62)} ${c.red(`✘ HTTP ${response.status}`)} ${c.dim(response.headers.get("www-authenticate") ?? "")}`,
			);
		}
	} finally {
		await running.close();
	}
}

async function main(): Promise<void> {
	const started = performance.now();
	const engine = await loadPolicies(examplePolicies());
	out(c.bold("mcpolicy demo: every MCP request decided by policies/"));
	out(
		c.dim(
			`${engine.policySet.policies.length} policies loaded from ${examplePolicies()}`,
		),
	);
	out();
	await inMemorySession(engine);
	await nightSession(engine);
	await breakGlassSession(engine);
	await httpSession(engine);
	await v2Session(engine, DAY, c, out);
	out();
	out(c.dim(`done in ${Math.round(performance.now() - started)} ms`));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
