import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { sourceFileFromJson } from "../../src/schema/ast-json.js";
import { parse } from "../../src/syntax/parse.js";

const doc = await readFile(new URL("../../docs/language.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] ?? "", text: m[2] ?? "" }));
/** Untagged blocks that start with a declaration are whole sources. */
const sources = blocks.filter((b) => b.lang === "" && /^(#[^\n]*\n)*(policy|role) /.test(b.text));

describe("docs/language.md", () => {
  it("has whole-source examples", () => {
    expect(sources.length).toBeGreaterThanOrEqual(4);
  });

  it.each(sources.map((s, i) => [i, s.text] as const))("example %i parses without diagnostics", (_, text) => {
    expect(parse(text, "doc").diagnostics).toEqual([]);
  });

  it("shows a JSON form that the schema and the static rules accept", () => {
    const json = blocks.filter((b) => b.lang === "json");
    expect(json.length).toBe(1);
    const result = sourceFileFromJson(JSON.parse(json[0]?.text ?? "null"), "doc.json");
    expect(result.diagnostics).toEqual([]);
  });
});

const CLAUSE = /^(subject|action|resource|when|unless|priority) /;
const PATH = /^(subject|resource|action|env)[.[]/;
/** Lines of untagged fragment blocks that are single clauses, wrapped into a whole policy. */
const clauseLines = blocks
  .filter((b) => b.lang === "" && !sources.includes(b))
  .flatMap((b) => b.text.split("\n"))
  .filter((line) => CLAUSE.test(line))
  .concat(
    blocks
      .filter((b) => b.lang === "")
      .flatMap((b) => b.text.split("\n"))
      .filter((line) => PATH.test(line))
      .map((line) => `when ${line.replace(/^(\S+)/, "$1 == 1")}`),
  );

describe("docs/language.md clause examples", () => {
  it("are many", () => {
    expect(clauseLines.length).toBeGreaterThanOrEqual(20);
  });

  it.each(clauseLines)("`%s` parses inside a policy", (line) => {
    const fill = ["subject", "action", "resource"].filter((c) => !line.startsWith(c)).map((c) => `${c} *`);
    const text = `policy p {\n  allow\n  ${fill.join("\n  ")}\n  ${line}\n}\n`;
    expect(parse(text, "doc").diagnostics).toEqual([]);
  });
});

describe("docs/language.md worked example", () => {
  const start = doc.indexOf("Worked example. The set:");
  const open = doc.indexOf("```\n", start) + 4;
  const { set } = checkPolicySet([parse(doc.slice(open, doc.indexOf("```", open)), "worked").ast]);
  const alice = { id: "alice", roles: ["editor"], groups: ["oncall"] };
  const env = { hour: 22, arguments: { path: "/home/alice/notes.txt" } };

  it("allows on-call alice through own-home-only and reports the break-glass error", () => {
    expect(evaluateReference(set, alice, "tool:write_file", "tools/call", env)).toEqual({
      allowed: true,
      effect: "allow",
      policy: "own-home-only",
      errors: [{ policy: "break-glass", message: "missing attribute subject.break_glass" }],
    });
  });

  it("denies alice without on-call through the after-hours policy, also when the hour is missing", () => {
    const off = { ...alice, groups: [] };
    expect(evaluateReference(set, off, "tool:write_file", "tools/call", env)).toEqual({
      allowed: false,
      effect: "deny",
      policy: "no-writes-after-hours",
      errors: [],
    });
    expect(evaluateReference(set, off, "tool:write_file", "tools/call", { arguments: env.arguments })).toMatchObject({
      effect: "deny",
      policy: "no-writes-after-hours",
    });
  });
});
