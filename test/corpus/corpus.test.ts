/**
 * The data corpus: every `valid/*.mcpolicy` parses cleanly; every `invalid/NAME.mcpolicy`
 * gives exactly the diagnostics listed in `invalid/NAME.expected.json` (code, line,
 * column, and help or message where given), in order. Add a case by adding two files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { parse, parseChunked } from "../../src/syntax/parse.js";

const dir = (name: string) => new URL(`./${name}/`, import.meta.url);
const cases = (name: string) =>
  readdirSync(dir(name))
    .filter((f) => f.endsWith(".mcpolicy"))
    .sort();

interface Expected {
  code: string;
  line: number;
  column: number;
  help?: string;
  message?: string;
}

describe("valid corpus", () => {
  it.each(cases("valid"))("%s parses and checks cleanly", (file) => {
    const text = readFileSync(new URL(file, dir("valid")), "utf8");
    const result = parse(text, file);
    expect(result.diagnostics).toEqual([]);
    expect(checkPolicySet([result.ast]).diagnostics).toEqual([]);
  });
});

describe("invalid corpus", () => {
  it.each(cases("invalid"))("%s gives the expected diagnostics", (file) => {
    const text = readFileSync(new URL(file, dir("invalid")), "utf8");
    const expected = JSON.parse(
      readFileSync(new URL(file.replace(/\.mcpolicy$/, ".expected.json"), dir("invalid")), "utf8"),
    ) as Expected[];
    const actual = parse(text, file).diagnostics.map((d, i) => {
      const want = expected[i];
      return {
        code: d.code,
        line: d.line,
        column: d.column,
        ...(want?.help !== undefined ? { help: d.help } : {}),
        ...(want?.message !== undefined ? { message: d.message } : {}),
      };
    });
    expect(actual).toEqual(expected);
  });
});

describe("whole corpus", () => {
  it.each([...cases("valid").map((f) => ["valid", f]), ...cases("invalid").map((f) => ["invalid", f])])(
    "%s/%s parses the same when lexed line by line",
    (kind, file) => {
      const text = readFileSync(new URL(file, dir(kind)), "utf8");
      expect(parseChunked(text, file, 1)).toEqual(parse(text, file));
    },
  );
});
