import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import {
	ANONYMOUS_SUBJECT,
	jsonLinesAuditLogger,
	redactArguments,
	subjectFromAuthInfo,
	subjectFromEnv,
} from "../../src/mcp/index.js";

describe("subjectFromAuthInfo", () => {
	const resolve = subjectFromAuthInfo();

	it("takes the id, roles and groups from the claims and the scopes from the token", () => {
		const subject = resolve({
			token: "secret-token",
			clientId: "app",
			scopes: ["files:read"],
			extra: { sub: "alice", roles: ["viewer"], groups: ["oncall"] },
		});
		expect(subject).toEqual({
			id: "alice",
			roles: ["viewer"],
			groups: ["oncall"],
			scopes: ["files:read"],
		});
		expect(JSON.stringify(subject)).not.toContain("secret-token");
	});

	it("falls back to the client id and to empty lists", () => {
		expect(resolve({ token: "t", clientId: "app", scopes: [] })).toEqual({
			id: "app",
			roles: [],
			groups: [],
			scopes: [],
		});
	});

	it("reads configurable claims, splits space-separated ones and copies chosen attributes", () => {
		const custom = subjectFromAuthInfo({
			idClaim: "email",
			rolesClaim: "realm_roles",
			groupsClaim: "teams",
			attributes: ["department"],
		});
		expect(
			custom({
				token: "t",
				clientId: "app",
				scopes: [],
				extra: {
					email: "a@x",
					realm_roles: "viewer editor",
					teams: "a,b",
					department: "ops",
				},
			}),
		).toEqual({
			id: "a@x",
			roles: ["viewer", "editor"],
			groups: ["a", "b"],
			scopes: [],
			department: "ops",
		});
	});

	it("passes a malformed roles claim on as it is, so the engine fails closed on it", () => {
		expect(
			resolve({
				token: "t",
				clientId: "app",
				scopes: [],
				extra: { sub: "a", roles: { admin: true } },
			}),
		).toMatchObject({ roles: { admin: true } });
	});

	it("refuses every request of a present but malformed id claim, instead of falling back to the client", () => {
		// A resolver of its own: one-off AuthInfo objects change what the shared one remembers.
		const resolve = subjectFromAuthInfo();
		for (const sub of [42, ["alice"], null, "a".repeat(1025), { id: "alice" }]) {
			expect(resolve({ token: "t", clientId: "app", scopes: [], extra: { sub, roles: ["admin"] } })).toBeNull();
		}
		// Absent: the client's id, as documented.
		expect(resolve({ token: "t", clientId: "app", scopes: [], extra: { roles: ["admin"] } })).toMatchObject({ id: "app" });
	});

	it("never cuts a long role list short: over 256 entries the claim is malformed, so a deny still applies", () => {
		const resolve = subjectFromAuthInfo();
		const many = Array.from({ length: 300 }, (_, i) => `role${i}`);
		for (const roles of [[...many, "suspended"], [...many, "suspended"].join(" ")]) {
			const subject = resolve({ token: "t", clientId: "app", scopes: [], extra: { sub: "a", roles } }) as { roles: unknown };
			expect(Array.isArray(subject.roles)).toBe(false);
			const engine = compile(`
policy d { deny priority 10 subject role suspended action * resource * }
policy a { allow subject * action * resource * }`);
			const decision = engine.evaluate(subject, "r", "a");
			expect(decision).toMatchObject({ allowed: false, effect: "deny", policy: "d" });
			expect(decision.errors.length).toBeGreaterThan(0);
		}
	});

	it("treats a list with an entry over 1,024 characters as over the bounds, in array form as in string form", () => {
		const resolve = subjectFromAuthInfo();
		const engine = compile('policy a { allow subject role admin action * resource * }');
		for (const claim of ["roles", "groups", "scopes"] as const) {
			const long = ["admin", "x".repeat(2000)];
			for (const value of [long, long.join(" ")]) {
				const extra = claim === "scopes" ? { sub: "a" } : { sub: "a", [claim]: value };
				const subject = resolve({ token: "t", clientId: "app", scopes: claim === "scopes" ? (value as string[]) : [], extra }) as Record<string, unknown>;
				expect(Array.isArray(subject[claim]), `${claim} ${typeof value}`).toBe(false);
			}
		}
		const subject = resolve({ token: "t", clientId: "app", scopes: [], extra: { sub: "a", roles: ["admin", "x".repeat(2000)] } });
		expect(engine.evaluate(subject, "r", "a").allowed).toBe(false);
	});

	it("never reads inherited or getter claims", () => {
		const extra = Object.create({ sub: "inherited" }) as Record<
			string,
			unknown
		>;
		Object.defineProperty(extra, "roles", {
			get: () => ["admin"],
			enumerable: true,
		});
		expect(resolve({ token: "t", clientId: "app", scopes: [], extra })).toEqual(
			{ id: "app", roles: [], groups: [], scopes: [] },
		);
	});

	it("gives no subject (anonymous) without authInfo", () => {
		expect(resolve(undefined)).toBeUndefined();
	});

	it("gives the same answer for the same authInfo again, anonymous included", () => {
		const noId = { token: "t", scopes: [], extra: {} };
		expect(resolve(noId)).toBeUndefined();
		expect(resolve(noId)).toBeUndefined();
		const alice = { token: "t", clientId: "app", scopes: [], extra: { sub: "alice" } };
		const first = resolve(alice);
		expect(first).toMatchObject({ id: "alice" });
		expect(resolve(alice)).toBe(first);
	});
});

describe("subjectFromEnv", () => {
	it("reads the id and comma-separated roles and groups", () => {
		const resolve = subjectFromEnv({
			MCPOLICY_SUBJECT_ID: "alice",
			MCPOLICY_SUBJECT_ROLES: "viewer,analyst",
			MCPOLICY_SUBJECT_GROUPS: "oncall",
		});
		expect(resolve(undefined)).toEqual({
			id: "alice",
			roles: ["viewer", "analyst"],
			groups: ["oncall"],
		});
	});

	it("reads a whole subject as JSON", () => {
		expect(
			subjectFromEnv({
				MCPOLICY_SUBJECT: '{"id":"bob","roles":["editor"],"level":3}',
			})(undefined),
		).toEqual({ id: "bob", roles: ["editor"], level: 3 });
	});

	it("refuses every request of an id over 1,024 characters (a broken identity, as for a token)", () => {
		expect(subjectFromEnv({ MCPOLICY_SUBJECT_ID: "x".repeat(1025) })(undefined)).toBe(null);
		expect(subjectFromEnv({ MCPOLICY_SUBJECT_ID: "x".repeat(1024) })(undefined)).toMatchObject({ id: "x".repeat(1024) });
	});

	it("is anonymous when nothing is set, and denies everything when the JSON is broken", () => {
		expect(subjectFromEnv({})(undefined)).toBeUndefined();
		expect(
			subjectFromEnv({ MCPOLICY_SUBJECT: "{not json" })(undefined),
		).toBeNull();
		expect(subjectFromEnv({ MCPOLICY_SUBJECT: "[1]" })(undefined)).toBeNull();
	});

	it("ignores identity sent by a client: the environment decides", () => {
		const resolve = subjectFromEnv({ MCPOLICY_SUBJECT_ID: "alice" });
		expect(
			resolve({
				token: "t",
				clientId: "mallory",
				scopes: [],
				extra: { sub: "carol", roles: ["admin"] },
			}),
		).toMatchObject({ id: "alice", roles: [] });
	});
});

describe("the anonymous subject", () => {
	it("has an id, no roles or groups, and says it is anonymous", () => {
		expect(ANONYMOUS_SUBJECT).toEqual({
			id: "anonymous",
			roles: [],
			groups: [],
			anonymous: true,
		});
		expect(Object.isFrozen(ANONYMOUS_SUBJECT)).toBe(true);
	});
});

describe("audit helpers", () => {
	it("redacts argument values but keeps their names", () => {
		expect(
			redactArguments({ path: "/home/alice/secret", content: "x" }),
		).toEqual({ path: "[redacted]", content: "[redacted]" });
		expect(redactArguments(JSON.parse('{"__proto__": 1}'))).toEqual(
			JSON.parse('{"__proto__": "[redacted]"}'),
		);
		expect(redactArguments(undefined)).toBeUndefined();
	});

	it("keeps an argument named __proto__ as an own key, never as the prototype", () => {
		const redacted = redactArguments(JSON.parse('{"__proto__": {"admin": true}, "a": 1}')) as Record<string, unknown>;
		expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
		expect(Object.keys(redacted)).toEqual(["__proto__", "a"]);
		expect(JSON.stringify(redacted)).toBe('{"__proto__":"[redacted]","a":"[redacted]"}');
		expect((redacted as { admin?: unknown }).admin).toBeUndefined();
	});

	it("shares one frozen redaction per argument-name list, and never mixes two lists", () => {
		const first = redactArguments({ path: "/a", mode: "r" });
		expect(Object.isFrozen(first)).toBe(true);
		expect(redactArguments({ path: "/b", mode: "w" })).toBe(first);
		// Other names, or the same names in another order, get their own object.
		expect(redactArguments({ mode: "w", path: "/b" })).toEqual({ mode: "[redacted]", path: "[redacted]" });
		expect(redactArguments({ mode: "w", path: "/b" })).not.toBe(first);
		expect(redactArguments({ path: "/b" })).toEqual({ path: "[redacted]" });
		// Many shapes: the memo is bounded and every answer stays right.
		for (let i = 0; i < 100; i++)
			expect(redactArguments({ [`k${i}`]: i, path: "/p" })).toEqual({ [`k${i}`]: "[redacted]", path: "[redacted]" });
		expect(redactArguments({ path: "/c", mode: "x" })).toEqual({ path: "[redacted]", mode: "[redacted]" });
	});

	it("keeps at most 64 argument names", () => {
		const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, i]));
		expect(Object.keys(redactArguments(many) as object)).toHaveLength(64);
	});

	it("writes one JSON object per line", () => {
		const lines: string[] = [];
		const log = jsonLinesAuditLogger({
			write: (chunk: string) => lines.push(chunk) > 0,
		});
		log({
			time: "t",
			subjectId: "a",
			action: "tools/call",
			resource: "tool:x",
			effect: "allow",
			policy: "p",
			errors: [],
			outcome: "allowed",
			durationMs: 0.1,
		});
		expect(lines).toEqual([
			'{"time":"t","subjectId":"a","action":"tools/call","resource":"tool:x","effect":"allow","policy":"p","errors":[],"outcome":"allowed","durationMs":0.1}\n',
		]);
	});
});

describe("subjectFromAuthInfo over a connection", () => {
  it("derives one frozen subject per AuthInfo object, and a new one for a new AuthInfo", () => {
    const resolve = subjectFromAuthInfo();
    const auth = { token: "t", clientId: "c", scopes: ["read"], extra: { sub: "alice", roles: ["viewer"] } };
    const first = resolve(auth) as Record<string, unknown>;
    expect(resolve(auth)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.roles)).toBe(true);
    const next = resolve({ ...auth, extra: { sub: "alice", roles: [] } }) as Record<string, unknown>;
    expect(next).not.toBe(first);
    expect(next.roles).toEqual([]);
  });

  it("stops remembering AuthInfo objects that never come back (one per HTTP request), and resumes when they do", () => {
    const resolve = subjectFromAuthInfo();
    const authOf = (i: number) => ({ token: "t", clientId: "c", scopes: [], extra: { sub: `u${i}`, roles: ["viewer"] } });
    // One-off AuthInfo objects: each still gets its own, correct subject.
    for (let i = 0; i < 200; i++) expect((resolve(authOf(i)) as { id: string }).id).toBe(`u${i}`);
    // A connection's AuthInfo, used again and again: its claims are read afresh until it is
    // remembered again, within 64 calls, and from then on not at all. (A Proxy counts the reads.)
    let reads = 0;
    const auth = new Proxy(authOf(1000), {
      getOwnPropertyDescriptor(target, key) {
        reads++;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    const readsPerCall: number[] = [];
    for (let i = 0; i < 130; i++) {
      const before = reads;
      expect((resolve(auth) as { id: string }).id).toBe("u1000");
      readsPerCall.push(reads - before);
    }
    expect(readsPerCall.slice(0, 64).some((n) => n > 0)).toBe(true);
    expect(readsPerCall.slice(-60).every((n) => n === 0)).toBe(true);
  });

  it("gives the same frozen subject object for a new AuthInfo with the same claims (Streamable HTTP)", () => {
    const resolve = subjectFromAuthInfo({ attributes: ["tier", "level", "staff"] });
    const authOf = (extra: Record<string, unknown>, scopes = ["read"]) => ({ token: "t", clientId: "c", scopes, extra });
    const first = resolve(authOf({ sub: "alice", roles: "viewer editor", tier: "gold", level: 3, staff: null }));
    const again = resolve(authOf({ sub: "alice", roles: ["viewer", "editor"], tier: "gold", level: 3, staff: null }));
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Any difference in content, however small, is another subject.
    const variants: Record<string, unknown>[] = [
      { sub: "alice", roles: ["viewer"], tier: "gold", level: 3, staff: null },
      { sub: "alice", roles: ["viewer", "editor"], groups: ["x"], tier: "gold", level: 3, staff: null },
      { sub: "alice", roles: ["viewer", "editor"], tier: "gold", level: "3", staff: null },
      { sub: "alice", roles: ["viewer", "editor"], tier: "gold", level: 3 },
      { sub: "alice", roles: ["viewer", "editor"], tier: "gold", level: 3, staff: "null" },
      { sub: "alice", roles: ["viewer", "editor"], tier: "gold", level: 3, staff: false },
      // Length prefixes: the same characters split differently are other lists.
      { sub: "alice", roles: ["viewer|1:editor"], tier: "gold", level: 3, staff: null },
      { sub: "alice|2", roles: ["viewer", "editor"], tier: "gold", level: 3, staff: null },
    ];
    const seen = new Set<unknown>([first]);
    for (const extra of variants) {
      const subject = resolve(authOf(extra));
      expect(seen.has(subject)).toBe(false);
      seen.add(subject);
    }
    expect(resolve(authOf({ sub: "alice", roles: ["viewer", "editor"], tier: "gold", level: 3, staff: null }, []))).not.toBe(first);
  });

  it("never shares a subject holding a value it did not build: a malformed claim, an object, -0 or NaN", () => {
    const resolve = subjectFromAuthInfo({ attributes: ["org", "n"] });
    const cases: Record<string, unknown>[] = [
      { sub: "a", roles: ["viewer", 42] },
      { sub: "a", roles: ["viewer"], org: { id: "acme" } },
      { sub: "a", roles: ["viewer"], n: -0 },
      { sub: "a", roles: ["viewer"], n: Number.NaN },
      { sub: "a", roles: ["viewer"], n: Number.POSITIVE_INFINITY },
    ];
    for (const extra of cases) {
      const one = resolve({ token: "t", clientId: "c", scopes: [], extra: { ...extra } });
      const two = resolve({ token: "t", clientId: "c", scopes: [], extra: { ...extra } });
      expect(two).not.toBe(one);
      expect(two).toEqual(one);
    }
    // -0 and 0 are not mixed up (nor are NaN and null).
    const zero = resolve({ token: "t", clientId: "c", scopes: [], extra: { sub: "a", n: 0 } }) as Record<string, unknown>;
    const nan = resolve({ token: "t", clientId: "c", scopes: [], extra: { sub: "a", n: null } }) as Record<string, unknown>;
    expect(Object.is(zero.n, 0)).toBe(true);
    expect(nan.n).toBe(null);
  });

  it("refuses, when made, an attribute named like a built member or an Object.prototype key (it could never be copied)", () => {
    for (const name of ["__proto__", "constructor", "toString", "roles", "id", "groups", "scopes"]) {
      expect(() => subjectFromAuthInfo({ attributes: ["dept", name] })).toThrow(TypeError);
    }
    const resolve = subjectFromAuthInfo({ attributes: ["dept", "dept"] });
    const extra = JSON.parse('{"sub":"a","roles":["viewer"],"dept":"ops","__proto__":{"admin":true}}');
    const subject = resolve({ token: "t", clientId: "c", scopes: [], extra }) as Record<string, unknown>;
    expect(subject).toEqual({ id: "a", roles: ["viewer"], groups: [], scopes: [], dept: "ops" });
    expect(Object.getPrototypeOf(subject)).toBe(Object.prototype);
  });

  it("takes an empty id claim for a broken identity (every request refused), and an empty client id for none", () => {
    const resolve = subjectFromAuthInfo();
    expect(resolve({ token: "t", clientId: "c", scopes: [], extra: { sub: "" } })).toBe(null);
    expect(resolve({ token: "t", clientId: "", scopes: [], extra: {} })).toBe(undefined);
  });

  it("keeps no key for a subject of very long claims, and still derives it right", () => {
    const resolve = subjectFromAuthInfo();
    const roles = Array.from({ length: 200 }, (_, i) => `role-${"r".repeat(40)}-${i}`);
    const authOf = () => ({ token: "t", clientId: "c", scopes: [], extra: { sub: "a", roles: [...roles] } });
    const one = resolve(authOf()) as Record<string, unknown>;
    const two = resolve(authOf());
    expect(two).not.toBe(one);
    expect(one.roles).toEqual(roles);
  });

  it("never freezes a claim value it passes on unchanged", () => {
    const roles = ["viewer", 42];
    const subject = subjectFromAuthInfo()({ token: "t", clientId: "c", scopes: [], extra: { sub: "a", roles } }) as Record<
      string,
      unknown
    >;
    expect(subject.roles).toBe(roles);
    expect(Object.isFrozen(roles)).toBe(false);
  });
});
