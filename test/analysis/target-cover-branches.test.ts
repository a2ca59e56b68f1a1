/**
 * Branches of src/analysis/lint/target-cover.ts: the `prefix*` inside `prefix*` rule of
 * shadowed-policy (W0801), checked against the engine's decisions (a policy called
 * shadowed must never decide a request), the `*` targets the lint's candidate filter
 * keeps away from the cover tests, and the bounded memo of role closures.
 */
import { describe, expect, it } from "vitest";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { attributesOf, patternsCover, roleClosure, subjectCovers } from "../../src/analysis/lint/target-cover.js";
import type { PatternTarget, SubjectTarget } from "../../src/model/ast.js";
import { compile } from "../../src/engine.js";
import { setOf } from "./set-of.js";

const IDS = ["tool:", "tool:read_", "tool:read_x", "tool:read_/x", "tool:read", "tool:write", "tool:a/b", "tool:a/bx", "tool:.x", "tool:..", "tool:.", "a/.x", "a/.xy", "a/.", "a/..", "a/b", "x"];

/** Deny `outer` (first) and allow `inner` (second), both for everyone on every action. */
function pair(outer: string, inner: string): string {
  return `policy q {\n deny\n subject *\n action *\n resource "${outer}"\n}\npolicy p {\n allow\n subject *\n action *\n resource "${inner}"\n}\n`;
}

function shadowed(text: string): boolean {
  return lintPolicySet(setOf(text)).some((f) => f.code === "W0801" && f.message.startsWith("policy `p`"));
}

/** Resource ids (of IDS) for which the engine says `p` decides. */
function decidedByP(text: string): string[] {
  const engine = compile(text);
  return IDS.filter((id) => engine.evaluate({ id: "u" }, { id }, "tools/call").policy === "p");
}

const pattern = (value: string): PatternTarget => ({ kind: "PatternList", patterns: [{ kind: "Pattern", value }] }) as unknown as PatternTarget;
const ANY_PATTERN = { kind: "AnyPattern" } as unknown as PatternTarget;
const ANY_SUBJECT = { kind: "AnySubject" } as unknown as SubjectTarget;
const users = (...names: string[]): SubjectTarget =>
  ({ kind: "SubjectMatchers", alternatives: [{ kind: "SubjectAlternative", attribute: "user", names: names.map((value) => ({ kind: "Name", value })) }] }) as unknown as SubjectTarget;

describe("target-cover: `prefix*` covers `longer-prefix*`", () => {
  it("flags what the engine confirms: p never decides", () => {
    for (const [outer, inner] of [["tool:*", "tool:read_*"], ["a/*", "a/.x*"], ["*", "tool:read*"]] as const) {
      const text = pair(outer, inner);
      expect([outer, inner, shadowed(text)]).toEqual([outer, inner, true]);
      expect(decidedByP(text)).toEqual([]);
    }
  });

  it("does not flag when the longer prefix crosses a `/` or does not extend the shorter one (p decides some request)", () => {
    for (const [outer, inner] of [["tool:*", "tool:a/b*"], ["tool:read*", "tool:*"], ["tool:read_*", "tool:write*"]] as const) {
      const text = pair(outer, inner);
      expect([outer, inner, shadowed(text)]).toEqual([outer, inner, false]);
      expect(decidedByP(text).length).toBeGreaterThan(0);
    }
  });

  it("answers no for globs outside the rule (classes, `?`, braces, `**`) and for `.`/`..` prefixes under a bare-`*` glob", () => {
    for (const inner of ["tool:[ab]*", "tool:?*", "tool:{a,b}*", "tool:**", "tool:a*b"]) {
      expect([inner, patternsCover(pattern("tool:*"), pattern(inner))]).toEqual([inner, false]);
    }
    expect(patternsCover(pattern("*"), pattern(".*"))).toBe(false);
    expect(patternsCover(pattern("*"), pattern("..*"))).toBe(false);
    expect(patternsCover(pattern("*"), pattern("*"))).toBe(true);
  });
});

describe("target-cover: `*` targets", () => {
  it("a pattern list never covers `*`, and `*` covers any list", () => {
    expect(patternsCover(pattern("**"), ANY_PATTERN)).toBe(false);
    expect(patternsCover(ANY_PATTERN, pattern("x"))).toBe(true);
  });

  it("a subject list never covers `subject *`; `subject *` has no attributes", () => {
    const set = setOf('policy a {\n allow\n subject *\n action *\n resource *\n}\n');
    expect(subjectCovers(set, users("alice"), ANY_SUBJECT)).toBe(false);
    expect(subjectCovers(set, ANY_SUBJECT, users("alice"))).toBe(true);
    expect(subjectCovers(set, users("alice", "bob"), users("bob"))).toBe(true);
    expect(subjectCovers(set, users("bob"), users("alice", "bob"))).toBe(false);
    expect(attributesOf(ANY_SUBJECT)).toEqual(new Set());
    expect(attributesOf(users("alice"))).toEqual(new Set(["user"]));
  });
});

describe("target-cover: role closures", () => {
  it("visits a role reached twice (a diamond) once", () => {
    const set = setOf("role top includes left, right\nrole left includes base\nrole right includes base\n");
    expect([...roleClosure(set, "top")].sort()).toEqual(["base", "left", "right", "top"]);
  });

  it("stays exact once the memo budget (100,000 names) is spent", () => {
    // A chain of 500 roles: the closures hold 125,250 names in all.
    const n = 500;
    const text = Array.from({ length: n }, (_, i) => (i + 1 < n ? `role r${i} includes r${i + 1}\n` : `role r${i}\n`)).join("");
    const set = setOf(text);
    for (let i = 0; i < n; i++) expect(roleClosure(set, `r${i}`).size).toBe(n - i);
    // Asked again: the unmemoized closures (of the last roles asked, past the budget) are recomputed alike.
    for (const i of [0, 1, 250, 498, 499]) {
      const again = roleClosure(set, `r${i}`);
      expect(again.size).toBe(n - i);
      expect(again.has(`r${n - 1}`)).toBe(true);
    }
  });
});
