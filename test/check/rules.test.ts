import { describe, expect, it } from "vitest";
import { RULES } from "../../src/check/rules.js";

describe("the rule table", () => {
  const names = RULES.map((r) => r.name);

  it("names each rule once", () => {
    expect(new Set(names).size).toBe(names.length);
  });

  it("keeps its ordering constraints", () => {
    expect(names[0]).toBe("clause-count");
    expect(names.indexOf("glob-limits")).toBeLessThan(names.indexOf("interpolation"));
    expect(names.indexOf("unique-roles")).toBeLessThan(names.indexOf("role-cycles"));
  });
});
