// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy text spells `${subject.PATH}` literally
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { diagnose } from "./helpers.js";

const withResource = (glob: string) => `policy p { allow subject * action * resource ${JSON.stringify(glob)} }`;
const withAction = (glob: string) => `policy p { allow subject * action ${JSON.stringify(glob)} resource * }`;
const withMatches = (glob: string) => `policy p { allow subject * action * resource * when env.a matches ${JSON.stringify(glob)} }`;

describe("interpolation", () => {
  it.each(["tool:${subject.id}", "/home/${subject.org.id}/${subject.id}/**", "$", "a$b", "$}"])(
    "accepts %s in resource patterns and after matches",
    (glob) => {
      expect(diagnose(withResource(glob))).toEqual([]);
      expect(diagnose(withMatches(glob))).toEqual([]);
    },
  );

  it.each(["${subject}", "${env.x}", "${subject.}", "${subject.a b}", "${ subject.id }", "${subject.id", "a${"])(
    "rejects the malformed interpolation %s",
    (glob) => {
      expect(diagnose(withResource(glob))).toEqual(["E0310 1:46"]);
      expect(diagnose(withMatches(glob))).toEqual(["E0310 1:67"]);
    },
  );

  it("rejects any `${` in an action pattern, well-formed or not", () => {
    const result = parse(withAction("tools/${subject.id}"));
    expect(result.diagnostics).toMatchObject([{ code: "E0309", line: 1, column: 35 }]);
    expect(diagnose(withAction("${"))).toEqual(["E0309 1:35"]);
  });

  it("allows `$` alone in an action pattern", () => {
    expect(diagnose(withAction("tools/$call"))).toEqual([]);
  });

  it("checks every pattern of a list", () => {
    expect(diagnose('policy p { allow subject * action * resource "ok", "${bad}", "${subject.id}", "${worse" }')).toEqual([
      "E0310 1:52",
      "E0310 1:79",
    ]);
  });

  it("decodes escapes first: `\\u0024{` is a `${`", () => {
    expect(diagnose('policy p { allow subject * action "\\u0024{x}" resource * }')).toEqual(["E0309 1:35"]);
  });
});
