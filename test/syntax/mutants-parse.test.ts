/**
 * Tests added by mutation testing of the front end (declaration splitting, parse
 * errors, which declarations the AST keeps): each pins behaviour that a plausible bug
 * changed without any other test noticing.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { where } from "./helpers.js";

describe("`or role NAME` inside a block never starts a declaration (spec §3: subjectAlt)", () => {
  const open = "policy p { allow subject user a or role b action * resource *";

  it("reports a block left open at the end of input just past the last character", () => {
    // Spec §3: an unexpected end of input is reported just past the last character.
    const result = parse(open);
    expect(where(result.diagnostics)).toEqual([`E0202 1:${open.length + 1}`]);
    expect(result.diagnostics[0]?.message).toBe("unexpected end of input, expected a clause or `}`");
  });

  it("reports a block left open before the next policy at that policy, and keeps the next one", () => {
    const result = parse(`${open}\npolicy q { allow subject * action * resource * }`);
    expect(where(result.diagnostics)).toEqual(["E0201 2:1"]);
    expect(result.diagnostics[0]?.message).toBe("expected a clause or `}`, found `policy`");
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["q"]);
  });
});

describe("a lexical error outside a declaration leaves it in the AST", () => {
  it("keeps a policy followed right after its `}` by an unexpected character", () => {
    const text = "policy p { allow subject * action * resource * }@\npolicy q { allow subject * action * resource * }";
    const result = parse(text);
    expect(where(result.diagnostics)).toEqual(["E0101 1:49"]);
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["p", "q"]);
  });

  it("still drops the policy whose last character is the error", () => {
    const text = "policy p { allow subject * action * resource * @}\npolicy q { allow subject * action * resource * }";
    const result = parse(text);
    expect(where(result.diagnostics)).toEqual(["E0101 1:48"]);
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["q"]);
  });
});
