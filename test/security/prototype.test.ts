// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Prototype safety: `__proto__`, `constructor` and `prototype` keys in subjects,
 * resources and env (including from JSON.parse) are never read from prototypes and never
 * pollute; polluting Object.prototype during evaluation does not change decisions.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { parse } from "../../src/syntax/parse.js";
import { policySetArbitrary } from "../arbitraries/policy-set.js";
import { requestBatchArbitrary } from "../arbitraries/request.js";
import { decisionShape, type Decide, policy, SYSTEMS } from "../spec/systems.js";

const SET = [
  policy("admins", { subject: "role admin", priority: 10 }),
  policy("alice", { subject: "user alice", priority: 5 }),
  policy("flagged", { when: "env.admin == true", priority: 4 }),
  policy("owner", { when: "resource.owner == subject.id", priority: 3 }),
  policy("via-proto-key", { when: 'subject["__proto__"].roles == ["admin"]', priority: 2 }),
  policy("has-ctor", { when: "subject has constructor or env has constructor or resource has constructor", priority: 1 }),
  policy("deny-night", { effect: "deny", when: "env.hour < 8" }),
].join("");

function requests(): [string, unknown, unknown, unknown, unknown][] {
  return [
    ["plain subject", { id: "bob" }, "tool:x", "tools/call", { hour: 12 }],
    ["subject with JSON __proto__ roles", JSON.parse('{"id": "bob", "__proto__": {"roles": ["admin"], "id": "alice"}}'), "tool:x", "tools/call", { hour: 12 }],
    ["subject with JSON constructor", JSON.parse('{"id": "bob", "constructor": {"prototype": {"roles": ["admin"]}}}'), "tool:x", "tools/call", { hour: 12 }],
    ["subject with JSON prototype", JSON.parse('{"id": "bob", "prototype": {"roles": ["admin"]}}'), "tool:x", "tools/call", { hour: 12 }],
    ["env with JSON __proto__", { id: "bob" }, "tool:x", "tools/call", JSON.parse('{"hour": 12, "__proto__": {"admin": true, "hour": 3}}')],
    ["env with constructor.prototype", { id: "bob" }, "tool:x", "tools/call", JSON.parse('{"hour": 12, "constructor": {"prototype": {"admin": true}}}')],
    ["resource with JSON __proto__", { id: "bob" }, JSON.parse('{"id": "tool:x", "__proto__": {"owner": "bob"}}'), "tools/call", { hour: 12 }],
    ["resource whose id is only in __proto__", { id: "bob" }, JSON.parse('{"__proto__": {"id": "tool:x"}}'), "tools/call", { hour: 12 }],
    ["subject inheriting from an object", Object.create({ roles: ["admin"], id: "alice" }), "tool:x", "tools/call", { hour: 12 }],
    ["null-prototype subject", Object.assign(Object.create(null), { id: "alice" }), "tool:x", "tools/call", { hour: 12 }],
  ];
}

/** What each request must decide (policy names from SET). */
const EXPECTED: Record<string, { effect: string; policy: string | null }> = {
  "plain subject": { effect: "notapplicable", policy: null },
  "subject with JSON __proto__ roles": { effect: "allow", policy: "via-proto-key" },
  "subject with JSON constructor": { effect: "allow", policy: "has-ctor" },
  "subject with JSON prototype": { effect: "notapplicable", policy: null },
  "env with JSON __proto__": { effect: "notapplicable", policy: null },
  "env with constructor.prototype": { effect: "allow", policy: "has-ctor" },
  "resource with JSON __proto__": { effect: "notapplicable", policy: null },
  "resource whose id is only in __proto__": { effect: "deny", policy: null },
  "subject inheriting from an object": { effect: "deny", policy: null },
  "null-prototype subject": { effect: "allow", policy: "alice" },
};

describe.each(SYSTEMS)("prototype keys are data, never prototypes — $name", (system) => {
  let decide: Decide;

  it.each(requests())("%s decides from own data properties only", async (what, subject, resource, action, env) => {
    decide ??= await system.load(SET);
    const d = decide(subject, resource, action, env);
    expect({ effect: d.effect, policy: d.policy }).toEqual(EXPECTED[what]);
  });

  it("never pollutes Object.prototype", async () => {
    decide ??= await system.load(SET);
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const [, subject, resource, action, env] of requests()) decide(subject, resource, action, env);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).roles).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).owner).toBeUndefined();
  });

  it("does not read `__proto__`, `constructor` or `toString` through a path", async () => {
    const d = await system.load(
      policy("p", { effect: "deny", when: 'subject.constructor == 1 or subject["__proto__"] == 1 or env.toString == 1 or resource.hasOwnProperty == 1' }),
    );
    const out = d({ id: "a" }, "tool:x", "tools/call", {});
    expect(decisionShape(out)).toEqual({ effect: "deny", policy: "p", errors: true });
    const allow = await system.load(policy("p", { when: "not (subject has constructor) and not (env has __proto__) and not (resource has toString)" }));
    expect(decisionShape(allow({ id: "a" }, { id: "r" }, "a", {}))).toEqual({ effect: "allow", policy: "p", errors: false });
  });
});

const POLLUTION: Record<string, unknown> = {
  id: "alice",
  roles: ["admin"],
  groups: ["eng"],
  admin: true,
  owner: "bob",
  hour: 3,
  arguments: { path: "/home/alice/x" },
  org: { id: "acme" },
  length: 1,
  "0": "admin",
};

describe.each(SYSTEMS)("Object.prototype pollution during evaluation changes nothing — $name", (system) => {
  const added: string[] = [];
  afterEach(() => {
    for (const key of added.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
  });

  it("decides every request the same with and without pollution", async () => {
    const text =
      SET +
      policy("org", { resource: '"org:${subject.org.id}/*"', priority: 7 }) +
      policy("path", { when: 'env.arguments.path matches "/home/${subject.id}/**"', priority: 6 }) +
      policy("groups", { subject: "group eng", priority: 8 });
    const decide = await system.load(text);
    // A second engine first meets these subjects while the prototype is polluted (no warm cache).
    const fresh = await system.load(text);
    const cases = [
      ...requests().map(([, s, r, a, e]) => [s, r, a, e] as const),
      [{}, "org:acme/x", "tools/call", {}] as const,
      [{ org: { id: "acme" } }, "org:acme/x", "tools/call", {}] as const,
      [{ id: "alice" }, "tool:x", "tools/call", { arguments: { path: "/home/alice/a" } }] as const,
      [{}, "tool:x", "tools/call", undefined] as const,
    ];
    const clean = cases.map(([s, r, a, e]) => decisionShape(decide(s, r, a, e)));
    let polluted: ReturnType<typeof decisionShape>[];
    try {
      for (const [key, value] of Object.entries(POLLUTION)) {
        Object.defineProperty(Object.prototype, key, { value, enumerable: true, configurable: true, writable: true });
        added.push(key);
      }
      polluted = cases.map(([s, r, a, e]) => decisionShape(fresh(s, r, a, e)));
    } finally {
      for (const key of added.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
    }
    expect(polluted).toEqual(clean);
  });
});

describe("Object.prototype pollution on random sets and requests", () => {
  const keys = fc.subarray(Object.keys(POLLUTION).concat(["1", "tier", "level", "path", "s", "k"]), { minLength: 1 });

  it("changes no decision of a fresh engine (compared with the reference, unpolluted)", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestBatchArbitrary, keys, (generated, batch, polluting) => {
        const parsed = generated.sources.map((src) => parse(src.text, src.name));
        const set = checkPolicySet(parsed.map((p) => p.ast)).set;
        const requests = batch.requests.map((r) => [batch.subjects[r.subject % batch.subjects.length], r.resource, r.action, r.env] as const);
        const want = requests.map(([s, r, a, e]) => decisionShape(evaluateReference(set, s, r, a, e)));
        const engine = compile(generated.sources);
        const added: string[] = [];
        let got: ReturnType<typeof decisionShape>[];
        try {
          for (const key of polluting) {
            Object.defineProperty(Object.prototype, key, { value: POLLUTION[key] ?? "admin", enumerable: true, configurable: true, writable: true });
            added.push(key);
          }
          got = requests.map(([s, r, a, e]) => decisionShape(engine.evaluate(s, r, a, e)));
        } finally {
          for (const key of added) delete (Object.prototype as Record<string, unknown>)[key];
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });
});

describe("Object.prototype pollution while parsing", () => {
  const SOURCE = 'role editor includes viewer\npolicy a { allow subject role viewer action "x" resource * }\npolicy b { deny priority 5 subject * action "x" resource "r" when env.y matches "a*" }\n';
  // Keys the parser, the lexer or chevrotain read from their own token and CST objects.
  const KEYS = ["isInsertedInRecovery", "startOffset", "endOffset", "image", "tokenType", "children", "name", "policy", "Identifier"];

  it.each(KEYS)("reads the same AST and diagnostics with Object.prototype.%s set", (key) => {
    const clean = JSON.stringify(parse(SOURCE, "p.mcpolicy"));
    for (const value of [true, 1, "x", Number.NaN]) {
      Object.defineProperty(Object.prototype, key, { value, enumerable: false, configurable: true, writable: true });
      try {
        const polluted = parse(SOURCE, "p.mcpolicy");
        expect(JSON.stringify(polluted), `${key} = ${String(value)}`).toBe(clean);
      } finally {
        delete (Object.prototype as Record<string, unknown>)[key];
      }
    }
  });
});
