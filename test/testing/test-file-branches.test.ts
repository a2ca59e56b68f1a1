/**
 * loadTestFile's checks that the other tests do not reach: every shape of a bad file,
 * case, name, effect list, `given`, `where`, action/resource list — each a diagnostic
 * placed at the key or value at fault, the file refused (`file: null`), never a throw —
 * and the JSON scan's ends (an unterminated string, a document deeper than the paths
 * it records, a text that does not parse).
 */
import { describe, expect, it } from "vitest";
import { jsonSyntaxErrorOffset, lineColumnAt, loadTestFile, scanJson } from "../../src/testing/test-file.js";

/** [line, column, message] of each diagnostic for the file `text`, placed in it. */
function load(text: string) {
  const { file, diagnostics } = loadTestFile(JSON.parse(text), "t.test.json", text);
  if (diagnostics.length > 0) expect(file).toBeNull();
  return diagnostics.map((d) => [d.line, d.column, d.message]);
}

/** The column where `needle` starts in a one-line `text`. */
const col = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  return at + 1;
};

const EXAMPLE = '"subject": {}, "resource": "r", "action": "x", "expect": "allow"';

describe("loadTestFile, the file itself", () => {
  it("refuses a document that is not a plain JSON object, placed at its start", () => {
    const message = "a test file must be a JSON object with `examples` and/or `invariants`";
    expect(load("[]")).toEqual([[1, 1, message]]);
    expect(load("  null")).toEqual([[1, 3, message]]);
    expect(load('"x"')).toEqual([[1, 1, message]]);
    // A value that is not a plain object (a class instance) is refused too, from the API.
    expect(loadTestFile(new Map(), "t").diagnostics.map((d) => d.message)).toEqual([message]);
    expect(loadTestFile(new Date(0), "t").file).toBeNull();
  });

  it("takes an object without a prototype (Object.create(null)), as JSON.parse's reviver can give", () => {
    const value = Object.assign(Object.create(null), {
      examples: [{ name: "a", subject: {}, resource: "r", action: "x", expect: "allow" }],
    });
    const { file, diagnostics } = loadTestFile(value, "t");
    expect(diagnostics).toEqual([]);
    expect(file?.examples.map((e) => e.name)).toEqual(["a"]);
  });

  it("refuses a `schema` that is not a string, and `invariants` that is not a list", () => {
    const text = `{"schema": 5, "invariants": {}, "examples": [{"name": "a", ${EXAMPLE}}]}`;
    expect(load(text)).toEqual([
      [1, col(text, "5"), "`schema` must be a path (string)"],
      [1, col(text, "{}, "), "`invariants` must be an array of at most 10000 invariants"],
    ]);
  });

  it("refuses more than 10,000 invariants", () => {
    const invariants = Array.from({ length: 10_001 }, (_, k) => ({ name: `i${k}`, never: "allow" }));
    const { file, diagnostics } = loadTestFile({ invariants }, "t");
    expect(file).toBeNull();
    expect(diagnostics.map((d) => d.message)).toEqual(["`invariants` must be an array of at most 10000 invariants"]);
  });
});

describe("loadTestFile, cases that are not objects or have bad names", () => {
  it("refuses an example or an invariant that is not an object, at its place", () => {
    const text = '{"examples": [5], "invariants": ["x"]}';
    expect(load(text)).toEqual([
      [1, col(text, "5"), "`examples[0]` must be an object"],
      [1, col(text, '"x"'), "`invariants[0]` must be an object"],
    ]);
  });

  it("a missing name is placed at the case, a bad one at the name; a non-string name is no duplicate", () => {
    const long = "n".repeat(201);
    const text = `{"invariants": [{"never": "allow"}, {"name": "", "never": "allow"}, {"name": "${long}", "never": "deny"}, {"name": 5, "never": "allow"}, {"name": 5, "never": "allow"}]}`;
    const message = (k: number) => `\`invariants[${k}].name\` must be a non-empty string of at most 200 characters`;
    expect(load(text)).toEqual([
      [1, col(text, '{"never"'), message(0)],
      [1, col(text, '""'), message(1)],
      [1, col(text, `"${long}"`), message(2)],
      [1, col(text, "5"), message(3)],
      [1, text.lastIndexOf("5") + 1, message(4)],
    ]);
  });

  it("takes a name of exactly 200 characters", () => {
    const name = "n".repeat(200);
    expect(loadTestFile({ invariants: [{ name, never: "allow" }] }, "t").file?.invariants[0]?.name).toBe(name);
  });
});

describe("loadTestFile, examples", () => {
  it("refuses a `policy` that is neither a name nor null", () => {
    const text = `{"examples": [{"name": "a", ${EXAMPLE}, "policy": 5}]}`;
    expect(load(text)).toEqual([[1, col(text, "5}"), "`examples[0].policy` must be a policy name or null"]]);
  });
});

describe("loadTestFile, invariants", () => {
  it("refuses effects that are not allow/deny/notapplicable or a non-empty list of them", () => {
    const text =
      '{"invariants": [{"name": "a", "never": "maybe"}, {"name": "b", "always": []}, {"name": "c", "never": ["allow", 3]}, {"name": "d", "never": {}}]}';
    expect(load(text)).toEqual([
      [1, col(text, '"maybe"'), "`invariants[0].never` must be `allow`, `deny`, `notapplicable` or a list of them"],
      [1, col(text, "[]"), "`invariants[1].always` must be `allow`, `deny`, `notapplicable` or a list of them"],
      [
        1,
        col(text, '["allow", 3]'),
        "`invariants[2].never` must be `allow`, `deny`, `notapplicable` or a list of them",
      ],
      [1, col(text, "{}}"), "`invariants[3].never` must be `allow`, `deny`, `notapplicable` or a list of them"],
    ]);
  });

  it("refuses a `given` that is not an object, or a part of it that is not one", () => {
    const text =
      '{"invariants": [{"name": "a", "never": "allow", "given": []}, {"name": "b", "never": "allow", "given": {"subject": 5, "env": {"hour": 1}}}]}';
    expect(load(text)).toEqual([
      [1, col(text, "[]"), "`invariants[0].given` must be an object with `subject`, `resource` and/or `env`"],
      [1, col(text, "5,"), "`invariants[1].given.subject` must be an object"],
    ]);
  });

  it("refuses a `where` that is not a non-empty string of at most 4096 characters", () => {
    const long = "t".repeat(4097);
    const text = `{"invariants": [{"name": "a", "never": "allow", "where": 5}, {"name": "b", "never": "allow", "where": ""}, {"name": "c", "never": "allow", "where": "${long}"}]}`;
    const message = (k: number) => `\`invariants[${k}].where\` must be a condition of at most 4096 characters`;
    expect(load(text)).toEqual([
      [1, col(text, "5}"), message(0)],
      [1, col(text, '""'), message(1)],
      [1, col(text, `"${long}"`), message(2)],
    ]);
  });

  it("refuses an action or resource that is not a string or a non-empty list of non-empty strings", () => {
    const text =
      '{"invariants": [{"name": "a", "never": "allow", "action": [], "resource": 5}, {"name": "b", "never": "allow", "action": [""], "resource": ["r", 1]}]}';
    expect(load(text)).toEqual([
      [1, col(text, "[]"), "`invariants[0].action` must be a string or a non-empty list of strings"],
      [1, col(text, "5}"), "`invariants[0].resource` must be a string or a non-empty list of strings"],
      [1, col(text, '[""]'), "`invariants[1].action` must be a string or a non-empty list of strings"],
      [1, col(text, '["r", 1]'), "`invariants[1].resource` must be a string or a non-empty list of strings"],
    ]);
    // At most 1024 characters each.
    const over = loadTestFile({ invariants: [{ name: "a", never: "allow", action: "x".repeat(1025) }] }, "t");
    expect(over.diagnostics.map((d) => d.message)).toEqual([
      "`invariants[0].action` must be a string or a non-empty list of strings",
    ]);
    const at = loadTestFile({ invariants: [{ name: "a", never: "allow", action: "x".repeat(1024) }] }, "t");
    expect(at.file?.invariants[0]?.actions).toEqual(["x".repeat(1024)]);
  });
});

describe("loadTestFile, `where` conditions that do not parse", () => {
  /** [column, endColumn, message] of the one diagnostic of an invariant whose `where` is `condition`. */
  function where(condition: string) {
    const text = JSON.stringify({ invariants: [{ name: "a", never: "allow", where: condition }] });
    const { file, diagnostics } = loadTestFile(JSON.parse(text), "t", text);
    expect(file).toBeNull();
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    return { text, start: text.indexOf(JSON.stringify(condition)) + 2, d };
  }

  it("a condition cut short: an error with no end, placed at the end of the condition", () => {
    const { start, d } = where("(");
    expect(d?.code).toBe("E0902");
    expect(d?.message).toBe("`invariants[0].where`: expected an expression, found the end of the condition");
    // After the `(`, where the condition ended; no end column.
    expect([d?.column, d?.endColumn]).toEqual([start + 1, undefined]);
  });

  it("keeps the parser's `found }` when the condition itself holds a `}`", () => {
    const { start, d } = where("true }");
    expect(d?.message).toBe("`invariants[0].where`: expected `policy` or `role`, found `}`");
    expect(d?.column).toBe(start + "true }".length);
  });

  it("more than one condition (`when … when …`) is not a single condition, the whole text marked", () => {
    const { start, d } = where("true when false");
    expect(d?.message).toBe("`invariants[0].where`: not a single condition");
    expect([d?.column, d?.endColumn]).toEqual([start, start + "true when false".length]);
  });
});

describe("the JSON scan's ends", () => {
  it("an unterminated string is a syntax error at the end of the text; no spots", () => {
    expect(jsonSyntaxErrorOffset('{"a": "abc')).toBe(10);
    expect(scanJson('{"a": "abc')).toBeNull();
    expect(jsonSyntaxErrorOffset('"')).toBe(1);
  });

  it("without spots (a text that does not parse), problems are placed at 1:1", () => {
    const { diagnostics } = loadTestFile({ invarints: [] }, "t", '{"invarints": [');
    expect(diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, "unknown key `invarints` in the test file; did you mean `invariants`?"],
    ]);
  });

  it("records keys no deeper than four segments, values one deeper; a deep document still scans", () => {
    const spots = scanJson('{"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}');
    expect(spots).not.toBeNull();
    expect(spots?.keys.size).toBe(4);
    expect(spots?.values.size).toBe(5);
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(jsonSyntaxErrorOffset(deep)).toBeNull();
  });

  it("lineColumnAt of an offset past the end is the end", () => {
    expect(lineColumnAt("ab\ncd", 99)).toEqual({ line: 2, column: 3 });
    expect(lineColumnAt("ab", -5)).toEqual({ line: 1, column: 1 });
  });
});
