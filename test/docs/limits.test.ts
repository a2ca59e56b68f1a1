import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import { MAX_PRINTED_PER_FILE } from "../../src/cli/print-cap.js";
import { MAX_KEY_LENGTH } from "../../src/compile/subject-reads.js";
import { DEFAULT_MAX_SUBJECTS, KEY_CHARACTERS_PER_SUBJECT, MAX_SUBJECTS_LIMIT } from "../../src/engine.js";
import { MAX_CLASSES } from "../../src/compile/policy-index.js";
import { subjectFromAuthInfo } from "../../src/mcp/index.js";
import { MAX_LISTED_ERRORS } from "../../src/model/error-list.js";
import { GLOB_LIMITS } from "../../src/model/glob.js";
import { MAX_VALUE_DEPTH, SOURCE_LIMITS } from "../../src/model/limits.js";
import { MAX_DIAGNOSTICS } from "../../src/syntax/sink.js";
import { DEFAULT_RUNS } from "../../src/testing/runner.js";
import { TEST_FILE_LIMITS } from "../../src/testing/test-file.js";

/**
 * The numbers the docs state are the numbers the code uses: each documented limit is
 * found in its page's words and compared with the constant, and the boundaries the
 * language reference states (spec §3, §4.1) are checked at the value and one past it.
 */
const doc = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8").replace(/\s+/g, " ");
/** `1,024` → 1024. */
const num = (text: string | undefined) => Number((text ?? "").replace(/,/g, ""));
function stated(path: string, pattern: RegExp): number {
  const match = doc(path).match(pattern);
  expect(match, `${path} states ${pattern}`).not.toBeNull();
  return num(match?.[1]);
}

describe("the numbers in the docs are the constants of src/", () => {
  it("docs/language.md, Limits", () => {
    const MiB = 1024 * 1024;
    expect(stated("docs/language.md", /\| source size \| (\d+) MiB/) * MiB).toBe(SOURCE_LIMITS.maxSourceBytes);
    expect(stated("docs/language.md", /\| one string literal \| (\d+) KiB/) * 1024).toBe(SOURCE_LIMITS.maxStringBytes);
    expect(stated("docs/language.md", /\| expression nesting \(`\(` plus `not`\) \| (\d+) \|/)).toBe(
      SOURCE_LIMITS.maxExpressionDepth,
    );
    expect(stated("docs/language.md", /\| glob length \| ([\d,]+) characters/)).toBe(GLOB_LIMITS.maxLength);
    expect(stated("docs/language.md", /\| `\*\*` in one glob \| (\d+) /)).toBe(GLOB_LIMITS.maxGlobstars);
    expect(stated("docs/language.md", /\| brace-expansion alternatives \| ([\d,]+) \|/)).toBe(
      GLOB_LIMITS.maxBraceAlternatives,
    );
    expect(stated("docs/language.md", /compared by `==` at evaluation \| (\d+) \|/)).toBe(MAX_VALUE_DEPTH);
    expect(stated("docs/language.md", /It lists at most (\d+) errors/)).toBe(MAX_LISTED_ERRORS);
  });

  it("docs/diagnostics.md, E04xx and the cap per source", () => {
    expect(stated("docs/diagnostics.md", /A source reports at most (\d+) diagnostics/)).toBe(MAX_DIAGNOSTICS);
    expect(stated("docs/diagnostics.md", /prints at most (\d+) problems per file/)).toBe(MAX_PRINTED_PER_FILE);
    expect(stated("docs/diagnostics.md", /the limit is (\d+)\)``, at 1:1\. Nothing else/)).toBe(
      SOURCE_LIMITS.maxSourceBytes,
    );
    expect(stated("docs/diagnostics.md", /exactly ([\d,]+) bytes is accepted/)).toBe(SOURCE_LIMITS.maxStringBytes);
    expect(stated("docs/diagnostics.md", /More than (\d+) levels of `\(` plus `not`/)).toBe(
      SOURCE_LIMITS.maxExpressionDepth,
    );
    expect(stated("docs/diagnostics.md", /over ([\d,]+) characters \(UTF-16/)).toBe(GLOB_LIMITS.maxLength);
    expect(stated("docs/diagnostics.md", /A glob with more than (\d+) `\*\*`/)).toBe(GLOB_LIMITS.maxGlobstars);
    expect(stated("docs/diagnostics.md", /more than ([\d,]+) alternatives →/)).toBe(GLOB_LIMITS.maxBraceAlternatives);
    expect(stated("docs/diagnostics.md", /`maxSubjects` not an integer from 0 to ([\d,]+)/)).toBe(MAX_SUBJECTS_LIMIT);
  });

  it("docs/engine.md, the subject cache", () => {
    expect(stated("docs/engine.md", /`maxSubjects`: default ([\d,]+)/)).toBe(DEFAULT_MAX_SUBJECTS);
    expect(stated("docs/engine.md", /an integer from 0 to ([\d,]+); 0 turns the cache off/)).toBe(MAX_SUBJECTS_LIMIT);
    expect(stated("docs/engine.md", /A key is at most ([\d,]+) characters/)).toBe(MAX_KEY_LENGTH);
    expect(stated("docs/engine.md", /total at most ([\d,]+) characters per subject/)).toBe(KEY_CHARACTERS_PER_SUBJECT);
    expect(stated("docs/engine.md", /At most ([\d,]+) classes are made/)).toBe(MAX_CLASSES);
  });

  it("docs/testing.md, generated requests", () => {
    expect(stated("docs/testing.md", /generated requests \(default ([\d,]+) each\)/)).toBe(DEFAULT_RUNS);
    expect(stated("docs/testing.md", /a `runs` that is not an integer from 1 to ([\d,]+)/)).toBe(
      TEST_FILE_LIMITS.maxRuns,
    );
    expect(stated("docs/testing.md", /for this invariant \(an integer from 1 to ([\d,]+)/)).toBe(
      TEST_FILE_LIMITS.maxRuns,
    );
  });
});

describe("maxSubjects takes exactly the documented range, and 0 turns the cache off", () => {
  const text = "policy p { allow subject role a action * resource * }";

  it("accepts 0 and 1,000,000 and refuses one past either end", () => {
    expect(() => compile(text, { maxSubjects: 1_000_000 })).not.toThrow();
    for (const bad of [-1, 1_000_001]) {
      expect(() => compile(text, { maxSubjects: bad })).toThrow(/`maxSubjects` must be an integer from 0 to 1000000/);
    }
    const uncached = compile(text, { maxSubjects: 0 });
    for (let i = 0; i < 3; i++) expect(uncached.isAllowed({ id: "x", roles: ["a"] }, "r", "a")).toBe(true);
    expect(uncached.cachedSubjects).toBe(0);
  });
});

describe("docs/mcp.md: a token's lists and id are bounded as stated, never cut short", () => {
  const listBound = stated("docs/mcp.md", /A list of more than ([\d,]+) entries/);
  const stringBound = stated("docs/mcp.md", /\(or entries longer than ([\d,]+) characters\)/);
  const idBound = stated("docs/mcp.md", /a non-empty string of at most ([\d,]+) characters/);
  const resolve = subjectFromAuthInfo();
  const subjectOf = (extra: Record<string, unknown>) =>
    resolve({ token: "t", clientId: "client", scopes: [], extra }) as { roles?: unknown; id?: unknown } | null;
  const roles = (n: number, length = 2) => Array.from({ length: n }, (_, i) => `r${i}`.padEnd(length, "x"));

  it(`roles: ${listBound} entries of ${stringBound} characters are a list; one more entry or character is malformed`, () => {
    expect(subjectOf({ sub: "a", roles: roles(listBound) })?.roles).toEqual(roles(listBound));
    expect(subjectOf({ sub: "a", roles: roles(1, stringBound) })?.roles).toEqual(roles(1, stringBound));
    expect(Array.isArray(subjectOf({ sub: "a", roles: roles(listBound + 1) })?.roles)).toBe(false);
    expect(Array.isArray(subjectOf({ sub: "a", roles: roles(1, stringBound + 1) })?.roles)).toBe(false);
  });

  it(`an id of ${idBound} characters is the id; one more is a broken identity (every request refused)`, () => {
    expect(subjectOf({ sub: "x".repeat(idBound) })?.id).toBe("x".repeat(idBound));
    expect(subjectOf({ sub: "x".repeat(idBound + 1) })).toBeNull();
  });
});
