/**
 * The answer cache of src/mcp/visibility.ts on its rarer branches: an engine without
 * resource classes, the cache filling up (10,000 answers) and its keys' character budget
 * (4 Mi), env keys too long to be memoized, env values whose reading throws, subjects
 * with array holes. Each time the answers must stay exactly `engine.couldAllow`'s — after
 * the cache clears too, and never one subject's for another's.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { jsonKey, Visibility } from "../../src/mcp/visibility.js";
import { authInfoFor, connect } from "./helpers.js";

const POLICIES = `
policy evens {
  allow
  subject role viewer
  action "tools/call"
  resource "tool:even_*"
}
policy odds {
  allow
  subject role admin
  action "tools/call"
  resource "tool:odd_*"
}
policy "env-match" {
  allow
  subject role viewer
  action "tools/call"
  resource "tool:env_*"
  when env.a == env.b
}
`;

const compiled = compile([{ name: "v.mcpolicy", text: POLICIES }]);

/**
 * `engine` as a plain PolicyEngine (what a user may pass to `protect`): no
 * `resourceClass`, unless `withClass`; counts the `couldAllow` calls.
 */
function counted(engine: PolicyEngine, withClass = false): { engine: PolicyEngine; calls: () => number } {
	let calls = 0;
	const wrapped: PolicyEngine & { resourceClass?: (id: string) => number | null } = {
		policySet: engine.policySet,
		evaluate: (...args) => engine.evaluate(...args),
		isAllowed: (...args) => engine.isAllowed(...args),
		forSubject: (subject) => engine.forSubject(subject),
		explain: (...args) => engine.explain(...args),
		couldAllow: (...args) => {
			calls++;
			return engine.couldAllow(...args);
		},
	};
	if (withClass) {
		const classed = engine as PolicyEngine & { resourceClass(id: string): number | null };
		wrapped.resourceClass = (id) => classed.resourceClass(id);
	}
	return { engine: wrapped, calls: () => calls };
}

const viewer = () => ({ id: "v", roles: ["viewer"] });
const admin = () => ({ id: "a", roles: ["admin"] });
const ENV = {};

describe("an engine without resourceClass (a user's PolicyEngine)", () => {
	it("memoizes by id, with the engine's own answers", () => {
		const { engine, calls } = counted(compiled);
		expect("resourceClass" in engine).toBe(false);
		const visibility = new Visibility(engine);
		const ask = visibility.forSubject(viewer());
		expect(ask("tool:even_1", "tools/call", ENV)).toBe(true);
		expect(ask("tool:odd_1", "tools/call", ENV)).toBe(false);
		expect(calls()).toBe(2);
		// Same ids again: answered from the memo; another id of the same shape: asked (no classes).
		expect(ask("tool:even_1", "tools/call", ENV)).toBe(true);
		expect(ask("tool:odd_1", "tools/call", ENV)).toBe(false);
		expect(calls()).toBe(2);
		expect(ask("tool:even_2", "tools/call", ENV)).toBe(true);
		expect(calls()).toBe(3);
		// Another subject: its own answers, never the viewer's.
		const asAdmin = visibility.forSubject(admin());
		expect(asAdmin("tool:even_1", "tools/call", ENV)).toBe(false);
		expect(asAdmin("tool:odd_1", "tools/call", ENV)).toBe(true);
		expect(calls()).toBe(5);
	});

	it("filters tools/list through protect exactly as the compiled engine does", async () => {
		const lists: string[][] = [];
		for (const engine of [compiled, counted(compiled).engine]) {
			const server = new McpServer({ name: "s", version: "1" });
			for (const name of ["even_1", "even_2", "odd_1", "other"])
				server.registerTool(name, { inputSchema: { x: z.string().optional() } }, async () => ({ content: [] }));
			protect(server, engine);
			const connected = await connect(server, authInfoFor("v", ["viewer"]));
			lists.push((await connected.client.listTools()).tools.map((t) => t.name));
			await connected.close();
		}
		expect(lists[0]).toEqual(["even_1", "even_2"]);
		expect(lists[1]).toEqual(lists[0]);
	});
});

describe("the memo full (10,000 answers)", () => {
	it("starts afresh, and every answer stays the engine's, for each subject", () => {
		const { engine, calls } = counted(compiled);
		const visibility = new Visibility(engine);
		const ask = visibility.forSubject(viewer());
		for (let i = 0; i < 10_000; i++) {
			expect(ask(i % 2 === 0 ? `tool:even_${i}` : `tool:odd_${i}`, "tools/call", ENV)).toBe(i % 2 === 0);
		}
		expect(calls()).toBe(10_000);
		// Full but not yet cleared: the first answer is still memoized.
		expect(ask("tool:even_0", "tools/call", ENV)).toBe(true);
		expect(calls()).toBe(10_000);
		// One more answer: the memo is cleared first, then holds it.
		expect(ask("tool:even_10000", "tools/call", ENV)).toBe(true);
		expect(calls()).toBe(10_001);
		expect(ask("tool:even_10000", "tools/call", ENV)).toBe(true);
		expect(calls()).toBe(10_001);
		// The earlier answers were dropped: asked again, answered the same.
		expect(ask("tool:even_0", "tools/call", ENV)).toBe(true);
		expect(ask("tool:odd_1", "tools/call", ENV)).toBe(false);
		expect(calls()).toBe(10_003);
		// Another subject after the clear: its own answers for the same ids.
		const asAdmin = visibility.forSubject(admin());
		expect(asAdmin("tool:even_0", "tools/call", ENV)).toBe(false);
		expect(asAdmin("tool:odd_1", "tools/call", ENV)).toBe(true);
		expect(asAdmin("tool:even_10000", "tools/call", ENV)).toBe(false);
		// And a fresh asker for the viewer finds the viewer's answers, not the admin's.
		const again = visibility.forSubject(viewer());
		expect(again("tool:odd_1", "tools/call", ENV)).toBe(false);
		expect(again("tool:even_10000", "tools/call", ENV)).toBe(true);
	});

	it("a clear by one asker leaves another's answers right", () => {
		const { engine } = counted(compiled);
		const visibility = new Visibility(engine);
		const asViewer = visibility.forSubject(viewer());
		expect(asViewer("tool:even_a", "tools/call", ENV)).toBe(true);
		// The admin's asker fills the memo and clears it.
		const asAdmin = visibility.forSubject(admin());
		for (let i = 0; i <= 10_000; i++) asAdmin(`tool:odd_${i}`, "tools/call", ENV);
		expect(asViewer("tool:even_a", "tools/call", ENV)).toBe(true);
		expect(asViewer("tool:odd_5", "tools/call", ENV)).toBe(false);
		expect(asAdmin("tool:even_a", "tools/call", ENV)).toBe(false);
		expect(asAdmin("tool:odd_5", "tools/call", ENV)).toBe(true);
	});
});

describe("the memo's keys over 4 Mi characters", () => {
	it("starts afresh, and subjects with long keys keep their own answers", () => {
		const { engine, calls } = counted(compiled, true);
		const visibility = new Visibility(engine);
		// jsonKey counts a nested value twice (itself, then in its parent): about 2,000 characters fit.
		const PAD = "p".repeat(1900);
		const subject = (i: number) => ({ id: `s${String(i).padStart(5, "0")}`, roles: [i % 2 === 0 ? "viewer" : "admin"], pad: i % 2 === 0 ? PAD : `${PAD}p` });
		const keyLength = (jsonKey(subject(0), 4096) as string).length + "\u0000tools/call\u0000".length;
		// Every subject's key has the same length ("admin" is one shorter than "viewer"); the env key is empty (ENV reads nothing).
		expect((jsonKey(subject(1), 4096) as string).length + "\u0000tools/call\u0000".length).toBe(keyLength);
		const fit = Math.floor(4_194_304 / keyLength);
		expect(fit).toBeGreaterThan(500);
		expect(fit).toBeLessThan(10_000);
		for (let i = 0; i < fit; i++) expect(visibility.couldAllow(subject(i), "tool:even_1", "tools/call", ENV)).toBe(i % 2 === 0);
		expect(calls()).toBe(fit);
		// All still held.
		expect(visibility.couldAllow(subject(0), "tool:even_1", "tools/call", ENV)).toBe(true);
		expect(visibility.couldAllow(subject(1), "tool:even_1", "tools/call", ENV)).toBe(false);
		expect(calls()).toBe(fit);
		// One key more would pass the budget: cleared, then held.
		expect(visibility.couldAllow(subject(fit), "tool:even_1", "tools/call", ENV)).toBe(fit % 2 === 0);
		expect(calls()).toBe(fit + 1);
		expect(visibility.couldAllow(subject(fit), "tool:even_1", "tools/call", ENV)).toBe(fit % 2 === 0);
		expect(calls()).toBe(fit + 1);
		// The earlier subjects are asked afresh, each with its own answer.
		expect(visibility.couldAllow(subject(0), "tool:even_1", "tools/call", ENV)).toBe(true);
		expect(visibility.couldAllow(subject(1), "tool:even_1", "tools/call", ENV)).toBe(false);
		expect(visibility.couldAllow(subject(1), "tool:odd_1", "tools/call", ENV)).toBe(true);
		expect(calls()).toBe(fit + 4);
	});
});

describe("env keys too long to memoize", () => {
	it("are asked afresh each time (forSubject and forList), with the engine's answers", () => {
		const { engine, calls } = counted(compiled, true);
		const visibility = new Visibility(engine);
		// Each value fits the 4,096-character key budget; both together do not.
		const long = "x".repeat(3000);
		const equal = { a: long, b: long };
		const unequal = { a: long, b: `${long}y` };
		expect(jsonKey(long, 4096)).toBeDefined();
		const ask = visibility.forSubject(viewer());
		expect(ask("tool:env_1", "tools/call", equal)).toBe(true);
		expect(ask("tool:env_1", "tools/call", equal)).toBe(true);
		expect(calls()).toBe(2);
		// Never another env's answer: the two differ only past the first 4,096 characters.
		expect(ask("tool:env_1", "tools/call", unequal)).toBe(false);
		expect(calls()).toBe(3);
		const list = visibility.forList(viewer(), "tools/call", equal);
		expect(list("tool:env_1", undefined)).toBe(true);
		expect(list("tool:env_2", undefined)).toBe(true);
		expect(calls()).toBe(5);
		expect(visibility.forList(viewer(), "tools/call", unequal)("tool:env_1", undefined)).toBe(false);
		// Short values: memoized as usual (the control).
		const short = { a: "s", b: "s" };
		expect(ask("tool:env_1", "tools/call", short)).toBe(true);
		expect(ask("tool:env_1", "tools/call", short)).toBe(true);
		expect(calls()).toBe(7);
	});

	it("an env whose reading throws is not memoized and does not throw", () => {
		const { engine, calls } = counted(compiled, true);
		const visibility = new Visibility(engine);
		const hostile = new Proxy(
			{ a: "s", b: "s" },
			{
				getOwnPropertyDescriptor() {
					throw new Error("trap");
				},
			},
		);
		const ask = visibility.forSubject(viewer());
		const expected = compiled.couldAllow(viewer(), "tool:env_1", "tools/call", hostile, { arguments: "any" });
		expect(ask("tool:env_1", "tools/call", hostile)).toBe(expected);
		expect(ask("tool:env_1", "tools/call", hostile)).toBe(expected);
		expect(calls()).toBe(2);
		// The engine reads env.a, env.b through the same traps: conditions err, no allow.
		expect(expected).toBe(false);
		// Items the policies allow without reading env are still answered by the engine.
		expect(ask("tool:even_1", "tools/call", hostile)).toBe(true);
	});
});

describe("subjects with array holes or accessor elements", () => {
	it("get no key, are asked afresh each time, with the engine's answers", () => {
		// A hole at index 1 (made so: a literal hole is what the lint rule refuses).
		const holey = ["viewer"];
		holey[2] = "admin";
		expect(1 in holey).toBe(false);
		const accessor = ["viewer"];
		Object.defineProperty(accessor, 1, { get: () => "admin", enumerable: true });
		expect(jsonKey({ roles: holey }, 4096)).toBeUndefined();
		expect(jsonKey({ roles: accessor }, 4096)).toBeUndefined();
		expect(jsonKey({ roles: ["viewer", "admin"] }, 4096)).toBe('{"roles":["viewer","admin"]}');
		for (const roles of [holey, accessor]) {
			const { engine, calls } = counted(compiled, true);
			const visibility = new Visibility(engine);
			const subject = { id: "h", roles };
			for (const id of ["tool:even_1", "tool:odd_1"]) {
				const expected = compiled.couldAllow(subject, id, "tools/call", ENV, { arguments: "any" });
				expect(visibility.couldAllow(subject, id, "tools/call", ENV)).toBe(expected);
			}
			expect(visibility.couldAllow(subject, "tool:even_1", "tools/call", ENV)).toBe(
				compiled.couldAllow(subject, "tool:even_1", "tools/call", ENV),
			);
			expect(calls()).toBe(3);
			// A well-formed subject with the same roles afterwards: its own answers, memoized.
			const plain = { id: "h", roles: ["viewer", "admin"] };
			expect(visibility.couldAllow(plain, "tool:even_1", "tools/call", ENV)).toBe(true);
			expect(visibility.couldAllow(plain, "tool:odd_1", "tools/call", ENV)).toBe(true);
			expect(visibility.couldAllow(plain, "tool:odd_1", "tools/call", ENV)).toBe(true);
			expect(calls()).toBe(5);
		}
	});
});
