/**
 * The demo's last part: the same policies protecting a server of the v2 SDK line
 * (`@modelcontextprotocol/server`, `mcpolicy/mcp/v2`), with the v2 client.
 */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import type { Colors } from "picocolors/types.js";
import { createExampleServerV2 } from "../../examples/server-v2.js";
import type { DecisionRecord } from "../mcp/v2/index.js";
import type { PolicyEngine } from "../model/engine.js";
import { allowedText, hiddenText, refusedText } from "./outcome-text.js";

const CALLS = [
	{ name: "read_file", arguments: { path: "/home/bob/draft.md" } },
	{ name: "write_file", arguments: { path: "/home/alice/notes.md", content: "v2" } },
	{ name: "admin_reset", arguments: {} },
] as const;

export async function v2Session(engine: PolicyEngine, now: Date, c: Colors, out: (line?: string) => void): Promise<void> {
	out();
	out(c.bold("SDK v2 (@modelcontextprotocol/server) — the same policies through mcpolicy/mcp/v2"));
	const records: DecisionRecord[] = [];
	const server = createExampleServerV2(engine, {
		now: () => now,
		revealPolicy: true,
		onDecision: (record) => void records.push(record),
	});
	const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
	const authInfo = { token: "demo", clientId: "demo", scopes: [], extra: { sub: "bob", roles: ["editor"] } };
	const send = clientTransport.send.bind(clientTransport);
	clientTransport.send = (message, options) => send(message, { ...options, authInfo });
	await server.connect(serverTransport);
	const client = new Client({ name: "mcpolicy-demo-v2", version: "1.0.0" });
	await client.connect(clientTransport);
	out();
	out(`${c.cyan(c.bold("bob"))} ${c.dim("(editor) — in-memory, v2 client")}`);
	const tools = (await client.listTools()).tools.map((t) => t.name).sort();
	out(`  sees tools:     ${tools.join(", ")}`);
	for (const call of CALLS) {
		const label = `${c.bold(call.name)}(${Object.entries(call.arguments)
			.map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
			.join(", ")})`;
		let answer: string;
		try {
			await client.callTool({ name: call.name, arguments: { ...call.arguments } });
			answer = allowedText(c, records.at(-1)?.policy ?? null);
		} catch (error) {
			const record = records.at(-1);
			const message = error instanceof Error ? error.message : String(error);
			answer = record?.outcome === "hidden" ? hiddenText(c, message) : refusedText(c, record);
		}
		out(`  ${label.padEnd(c.isColorSupported ? 78 : 62)} ${answer}`);
	}
	await client.close();
}
