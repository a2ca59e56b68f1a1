// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Issue 3 item 4 / spec §5 (acceptance): the Decision has exactly the members of §5 —
 * `allowed === (effect === "allow")`, `policy` the deciding policy or null, `errors` an
 * array, `[]` when none — from every entry point, a malformed request included
 * (`effect: "deny", policy: null`, errors non-empty). A caller that changes a Decision it
 * was given (a shared one may be frozen: then the change throws) must not change any
 * later decision.
 */
import { describe, expect, it } from "vitest";
import { compile, type Decision } from "../../src/index.js";

const SOURCE = `
policy open { allow subject * action "read" resource * }
policy guard { deny priority 5 subject * action "write" resource * when subject.level < 3 }
policy own { allow subject * action "write" resource "home/\${subject.id}/*" }
policy flaky { allow subject * action "flaky" resource * when env.flag }
`;

const SUBJECT = { id: "u", level: 5 };
const REQUESTS: [string, unknown, unknown, unknown, unknown][] = [
  ["allowed", SUBJECT, "r", "read", undefined],
  ["allowed, interpolated", SUBJECT, "home/u/f", "write", undefined],
  ["denied by an error", { id: "u" }, "home/u/f", "write", undefined],
  ["not applicable", SUBJECT, "r", "other", undefined],
  ["not applicable with an error", SUBJECT, "r", "flaky", {}],
  ["malformed subject", "u", "r", "read", undefined],
  ["malformed resource", SUBJECT, { id: 1 }, "read", undefined],
  ["malformed action", SUBJECT, "r", ["read"], undefined],
  ["malformed env", SUBJECT, "r", "read", "env"],
];

function wellShaped(d: Decision): void {
  expect(Object.keys(d).sort()).toEqual(["allowed", "effect", "errors", "policy"]);
  expect(d.allowed).toBe(d.effect === "allow");
  expect(["allow", "deny", "notapplicable"]).toContain(d.effect);
  expect(Array.isArray(d.errors)).toBe(true);
  if (d.effect === "notapplicable") expect(d.policy).toBeNull();
  else if (d.policy === null) expect(d.errors.length).toBeGreaterThan(0); // a malformed request
  for (const e of d.errors) {
    expect(Object.keys(e).sort()).toEqual(["message", "policy"]);
    expect(typeof e.message).toBe("string");
  }
}

/** Tries every change a careless caller might make; a frozen Decision throws, which is fine. */
function vandalize(d: Decision): void {
  const attempts: (() => void)[] = [
    () => Object.assign(d, { allowed: true, effect: "allow", policy: "open" }),
    () => (d.errors as { policy: string | null; message: string }[]).push({ policy: "x", message: "injected" }),
    () => (d.errors as unknown[]).splice(0),
    () => Object.assign(d.errors[0] ?? {}, { policy: "x", message: "changed" }),
    () => Object.setPrototypeOf(d.errors, null),
    () => Object.setPrototypeOf(d, null),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
    } catch {
      // A frozen Decision refuses the change: as good as ignoring it.
    }
  }
}

describe("issue 3 · the Decision's shape (spec §5)", () => {
  const engine = compile(SOURCE);
  for (const [what, subject, resource, action, env] of REQUESTS) {
    it(what, () => {
      const decisions = [
        engine.evaluate(subject, resource, action, env),
        engine.evaluate(subject, resource, action, env),
        engine.forSubject(subject)(resource, action, env),
        engine.explain(subject, resource, action, env).decision,
      ];
      for (const d of decisions) wellShaped(d);
      expect(engine.isAllowed(subject, resource, action, env)).toBe(decisions[0]?.allowed);
      if (what.startsWith("malformed")) {
        expect(decisions[0]).toMatchObject({ allowed: false, effect: "deny", policy: null });
        expect(decisions[0]?.errors.length).toBeGreaterThan(0);
      }
      if (what === "allowed" || what === "not applicable") expect(decisions[0]?.errors).toEqual([]);
    });
  }
});

describe("issue 3 · a Decision changed by its caller changes no later decision", () => {
  it("from evaluate, forSubject's function and explain, cached and not", () => {
    for (const maxSubjects of [10, 0]) {
      const engine = compile(SOURCE, { maxSubjects });
      const want = REQUESTS.map(([, s, r, a, e]) => JSON.stringify(engine.evaluate(s, r, a, e)));
      for (let round = 0; round < 3; round++) {
        for (const [, subject, resource, action, env] of REQUESTS) {
          vandalize(engine.evaluate(subject, resource, action, env));
          vandalize(engine.forSubject(subject)(resource, action, env));
          vandalize(engine.explain(subject, resource, action, env).decision);
        }
      }
      expect(REQUESTS.map(([, s, r, a, e]) => JSON.stringify(engine.evaluate(s, r, a, e)))).toEqual(want);
      expect(REQUESTS.map(([, s, r, a, e]) => JSON.stringify(engine.forSubject(s)(r, a, e)))).toEqual(want);
      expect(REQUESTS.map(([, s, r, a, e]) => engine.isAllowed(s, r, a, e))).toEqual(
        want.map((d) => JSON.parse(d).allowed),
      );
    }
  });
});
