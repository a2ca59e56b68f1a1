// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written literally.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { KEYWORDS } from "../../src/syntax/printer.js";

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Rule[];
  include?: string;
}

const grammar = JSON.parse(await readFile(new URL("../../grammar/mcpolicy.tmLanguage.json", import.meta.url), "utf8")) as {
  scopeName: string;
  fileTypes: string[];
  patterns: Rule[];
  repository: Record<string, Rule>;
};

function allRules(): Rule[] {
  const rules: Rule[] = [];
  const visit = (rule: Rule) => {
    rules.push(rule);
    for (const child of rule.patterns ?? []) visit(child);
  };
  for (const rule of [...grammar.patterns, ...Object.values(grammar.repository)]) visit(rule);
  return rules;
}

/** The scope of the first rule (in `repository` key order) whose `match` matches `text` whole. */
function scopeOf(text: string): string | undefined {
  for (const rule of allRules()) {
    if (rule.match !== undefined && rule.name !== undefined && new RegExp(`^(?:${rule.match})$`).test(text)) return rule.name;
  }
  return undefined;
}

describe("grammar/mcpolicy.tmLanguage.json", () => {
  it("names the scope source.mcpolicy for .mcpolicy files", () => {
    expect(grammar.scopeName).toBe("source.mcpolicy");
    expect(grammar.fileTypes).toEqual(["mcpolicy"]);
  });

  it("has only regexes that compile", () => {
    const sources = allRules().flatMap((r) => [r.match, r.begin, r.end].filter((s): s is string => s !== undefined));
    expect(sources.length).toBeGreaterThan(20);
    for (const source of sources) expect(() => new RegExp(source)).not.toThrow();
  });

  it("includes only rules that exist", () => {
    for (const rule of allRules()) {
      if (rule.include?.startsWith("#")) expect(Object.hasOwn(grammar.repository, rule.include.slice(1))).toBe(true);
    }
  });

  it("highlights every keyword of the language", () => {
    for (const keyword of KEYWORDS) expect(scopeOf(keyword), keyword).toBeDefined();
  });

  it("highlights comments, numbers, interpolations and operators", () => {
    expect(scopeOf("# a comment")).toBe("comment.line.number-sign.mcpolicy");
    expect(scopeOf("// a comment")).toBe("comment.line.double-slash.mcpolicy");
    expect(scopeOf("-12.5")).toBe("constant.numeric.mcpolicy");
    expect(scopeOf("${subject.org.id}")).toBe("meta.interpolation.mcpolicy");
    expect(scopeOf(">=")).toBe("keyword.operator.comparison.mcpolicy");
    expect(scopeOf("\\u00e9")).toBe("constant.character.escape.mcpolicy");
  });

  it("captures a policy's name, bare or quoted", () => {
    const header = grammar.repository["policy-header"]?.patterns ?? [];
    expect(header.some((r) => new RegExp(r.match ?? "$^").exec("policy admins {")?.[2] === "admins")).toBe(true);
    expect(header.some((r) => new RegExp(r.match ?? "$^").exec('policy "read-tools" {')?.[2] === '"read-tools"')).toBe(true);
  });
});
