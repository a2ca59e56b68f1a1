import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { mcpArgumentsShape } from "../../src/model/arguments-search.js";
import { TargetIndex } from "../../src/mcp/target-index.js";
import { jsonKey, Visibility } from "../../src/mcp/visibility.js";
import { FIXTURE_POLICIES } from "./helpers.js";

const policiesDir = new URL("../../policies/", import.meta.url);
const engines = {
	"policies/": compile(
		readdirSync(policiesDir)
			.filter((f) => f.endsWith(".mcpolicy"))
			.sort()
			.map((name) => ({
				name,
				text: readFileSync(new URL(name, policiesDir), "utf8"),
			})),
	),
	fixture: compile([
		{ name: "example.mcpolicy", text: readFileSync(FIXTURE_POLICIES, "utf8") },
	]),
};

const ROLES = [
	"viewer",
	"editor",
	"admin",
	"analyst",
	"dba",
	"suspended",
	"nobody",
];
const subjectArb = fc.record(
	{
		id: fc.oneof(
			fc.constantFrom("alice", "bob", "auditor", "*", "{alice,bob}", "a/b"),
			fc.integer(),
			fc.constant(null),
		),
		roles: fc.oneof(
			fc.subarray(ROLES),
			fc.constant("admin"),
			fc.array(fc.oneof(fc.constantFrom(...ROLES), fc.integer()), {
				maxLength: 3,
			}),
		),
		groups: fc.subarray(["oncall", "suspended", "service_accounts"]),
		break_glass: fc.boolean(),
		scopes: fc.subarray(["files:read", "files:delete"]),
	},
	{ requiredKeys: [] },
);
const resourceArb = fc.oneof(
	fc
		.constantFrom(
			"read_file",
			"write_file",
			"query",
			"migrate",
			"admin_reset",
			"restart_server",
			"explode",
			"noop_1",
		)
		.map((n) => `tool:${n}`),
	fc
		.constantFrom("summarize", "explain_query", "incident_report")
		.map((n) => `prompt:${n}`),
	fc
		.constantFrom(
			"file:///home/alice/x",
			"file:///srv/shared/h.md",
			"audit://log/recent",
			"postgres://main/schema/users",
			"file:///home/{user}/{name}",
		)
		.map((u) => `resource:${u}`),
	fc.string({ maxLength: 12 }),
);
const actionArb = fc.constantFrom(
	"tools/call",
	"prompts/get",
	"resources/read",
	"completion/complete",
	"tools/list",
);
const envArb = fc.record(
	{
		hour: fc.integer({ min: 0, max: 23 }),
		incident_id: fc.constant("INC-1"),
		maintenance_window: fc.boolean(),
		tool: fc.record({ readOnlyHint: fc.boolean() }),
	},
	{ requiredKeys: ["hour"] },
);

describe("visibility", () => {
	for (const [name, engine] of Object.entries(engines)) {
		it(`never rules out what engine.couldAllow allows (target index soundness, ${name})`, () => {
			const visibility = new Visibility(engine);
			fc.assert(
				fc.property(
					subjectArb,
					resourceArb,
					actionArb,
					envArb,
					(subject, resource, action, env) => {
						if (!visibility.mayTarget(subject, action)(resource))
							expect(engine.couldAllow(subject, resource, action, env)).toBe(
								false,
							);
					},
				),
				{ numRuns: 800 },
			);
		});

		it(`answers exactly as engine.couldAllow, memoized or not (${name})`, () => {
			const visibility = new Visibility(engine);
			fc.assert(
				fc.property(
					fc.array(fc.tuple(subjectArb, resourceArb, actionArb, envArb), {
						minLength: 1,
						maxLength: 8,
					}),
					(requests) => {
						for (const [subject, resource, action, env] of [
							...requests,
							...requests,
						]) {
							// With the arguments the method carries under protect (tools/call: an object …).
							const expected = engine.couldAllow(
								subject,
								resource,
								action,
								env,
								{ arguments: mcpArgumentsShape(action) },
							);
							expect(
								visibility.couldAllow(subject, resource, action, env),
							).toBe(expected);
							expect(
								visibility.forSubject(subject)(resource, action, env),
							).toBe(expected);
						}
					},
				),
				{ numRuns: 150 },
			);
		});
	}

	it("sees a revoked role at once: memoized answers are keyed by the subject's content", () => {
		const visibility = new Visibility(engines.fixture);
		const subject = { id: "carol", roles: ["admin"], groups: [] as string[] };
		const env = { hour: 10, tool: {} };
		expect(
			visibility.couldAllow(subject, "tool:admin_reset", "tools/call", env),
		).toBe(true);
		subject.roles = ["viewer"];
		expect(
			visibility.couldAllow(subject, "tool:admin_reset", "tools/call", env),
		).toBe(false);
	});
});

describe("visibility for one subject and many items", () => {
	it("answers for the subject as it was, and a later change poisons no memoized answer", () => {
		const visibility = new Visibility(engines.fixture);
		const env = { hour: 10, tool: {} };
		const subject = { id: "dave", roles: ["admin"], groups: [] as string[] };
		const filter = visibility.forSubject(subject);
		subject.roles = ["viewer"];
		expect(filter("tool:admin_reset", "tools/call", env)).toBe(true);
		expect(
			visibility.couldAllow(subject, "tool:admin_reset", "tools/call", env),
		).toBe(false);
		expect(
			visibility.couldAllow(
				{ id: "dave", roles: ["admin"], groups: [] },
				"tool:admin_reset",
				"tools/call",
				env,
			),
		).toBe(true);
	});
});

describe("target index on hostile subjects", () => {
	it("says maybe, never throws, for a subject that throws when read", () => {
		const hostile = new Proxy(
			{},
			{
				getOwnPropertyDescriptor() {
					throw new Error("boom");
				},
			},
		);
		const visibility = new Visibility(engines["policies/"]);
		expect(visibility.mayTarget(hostile, "tools/call")("tool:read_file")).toBe(
			true,
		);
		expect(
			visibility.couldAllow(hostile, "tool:read_file", "tools/call", {}),
		).toBe(false);
	});
});

describe("target index on hostile resource ids", () => {
	const engine = compile(
		`policy "p" { allow subject * action "resources/read" resource "resource:*a*a*a*a*a*a*b", "resource:x/**/*a*a*a*b" }`,
	);
	const mayTarget = new TargetIndex(engine.policySet).forRequest(
		{},
		"resources/read",
	);
	/** The fastest of a few runs, in ms: each id is new, so nothing is memoized. */
	const fastest = (length: number): number => {
		let best = Number.POSITIVE_INFINITY;
		for (let run = 0; run < 5; run++) {
			const id = `resource:${"a".repeat(length)}${run}`;
			const start = performance.now();
			expect(mayTarget(id)).toBe(false);
			best = Math.min(best, performance.now() - start);
		}
		return best;
	};

	it("matches in time linear in the id: 4x the characters cost about 4x, not 4^6x", () => {
		fastest(2_000); // warm-up
		const ratio = fastest(32_000) / Math.max(fastest(8_000), 0.05);
		expect(ratio).toBeLessThan(16);
	});

	it("still answers as the engine does on them", () => {
		const id = `resource:${"a".repeat(5_000)}b`;
		expect(mayTarget(id)).toBe(true);
		expect(engine.couldAllow({}, id, "resources/read", {})).toBe(true);
		expect(mayTarget(`resource:x/y/${"a".repeat(5_000)}`)).toBe(false);
	});
});

describe("list filtering by each tool's own annotations", () => {
	const engine = compile(`
		policy "ro" { allow subject * action "tools/call" resource "tool:*" when env.tool.readOnlyHint == true }
	`);

	it("keys each annotations object once per list, and sees a change in the next list", () => {
		const visibility = new Visibility(engine);
		const readOnly = { readOnlyHint: true };
		const writing = { readOnlyHint: false };
		const none = Object.freeze({});
		const subject = { id: "u" };
		const list = () => visibility.forList(subject, "tools/call", { hour: 10 });
		const first = list();
		expect([first("tool:a", readOnly), first("tool:b", writing), first("tool:c", none), first("tool:d", readOnly)]).toEqual([
			true,
			false,
			false,
			true,
		]);
		writing.readOnlyHint = true;
		readOnly.readOnlyHint = false;
		const second = list();
		expect([second("tool:a", readOnly), second("tool:b", writing), second("tool:c", none)]).toEqual([false, true, false]);
	});
});

describe("target index memo", () => {
	it("stays right past its bound (20,000 verdicts) and across subjects with other candidates", () => {
		const engine = compile(`
			policy "a" { allow subject role r1 action "tools/call" resource "tool:a*" }
			policy "b" { allow subject role r2 action "tools/call" resource "tool:b*" }
		`);
		const index = new TargetIndex(engine.policySet);
		const r1 = index.forRequest({ roles: ["r1"] }, "tools/call");
		const r2 = index.forRequest({ roles: ["r2"] }, "tools/call");
		for (let round = 0; round < 2; round++)
			for (let i = 0; i < 25_000; i += 1) {
				const a = `tool:a${i}`;
				const b = `tool:b${i}`;
				if (r1(a) !== true || r1(b) !== false || r2(a) !== false || r2(b) !== true)
					throw new Error(`wrong verdict at ${i} in round ${round}`);
			}
		expect(r1("tool:a-last")).toBe(true);
		expect(r2("tool:a-last")).toBe(false);
	});
});

describe("jsonKey", () => {
	it("is the same for the same content in any key order", () => {
		expect(jsonKey({ a: 1, b: [true, null, "x"] }, 100)).toBe(
			jsonKey({ b: [true, null, "x"], a: 1 }, 100),
		);
		expect(jsonKey({ a: 1 }, 100)).not.toBe(jsonKey({ a: "1" }, 100));
	});

	it("refuses what the engine would not read as plain JSON", () => {
		const getter = {};
		Object.defineProperty(getter, "roles", {
			get: () => ["admin"],
			enumerable: true,
		});
		expect(jsonKey(getter, 100)).toBeUndefined();
		expect(jsonKey({ when: new Date(0) }, 100)).toBeUndefined();
		expect(jsonKey({ n: Number.NaN }, 100)).toBeUndefined();
		expect(jsonKey({ f: () => 1 }, 100)).toBeUndefined();
		expect(jsonKey({ long: "x".repeat(200) }, 100)).toBeUndefined();
	});

	it("tells apart what the engine tells apart: non-enumerable members, Array subclasses", () => {
		const hidden = { id: "a" };
		Object.defineProperty(hidden, "roles", {
			value: ["admin"],
			enumerable: false,
		});
		expect(jsonKey(hidden, 100)).not.toBe(jsonKey({ id: "a" }, 100));
		expect(jsonKey(hidden, 100)).toBe(
			jsonKey({ id: "a", roles: ["admin"] }, 100),
		);
		class Roles extends Array<string> {}
		expect(jsonKey({ roles: Roles.from(["admin"]) }, 100)).toBeUndefined();
	});

	it("keeps an own __proto__ key apart from an empty object", () => {
		expect(jsonKey(JSON.parse('{"__proto__": {"admin": true}}'), 100)).not.toBe(
			jsonKey({}, 100),
		);
	});
});
