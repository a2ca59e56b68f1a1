import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";

const policy = (resource: string, when = "") =>
  `policy p {\n  allow\n  subject *\n  action *\n  resource ${JSON.stringify(resource)}\n${when}}\n`;

describe("glob-syntax rule", () => {
  it("rejects a resource glob minimatch cannot build, at the pattern", () => {
    const { diagnostics } = parse(policy(",[[:alpha:]]"), "g.mcpolicy");
    expect(diagnostics).toMatchObject([{ code: "E0311", line: 5, column: 12 }]);
  });

  it("rejects such a glob after matches and in interpolated patterns", () => {
    const inMatches = parse(policy("tool:*", '  when env.x matches ",[[:alpha:]]"\n'));
    expect(inMatches.diagnostics.map((d) => d.code)).toEqual(["E0311"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's `${`, not a JS template
    const interpolated = parse(policy("${subject.id},[[:alpha:]]"));
    expect(interpolated.diagnostics.map((d) => d.code)).toEqual(["E0311"]);
  });

  it("accepts ordinary globs, POSIX classes and lone brackets", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's `${`, not a JS template
    for (const glob of ["tool:*", "a/**", "[[:alpha:]]x", "[", "x[[:foo:]]", "{a,b}/?", "/home/${subject.id}/**"]) {
      expect(parse(policy(glob)).diagnostics).toEqual([]);
    }
  });
});
