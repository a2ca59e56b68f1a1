import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { parse } from "../../src/syntax/parse.js";
import { printSourceFile } from "../../src/syntax/printer.js";

const dir = new URL("../../policies/", import.meta.url);
const names = (await readdir(dir)).filter((n) => n.endsWith(".mcpolicy")).sort();
const sources = await Promise.all(names.map(async (name) => ({ name, text: await readFile(new URL(name, dir), "utf8") })));

describe("the example policies in policies/", () => {
  it("are several files", () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
  });

  it.each(sources)("$name parses without diagnostics", ({ name, text }) => {
    expect(parse(text, name).diagnostics).toEqual([]);
  });

  it("form a policy set without cross-file problems", () => {
    const { set, diagnostics } = checkPolicySet(sources.map(({ name, text }) => parse(text, name).ast));
    expect(diagnostics).toEqual([]);
    expect(set.policies.length).toBeGreaterThanOrEqual(15);
    expect([...set.roles.keys()].sort()).toEqual(["admin", "analyst", "dba", "editor", "viewer"]);
  });

  it("decide every MCP method protect decides an item by (lists follow these: no list policy, lint W0812)", () => {
    const all = sources.map((s) => s.text).join("\n");
    for (const method of ["tools/call", "resources/read", "prompts/get"]) {
      expect(all).toContain(`"${method}"`);
    }
  });

  it.each(sources)("$name has no policy whose canonical print differs only by comments", ({ name, text }) => {
    // Without comments the print is a prefix-free rearrangement: every policy line is kept.
    const printed = printSourceFile(parse(text, name).ast);
    const code = text
      .split("\n")
      .filter((line) => !/^\s*(#|\/\/)/.test(line) && line.trim() !== "")
      .join("\n");
    expect(printed.split("\n").filter((l) => l.trim() !== "").join("\n")).toBe(code);
  });
});
