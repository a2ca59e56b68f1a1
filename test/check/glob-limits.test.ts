import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { diagnose } from "./helpers.js";

const withResource = (glob: string) => `policy p { allow subject * action * resource ${JSON.stringify(glob)} }`;
const withAction = (glob: string) => `policy p { allow subject * action ${JSON.stringify(glob)} resource * }`;
const withMatches = (glob: string) => `policy p { allow subject * action * resource * when env.a matches ${JSON.stringify(glob)} }`;

describe("glob-limits", () => {
  it("accepts a pattern of exactly 1,024 characters", () => {
    expect(diagnose(withResource("a".repeat(1024)))).toEqual([]);
  });

  it("rejects a pattern of 1,025 characters, in every kind of glob", () => {
    const long = "a".repeat(1025);
    expect(diagnose(withResource(long))).toEqual(["E0404 1:46"]);
    expect(diagnose(withAction(long))).toEqual(["E0404 1:35"]);
    expect(diagnose(withMatches(long))).toEqual(["E0404 1:67"]);
  });

  it("measures the decoded pattern, not the escapes", () => {
    expect(diagnose(withResource("\\".repeat(1000)))).toEqual([]);
  });

  it("accepts 8 `**` and rejects 9", () => {
    expect(diagnose(withResource(Array(8).fill("**").join("/")))).toEqual([]);
    const result = parse(withResource(Array(9).fill("**").join("/")));
    expect(result.diagnostics).toMatchObject([{ code: "E0405", message: expect.stringContaining("has 9 `**`") }]);
  });

  it("accepts 1,000 brace alternatives and rejects 1,001", () => {
    expect(diagnose(withResource("{1..1000}"))).toEqual([]);
    expect(diagnose(withResource("{1..10}{1..100}"))).toEqual([]);
    expect(diagnose(withResource("{1..1001}"))).toEqual(["E0406 1:46"]);
    expect(diagnose(withAction("{a,b,c,d,e,f,g,h,i,j}{1..101}"))).toEqual(["E0406 1:35"]);
  });

  it("rejects thirty `{a,b}` quickly, naming the count", () => {
    const started = performance.now();
    const result = parse(withMatches("{a,b}".repeat(30)));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.diagnostics).toMatchObject([
      { code: "E0406", message: expect.stringContaining("expands to 1073741824 alternatives") },
    ]);
  });

  it("counts nested sets and alphabetic sequences", () => {
    expect(diagnose(withResource("{a..z}{a..z}{a,b}"))).toEqual(["E0406 1:46"]);
    expect(diagnose(withResource("{a,{b,{c,d}}}{1..250}"))).toEqual([]);
    expect(diagnose(withResource("{a,{b,{c,d}}}{1..251}"))).toEqual(["E0406 1:46"]);
  });

  it("treats a quoted `*` as an ordinary, valid glob", () => {
    expect(diagnose(withResource("*"))).toEqual([]);
  });
});
