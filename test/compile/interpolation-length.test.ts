import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { expectSameAsReference } from "../helpers/same-as-reference.js";

// An interpolated pattern errs when the glob it stands for — the text around the values
// plus the values escaped (`*` → `\*`, `\` → `[\\]`) — is longer than 64 KiB, which
// minimatch refuses. A pattern with no glob syntax around its values is matched as a
// plain string by the compiled engine, but must err exactly as that glob would.
const SET = `
policy literal { allow subject user "alice" action "call" resource "doc:\${subject.level}" }
policy "deny-all" { deny subject user "alice" action "call" resource * }
policy matching { allow subject user "bob" action "call" resource * when env.p matches "doc:\${subject.level}" }
policy globbed { allow subject user "carol" action "call" resource "doc/*/\${subject.level}" }
`;
const LIMIT = 64 * 1024;

describe("an interpolated pattern longer than minimatch takes", () => {
  const engine = compile(SET);
  it.each([
    ["just within", "x".repeat(LIMIT - 4)],
    ["one over", "x".repeat(LIMIT - 3)],
    ["escaped `*` within", "*".repeat(LIMIT / 2 - 2)],
    ["escaped `*` over", "*".repeat(LIMIT / 2 - 1)],
    ["escaped `\\` over", "\\".repeat(LIMIT / 4)],
    ["a megabyte", "x".repeat(1_000_000)],
  ])("%s: the same decision and errors as the reference", (_, level) => {
    for (const id of ["alice", "bob", "carol"]) {
      const subject = { id, level };
      const env = { p: `doc:${level}` };
      for (const resource of ["tool:x", `doc:${level}`, `doc/a/${level}`]) {
        expectSameAsReference(engine, subject, resource, "call", env);
      }
    }
  });

  it("errs past the bound and matches within it", () => {
    const within = engine.evaluate({ id: "alice", level: "x".repeat(LIMIT - 4) }, "tool:x", "call");
    expect(within.errors).toEqual([]);
    const over = engine.evaluate({ id: "alice", level: "x".repeat(LIMIT - 3) }, "tool:x", "call");
    expect(over.effect).toBe("deny");
    expect(over.errors.map((e) => e.message)).toEqual([expect.stringContaining("too long")]);
  });

  it("errs for every input when one brace alternative is too long, the reference too", () => {
    // Audit finding: the reference tried alternatives in turn, so `a*` matched "ax" before
    // the too-long one was reached, while the compiled engine refused the whole pattern.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the language's own interpolation
    const braces = compile('policy p { allow subject * action "call" resource * when env.x matches "{a*,${subject.id}}" }\n');
    const subject = { id: "z".repeat(LIMIT + 10) };
    for (const x of ["ax", "b"]) {
      expectSameAsReference(braces, subject, "tool:x", "call", { x });
      expect(braces.evaluate(subject, "tool:x", "call", { x }).errors.map((e) => e.message)).toEqual([expect.stringContaining("too long")]);
    }
  });
});
