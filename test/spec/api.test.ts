// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Spec §6 Programmatic surface: compile inputs, PolicyError for bad inputs, `evaluate`
 * seeing the subject as it is at each call, `forSubject` not seeing later changes at any
 * depth, and `isAllowed`/`explain`/`couldAllow` agreeing with `evaluate`.
 */
import { describe, expect, it } from "vitest";
import { PolicyError } from "../../src/errors.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { decisionShape, policy } from "./systems.js";

async function engineOf(source: unknown, options?: { maxSubjects?: number }): Promise<PolicyEngine> {
  const { compile } = await import("../../src/engine.js");
  return compile(source as never, options);
}

const adminOnly = `${policy("admins", { subject: "role admin" })}${policy("own-org", {
  resource: '"org:${subject.org.id}/*"',
  when: 'subject.level >= 3 and subject.org.tier == "gold"',
})}`;

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function throwingProxy(target: object): unknown {
  const trap = () => {
    throw new Error("trap");
  };
  return new Proxy(target, { get: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, ownKeys: trap, has: trap });
}

/** Hostile inputs, made at use: vitest's `each` cannot format a revoked Proxy in a table. */
const hostile: readonly (readonly [string, () => unknown])[] = [
  ["a revoked Proxy", revokedProxy],
  ["a Proxy over an array whose traps throw", () => throwingProxy([])],
  ["a Proxy over an object whose traps throw", () => throwingProxy({})],
  ["a list holding a Proxy whose traps throw", () => [throwingProxy({})]],
  [
    "a list holding a source whose text is a throwing getter",
    () => [
      Object.defineProperty({ name: "a" }, "text", {
        get: () => {
          throw new Error("getter");
        },
        enumerable: true,
      }),
    ],
  ],
];

describe("spec §6 compile inputs", () => {
  it("compiles a string", async () => {
    expect((await engineOf(policy("p"))).isAllowed({}, "r", "a")).toBe(true);
  });

  it("compiles a list of named sources, naming diagnostics after them", async () => {
    const engine = await engineOf([
      { name: "a.mcpolicy", text: "role admin includes viewer\n" },
      { name: "b.mcpolicy", text: policy("viewers", { subject: "role viewer" }) },
    ]);
    expect(engine.evaluate({ roles: ["admin"] }, "r", "a").policy).toBe("viewers");
  });

  it("compiles the JSON form of a parsed source", async () => {
    const { parse } = await import("../../src/syntax/parse.js");
    const text = adminOnly;
    const json = JSON.parse(JSON.stringify(parse(text, "x.mcpolicy").ast)) as unknown;
    const fromJson = await engineOf(json);
    const fromText = await engineOf(text);
    const subject = { roles: [], org: { id: "acme", tier: "gold" }, level: 3 };
    expect(fromJson.evaluate(subject, "org:acme/doc", "read")).toEqual(fromText.evaluate(subject, "org:acme/doc", "read"));
    expect(fromJson.evaluate(subject, "org:acme/doc", "read").policy).toBe("own-org");
  });

  const bad: readonly (readonly [string, unknown])[] = [
    ["a number", 42],
    ["null", null],
    ["undefined", undefined],
    ["a boolean", true],
    ["a function", () => "policy p {}"],
    ["a list holding a number", [42]],
    ["a list holding a source without text", [{ name: "a" }]],
    ["a list holding a source with non-string text", [{ name: "a", text: 5 }]],
    ["a list holding null", [null]],
    ["a source with a syntax error", "policy p {"],
    ["an object that is not a source file", { kind: "Nonsense" }],
    ["a JSON source file with a malformed declaration", { kind: "SourceFile", name: "x", declarations: [{ kind: "Policy" }] }],
  ];
  it.each([...bad.map(([what, input]) => [what, () => input] as const), ...hostile])("throws a PolicyError with diagnostics for %s", async (_what, make) => {
    const { compile } = await import("../../src/engine.js");
    let thrown: unknown;
    try {
      compile(make() as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect(thrown).toBeInstanceOf(Error);
    const diagnostics = (thrown as PolicyError).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(typeof d.message).toBe("string");
      expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
      expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    }
  });

  it.each([["a number", () => 42] as const, ["null", () => null] as const, ...hostile])("loadPolicies rejects with a PolicyError for %s", async (_what, make) => {
    const { loadPolicies } = await import("../../src/engine.js");
    const outcome = await loadPolicies(make() as never).then(
      () => "resolved",
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(PolicyError);
  });

  it.each([["-1", -1], ["NaN", Number.NaN], ["1.5", 1.5], ["Infinity", Number.POSITIVE_INFINITY], ["a string", "10"], ["null", null], ["a huge number", 1e12]])(
    "either rejects maxSubjects %s with a PolicyError or decides correctly with it",
    async (_what, maxSubjects) => {
      const { compile } = await import("../../src/engine.js");
      let engine: PolicyEngine;
      try {
        engine = compile(policy("p", { subject: "role admin" }), { maxSubjects } as never);
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyError);
        return;
      }
      const subject = { roles: ["admin"] };
      for (let i = 0; i < 3; i++) expect(engine.evaluate(subject, "x", "a").effect).toBe("allow");
      subject.roles = [];
      expect(engine.evaluate(subject, "x", "a").effect).toBe("notapplicable");
      expect(engine.forSubject({ roles: ["admin"] })("x", "a").effect).toBe("allow");
    },
  );

  it("throws one PolicyError carrying every diagnostic", async () => {
    const { compile } = await import("../../src/engine.js");
    try {
      compile([
        { name: "a", text: "policy p {" },
        { name: "b", text: "policy q { allow }" },
      ]);
      expect.unreachable();
    } catch (error) {
      const sources = new Set((error as PolicyError).diagnostics.map((d) => d.source));
      expect(sources).toEqual(new Set(["a", "b"]));
    }
  });
});

describe("spec §6 evaluate sees the subject as it is at each call", () => {
  it.each([
    ["warm cache", {}],
    ["cache disabled", { maxSubjects: 0 }],
    ["cache of one", { maxSubjects: 1 }],
  ])("with %s", async (_what, options) => {
    const engine = await engineOf(adminOnly, options);
    const subject: Record<string, unknown> = { id: "alice", roles: ["admin"], org: { id: "acme", tier: "gold" }, level: 3 };
    expect(engine.evaluate(subject, "x", "a").policy).toBe("admins");
    // Revoke in place: the same array object loses the role.
    (subject.roles as string[]).pop();
    expect(engine.evaluate(subject, "x", "a").effect).toBe("notapplicable");
    expect(engine.evaluate(subject, "org:acme/doc", "a").policy).toBe("own-org");
    // A nested change reaches interpolation and conditions.
    (subject.org as Record<string, unknown>).id = "other";
    expect(engine.evaluate(subject, "org:acme/doc", "a").effect).toBe("notapplicable");
    expect(engine.evaluate(subject, "org:other/doc", "a").policy).toBe("own-org");
    (subject.org as Record<string, unknown>).tier = "silver";
    expect(engine.evaluate(subject, "org:other/doc", "a").effect).toBe("notapplicable");
    (subject.org as Record<string, unknown>).tier = "gold";
    subject.level = 2;
    expect(engine.evaluate(subject, "org:other/doc", "a").effect).toBe("notapplicable");
    subject.level = 3;
    expect(engine.evaluate(subject, "org:other/doc", "a").policy).toBe("own-org");
    // Deleting an attribute makes the condition err.
    delete subject.level;
    const d = engine.evaluate(subject, "org:other/doc", "a");
    expect(d.effect).toBe("notapplicable");
    expect(d.errors.length).toBeGreaterThan(0);
    // Granting again by replacing the array.
    subject.roles = ["admin"];
    expect(engine.evaluate(subject, "x", "a").policy).toBe("admins");
    // A role turned malformed: the allow no longer applies.
    subject.roles = "admin";
    expect(engine.evaluate(subject, "x", "a").allowed).toBe(false);
  });

  it("sees a role replaced in place in an array of the same length", async () => {
    const engine = await engineOf(policy("p", { subject: "role admin" }) + policy("d", { effect: "deny", subject: "group banned" }));
    const subject = { roles: ["admin"], groups: ["ok"] };
    expect(engine.evaluate(subject, "x", "a").effect).toBe("allow");
    subject.roles[0] = "guest";
    expect(engine.evaluate(subject, "x", "a").effect).toBe("notapplicable");
    subject.roles[0] = "admin";
    subject.groups[0] = "banned";
    expect(engine.evaluate(subject, "x", "a").effect).toBe("deny");
  });

  it("sees a resource object and an env object changed in place", async () => {
    const engine = await engineOf(policy("p", { resource: '"tool:a"', when: "env.ok == true" }));
    const resource = { id: "tool:a" };
    const env = { ok: true };
    expect(engine.evaluate({}, resource, "x", env).effect).toBe("allow");
    resource.id = "tool:b";
    expect(engine.evaluate({}, resource, "x", env).effect).toBe("notapplicable");
    resource.id = "tool:a";
    env.ok = false;
    expect(engine.evaluate({}, resource, "x", env).effect).toBe("notapplicable");
  });

  it("sees a changed id", async () => {
    const engine = await engineOf(policy("p", { subject: "user alice" }));
    const subject = { id: "alice" };
    expect(engine.isAllowed(subject, "x", "a")).toBe(true);
    subject.id = "mallory";
    expect(engine.isAllowed(subject, "x", "a")).toBe(false);
  });

  it("sees a change deep inside a subject attribute compared with ==", async () => {
    const engine = await engineOf(policy("p", { when: "subject.profile == subject.expected" }));
    const subject = { profile: { a: { b: [1, 2] } }, expected: { a: { b: [1, 2] } } };
    expect(engine.isAllowed(subject, "x", "a")).toBe(true);
    subject.profile.a.b.push(3);
    expect(engine.isAllowed(subject, "x", "a")).toBe(false);
  });

  it("does not mix up different subjects that share an id", async () => {
    const engine = await engineOf(policy("p", { subject: "role admin" }));
    expect(engine.isAllowed({ id: "alice", roles: ["admin"] }, "x", "a")).toBe(true);
    expect(engine.isAllowed({ id: "alice", roles: [] }, "x", "a")).toBe(false);
    expect(engine.isAllowed({ id: "alice", roles: ["admin"] }, "x", "a")).toBe(true);
  });

  it("never shares decisions between engines of different policy sets", async () => {
    const allowing = await engineOf(policy("a", { subject: "role admin" }));
    const denying = await engineOf(policy("d", { subject: "role admin", effect: "deny" }));
    const subject = { id: "alice", roles: ["admin"] };
    for (let i = 0; i < 3; i++) {
      expect(allowing.evaluate(subject, "x", "a").effect).toBe("allow");
      expect(denying.evaluate(subject, "x", "a").effect).toBe("deny");
    }
  });

  it("does not depend on attribute order or on unrelated attributes", async () => {
    const engine = await engineOf(policy("p", { subject: "role admin" }));
    expect(engine.isAllowed({ roles: ["admin"], id: "a", x: 1 }, "x", "a")).toBe(true);
    expect(engine.isAllowed({ id: "a", roles: ["admin"], y: { z: 2 } }, "x", "a")).toBe(true);
  });
});

describe("spec §6 forSubject specializes for the subject at that time", () => {
  it("does not see later changes at any depth", async () => {
    const engine = await engineOf(adminOnly);
    const subject: Record<string, unknown> = { id: "alice", roles: ["admin"], org: { id: "acme", tier: "gold" }, level: 3 };
    const decide = engine.forSubject(subject);
    (subject.roles as string[]).pop();
    (subject.org as Record<string, unknown>).id = "other";
    (subject.org as Record<string, unknown>).tier = "silver";
    delete subject.level;
    subject.id = "mallory";
    expect(decide("x", "a").policy).toBe("admins");
    // evaluate sees the changed subject; the specialized function does not.
    expect(engine.evaluate(subject, "x", "a").effect).toBe("notapplicable");
    const before = { id: "bob", roles: [], org: { id: "acme", tier: "gold" }, level: 3 };
    const decideBob = engine.forSubject(before);
    before.org.id = "evil";
    before.level = 0;
    (before.roles as string[]).push("admin");
    expect(decideBob("org:acme/doc", "a").policy).toBe("own-org");
    expect(decideBob("org:evil/doc", "a").effect).toBe("notapplicable");
    expect(decideBob("x", "a").effect).toBe("notapplicable");
  });

  it("gives the same decisions as evaluate for the same subject", async () => {
    const engine = await engineOf(adminOnly);
    const subject = { id: "bob", roles: [], org: { id: "acme", tier: "gold" }, level: 3 };
    const decide = engine.forSubject(subject);
    for (const resource of ["x", "org:acme/doc", "org:acme/a/b", { id: "org:acme/d" }, 5]) {
      expect(decisionShape(decide(resource, "read", {}))).toEqual(decisionShape(engine.evaluate(subject, resource, "read", {})));
    }
  });

  it("returns a function that denies every request for a malformed subject", async () => {
    const engine = await engineOf(policy("everyone"));
    const decide = engine.forSubject("alice");
    expect(decide("x", "a")).toMatchObject({ allowed: false, effect: "deny", policy: null });
    expect(decide("x", "a").errors.length).toBeGreaterThan(0);
  });

  it("reads env and resource at each call", async () => {
    const engine = await engineOf(policy("p", { when: "env.ok == true and resource.n == 1" }));
    const decide = engine.forSubject({});
    const env = { ok: true };
    const resource = { id: "r", n: 1 };
    expect(decide(resource, "a", env).allowed).toBe(true);
    env.ok = false;
    expect(decide(resource, "a", env).allowed).toBe(false);
    env.ok = true;
    resource.n = 2;
    expect(decide(resource, "a", env).allowed).toBe(false);
  });
});

describe("spec §6 the other engine methods agree with evaluate", () => {
  it("isAllowed is evaluate(...).allowed", async () => {
    const engine = await engineOf(adminOnly);
    for (const subject of [{ roles: ["admin"] }, { roles: [] }, { roles: "admin" }, null]) {
      expect(engine.isAllowed(subject, "x", "a")).toBe(engine.evaluate(subject, "x", "a").allowed);
    }
  });

  it("explain carries the same decision and every policy in set order", async () => {
    const engine = await engineOf(adminOnly);
    const subject = { roles: [], org: { id: "acme", tier: "gold" }, level: 3 };
    const explanation = engine.explain(subject, "org:acme/doc", "read", {});
    expect(explanation.decision).toEqual(engine.evaluate(subject, "org:acme/doc", "read", {}));
    expect(explanation.policies.map((p) => p.policy)).toEqual(["admins", "own-org"]);
    expect(explanation.policies.map((p) => p.decisive)).toEqual([false, true]);
  });

  it("couldAllow is true when some env.arguments would allow, and false when no policy can", async () => {
    const engine = await engineOf(policy("p", { action: '"tools/call"', when: 'env.arguments.path matches "/tmp/**"' }));
    expect(engine.couldAllow({}, "tool:x", "tools/call", {})).toBe(true);
    expect(engine.couldAllow({}, "tool:x", "tools/list", {})).toBe(false);
    expect(engine.couldAllow("not a subject", "tool:x", "tools/call", {})).toBe(false);
  });
});
