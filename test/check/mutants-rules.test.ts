// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy text spells `${subject.PATH}` literally
/**
 * Tests added by mutation testing of the static rules: each pins spec behaviour that a
 * plausible bug changed without any other test noticing.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { diagnose, kept } from "./helpers.js";

const withWhen = (e: string) => `policy p { allow subject * action * resource * when ${e} }`;
const withResource = (glob: string) => `policy p { allow subject * action * resource ${JSON.stringify(glob)} }`;

describe("action-members: the left operand of `matches` is checked too (spec §3, §4.2)", () => {
  it("rejects `action.x matches \"…\"`", () => {
    const result = parse(withWhen('action.name matches "a*"'));
    expect(result.diagnostics).toMatchObject([
      { code: "E0305", line: 1, column: 53, message: "`action` has no members, found `action.name`" },
    ]);
    expect(result.ast.declarations).toEqual([]);
  });

  it('rejects `action["x"]` under `not`, on the left of `matches`', () => {
    expect(diagnose(withWhen('env.a and not action["x"] matches "a"'))).toEqual(["E0305 1:67"]);
  });
});

describe("glob-limits: `**` are counted without overlap (spec §4.1: more than 8 `**`)", () => {
  // `***` holds one `**` (and a `*`), `****` two: glob-limits.ts counts non-overlapping
  // occurrences, so eight `***` segments are within the limit.
  it("counts `***` as one `**`", () => {
    expect(diagnose(withResource(Array(8).fill("***").join("/")))).toEqual([]);
    expect(parse(withResource(Array(9).fill("***").join("/"))).diagnostics).toMatchObject([
      { code: "E0405", message: expect.stringContaining("has 9 `**`") },
    ]);
  });

  it("counts `****` as two", () => {
    expect(diagnose(withResource(Array(4).fill("****").join("/")))).toEqual([]);
    expect(parse(withResource(`${Array(4).fill("****").join("/")}/**`)).diagnostics).toMatchObject([
      { code: "E0405", message: expect.stringContaining("has 9 `**`") },
    ]);
  });
});

describe("interpolation: PATH members are identifiers (spec §4.3, §2)", () => {
  it.each(["${subject.1a}", "${subject.9}", "${subject.org.2x}", "${subject.a.}", "${subject..a}", "${subject.a-b}"])(
    "rejects %s in a resource pattern and after matches",
    (interpolation) => {
      expect(parse(withResource(`x:${interpolation}`)).diagnostics.map((d) => d.code)).toEqual(["E0310"]);
      expect(parse(withWhen(`env.s matches ${JSON.stringify(`/${interpolation}/*`)}`)).diagnostics.map((d) => d.code)).toEqual(["E0310"]);
    },
  );

  it("accepts members with underscores and digits after the first character", () => {
    expect(diagnose(withResource("x:${subject._a1.b_2}/${subject.A9}"))).toEqual([]);
  });
});

describe("role-cycles: the message names exactly the cycle (spec §3)", () => {
  it("leaves out the roles that lead to a cycle without being in it", () => {
    const text = "role root includes a\nrole a includes b\nrole b includes a";
    const result = parse(text);
    expect(result.diagnostics).toMatchObject([
      { code: "E0308", line: 3, column: 17, message: "role `b` includes itself: `b → a → b`" },
    ]);
    expect(kept(text)).toEqual(["root", "a"]);
  });

  it("names a three-role cycle entered from two levels up", () => {
    const text = "role top includes mid\nrole mid includes x\nrole x includes y\nrole y includes z\nrole z includes x";
    expect(parse(text).diagnostics).toMatchObject([
      { code: "E0308", line: 5, column: 17, message: "role `z` includes itself: `z → x → y → z`" },
    ]);
  });
});

describe("duplicate names: the help names the first place (spec §3: the error names both places)", () => {
  it("points a duplicate policy's help at the first declaration", () => {
    const result = parse("policy p { allow subject * action * resource * }\n  policy p { allow subject * action * resource * }", "t.mcpolicy");
    expect(result.diagnostics).toMatchObject([
      {
        code: "E0306",
        line: 2,
        column: 10,
        help: "first declared at t.mcpolicy:1:8; policy names are unique across the set",
        related: [{ message: "first declared here", source: "t.mcpolicy", line: 1, column: 8 }],
      },
    ]);
  });

  it("points a duplicate role's help at the first declaration", () => {
    const result = parse("role a\nrole b\n  role a", "t.mcpolicy");
    expect(result.diagnostics).toMatchObject([
      { code: "E0307", line: 3, column: 8, help: "first declared at t.mcpolicy:1:6; list every included role in one declaration" },
    ]);
  });
});
