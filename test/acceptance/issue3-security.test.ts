// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Issue 3 item 7 (acceptance), through the public API only and on every entry point
 * (`evaluate` cold and warm, `forSubject`, `explain`, `isAllowed`): `__proto__` and
 * `constructor` keys (made by JSON.parse) are plain own attributes and nothing is read
 * from a prototype; subject ids made of glob syntax match only themselves in interpolated
 * patterns; pathological globs are compile errors; an erroring deny denies.
 */
import { describe, expect, it } from "vitest";
import { compile, type Decision, type PolicyEngine, PolicyError } from "../../src/index.js";

type Request = [subject: unknown, resource: unknown, action: string, env?: unknown];

/** The decisions of every entry point, which must agree on effect and policy. */
function decide(engine: PolicyEngine, ...[subject, resource, action, env]: Request): Decision {
  const all = [
    engine.evaluate(subject, resource, action, env),
    engine.evaluate(subject, resource, action, env),
    engine.evaluate(subject, resource, action, env),
    engine.forSubject(subject)(resource, action, env),
    engine.explain(subject, resource, action, env).decision,
  ];
  const first = all[0] as Decision;
  for (const d of all) expect([d.effect, d.policy]).toEqual([first.effect, first.policy]);
  expect(engine.isAllowed(subject, resource, action, env)).toBe(first.allowed);
  return first;
}

describe("issue 3 · `__proto__` and `constructor` keys", () => {
  const engine = compile(`
policy admin { allow subject role admin action * resource * }
policy root { allow subject user "root" action * resource * }
policy doc { allow subject * action "read" resource "x" }
policy flag { allow subject * action "flag" resource * when env.ok == true }
policy proto { allow subject * action "proto" resource * when subject["__proto__"].admin == true }
policy ctor { allow subject * action "ctor" resource * when env.constructor.name == "Object" }
`);
  const cases: [string, Request, string][] = [
    [
      "roles under __proto__ are no roles",
      [JSON.parse('{"__proto__": {"roles": ["admin"]}}'), "r", "a"],
      "notapplicable",
    ],
    ["an id under __proto__ is no id", [JSON.parse('{"__proto__": {"id": "root"}}'), "r", "a"], "notapplicable"],
    ["a resource id under __proto__ is no id", [{}, JSON.parse('{"__proto__": {"id": "x"}}'), "read"], "deny"],
    [
      "a resource's own id wins over __proto__",
      [{}, JSON.parse('{"id": "x", "__proto__": {"id": "y"}}'), "read"],
      "allow",
    ],
    [
      "env attributes under __proto__ are missing",
      [{}, "r", "flag", JSON.parse('{"__proto__": {"ok": true}}')],
      "notapplicable",
    ],
    [
      "an own `__proto__` attribute is read as one",
      [JSON.parse('{"__proto__": {"admin": true}}'), "r", "proto"],
      "allow",
    ],
    ["a plain subject has no `__proto__` attribute", [{ admin: true }, "r", "proto"], "notapplicable"],
    ["env.constructor is missing", [{}, "r", "ctor", {}], "notapplicable"],
    [
      "an own `constructor` attribute is read as one",
      [{}, "r", "ctor", JSON.parse('{"constructor": {"name": "Object"}}')],
      "allow",
    ],
  ];
  for (const [what, request, effect] of cases) {
    it(what, () => {
      expect(decide(engine, ...request).effect).toBe(effect);
    });
  }
});

describe("issue 3 · subject ids made of glob syntax are literal in interpolated patterns", () => {
  const engine = compile(`
policy home { allow subject * action "read" resource "home/\${subject.id}/*" }
policy path { allow subject * action "open" resource * when env.path matches "/h/\${subject.id}/**" }
`);
  for (const id of ["*", "**", "?", "[a]", "[!x]", "{a,b}", "a,b", "{", "}", ",", "a{1..3}", "+(a)", "\\*"]) {
    it(JSON.stringify(id), () => {
      expect(decide(engine, { id }, `home/${id}/f`, "read").effect).toBe("allow");
      expect(decide(engine, { id }, "r", "open", { path: `/h/${id}/x/y` }).effect).toBe("allow");
      for (const other of ["a", "b", "x", "a1", "ab", "[a]x"]) {
        if (other === id) continue;
        expect(decide(engine, { id }, `home/${other}/f`, "read").effect).toBe("notapplicable");
        expect(decide(engine, { id }, "r", "open", { path: `/h/${other}/x` }).effect).toBe("notapplicable");
      }
    });
  }
});

describe("issue 3 · pathological globs are compile errors", () => {
  const refused = (pattern: string) => {
    const source = `policy p { allow subject * action * resource ${JSON.stringify(pattern)} }`;
    expect(() => compile(source)).toThrow(PolicyError);
    expect(() =>
      compile(`policy p { allow subject * action * resource * when env.p matches ${JSON.stringify(pattern)} }`),
    ).toThrow(PolicyError);
  };
  it("longer than 1,024 characters", () => refused("a".repeat(1025)));
  it("more than 8 `**`", () => refused(Array.from({ length: 9 }, () => "**").join("/")));
  it("more than 1,000 brace alternatives", () => refused("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"));
});

describe("issue 3 · an erroring deny denies", () => {
  const engine = compile(`
policy everyone { allow priority 100 subject * action * resource * }
policy suspended { deny priority 100 subject role suspended action * resource * }
policy late { deny priority 100 subject * action "write" resource * when env.hour >= 18 }
policy foreign { deny priority 100 subject * action "read" resource "org:*" unless resource.org == subject.org }
policy own { deny priority 100 subject * action "get" resource "home/**" unless resource.id matches "home/\${subject.id}/**" }
`);
  const cases: [string, Request][] = [
    ["a malformed role list cannot dodge a role deny", [{ roles: "suspended" }, "r", "x"]],
    ["an element that is no string", [{ roles: ["x", 1] }, "r", "x"]],
    ["a missing attribute in `when`", [{}, "r", "write", {}]],
    ["a wrongly typed attribute in `when`", [{}, "r", "write", { hour: "19" }]],
    ["a missing attribute in `unless`", [{}, "org:1", "read"]],
    ["an interpolation that errs in `unless`", [{ id: "a/b" }, "home/a/b/f", "get"]],
  ];
  for (const [what, request] of cases) {
    it(what, () => {
      const d = decide(engine, ...request);
      expect(d.effect).toBe("deny");
      expect(d.errors.length).toBeGreaterThan(0);
    });
  }
});
