/**
 * Test-file problems are reported where they are: a JSON syntax error at the line and
 * column of the position the parser names (or, when it names none, the one a scan of
 * the text finds); a bad key or value at that key or value. Unknown keys get "did you
 * mean". `mcpolicy test` frames them as `mcpolicy check` frames policy errors, with no
 * blank lines between one-line diagnostics.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { jsonSyntaxErrorOffset, lineColumnAt, loadTestFile, scanJson } from "../../src/testing/test-file.js";
import { fakeIO } from "../helpers/fake-io.js";

function load(text: string) {
  return loadTestFile(JSON.parse(text), "t.test.json", text).diagnostics.map((d) => [d.line, d.column, d.message]);
}

describe("loadTestFile with the text", () => {
  it("places an unknown key at the key, with a suggestion", () => {
    const text = '{\n  "examples": [],\n  "invarints": []\n}\n';
    expect(load(text)).toEqual([[3, 3, "unknown key `invarints` in the test file; did you mean `invariants`?"]]);
    const inner = '{"invariants": [\n {"name": "a", "never": "allow",\n  "given": {"subjet": {}}, "wehre": "true"}]}';
    expect(load(inner)).toEqual([
      [3, 28, "unknown key `wehre` in `invariants[0]`; did you mean `where`?"],
      [3, 13, "unknown key `subjet` in `invariants[0].given`; did you mean `subject`?"],
    ]);
    const example = '{"examples": [{"name": "a", "subjct": {}, "resource": "r", "action": "x", "expect": "allow"}]}';
    expect(load(example)).toEqual([
      [1, 29, "unknown key `subjct` in `examples[0]`; did you mean `subject`?"],
      [1, 15, "`examples[0]` needs `subject`"],
    ]);
    // Nothing close: no suggestion.
    expect(load('{"examples": [], "zzzzzz": 1}')[0]?.[2]).toBe("unknown key `zzzzzz` in the test file");
  });

  it("places a bad value at the value, a duplicate name at the second one, end column included", () => {
    const text = '{\n  "examples": [\n    {"name": "a", "subject": {}, "resource": "r", "action": "x", "expect": "alow"}\n  ],\n  "invariants": [{"name": "a", "never": "allow", "runs": 0}]\n}';
    expect(load(text)).toEqual([
      [3, 76, "`examples[0].expect` must be `allow`, `deny` or `notapplicable`"],
      [5, 58, "`invariants[0].runs` must be an integer from 1 to 10000000"],
      [5, 27, "two tests are named `a`"],
    ]);
    const [first] = loadTestFile(JSON.parse(text), "t.test.json", text).diagnostics;
    expect(first).toMatchObject({ line: 3, column: 76, endLine: 3, endColumn: 82 });
  });

  it("a key with escapes, CRLF and CR line ends, a duplicate key (the last one, as JSON.parse)", () => {
    expect(load('{\r\n"examples": [],\r\n"a\\u0062c": 1}')).toEqual([[3, 1, "unknown key `abc` in the test file"]]);
    expect(load('{\r"examples": [],\r"abc": 1}')).toEqual([[3, 1, "unknown key `abc` in the test file"]]);
    expect(load('{"examples": 1,\n "examples": 2}')).toEqual([[2, 14, "`examples` must be an array of at most 10000 cases"]]);
  });

  it("without the text, 1:1 as before", () => {
    expect(loadTestFile({ invarints: [] }, "t.test.json").diagnostics).toMatchObject([{ line: 1, column: 1 }]);
  });
});

describe("the JSON scan", () => {
  it("finds the error where V8 says it is, when V8 says", () => {
    const bad = [
      '{"a": 1,}',
      '{"a" 1}',
      '{"a": 1 "b": 2}',
      "[1, 2",
      '{"a": "x\ny"}',
      '{"a": "\\q"}',
      '{"a": "\\u12g4"}',
      "[1] x",
      "[01]",
      "[1.]",
      "[-]",
      "[1e]",
      "[1e+]",
      "[--1]",
      "[1.e5]",
      "[1.5x]",
      '{\n  "examples": [\n    {\n      "name": "x", "subject": {},, "resource": "r"\n    }\n  ]\n}\n',
      "",
      "   ",
      "[tru]",
      "{,}",
      "[1,]",
    ];
    for (const text of bad) {
      let message = "";
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, text).not.toBe("");
      const found = jsonSyntaxErrorOffset(text);
      expect(found, text).not.toBeNull();
      const v8 = /at position (\d+)/.exec(message);
      if (v8 !== null) expect(found, `${text}: ${message}`).toBe(Number(v8[1]));
      else if (/end of JSON input/.test(message)) expect(found, text).toBe(text.length);
    }
  });

  it("accepts what JSON.parse accepts, and a deeply nested document without overflowing", () => {
    for (const text of ['{"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"], "b": {}}', "[]", ' "s" ', "0"]) {
      expect(jsonSyntaxErrorOffset(text), text).toBeNull();
    }
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    expect(jsonSyntaxErrorOffset(deep)).toBeNull();
    expect(scanJson(deep)).not.toBeNull();
  });

  it("counts lines as code frames do", () => {
    expect(lineColumnAt("ab\r\ncd\ref\ngh", 11)).toEqual({ line: 4, column: 2 });
    expect(lineColumnAt("abc", 0)).toEqual({ line: 1, column: 1 });
  });
});

async function dirWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-locations-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return root;
}

const POLICY = 'policy read { allow subject * action "tools/call" resource "tool:read_*" }\n';

describe("mcpolicy test on invalid test files", () => {
  it("reports invalid JSON at the line and column of the parser's position, with a code frame", async () => {
    const text = '{\n  "examples": [\n    {\n      "name": "x", "subject": {},, "resource": "r"\n    }\n  ]\n}\n';
    const root = await dirWith({ "p.mcpolicy": POLICY, "t.test.json": text });
    const io = fakeIO();
    expect(await main(["test", root], io)).toBe(1);
    expect(io.stderr()).toContain(`${join(root, "t.test.json")}:4:34: the test file is not valid JSON: Expected double-quoted property name in JSON at position 57 [E0901]`);
    expect(io.stderr()).toContain('> 4 |       "name": "x", "subject": {},, "resource": "r"\n');
    // A message without a position (Node 20's "Unexpected token"): placed by the scan.
    const tru = await dirWith({ "p.mcpolicy": POLICY, "t.test.json": '{\n  "examples": [ { "name": tru } ]\n}\n' });
    const other = fakeIO();
    expect(await main(["test", tru], other)).toBe(1);
    expect(other.stderr()).toMatch(/t\.test\.json:2:30: the test file is not valid JSON: /);
  });

  it("frames several problems apart, and prints one-line ones without blank lines between them", async () => {
    const text = '{\n  "invarints": [],\n  "examples": [{"name": "a", "subjet": {}, "resource": "r", "action": "x", "expect": "allow"}]\n}\n';
    const root = await dirWith({ "p.mcpolicy": POLICY, "t.test.json": text });
    const io = fakeIO();
    expect(await main(["test", root], io)).toBe(1);
    const file = join(root, "t.test.json");
    expect(io.stderr()).toContain(`${file}:2:3: unknown key \`invarints\` in the test file; did you mean \`invariants\`? [E0901]\n`);
    expect(io.stderr()).toContain(`${file}:3:30: unknown key \`subjet\` in \`examples[0]\`; did you mean \`subject\`? [E0901]\n`);
    // Blocks with frames are separated by one blank line, as `mcpolicy check` prints them.
    expect(io.stderr()).toMatch(/\|\s+\^+\n {2}3 \| [^\n]*\n\n\S/);
    // Files whose problem has no place (not UTF-8): one line each, no blank line between.
    const latin1 = await dirWith({ "p.mcpolicy": POLICY, "a.test.json": "", "b.test.json": "" });
    await writeFile(join(latin1, "a.test.json"), Buffer.from([0x7b, 0xe9, 0x7d]));
    await writeFile(join(latin1, "b.test.json"), Buffer.from([0x7b, 0xe9, 0x7d]));
    const two = fakeIO();
    expect(await main(["test", latin1], two)).toBe(1);
    expect(two.stderr()).toBe(
      `${join(latin1, "a.test.json")}:1:1: file is not valid UTF-8 text [E0003]\n${join(latin1, "b.test.json")}:1:1: file is not valid UTF-8 text [E0003]\n✖ 2 errors in 2 files; no test was run\n`,
    );
  });
});
