import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

// `subject has name` reads only `subject.name` (src/compile/subject-reads.ts): the cache
// key and the snapshot keep that attribute, not the whole subject. Decisions must still
// follow every change of the object, as the reference interpreter sees it.
const SET = `
policy "break-glass" { allow priority 100 subject * action * resource *
  when subject has break_glass and subject.break_glass == true }
policy "has-org-id" { allow subject * action "read" resource "doc:*"
  when subject.org has id }
policy "no-contractors" { deny priority 10 subject * action * resource "doc:secret"
  unless subject has "employee id" }
`;

const REQUESTS: [string, string][] = [
  ["doc:a", "read"],
  ["doc:secret", "read"],
  ["tool:x", "call"],
];

function sameAsReference(engine: ReturnType<typeof compile>, subject: unknown): void {
  for (const [resource, action] of REQUESTS) expectSameAsReference(engine, subject, resource, action);
}

describe("`subject has name` reads only that attribute", () => {
  it("follows every change of the same subject object, as the reference does", () => {
    const engine = compile(SET);
    const subject: Record<string, unknown> = { id: "al", roles: [], "employee id": 7 };
    const steps: ((s: Record<string, unknown>) => void)[] = [
      (s) => {
        s.break_glass = true;
      },
      (s) => {
        s.break_glass = false;
      },
      (s) => {
        delete s.break_glass;
      },
      (s) => {
        Object.defineProperty(s, "break_glass", { get: () => true, configurable: true, enumerable: true });
      },
      (s) => {
        delete s.break_glass;
        s.org = { id: 1 };
      },
      (s) => {
        s.org = ["id"];
      },
      (s) => {
        s.org = Object.create({ id: 1 });
      },
      (s) => {
        s.org = { other: 1 };
        delete s["employee id"];
      },
      (s) => {
        Object.defineProperty(s, "employee id", { get: () => 7, configurable: true, enumerable: true });
      },
      (s) => {
        delete s["employee id"];
        s["employee id"] = undefined;
      },
    ];
    // Each state twice: the second call goes through the cache and the remembered object.
    sameAsReference(engine, subject);
    sameAsReference(engine, subject);
    for (const step of steps) {
      step(subject);
      sameAsReference(engine, subject);
      sameAsReference(engine, subject);
    }
  });

  it("keys the cache by the attributes read: subjects that differ elsewhere share one plan", () => {
    const engine = compile(SET);
    for (let i = 0; i < 20; i++) {
      // `scopes` and `name` are read by no policy; the doorkeeper admits on second sight.
      const subject = { id: "al", roles: [], scopes: [`s${i}`], name: `n${i}`, break_glass: false };
      engine.evaluate(subject, "doc:a", "read");
      engine.evaluate({ ...subject }, "doc:a", "read");
    }
    expect(engine.cachedSubjects).toBe(1);
    // A change in what is read is a new key.
    engine.evaluate({ id: "al", roles: [], break_glass: true }, "doc:a", "read");
    engine.evaluate({ id: "al", roles: [], break_glass: true }, "doc:a", "read");
    expect(engine.cachedSubjects).toBe(2);
  });
});

describe("a value below the subject whose inspection throws", () => {
  const throwing = () =>
    new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
        getOwnPropertyDescriptor: () => {
          throw new Error("trap");
        },
        getPrototypeOf: () => {
          throw new Error("trap");
        },
        ownKeys: () => {
          throw new Error("trap");
        },
      },
    );

  // Paths below `subject.org` snapshot `org` child by child; a trap that throws there must
  // make the read err (and `has` false), as in the reference — never fail the whole request.
  it.each([
    ['policy p { allow subject * action * resource * when subject.org.id == "acme" }'],
    ['policy p { deny subject * action * resource * unless subject.org has id }'],
    [`policy p { allow subject * action * resource "t:\${subject.org.id}" }`],
    ['policy p { allow subject * action * resource * when subject.org.unit.id == 1 or subject.org has unit }'],
  ])("%s", (text) => {
    const engine = compile(text);
    for (const org of [throwing(), { id: throwing() }, { unit: throwing() }, { id: "acme", unit: { id: 1 } }]) {
      expectSameAsReference(engine, { id: "al", org }, "t:acme", "read");
    }
  });
});
