import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { onlyPolicy } from "../syntax/helpers.js";
import { diagnose } from "./helpers.js";

const withPriority = (p: string) => `policy p { allow priority ${p} subject * action * resource * }`;

describe("priority-integer", () => {
  it.each([
    ["0", 0],
    ["-0", -0],
    ["100", 100],
    ["-42", -42],
    ["9007199254740991", 9007199254740991],
    ["-9007199254740991", -9007199254740991],
  ])("accepts the integer %s", (text, value) => {
    expect(onlyPolicy(withPriority(text)).priority).toBe(value);
  });

  it.each(["1.5", "1.0", "-0.0"])("rejects %s, written with a fraction", (text) => {
    const result = parse(withPriority(text));
    expect(result.diagnostics).toMatchObject([{ code: "E0303", line: 1, column: 18, message: `priority \`${text}\` is not an integer` }]);
    expect(result.ast.declarations).toEqual([]);
  });

  it.each(["9007199254740992", "-9007199254740992", "99999999999999999999999"])("rejects %s, beyond ±(2^53 − 1)", (text) => {
    expect(diagnose(withPriority(text))).toEqual(["E0304 1:18"]);
  });
});
