// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Acceptance probes of boundaries the rest of the suite does not pin: glob length in
 * UTF-16 code units, a comment ended by a lone CR, brace-expansion counts with steps and
 * negative ranges (against minimatch's own braceExpand), and which error `matches`
 * reports when both its left side and its interpolation are bad.
 */
import { braceExpand } from "minimatch";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { parse } from "../../src/syntax/parse.js";

const codes = (text: string) => parse(text).diagnostics.map((d) => d.code);
const resource = (glob: string) => `policy p { allow subject * action * resource ${JSON.stringify(glob)} }`;

describe("§4.1 glob limits", () => {
  it("counts a glob's length in UTF-16 code units (512 astral characters fit, 513 do not)", () => {
    expect(codes(resource("😀".repeat(512)))).toEqual([]);
    expect(codes(resource("😀".repeat(513)))).toEqual(["E0404"]);
  });

  it("counts brace alternatives as minimatch expands them (steps, negative and padded ranges)", () => {
    for (const glob of ["{-499..500}", "{-500..500}", "{1..2000..2}", "{1..2001..2}", "{0001..1000}", "{a,{b,c}}{1..333}", "{a,{b,c}}{1..334}", "{x,y}{1..500}{,}"]) {
      const tooMany = braceExpand(glob).length > 1000;
      expect(codes(resource(glob)), glob).toEqual(tooMany ? ["E0406"] : []);
    }
  });
});

describe("§1 comments and line breaks", () => {
  it("a lone CR ends a comment, and counts as a line break for positions", () => {
    const text = "policy p { # note\r allow subject * action * resource * // x\r bad }";
    const diagnostics = parse(text).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["E0201", 3, 2]]);
  });

  it("keywords after `.` and after `has` are member names, `true`/`false`/`null` included", () => {
    const engine = compile(
      "policy p { allow subject * action * resource * when env.true == 1 and env.null == 2 and env has false }",
    );
    expect(engine.evaluate({}, "r", "a", { true: 1, null: 2, false: 3 }).effect).toBe("allow");
  });
});

describe("§4.3 `matches` with a bad left side and a bad interpolation", () => {
  it("reports the left side first, in both evaluators alike", () => {
    const engine = compile('policy p { deny subject * action * resource * when env.n matches "/h/${subject.id}/*" }');
    const decision = engine.evaluate({ id: "" }, "r", "a", { n: 5 });
    expect(decision.effect).toBe("deny");
    expect(decision.errors.map((e) => e.message)).toEqual([
      'expected a string on the left of `matches`, got number in `env.n matches "/h/${subject.id}/*"`',
    ]);
    const explained = engine.explain({ id: "" }, "r", "a", { n: 5 }).policies[0]?.conditions[0]?.outcome;
    expect(explained).toEqual({ status: "error", message: decision.errors[0]?.message });
  });
});
