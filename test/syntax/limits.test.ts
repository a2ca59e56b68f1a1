import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { compile } from "../../src/engine.js";
import { policyWith, where } from "./helpers.js";

describe("source size limit (8 MiB of UTF-8)", () => {
  it("rejects a 9 MiB source before lexing it", () => {
    const text = `# ${"x".repeat(9 * 1024 * 1024)}`;
    const started = performance.now();
    const result = parse(text, "big.mcpolicy");
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.diagnostics).toMatchObject([{ code: "E0401", line: 1, column: 1, source: "big.mcpolicy" }]);
    expect(result.ast.declarations).toEqual([]);
  });

  it("counts UTF-8 bytes, not characters", () => {
    // 3 MiB of "é" is 6 MiB of UTF-8; 5 MiB of it is 10 MiB.
    expect(parse(`# ${"é".repeat(3 * 1024 * 1024)}`).diagnostics).toEqual([]);
    expect(parse(`# ${"é".repeat(5 * 1024 * 1024)}`).diagnostics.map((d) => d.code)).toEqual(["E0401"]);
  });

  it("accepts a source of exactly 8 MiB", () => {
    const text = `#${"x".repeat(8 * 1024 * 1024 - 1)}`;
    expect(parse(text).diagnostics).toEqual([]);
  });
});

describe("string literal limit (64 KiB of raw UTF-8 between the quotes)", () => {
  it("rejects a 70 KiB string at its opening quote", () => {
    const result = parse(policyWith(`when env.x == "${"a".repeat(70 * 1024)}"`));
    expect(where(result.diagnostics)).toEqual(["E0402 6:17"]);
    expect(result.ast.declarations).toEqual([]);
  });

  it("accepts a string of exactly 64 KiB between its quotes, and refuses one byte more", () => {
    const result = parse(policyWith(`when env.x == "${"a".repeat(64 * 1024)}"`));
    expect(result.diagnostics).toEqual([]);
    const over = parse(policyWith(`when env.x == "${"a".repeat(64 * 1024 + 1)}"`));
    expect(over.diagnostics.map((d) => [d.code, d.message])).toEqual([["E0402", "string literal is too long (65537 bytes; the limit is 65536)"]]);
    // multi-byte: 21,845 "€" are 65,535 bytes, one more "a" reaches the limit exactly, two pass it
    expect(parse(policyWith(`when env.x == "${"€".repeat(21845)}a"`)).diagnostics).toEqual([]);
    expect(parse(policyWith(`when env.x == "${"€".repeat(21845)}aa"`)).diagnostics.map((d) => d.code)).toEqual(["E0402"]);
  });

  it("counts the raw text: escapes count as written", () => {
    // 22,000 `\u00e9` escapes are 132,000 raw bytes but decode to 22,000 characters.
    const result = parse(policyWith(`when env.x == "${"\\u00e9".repeat(22000)}"`));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0402"]);
  });

  it("counts multi-byte characters as their UTF-8 bytes", () => {
    // 30,000 "€" are 90,000 bytes of UTF-8.
    expect(parse(policyWith(`when env.x == "${"€".repeat(30000)}"`)).diagnostics.map((d) => d.code)).toEqual(["E0402"]);
  });
});

describe("expression nesting limit (64)", () => {
  const parens = (n: number) => `${"(".repeat(n)}env.a${")".repeat(n)}`;
  const nots = (n: number) => `${"not ".repeat(n)}env.a`;

  it("accepts exactly 64 parentheses", () => {
    expect(parse(policyWith(`when ${parens(64)}`)).diagnostics).toEqual([]);
  });

  it("rejects 65 parentheses at the 65th", () => {
    expect(where(parse(policyWith(`when ${parens(65)}`)).diagnostics)).toEqual(["E0403 6:72"]);
  });

  it("accepts exactly 64 `not` and rejects 65", () => {
    expect(parse(policyWith(`when ${nots(64)}`)).diagnostics).toEqual([]);
    expect(parse(policyWith(`when ${nots(65)}`)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
  });

  it("counts parentheses and `not` together", () => {
    expect(parse(policyWith(`when ${"not (".repeat(32)}env.a${")".repeat(32)}`)).diagnostics).toEqual([]);
    const deeper = `when ${"not (".repeat(32)}not env.a${")".repeat(32)}`;
    expect(parse(policyWith(deeper)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
  });

  it("closes a `not` at `and`/`or`: siblings do not add up", () => {
    const wide = Array.from({ length: 200 }, () => "not env.a").join(" and ");
    expect(parse(policyWith(`when ${wide}`)).diagnostics).toEqual([]);
    const groups = Array.from({ length: 50 }, () => parens(60)).join(" or ");
    expect(parse(policyWith(`when ${groups}`)).diagnostics).toEqual([]);
  });

  it("keeps a `not` open across a parenthesized operand", () => {
    // not ( ... 64 ... ) is 65 levels inside.
    expect(parse(policyWith(`when not ${parens(64)}`)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
  });

  it("gives one diagnostic, not a stack overflow, for 100,000 `(`", () => {
    const result = parse(policyWith(`when ${"(".repeat(100_000)}`));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0403"]);
    expect(result.ast.declarations).toEqual([]);
  });

  it("gives one diagnostic for 100,000 `not`", () => {
    const result = parse(policyWith(`when ${"not ".repeat(100_000)}true`));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0403"]);
  });

  it("keeps checking the policies after a too-deep one", () => {
    const text = `${policyWith(`when ${parens(100)}`, "deep")}\n${policyWith("when env.ok", "fine")}`;
    const result = parse(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0403"]);
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["fine"]);
  });

  it("does not let a keyword used as a member reset the count", () => {
    // `env.when`, `env.and`, `has unless`: member names, not the keywords that end an
    // expression or close a `not` — else any depth reached the recursive parser.
    const split = (member: string) => `${"(".repeat(40)}env.${member} == ${"(".repeat(40)}true${")".repeat(80)}`;
    for (const member of ["when", "policy", "unless", "allow", "role", "priority"])
      expect(parse(policyWith(`when ${split(member)}`)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
    for (const member of ["and", "or"])
      expect(parse(policyWith(`when ${"not ".repeat(40)}env.${member} == (${"not ".repeat(40)}true)`)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
    const has = `${"(".repeat(40)}(subject has unless) == ${"(".repeat(40)}true${")".repeat(80)}`;
    expect(parse(policyWith(`when ${has}`)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
    // The case that used to overflow the parser's stack: a clear E0403, and compile refuses it.
    const deep = `${`${"(".repeat(50)}env.when == `.repeat(16)}true${")".repeat(800)}`;
    expect(parse(policyWith(`when ${deep}`)).diagnostics.map((d) => d.code)).toEqual(["E0403"]);
    expect(() => compile(policyWith(`when ${deep}`))).toThrow(/nested too deeply/);
  });

  it("does not count a member named `not` as a level", () => {
    const chain = `env${".not".repeat(100)} == 1`;
    expect(parse(policyWith(`when ${chain}`)).diagnostics).toEqual([]);
    expect(parse(policyWith(`when subject has not and ${nots(64)}`)).diagnostics).toEqual([]);
  });

  it("handles deep `[` without recursion", () => {
    const result = parse(policyWith(`when env.a in ${"[".repeat(100_000)}`));
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.length).toBeLessThanOrEqual(201);
  });
});

/** How long `parse` takes on `text`, with its result. */
function time(text: string) {
  const started = performance.now();
  const result = parse(text);
  return { ms: performance.now() - started, result };
}

describe("error flood", () => {
  it("caps the diagnostics of one source and says how many more there were", () => {
    const result = parse("@ ".repeat(1000));
    expect(result.diagnostics).toHaveLength(201);
    expect(result.diagnostics[200]).toMatchObject({ code: "E0499", message: "too many errors; 800 more not shown" });
  });

  it("stops parsing once the diagnostics are full, and says where", () => {
    // Each `role role` is a syntax error whose recovery costs tens of µs: 8 MiB took ~40 s.
    const lexical = time("@ ".repeat(1_000_000));
    const syntax = time("role ".repeat(400_000));
    expect(syntax.result.diagnostics).toHaveLength(201);
    expect(syntax.result.diagnostics[200]).toMatchObject({ code: "E0499", message: "too many errors; parsing stopped at line 1" });
    expect(syntax.ms / (lexical.ms + 1)).toBeLessThan(10);
    // What follows the stop is not parsed: no declaration of a source with errors is used anyway.
    const after = parse(`${"role\n".repeat(300)}policy p { allow subject * action * resource * }`);
    expect(after.diagnostics.at(-1)?.message).toBe("too many errors; parsing stopped at line 201");
    expect(after.ast.declarations).toEqual([]);
  });

  it("bounds error recovery inside one declaration: junk costs about what lexing it does", () => {
    // Each recovery walks the grammar's follow sets: 60,000 dots in one condition took 4 s.
    const lexical = time("@ ".repeat(200_000));
    const dots = time(policyWith(`when env${".".repeat(60_000)}`));
    expect(dots.result.diagnostics).toHaveLength(51);
    expect(dots.result.diagnostics.find((d) => d.code === "E0499")?.message).toBe(
      "this declaration has too many errors, or is too large to recover from one: the rest of it was not checked",
    );
    expect(dots.ms / (lexical.ms + 1)).toBeLessThan(10);
    // A huge declaration is not recovered at all (resynchronizing scanned it again and again).
    const nested = time(policyWith(`when env.a in [${"[".repeat(400_000)}`));
    expect(nested.result.diagnostics.map((d) => d.code)).toEqual(["E0201", "E0499"]);
    expect(nested.ms / (lexical.ms + 1)).toBeLessThan(20);
    // Further declarations are parsed with recovery again.
    const next = parse(`${policyWith(`when env${".".repeat(100)}`)}\npolicy q { allow subject * action * resource * when env.a == 1 2 }`);
    expect(next.diagnostics.some((d) => d.message.includes("found `2`"))).toBe(true);
  });

  it("still leaves out a declaration whose lexical error did not make the list", () => {
    const text = `${"@ ".repeat(300)}\npolicy p { allow subject * action * resource * when env.a = 1 }`;
    const result = parse(text);
    expect(result.diagnostics.at(-1)?.code).toBe("E0499");
    expect(result.diagnostics.some((d) => d.code === "E0102")).toBe(false);
    expect(result.ast.declarations).toEqual([]);
  });

  it.each([
    ["a string with raw tabs", `"${"a\t".repeat(1_000_000)}`],
    ["an unterminated string", `"${"a".repeat(2_000_000)}`],
    ["a string of escapes", `"${"\\n".repeat(1_000_000)}"`],
    ["a single-quoted string", `'${"a".repeat(2_000_000)}`],
    ["unknown characters", "@".repeat(2_000_000)],
    ["non-ASCII characters", "é".repeat(2_000_000)],
    ["dashes", "-".repeat(2_000_000)],
    ["slashes", "/ ".repeat(1_000_000)],
    ["one huge identifier", "a".repeat(2_000_000)],
    ["one huge number", "1".repeat(2_000_000)],
  ])("handles 2 MB of %s without a stack overflow or a hang", (_, text) => {
    const started = performance.now();
    const result = parse(text);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.length).toBeLessThanOrEqual(201);
    expect(result.diagnostics.every((d) => d.code !== "E0000")).toBe(true);
  });

  it("stays fast on a megabyte of random punctuation", () => {
    const junk = Array.from({ length: 1_000_000 }, (_, i) => "{}[](),.*<>=!&|\"'#\n"[(i * 7919) % 19]).join("");
    const started = performance.now();
    parse(junk);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
