/**
 * errors.ts branches: diagnostics of sources outside the given order sort by source
 * name (after those in it, before none), and a PolicyError made without diagnostics
 * (public constructor) still has a message.
 */
import { describe, expect, it } from "vitest";
import { PolicyError, type ReportedDiagnostic, sortDiagnostics } from "../../src/errors.js";

const at = (source: string | undefined, line = 1): ReportedDiagnostic => ({
  code: "E0100",
  severity: "error",
  message: `${source}:${line}`,
  ...(source === undefined ? {} : { source }),
  line,
  column: 1,
});

describe("sortDiagnostics", () => {
  it("puts sources not in the order after those in it, by code units of their names", () => {
    const sorted = sortDiagnostics(
      [at("zeta"), at("b.mcpolicy"), at("Alpha"), at("a.mcpolicy", 2), at(undefined), at("a.mcpolicy", 1)],
      ["b.mcpolicy", "a.mcpolicy"],
    );
    expect(sorted.map((d) => d.message)).toEqual([
      "undefined:1",
      "b.mcpolicy:1",
      "a.mcpolicy:1",
      "a.mcpolicy:2",
      "Alpha:1",
      "zeta:1",
    ]);
  });

  it("without an order, sorts by source name", () => {
    expect(sortDiagnostics([at("b"), at("a"), at("c")]).map((d) => d.source)).toEqual(["a", "b", "c"]);
  });
});

describe("PolicyError", () => {
  it("made without diagnostics: `invalid policy set`", () => {
    const error = new PolicyError([]);
    expect(error.message).toBe("invalid policy set");
    expect(error.diagnostics).toEqual([]);
    expect(error.name).toBe("PolicyError");
  });

  it("keeps a message given, and a copy of the diagnostics", () => {
    const list = [at("a")];
    const error = new PolicyError(list, "custom");
    expect(error.message).toBe("custom");
    list.push(at("b"));
    expect(error.diagnostics).toHaveLength(1);
  });
});
