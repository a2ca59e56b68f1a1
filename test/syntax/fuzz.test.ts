/**
 * Never-throws properties of the front end: any string, any token soup, and valid
 * sources with random edits give a ParseResult (never an exception, never a hang), and
 * whatever AST comes back is consistent with the diagnostics.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy text spells `${subject.PATH}` literally
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/errors.js";
import { compile } from "../../src/engine.js";
import { parse, parseChunked } from "../../src/syntax/parse.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const VALID = `# example
role editor includes viewer, "power user"
policy admins { allow priority 100 subject role admin action * resource * }
policy "read-tools" {
  allow
  subject user alice, "bob" or group ops
  action "tools/call", "tools/list"
  resource "tool:read_*", "tool:{a,b}/**"
  when env.arguments.path matches "/home/\${subject.id}/**" and not (env.hour < 8 or env.hour >= 18)
  unless "oncall" in subject.groups or subject has role or resource.tags contains "x"
  when env.x == [1, -2.5, "s", true, false, null] and subject["a b"].c != null
}
`;

const TOKENS = [
  "policy", "role", "includes", "allow", "deny", "priority", "subject", "user", "group", "action",
  "resource", "when", "unless", "and", "or", "not", "in", "contains", "matches", "has", "true",
  "false", "null", "env", "{", "}", "[", "]", "(", ")", ",", ".", "*", "==", "!=", "<", "<=", ">",
  ">=", "=", "&&", "||", "!", '"s"', '"${subject.id}"', '"${x"', '"{a,b}"', '"\\q"', '"', "'x'", "0", "-1", "1.5",
  "01", "1e3", "name", "#c\n", "//c\n", "\n", "\r", "\r\n", "\ufeff", "\u0000", "é", "\u{1f600}", "@",
];

function checkResult(text: string, result: ReturnType<typeof parse>): void {
  expect(Array.isArray(result.diagnostics)).toBe(true);
  expect(result.ast.kind).toBe("SourceFile");
  for (const d of result.diagnostics as Diagnostic[]) {
    expect(d.code).toMatch(/^E0\d{3}$/);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/[\n\r]/);
    if (d.offset !== undefined) expect(d.offset).toBeLessThanOrEqual(text.length);
  }
  // A declaration in the AST never contains an error.
  for (const decl of result.ast.declarations) {
    for (const d of result.diagnostics) {
      if (d.offset === undefined || d.severity !== "error") continue;
      const inside = d.offset >= decl.span.start.offset && d.offset < decl.span.end.offset;
      expect(inside && !d.code.startsWith("E02")).toBe(false);
    }
  }
}

describe("parse never throws", () => {
  it("parses the fuzz seed source cleanly", () => {
    expect(parse(VALID).diagnostics).toEqual([]);
  });

  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => checkResult(text, parse(text))),
      { numRuns: RUNS },
    );
  });

  it("on arbitrary full-unicode strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => checkResult(text, parse(text))),
      { numRuns: RUNS },
    );
  });

  it("on token soup", () => {
    const soup = fc
      .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(" ", "", "\n")), { maxLength: 120 })
      .map((parts) => parts.map(([t, s]) => t + s).join(""));
    fc.assert(
      fc.property(soup, (text) => checkResult(text, parse(text))),
      { numRuns: RUNS * 3 },
    );
  });

  it("on valid sources with random edits", () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...TOKENS, " ", "x") }),
      fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), text: fc.string({ maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        let text = VALID;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          if (e.kind === "insert") text = text.slice(0, at) + e.text + text.slice(at);
          else if (e.kind === "delete") text = text.slice(0, at) + text.slice(at + e.length);
          else text = text.slice(0, at) + e.text + text.slice(at + e.text.length);
        }
        checkResult(text, parse(text));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("on deep conditions: E0403 exactly when the nesting passes 64, whatever words sit between the levels", () => {
    // Keywords as members (`env.when`, `subject has unless`) between the levels: a depth
    // the limit misses reaches the recursive parser and the evaluators.
    const member = fc.constantFrom("when", "and", "or", "not", "policy", "unless", "role", "allow", "priority", "x");
    const leaf = fc.oneof(
      member.map((m) => `env.${m} == true`),
      member.map((m) => `subject has ${m}`),
      fc.constant("true"),
    );
    type Step = { op: "not" | "paren" | "and" | "or" | "compare"; leaf: string; right: boolean };
    const step = fc.record({
      // Mostly levels, now and then a word between them.
      op: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom<Step["op"]>("not", "paren", "compare") },
        { weight: 1, arbitrary: fc.constantFrom<Step["op"]>("and", "or") },
      ),
      leaf,
      right: fc.boolean(),
    });
    /** The condition and its depth (enclosing `(` plus `not`, spec §3), built outwards. */
    const build = (first: string, steps: readonly Step[]) => {
      let text = first;
      let depth = 0;
      let binary = false;
      for (const { op, leaf: other, right } of steps) {
        if (op === "not") {
          text = binary ? `not (${text})` : `not ${text}`;
          depth += binary ? 2 : 1;
          binary = false;
        } else if (op === "paren") {
          text = `(${text})`;
          depth += 1;
          binary = false;
        } else if (op === "compare") {
          text = right ? `(${text}) == env.${other.length % 2 === 0 ? "when" : "and"}` : `env.or == (${text})`;
          depth += 1;
          binary = true;
        } else {
          text = right ? `${text} ${op} ${other}` : `${other} ${op} ${text}`;
          binary = true;
        }
      }
      return { text, depth };
    };
    const deep = fc.tuple(leaf, fc.array(step, { minLength: 1, maxLength: 140, size: "max" })).map(([first, steps]) => build(first, steps));
    fc.assert(
      fc.property(deep, ({ text: condition, depth }) => {
        const text = `policy p { allow subject * action * resource * when ${condition} }`;
        const result = parse(text);
        checkResult(text, result);
        expect(result.diagnostics.map((d) => d.code)).toEqual(depth > 64 ? ["E0403"] : []);
        if (depth > 64) return;
        // Clean: the evaluators walk it without running out of stack.
        const engine = compile(text);
        const decision = engine.evaluate({}, "r", "a", { when: true, and: true, or: true, not: true, x: true });
        for (const e of decision.errors) expect(e.message).not.toMatch(/internal|call stack/i);
        expect(JSON.stringify(engine.explain({}, "r", "a", {}).policies)).not.toMatch(/internal error|call stack/i);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps the two tokens before an `=` across chunks of one token each (a counterexample it found)", () => {
    const text = "policy\rpolicy\r= ";
    expect(parseChunked(text, "c", 1)).toEqual(parse(text, "c"));
  });

  it("gives the same result however the lines are chunked for lexing", () => {
    const soup = fc
      .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(" ", "\n", "\r\n", "\r")), { maxLength: 80 })
      .map((parts) => parts.map(([t, s]) => t + s).join(""));
    fc.assert(
      fc.property(fc.oneof(soup, fc.constant(VALID)), fc.integer({ min: 1, max: 64 }), (text, chunk) => {
        expect(parseChunked(text, "c", chunk)).toEqual(parse(text, "c"));
      }),
      { numRuns: RUNS },
    );
  });

  it("is deterministic: the same text gives the same result", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(parse(text, "a")).toEqual(parse(text, "a"));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
