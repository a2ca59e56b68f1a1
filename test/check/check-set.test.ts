import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import type { Policy, SourceFile } from "../../src/model/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { checkSources } from "./helpers.js";

const P = (name: string, effect = "allow") => `policy ${name} { ${effect} subject * action * resource * }`;

describe("checkPolicySet", () => {
  it("builds the set: policies in set order, then source order, and the roles", () => {
    const { set, diagnostics } = checkSources({
      "b.mcpolicy": `${P("b1")}\nrole editor includes viewer\n${P("b2")}`,
      "a.mcpolicy": `${P("a1")}\nrole admin`,
    });
    expect(diagnostics).toEqual([]);
    expect(set.sources.map((s) => s.name)).toEqual(["b.mcpolicy", "a.mcpolicy"]);
    expect(set.policies.map((p) => p.name.value)).toEqual(["b1", "b2", "a1"]);
    expect([...set.roles.keys()]).toEqual(["editor", "admin"]);
    expect(set.roles.get("editor")?.includes.map((n) => n.value)).toEqual(["viewer"]);
  });

  it("rejects a policy name used in two sources, naming both, and keeps the first", () => {
    const { set, diagnostics } = checkSources({ "one.mcpolicy": P("same"), "two.mcpolicy": P("same", "deny") });
    expect(diagnostics).toMatchObject([
      {
        code: "E0306",
        source: "two.mcpolicy",
        line: 1,
        column: 8,
        related: [{ source: "one.mcpolicy", line: 1, column: 8 }],
      },
    ]);
    expect(diagnostics[0]?.help).toContain("one.mcpolicy:1:8");
    expect(set.policies.map((p) => p.effect)).toEqual(["allow"]);
  });

  it("rejects a role declared in two sources", () => {
    const { set, diagnostics } = checkSources({ "x": "role r includes a", "y": "role r includes b" });
    expect(diagnostics).toMatchObject([{ code: "E0307", source: "y" }]);
    expect(set.roles.get("r")?.includes[0]?.value).toBe("a");
  });

  it("rejects an includes cycle spanning sources and leaves the roles acyclic", () => {
    const { set, diagnostics } = checkSources({ "x": "role a includes b", "y": "role b includes c", "z": "role c includes a" });
    expect(diagnostics).toMatchObject([{ code: "E0308", source: "z", line: 1, column: 17 }]);
    expect([...set.roles.keys()].sort()).toEqual(["a", "b"]);
  });

  it("sorts diagnostics by the order of the sources given", () => {
    const { diagnostics } = checkSources({
      "z": `${P("p")}\nrole r`,
      "a": `role r\n${P("p")}`,
    });
    expect(diagnostics.map((d) => `${d.source}:${d.line}`)).toEqual(["a:1", "a:2"]);
    const again = checkSources({ "a": `role r\n${P("p")}`, "z": `${P("p")}\nrole r` });
    expect(again.diagnostics.map((d) => `${d.source}:${d.line}`)).toEqual(["z:1", "z:2"]);
  });

  it("reads a hand-built file as the JSON AST form: an ill-formed policy keeps the whole file out", () => {
    const good = parse(P("ok")).ast;
    const policy = good.declarations[0] as Policy;
    const bad: Policy = { ...policy, name: { ...policy.name, value: "bad" }, priority: 1.5 };
    const file: SourceFile = { ...good, declarations: [policy, bad] };
    const { set, diagnostics } = checkPolicySet([file]);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E0601", "invalid JSON AST at `/declarations/1/priority`: must be integer"],
    ]);
    expect(set.policies).toEqual([]);
    // The same file without the bad policy, as a plain JSON copy, is accepted.
    const copy = JSON.parse(JSON.stringify({ ...good, declarations: [policy] })) as SourceFile;
    expect(checkPolicySet([copy]).set.policies.map((p) => p.name.value)).toEqual(["ok"]);
  });

  it("never throws on input that is not a list of source files, and never returns junk in a set", () => {
    const junk: unknown[] = [5, null, "policy", [5], [{}], [{ declarations: [5] }], [{ kind: "SourceFile", declarations: [{ kind: "Policy" }] }]];
    for (const files of junk) {
      const { set, diagnostics } = checkPolicySet(files as never);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(set.policies).toEqual([]);
    }
  });

  it("checks an empty set", () => {
    const { set, diagnostics } = checkPolicySet([]);
    expect(diagnostics).toEqual([]);
    expect(set.policies).toEqual([]);
    expect(set.roles.size).toBe(0);
  });
});
