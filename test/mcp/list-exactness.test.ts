/**
 * Lists show an item exactly when some request of its method could be allowed — with the
 * arguments that method can actually carry under `protect`: a `tools/call` always has an
 * object (`{}` when the client sends none, never a `__proto__` key), a `prompts/get` an
 * object of strings, a `resources/read` none (`{}`). Checked with the real SDK client.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { authInfoFor, connect, DAYTIME } from "./helpers.js";

const allow = (name: string, action: string, resource: string, condition: string) =>
	`policy "${name}" { allow subject * action "${action}" resource "${resource}" ${condition} }\n`;

const engine = compile(
	allow("none", "tools/call", "tool:needs_no_arguments", "when not (env has arguments)") +
		allow("big", "tools/call", "tool:big_n", "when env.arguments.n > 5") +
		allow("contradiction", "tools/call", "tool:contradiction", "when env.arguments.x == 1 and env.arguments.x == 2") +
		allow("proto", "tools/call", "tool:proto", 'when env.arguments has "__proto__"') +
		allow("p-number", "prompts/get", "prompt:numeric", "when env.arguments.n > 3") +
		allow("p-string", "prompts/get", "prompt:textual", 'when env.arguments.n == "3"') +
		allow("r-args", "resources/read", "resource:mem://with-args", "when env.arguments has x") +
		allow("r-plain", "resources/read", "resource:mem://plain", "when not (env.arguments has x)"),
);

function server() {
	const s = new McpServer({ name: "exactness", version: "1.0.0" });
	protect(s, engine, { now: DAYTIME });
	const ok = async () => ({ content: [{ type: "text" as const, text: "ran" }] });
	s.registerTool("needs_no_arguments", {}, ok);
	s.registerTool("big_n", { inputSchema: { n: z.number() } }, ok);
	s.registerTool("contradiction", { inputSchema: { x: z.number() } }, ok);
	s.registerTool("proto", {}, ok);
	const prompt = () => ({ messages: [] });
	s.registerPrompt("numeric", { argsSchema: { n: z.string() } }, prompt);
	s.registerPrompt("textual", { argsSchema: { n: z.string() } }, prompt);
	const read = async (uri: URL) => ({ contents: [{ uri: uri.href, text: "x" }] });
	s.registerResource("with-args", "mem://with-args", {}, read);
	s.registerResource("plain", "mem://plain", {}, read);
	return s;
}

describe("lists under protect show exactly what a request could use", () => {
	it("hides tools, prompts and resources no request of their method can be allowed", async () => {
		const { client, close } = await connect(server(), authInfoFor("alice", []));
		try {
			const tools = (await client.listTools()).tools.map((t) => t.name).sort();
			expect(tools).toEqual(["big_n"]);
			const prompts = (await client.listPrompts()).prompts.map((p) => p.name).sort();
			expect(prompts).toEqual(["textual"]);
			const resources = (await client.listResources()).resources.map((r) => r.uri).sort();
			expect(resources).toEqual(["mem://plain"]);

			// What is listed can be used; what is hidden cannot, whatever is sent.
			expect((await client.callTool({ name: "big_n", arguments: { n: 10 } })).isError).not.toBe(true);
			await expect(client.getPrompt({ name: "textual", arguments: { n: "3" } })).resolves.toBeDefined();
			await expect(client.readResource({ uri: "mem://plain" })).resolves.toBeDefined();
			// Refused as an unknown tool is (an error result or a JSON-RPC error, as the SDK answers).
			const refused = (result: unknown) => result instanceof Error || (result as { isError?: boolean }).isError === true;
			for (const args of [undefined, {}, { x: 1 }]) {
				const result = await client.callTool({ name: "needs_no_arguments", ...(args === undefined ? {} : { arguments: args }) }).catch((e: Error) => e);
				expect(refused(result)).toBe(true);
			}
			expect(refused(await client.callTool({ name: "proto", arguments: JSON.parse('{"__proto__": 1}') }).catch((e: Error) => e))).toBe(true);
			expect(refused(await client.callTool({ name: "contradiction", arguments: { x: 1 } }).catch((e: Error) => e))).toBe(true);
			await expect(client.getPrompt({ name: "numeric", arguments: { n: "4" } })).rejects.toThrow();
			await expect(client.readResource({ uri: "mem://with-args" })).rejects.toThrow();
		} finally {
			await close();
		}
	});

	it("agrees with engine.argumentsFor given the method's arguments shape", () => {
		const alice = { id: "alice", roles: [] };
		const env = { hour: 10 };
		expect(engine.argumentsFor(alice, "tool:needs_no_arguments", "tools/call", env)).toEqual({ outcome: "allowed", arguments: undefined });
		expect(engine.argumentsFor(alice, "tool:needs_no_arguments", "tools/call", env, { arguments: "object" })).toEqual({ outcome: "never" });
		expect(engine.argumentsFor(alice, "tool:proto", "tools/call", env, { arguments: "object" })).toEqual({ outcome: "never" });
		expect(engine.argumentsFor(alice, "prompt:numeric", "prompts/get", env, { arguments: "strings" })).toEqual({ outcome: "never" });
		expect(engine.argumentsFor(alice, "prompt:textual", "prompts/get", env, { arguments: "strings" })).toEqual({ outcome: "allowed", arguments: { n: "3" } });
		expect(engine.argumentsFor(alice, "resource:mem://with-args", "resources/read", env, { arguments: "empty" })).toEqual({ outcome: "never" });
		expect(engine.argumentsFor(alice, "resource:mem://plain", "resources/read", env, { arguments: "empty" })).toEqual({ outcome: "allowed", arguments: {} });
		// Invalid options fail closed (these methods never throw): a typo hides, never widens.
		expect(engine.couldAllow(alice, "tool:needs_no_arguments", "tools/call", env)).toBe(true);
		expect(engine.couldAllow(alice, "tool:needs_no_arguments", "tools/call", env, {})).toBe(true);
		expect(engine.couldAllow(alice, "tool:needs_no_arguments", "tools/call", env, { arguments: undefined })).toBe(true);
		for (const options of [{ arguments: "nonsense" }, { argument: "any" }, { arguments: "any", extra: 1 }, "any", 5, null, [], Object.create({ arguments: "any" })]) {
			expect(engine.couldAllow(alice, "tool:needs_no_arguments", "tools/call", env, options as never), JSON.stringify(options)).toBe(false);
			expect(engine.argumentsFor(alice, "tool:needs_no_arguments", "tools/call", env, options as never)).toEqual({ outcome: "never" });
		}
		const getter = Object.defineProperty({}, "arguments", { get: () => "any", enumerable: true });
		expect(engine.couldAllow(alice, "tool:needs_no_arguments", "tools/call", env, getter)).toBe(false);
	});
});
