// biome-ignore-all lint/suspicious/noTemplateCurlyInString: policy text spells `${subject.PATH}` literally
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { codes, exprOf, onlyPolicy, parseClean, policyWith, where } from "./helpers.js";

describe("identifiers and keywords", () => {
  it("reads a word that merely starts with a keyword as an identifier", () => {
    const ast = parseClean("role policyx includes allowed, deny_all");
    expect(ast.declarations[0]).toMatchObject({
      kind: "RoleDecl",
      name: { value: "policyx" },
      includes: [{ value: "allowed" }, { value: "deny_all" }],
    });
  });

  it("rejects a keyword used as a name and suggests quoting it", () => {
    const result = parse("role user");
    expect(where(result.diagnostics)).toEqual(["E0201 1:6"]);
    expect(result.diagnostics[0]?.help).toContain('`"user"`');
  });

  it("accepts a quoted keyword as a name", () => {
    expect(parseClean('role "user"').declarations[0]).toMatchObject({ name: { value: "user" } });
  });

  it("reads any word after a dot as a member, keywords included", () => {
    expect(exprOf("env.user == resource.action")).toEqual({
      kind: "Compare",
      op: "==",
      left: { kind: "Path", root: "env", members: ["user"] },
      right: { kind: "Path", root: "resource", members: ["action"] },
    });
    expect(exprOf("subject.policy.when.not.in")).toEqual({
      kind: "Path",
      root: "subject",
      members: ["policy", "when", "not", "in"],
    });
  });

  it("keeps case: `Allow` is an identifier, not the keyword", () => {
    expect(codes("policy p { Allow subject * action * resource * }")).toEqual(["E0201"]);
  });
});

describe("strings", () => {
  it("decodes JSON escapes", () => {
    expect(exprOf(String.raw`env.x == "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"`)).toMatchObject({
      right: { kind: "Literal", value: 'a"b\\c/d\b\f\n\r\t\u00e9\u{1f600}' },
    });
  });

  it("keeps `$` and `${` ordinary outside patterns", () => {
    expect(exprOf('env.x == "${subject.id}"')).toMatchObject({ right: { value: "${subject.id}" } });
  });

  it("rejects an invalid escape at the backslash", () => {
    const result = parse(policyWith(String.raw`when env.x == "a\qb"`));
    expect(where(result.diagnostics)).toEqual(["E0105 6:19"]);
    expect(result.diagnostics[0]?.message).toBe("invalid escape `\\q` in string");
  });

  it("rejects a short \\u escape, its range ending at the last hex digit (not the closing quote)", () => {
    expect(codes(policyWith(String.raw`when env.x == "\u12"`))).toEqual(["E0105"]);
    const [d] = parse(String.raw`policy p { allow subject * action * resource "x\u12" }`).diagnostics;
    expect(d?.message).toBe("invalid escape `\\u12` in string");
    expect([d?.column, d?.endColumn]).toEqual([48, 52]);
  });

  it("rejects a raw control character inside a string", () => {
    const result = parse(policyWith('when env.x == "a\tb"'));
    expect(where(result.diagnostics)).toEqual(["E0106 6:19"]);
    expect(result.diagnostics[0]?.message).toBe("raw control character U+0009 in string");
  });

  it("rejects an unterminated string at its opening quote", () => {
    const result = parse('policy "p {\n allow\n}');
    expect(result.diagnostics[0]).toMatchObject({ code: "E0104", line: 1, column: 8 });
  });

  it("rejects a single-quoted string with a hint", () => {
    const result = parse(policyWith("when env.x == 'a'"));
    expect(where(result.diagnostics)).toEqual(["E0108 6:17"]);
    expect(result.diagnostics[0]?.help).toContain("double quotes");
  });

  it("leaves out the policy holding a malformed string", () => {
    expect(parse(policyWith(String.raw`when env.x == "\q"`)).ast.declarations).toEqual([]);
  });
});

describe("numbers", () => {
  it.each([
    ["0", 0],
    ["-0", -0],
    ["42", 42],
    ["-17", -17],
    ["3.25", 3.25],
    ["-0.5", -0.5],
  ])("reads %s", (text, value) => {
    expect(exprOf(`env.n == ${text}`)).toMatchObject({ right: { kind: "Literal", value } });
  });

  it.each(["01", "1.", "1e5", "1.5e3", "12abc", "-01", "0x10"])("rejects the malformed number %s", (text) => {
    const result = parse(policyWith(`when env.n == ${text}`));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0107"]);
    expect(result.diagnostics[0]?.message).toBe(`malformed number \`${text}\``);
  });

  it("reads a number written against a keyword as the number and the keyword (spec §2, longest token first)", () => {
    expect(exprOf("env.n == 1and env.m == 2.5or env.k in [3]")).toMatchObject({
      kind: "Or",
      operands: [
        { kind: "And", operands: [{ right: { value: 1 } }, { right: { value: 2.5 } }] },
        { kind: "In" },
      ],
    });
    expect(parse(policyWith("when env.n == 1and")).diagnostics.map((d) => d.code)).not.toContain("E0107");
  });

  it("rejects a well-spelled number too large for a double (it would read as Infinity)", () => {
    const huge = `1${"0".repeat(400)}`;
    const result = parse(policyWith(`when env.n == ${huge}`));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0107"]);
    expect(result.diagnostics[0]?.message).toMatch(/^number `1000.*` is too large$/);
    expect(result.ast.declarations).toEqual([]);
    expect(exprOf(`env.n == 1${"0".repeat(300)}`)).toMatchObject({ right: { value: 1e300 } });
  });

  it("explains a leading zero", () => {
    expect(parse(policyWith("when env.n == 007")).diagnostics[0]?.help).toBe("numbers have no leading zeros");
  });
});

describe("whitespace and comments", () => {
  it("skips `#` and `//` comments to the end of the line", () => {
    const ast = parseClean("# one\nrole a // two\n// three\nrole b # four");
    expect(ast.declarations.map((d) => d.name.value)).toEqual(["a", "b"]);
  });

  it("ends a comment at a lone CR", () => {
    expect(parseClean("# one\rrole a").declarations).toHaveLength(1);
  });

  it("accepts tabs, CR and LF as whitespace", () => {
    expect(parseClean("role\ta\r\nrole\rb\n").declarations).toHaveLength(2);
  });

  it("ignores a leading byte-order mark", () => {
    expect(parseClean("\ufeffrole a").declarations).toHaveLength(1);
  });

  it("rejects a byte-order mark anywhere else", () => {
    expect(where(parse("role a \ufeff").diagnostics)).toEqual(["E0101 1:8"]);
  });

  it("rejects a single slash", () => {
    expect(parse("role a / b").diagnostics[0]).toMatchObject({ code: "E0101", help: "comments start with `#` or `//`" });
  });
});

describe("punctuation and operators", () => {
  it.each(["==", "!=", "<", "<=", ">", ">="])("reads the comparison %s", (op) => {
    expect(exprOf(`env.a ${op} 1`)).toMatchObject({ kind: "Compare", op });
  });

  it("reads operators written without spaces", () => {
    expect(exprOf("env.a<=1")).toMatchObject({ kind: "Compare", op: "<=" });
  });

  it("suggests `==` for `=`", () => {
    const result = parse(policyWith("when env.a = 1"));
    expect(where(result.diagnostics)).toEqual(["E0102 6:14"]);
    expect(result.diagnostics[0]?.help).toBe("did you mean `==`?");
  });

  it("reports a stray `=` once, and says to remove it where no comparison can stand", () => {
    for (const text of ["policy p { allow priority = 5 subject * action * resource * }", "policy p = { allow subject * action * resource * }"]) {
      const result = parse(text);
      expect(result.diagnostics.map((d) => d.code), text).toEqual(["E0102"]);
      expect(result.diagnostics[0]?.help).toBe("remove it: clauses and policy names take no `=` (`priority 5`)");
    }
    // `===`: one `=` too many, reported once.
    expect(parse(policyWith("when env.a === 1")).diagnostics.map((d) => d.code)).toEqual(["E0102"]);
  });

  it("suggests the operator an extra `=` follows (`!==` → `!=`) and goes on without it", () => {
    // `!==` used to get "did you mean `==`?".
    for (const [op, meant] of [
      ["!==", "!="],
      ["===", "=="],
      ["<==", "<="],
      [">==", ">="],
    ]) {
      const result = parse(policyWith(`when env.a ${op} 1 and env.b == x`));
      expect(where(result.diagnostics), op).toEqual(["E0102 6:16", "E0201 6:33"]);
      expect(result.diagnostics[0]?.help).toBe(`did you mean \`${meant}\`?`);
    }
  });

  it("reports `=~` once and suggests `matches`", () => {
    // It used to be two errors: "did you mean `==`?" and an unexpected `~`.
    const result = parse(policyWith('when env.a =~ "x*"'));
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column, d.endColumn, d.message])).toEqual([["E0102", 6, 14, 16, "unexpected `=~`"]]);
    expect(result.diagnostics[0]?.help).toMatch(/^did you mean `matches`\?/);
    // What follows the `~` is still reported.
    expect(where(parse(policyWith('when env.a =~@ "x"')).diagnostics)).toEqual(["E0102 6:14", "E0101 6:16"]);
  });

  it("reports `=!` once and suggests `!=`", () => {
    // It used to be two errors: "did you mean `==`?" and "did you mean `not`?".
    const result = parse(policyWith("when env.a =! 1 and env.b == x"));
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column, d.endColumn, d.message, d.help])).toEqual([
      ["E0102", 6, 14, 16, "unexpected `=!`", "did you mean `!=`?"],
      ["E0201", 6, 32, 33, "expected an expression, found `x`", expect.any(String)],
    ]);
  });

  it("does not report a syntax error that only echoes a lexical one", () => {
    for (const text of ["policy é { allow subject * action * resource * }", policyWith("when env.a / 1"), 'policy p { allow subject * action * resource "abc }']) {
      expect(parse(text).diagnostics.map((d) => d.code), text).toHaveLength(1);
    }
    // An unrelated syntax error in the same declaration is still reported.
    expect(parse(policyWith("when env.a = 1 and env.b == == 2")).diagnostics.map((d) => d.code)).toEqual(["E0102", "E0201"]);
  });

  it("still reports an unexpected end after dropped characters: what they hide may not be all that is missing", () => {
    expect(where(parse("role é").diagnostics)).toEqual(["E0101 1:6", "E0202 1:7"]);
    // The missing `}` of the first policy is reported in the same pass as the stray `@`.
    const text = "policy a {\n  allow\n  subject *\n  action *\n  resource *\n@\npolicy b { allow subject * action * resource * }";
    expect(where(parse(text).diagnostics)).toEqual(["E0101 6:1", "E0201 7:1"]);
  });

  it.each([
    ["&&", "and"],
    ["||", "or"],
  ])("suggests the keyword for %s", (op, word) => {
    const result = parse(policyWith(`when env.a == 1 ${op} env.b == 2`));
    expect(result.diagnostics.map((d) => [d.code, d.help])).toEqual([["E0103", `did you mean \`${word}\`?`]]);
  });

  it("suggests `not` for `!`", () => {
    const result = parse(policyWith("when !env.a"));
    expect(result.diagnostics.map((d) => [d.code, d.help])).toEqual([["E0103", "did you mean `not`?"]]);
  });

  it("reports a run of unknown characters once", () => {
    const result = parse("role a @@@ ~");
    expect(where(result.diagnostics)).toEqual(["E0101 1:8", "E0101 1:12"]);
    expect(result.diagnostics[0]?.message).toBe("unexpected characters `@@@`");
  });

  it("keeps the patterns of an action clause, bare `*` apart from a quoted one", () => {
    const policy = onlyPolicy('policy p { allow subject * action "*" resource * }');
    expect(policy.action).toMatchObject({ kind: "PatternList", patterns: [{ value: "*" }] });
    expect(policy.resource.kind).toBe("AnyPattern");
  });
});
