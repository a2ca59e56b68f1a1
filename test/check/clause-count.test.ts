import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { diagnose, kept } from "./helpers.js";

describe("clause-count", () => {
  it("accepts a policy with exactly one of each clause and no priority", () => {
    expect(diagnose("policy p { allow subject * action * resource * }")).toEqual([]);
  });

  it("accepts any number of when/unless clauses", () => {
    expect(diagnose("policy p { allow subject * action * resource * when env.a when env.b unless env.c unless env.d }")).toEqual([]);
  });

  it("rejects a policy without an effect, at its name", () => {
    const result = parse("policy p { subject * action * resource * }");
    expect(result.diagnostics).toMatchObject([
      { code: "E0301", line: 1, column: 8, message: "policy `p` has no effect (`allow` or `deny`)", help: "add `allow` or `deny`" },
    ]);
  });

  it.each(["subject", "action", "resource"])("rejects a policy without a `%s` clause", (clause) => {
    const body = ["allow", "subject *", "action *", "resource *"].filter((c) => !c.startsWith(clause)).join(" ");
    const result = parse(`policy "my p" { ${body} }`);
    expect(result.diagnostics).toMatchObject([
      { code: "E0301", line: 1, column: 8, message: `policy \`my p\` has no \`${clause}\` clause` },
    ]);
  });

  it("reports every missing clause of an empty policy", () => {
    expect(diagnose("policy p { }")).toEqual(["E0301 1:8", "E0301 1:8", "E0301 1:8", "E0301 1:8"]);
  });

  it("rejects both effects, at the second, naming the first", () => {
    const result = parse("policy p { allow subject * action * resource * deny }");
    expect(result.diagnostics).toMatchObject([
      { code: "E0302", line: 1, column: 48, message: "policy `p` has more than one effect", related: [{ line: 1, column: 12 }] },
    ]);
  });

  it("rejects the same effect twice", () => {
    expect(diagnose("policy p { allow allow subject * action * resource * }")).toEqual(["E0302 1:18"]);
  });

  it.each([
    ["subject", "subject user a"],
    ["action", 'action "x"'],
    ["resource", 'resource "y"'],
    ["priority", "priority 2"],
  ])("rejects a second `%s` clause", (clause, extra) => {
    const result = parse(`policy p { allow priority 1 subject * action * resource * ${extra} }`);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E0302", `policy \`p\` has more than one \`${clause}\` clause`],
    ]);
  });

  it("leaves the rejected policy out of the AST", () => {
    expect(kept("policy p { allow subject * action * } policy q { deny subject * action * resource * }")).toEqual(["q"]);
  });
});
