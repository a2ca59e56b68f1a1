/**
 * The example server over stdio. The client that starts the process is the only caller,
 * so its identity comes from the environment (`subjectFromEnv`):
 *
 *   MCPOLICY_SUBJECT_ID=alice MCPOLICY_SUBJECT_ROLES=viewer node dist/examples/stdio-server.js
 *   MCPOLICY_SUBJECT='{"id":"bob","roles":["editor"]}' node dist/examples/stdio-server.js
 *
 * Audit records go to stderr as JSON lines (stdout carries the protocol).
 * `MCPOLICY_POLICIES` overrides the policy directory; `MCPOLICY_NOW` (an ISO time) fixes
 * the clock policies see, for demonstrations and tests.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { loadPolicies } from "../src/engine.js";
import { jsonLinesAuditLogger, subjectFromEnv } from "../src/mcp/index.js";
import { examplePolicies } from "./paths.js";
import { createExampleServer } from "./server.js";

function fixedClock(iso: string): () => Date {
	const time = new Date(iso);
	if (Number.isNaN(time.getTime()))
		throw new Error(`MCPOLICY_NOW is not a time: \`${iso}\``);
	return () => time;
}

async function main(): Promise<void> {
	const engine = await loadPolicies(examplePolicies());
	const { server } = createExampleServer(engine, {
		subject: subjectFromEnv(),
		...(process.env.MCPOLICY_NOW !== undefined
			? { now: fixedClock(process.env.MCPOLICY_NOW) }
			: {}),
		onDecision:
			process.env.MCPOLICY_AUDIT === "0"
				? undefined
				: jsonLinesAuditLogger(process.stderr),
	});
	await server.connect(new StdioServerTransport());
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
