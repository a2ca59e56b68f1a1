/**
 * parse.ts's last line of defence: a bug that throws inside the front end (here the
 * static rules, made to throw) fails closed — no declarations, one internal-error
 * diagnostic at 1:1 — whatever was thrown.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const thrown: { value: unknown } = { value: undefined };

vi.mock("../../src/check/run-rules.js", async (original) => {
  const actual = await original<typeof import("../../src/check/run-rules.js")>();
  return {
    ...actual,
    runRules: (...args: Parameters<typeof actual.runRules>) => {
      if (thrown.value !== undefined) throw thrown.value;
      return actual.runRules(...args);
    },
  };
});

const { parse } = await import("../../src/syntax/parse.js");

const SOURCE = "policy p { deny subject * action * resource * }";

afterEach(() => {
  thrown.value = undefined;
});

describe("parse: an exception inside the front end", () => {
  it("without one, the policy parses (the mock is transparent)", () => {
    expect(parse(SOURCE).ast.declarations).toHaveLength(1);
  });

  it("an Error: no declarations, one internal error (E0000) naming it", () => {
    thrown.value = new TypeError("x is not a function");
    const result = parse(SOURCE, "a.mcpolicy");
    expect(result.ast).toMatchObject({ kind: "SourceFile", name: "a.mcpolicy", declarations: [] });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: "E0000", severity: "error", line: 1, column: 1, source: "a.mcpolicy" });
    expect(result.diagnostics[0]?.message).toBe("internal error while parsing: TypeError: x is not a function");
  });

  it("a long message is shortened", () => {
    thrown.value = new Error("y".repeat(1000));
    const message = parse(SOURCE).diagnostics[0]?.message ?? "";
    expect(message.startsWith("internal error while parsing: Error: yyy")).toBe(true);
    expect(message.length).toBeLessThan(260);
  });

  it("a thrown non-Error: `unknown error`", () => {
    thrown.value = "a string";
    const result = parse(SOURCE);
    expect(result.ast.declarations).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toEqual(["internal error while parsing: unknown error"]);
  });
});
