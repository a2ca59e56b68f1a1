/**
 * W0809 in comments: a comment ends only at CR or LF (spec §1), but an editor may show a
 * line separator as a line break — the policy after it then looks in force and is not —
 * and bidi controls reorder what is displayed ("Trojan Source"). Lint reads comments
 * from the source texts, which only the caller (the CLI) has.
 */
import { describe, expect, it } from "vitest";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { compile } from "../../src/engine.js";

const OPEN = "policy open { allow subject role staff action * resource \"tool:*\" }\n";

function hiddenFindings(text: string, withTexts = true) {
  const set = compile([{ name: "a.mcpolicy", text }]).policySet;
  const texts = withTexts ? new Map([["a.mcpolicy", text]]) : new Map<string, string>();
  return lintPolicySet(set, null, texts)
    .filter((f) => f.code === "W0809")
    .map((f) => ({ line: f.line, column: f.column, message: f.message }));
}

describe("W0809 hidden characters in comments", () => {
  it("finds a line separator that makes a commented-out deny look in force", () => {
    const text = `${OPEN}# note\u2028policy "deny-all" { deny subject * action * resource * }\n`;
    // The deny is commented out: the set holds one policy only.
    expect(compile(text).policySet.policies).toHaveLength(1);
    expect(hiddenFindings(text)).toEqual([
      { line: 2, column: 7, message: "a comment holds an invisible or bidirectional-control character (U+2028)" },
    ]);
  });

  it.each([
    ["U+2029", "\u2029"],
    ["U+0085", "\u0085"],
    ["U+202E", "\u202e"],
    ["U+2066", "\u2066"],
    ["U+200B", "\u200b"],
  ])("finds %s in a // comment, at its column", (code, char) => {
    expect(hiddenFindings(`${OPEN}  // x${char}y\n`)).toEqual([
      { line: 2, column: 7, message: `a comment holds an invisible or bidirectional-control character (${code})` },
    ]);
  });

  it("reports each comment once, at its first hidden character", () => {
    const text = `# a\u202eb\u2028c\n${OPEN}# d\u200be\n`;
    expect(hiddenFindings(text).map((f) => `${f.line}:${f.column}`)).toEqual(["1:4", "3:4"]);
  });

  it("leaves tabs and ordinary text in comments alone, and does not read strings as comments", () => {
    const text = `#\tindented note, é ü 日本\n${OPEN.replace("tool:*", "tool:#not-a-comment")}`;
    expect(hiddenFindings(text)).toEqual([]);
  });

  it("reads no comment without the source texts (the AST holds none)", () => {
    expect(hiddenFindings(`${OPEN}# note\u2028x\n`, false)).toEqual([]);
  });
});
