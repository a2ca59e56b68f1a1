import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import type { Policy, SourceFile } from "../../src/model/ast.js";
import { parse } from "../../src/syntax/parse.js";

const SOURCE = 'policy p {\n  allow\n  subject *\n  action *\n  resource "tool:*"\n}\n';

/** A copy of the parsed file whose policy's resource pattern is over the length limit. */
function withLongPattern(file: SourceFile): SourceFile {
  const policy = file.declarations[0] as Policy;
  const resource = policy.resource;
  if (resource.kind !== "PatternList") throw new Error("expected patterns");
  const pattern = { ...resource.patterns[0], value: "x".repeat(2000) } as (typeof resource.patterns)[number];
  const edited: Policy = { ...policy, resource: { ...resource, patterns: [pattern] } };
  return { ...file, declarations: [edited] };
}

describe("checkPolicySet and policies parse already checked", () => {
  it("skips nothing by default: an edited AST is re-checked", () => {
    const edited = withLongPattern(parse(SOURCE, "a.mcpolicy").ast);
    const { set, diagnostics } = checkPolicySet([edited]);
    expect(diagnostics.map((d) => d.code)).toEqual(["E0404"]);
    expect(set.policies).toEqual([]);
  });

  it("with trustParsed, still checks every policy parse did not build itself", () => {
    const edited = withLongPattern(parse(SOURCE, "a.mcpolicy").ast);
    const { diagnostics } = checkPolicySet([edited], { trustParsed: true });
    expect(diagnostics.map((d) => d.code)).toEqual(["E0404"]);
  });

  it("with trustParsed, still runs the cross-source rules", () => {
    const a = parse(SOURCE, "a.mcpolicy").ast;
    const b = parse(SOURCE, "b.mcpolicy").ast;
    const { diagnostics, set } = checkPolicySet([a, b], { trustParsed: true });
    expect(diagnostics.map((d) => d.code)).toEqual(["E0306"]);
    expect(set.policies.map((p) => p.name.value)).toEqual(["p"]);
  });
});
