import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CODES } from "../../src/syntax/codes.js";

describe("diagnostic codes", () => {
  const docs = readFileSync(new URL("../../docs/diagnostics.md", import.meta.url), "utf8");
  const documented = [...docs.matchAll(/^### (E\d{4}) /gm)].map((m) => m[1]);

  it("are unique", () => {
    const codes = Object.values(CODES);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("are each documented in docs/diagnostics.md, and nothing else is", () => {
    expect([...documented].sort()).toEqual(Object.values(CODES).sort());
  });
});
