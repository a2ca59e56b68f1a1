/**
 * Branches of src/engine.ts no other test reached: options that are no plain object or
 * hold odd keys, too many sources, and `validateRequests` on the specialized and
 * searching entry points (forSubject, argumentsFor) for a request the schema accepts or
 * refuses — each checked against the plain `evaluate` or the reference interpreter.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { diagnosticsOf } from "../helpers/policy-error.js";
import { evaluateReference } from "../../src/evaluate/index.js";

const ADMIN = "policy admins { allow subject role admin action * resource * }";


describe("compile's arguments", () => {
	it("refuses options that are no plain object", () => {
		class Options {
			maxSubjects = 10;
		}
		expect(diagnosticsOf(() => compile(ADMIN, new Options() as never))).toEqual([
			"E0012 expected the options to be a plain object, got an object",
		]);
		expect(diagnosticsOf(() => compile(ADMIN, [] as never))).toEqual([
			"E0012 expected the options to be a plain object, got an array",
		]);
	});

	it("names a symbol key as an unknown option", () => {
		const [problem] = diagnosticsOf(() => compile(ADMIN, { [Symbol("maxSubjects")]: 1 } as never));
		expect(problem).toContain("E0012");
		expect(problem).toContain("Symbol(maxSubjects)");
	});

	it("reads an option whose value is undefined as absent (the default)", () => {
		const engine = compile(ADMIN, { maxSubjects: undefined, validateRequests: undefined });
		const admin = { id: "ann", roles: ["admin"] };
		for (let i = 0; i < 3; i++) expect(engine.isAllowed(admin, "r", "a")).toBe(true);
		// The default maxSubjects caches subjects; 0 would cache none.
		expect(engine.cachedSubjects).toBe(1);
	});

	it("refuses more sources than it takes, without reading them all", () => {
		const sources = new Array(100_001);
		const problems = diagnosticsOf(() => compile(sources as never));
		expect(problems[0]).toBe("E0010 expected at most 100000 sources, got 100001");
	});
});

describe("validateRequests beyond evaluate", () => {
	const schema = {
		subject: {
			type: "object",
			properties: { id: { type: "string" }, roles: { type: "array", items: { type: "string" } } },
			required: ["id"],
		},
	};
	const SET = `${ADMIN}
policy p { allow subject * action "call" resource "tool:t" when env.arguments.n == 3 }`;
	const engine = compile(SET, { schema, validateRequests: true });

	it("forSubject decides a request the schema accepts as evaluate and the reference do", () => {
		for (const subject of [{ id: "ann", roles: ["admin"] }, { id: "bob", roles: [] }]) {
			const decide = engine.forSubject(subject);
			for (const [resource, action, env] of [
				["r", "a", undefined],
				["tool:t", "call", { arguments: { n: 3 } }],
				["tool:t", "call", { arguments: { n: 4 } }],
			] as const) {
				const d = decide(resource, action, env);
				expect(d).toEqual(engine.evaluate(subject, resource, action, env));
				const reference = evaluateReference(engine.policySet, subject, resource, action, env);
				expect([d.allowed, d.policy]).toEqual([reference.allowed, reference.policy]);
			}
		}
	});

	it("argumentsFor finds arguments for a valid subject and none for one the schema refuses", () => {
		expect(engine.argumentsFor({ id: "bob" }, "tool:t", "call", {})).toEqual({ outcome: "allowed", arguments: { n: 3 } });
		// No `id`: every request of this subject is refused by the schema, whatever the arguments.
		expect(engine.evaluate({ roles: [] }, "tool:t", "call", { arguments: { n: 3 } }).allowed).toBe(false);
		expect(engine.argumentsFor({ roles: [] }, "tool:t", "call", {})).toEqual({ outcome: "never" });
		expect(engine.couldAllow({ roles: [] }, "tool:t", "call", {})).toBe(false);
	});
});
