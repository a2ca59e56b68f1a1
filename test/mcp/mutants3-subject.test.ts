/**
 * Mutation round 3 of the MCP layer: the default subject resolvers' exact bounds and
 * documented behaviour that hand-made mutants of `src/mcp/subject.ts` survived.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { ANONYMOUS_SUBJECT, subjectFromAuthInfo, subjectFromEnv } from "../../src/mcp/index.js";

const roles = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);

describe("subjectFromAuthInfo: the list bound is exactly 256 entries", () => {
	it("keeps a list of 256 entries, array or string, and refuses 257 (never cut short)", () => {
		const resolve = subjectFromAuthInfo();
		const engine = compile("policy a { allow subject role r255 action * resource * }");
		for (const form of ["array", "string"] as const) {
			const at = roles(256);
			const over = roles(257);
			const value = (list: string[]) => (form === "array" ? list : list.join(","));
			const kept = resolve({ clientId: "app", scopes: [], extra: { sub: "a", roles: value(at) } }) as { roles: unknown };
			expect(kept.roles, form).toEqual(at);
			// Built by the resolver (a frozen copy), not the caller's claim passed on.
			expect(Object.isFrozen(kept.roles), form).toBe(true);
			expect(engine.evaluate(kept, "r", "a").allowed, form).toBe(true);
			const refused = resolve({ clientId: "app", scopes: [], extra: { sub: "a", roles: value(over) } }) as { roles: unknown };
			expect(Array.isArray(refused.roles), form).toBe(false);
			expect(engine.evaluate(refused, "r", "a").allowed, form).toBe(false);
		}
	});

	it("keeps 256 scopes and 256 groups as lists", () => {
		const resolve = subjectFromAuthInfo();
		const subject = resolve({ clientId: "app", scopes: roles(256), extra: { sub: "a", groups: roles(256) } }) as Record<string, unknown>;
		expect(subject.scopes).toEqual(roles(256));
		expect(subject.groups).toEqual(roles(256));
	});
});

describe("the anonymous subject cannot be changed", () => {
	it("is frozen down to its role and group lists", () => {
		expect(Object.isFrozen(ANONYMOUS_SUBJECT)).toBe(true);
		expect(Object.isFrozen(ANONYMOUS_SUBJECT.roles)).toBe(true);
		expect(Object.isFrozen(ANONYMOUS_SUBJECT.groups)).toBe(true);
		expect(() => (ANONYMOUS_SUBJECT.roles as string[]).push("admin")).toThrow(TypeError);
		expect(ANONYMOUS_SUBJECT.roles).toEqual([]);
	});
});

describe("subjectFromAuthInfo: attributes", () => {
	it("copies an attribute only when the claim is present: an absent one is no member at all", () => {
		const resolve = subjectFromAuthInfo({ attributes: ["department", "level"] });
		const subject = resolve({ clientId: "app", scopes: [], extra: { sub: "a", level: 3 } }) as Record<string, unknown>;
		expect(subject.level).toBe(3);
		expect(Object.hasOwn(subject, "department")).toBe(false);
		expect(Object.keys(subject).sort()).toEqual(["groups", "id", "level", "roles", "scopes"]);
		expect(JSON.stringify(subject)).toBe('{"id":"a","roles":[],"groups":[],"scopes":[],"level":3}');
	});
});

describe("subjectFromAuthInfo: subjects shared by content never mix two identities", () => {
	it("tells an id holding the text of a role list from that id with the roles (the id is length-prefixed too)", () => {
		const resolve = subjectFromAuthInfo();
		// Without the id's length, both contents would read "p|1|3:r|0|0|0".
		const first = resolve({ clientId: "app", scopes: [], extra: { sub: "p|1|3:r" } }) as Record<string, unknown>;
		const second = resolve({ clientId: "app", scopes: [], extra: { sub: "p", roles: ["r|0"] } }) as Record<string, unknown>;
		expect(first).toMatchObject({ id: "p|1|3:r", roles: [] });
		expect(second).toMatchObject({ id: "p", roles: ["r|0"] });
		expect(second).not.toBe(first);
	});
});

describe("subjectFromEnv reads the environment once, when made", () => {
	it("keeps the JSON subject it read, whatever the environment says later", () => {
		const environment: Record<string, string | undefined> = { MCPOLICY_SUBJECT: '{"id":"bob","roles":["editor"]}' };
		const resolve = subjectFromEnv(environment);
		environment.MCPOLICY_SUBJECT = '{"id":"mallory","roles":["admin"]}';
		expect(resolve(undefined)).toEqual({ id: "bob", roles: ["editor"] });
		environment.MCPOLICY_SUBJECT = "not json";
		expect(resolve(undefined)).toEqual({ id: "bob", roles: ["editor"] });
	});
});
