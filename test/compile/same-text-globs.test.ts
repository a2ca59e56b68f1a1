import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";

// `p matches "a" or p matches "b" …` on one path is compiled to one closure that reads the
// path once (src/compile/expr.ts, sameTextGlobs): it must decide, and err, exactly as the
// separate `matches` do — checked here against the reference interpreter.
const SET = `
policy "deny-list" { deny priority 5 subject * action "call" resource "t:x"
  when env.path matches "**/.ssh/**" or env.path matches "**/.env" or env.path matches "**/*.pem" }
policy "all-of" { allow subject * action "call" resource "t:x"
  when env.path matches "/home/**" and env.path matches "**/*.md" }
policy mixed { allow subject * action "call" resource "t:y"
  when env.path matches "/srv/**" or env.path matches "/home/\${subject.id}/**" }
policy "other-paths" { allow subject * action "call" resource "t:z"
  when env.a matches "x*" or env.b matches "y*" }
`;

const ENVS: unknown[] = [
  { path: "/home/al/.ssh/id" },
  { path: "/home/al/notes.md" },
  { path: "/home/al/key.pem" },
  { path: "/home/al/notes.txt" },
  { path: "/srv/a" },
  { path: 7 },
  { path: null },
  { path: ["/home/al/notes.md"] },
  {},
  { a: "x1" },
  { a: 1, b: "y" },
  { b: "y2" },
  Object.defineProperty({}, "path", { get: () => "/home/al/.env", enumerable: true }),
];

describe("a chain of `matches` on one path", () => {
  const engine = compile(SET);
  const set = engine.policySet;
  const subject = { id: "al", roles: [] };

  it("decides and errs as the reference interpreter does", () => {
    for (const env of ENVS)
      for (const resource of ["t:x", "t:y", "t:z"]) {
        const got = engine.evaluate(subject, resource, "call", env);
        const want = evaluateReference(set, subject, resource, "call", env);
        expect({ env, resource, effect: got.effect, policy: got.policy, errors: got.errors }).toEqual({
          env,
          resource,
          effect: want.effect,
          policy: want.policy,
          errors: want.errors,
        });
      }
  });

  it("stops at the first glob that settles it, and a non-string errs (an erring deny denies)", () => {
    expect(engine.evaluate(subject, "t:x", "call", { path: "/home/al/.ssh/id" }).effect).toBe("deny");
    expect(engine.evaluate(subject, "t:x", "call", { path: "/home/al/notes.md" }).effect).toBe("allow");
    const erring = engine.evaluate(subject, "t:x", "call", { path: 7 });
    expect(erring.effect).toBe("deny");
    expect(erring.errors[0]?.message).toMatch(/expected a string on the left of `matches`/);
  });
});
