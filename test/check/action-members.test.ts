import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { diagnose } from "./helpers.js";

const withWhen = (e: string) => `policy p { allow subject * action * resource * when ${e} }`;

describe("action-members", () => {
  it("accepts `action` itself in any position", () => {
    expect(diagnose(withWhen('action == "tools/call" and action matches "tools/*" and ["a"] contains action'))).toEqual([]);
  });

  it("accepts members named `action` on other roots", () => {
    expect(diagnose(withWhen('resource.action == env.action and subject["action"] == 1'))).toEqual([]);
  });

  it("rejects `action.x`", () => {
    const result = parse(withWhen("action.name == 1"));
    expect(result.diagnostics).toMatchObject([
      { code: "E0305", line: 1, column: 53, message: "`action` has no members, found `action.name`" },
    ]);
    expect(result.ast.declarations).toEqual([]);
  });

  it('rejects `action["x"]`, however deep in the condition', () => {
    expect(diagnose(withWhen('env.a or not (env.b and action["x"] has y)'))).toEqual(["E0305 1:77"]);
  });

  it("reports each offending path", () => {
    expect(diagnose(withWhen("action.a == action.b"))).toEqual(["E0305 1:53", "E0305 1:65"]);
  });
});
