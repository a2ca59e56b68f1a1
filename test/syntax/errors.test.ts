import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { where } from "./helpers.js";

const GOOD = "policy ok { allow subject * action * resource * }";

describe("parse errors", () => {
  it("report the line and column of the offending token", () => {
    const result = parse("policy p {\n  allow\n  subject *\n  action * *\n  resource *\n}");
    expect(where(result.diagnostics)).toEqual(["E0201 4:12"]);
    expect(result.diagnostics[0]?.message).toBe("expected a clause or `}`, found `*`");
  });

  it("report an unexpected end of input just past the last character", () => {
    const text = "policy p {\n  allow\n";
    const result = parse(text);
    expect(where(result.diagnostics)).toEqual(["E0202 3:1"]);
    expect(result.diagnostics[0]).toMatchObject({ offset: text.length, message: "unexpected end of input, expected a clause or `}`" });
  });

  it("report an end of input after a name without a line break at its end", () => {
    expect(where(parse("role").diagnostics)).toEqual(["E0202 1:5"]);
  });

  it("report several errors in one pass", () => {
    const result = parse(`policy a { alow subject * action * resource * }
policy b { allow subject * action * resouce * }
${GOOD}
policy c { allow subject * action * resource * when env.x == }`);
    expect(where(result.diagnostics)).toEqual(["E0201 1:12", "E0201 2:37", "E0201 4:62"]);
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["ok"]);
  });

  it("report a block left open at the next declaration", () => {
    const result = parse(`policy a { allow subject * action * resource *\n${GOOD}`);
    expect(where(result.diagnostics)).toEqual(["E0201 2:1"]);
    expect(result.diagnostics[0]?.message).toBe("expected a clause or `}`, found `policy`");
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["ok"]);
  });

  it("report stray tokens between declarations and keep the declarations around them", () => {
    const result = parse(`${GOOD}\nfoo bar\nrole r`);
    expect(where(result.diagnostics)).toEqual(["E0201 2:1"]);
    expect(result.diagnostics[0]?.message).toBe("expected `policy` or `role`, found `foo`");
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["ok", "r"]);
  });

  it("report a `role` line inside a policy once, with a hint, and keep recovering inside that policy", () => {
    // It used to end the policy there: a bogus "declared twice" for the role, "expected
    // `policy` or `role`, found `subject`", and a RoleDecl out of the broken block.
    const text = `role admin\npolicy p {\n  allow\n  role admin\n  subject *\n  action x\n  resource *\n}\n${GOOD}`;
    const result = parse(text);
    expect(where(result.diagnostics)).toEqual(["E0201 4:3", "E0201 6:10"]);
    expect(result.diagnostics[0]?.message).toBe("expected a clause or `}`, found `role`");
    expect(result.diagnostics[0]?.help).toMatch(/^roles are declared at top level.*`subject role NAME`/);
    expect(result.ast.declarations.map((d) => `${d.kind} ${d.name.value}`)).toEqual(["RoleDecl admin", "Policy ok"]);
    // Only a `role` line: no RoleDecl comes out of the block.
    const alone = parse("policy p {\n  allow\n  role admin includes b\n  subject * action * resource *\n}\n");
    expect(where(alone.diagnostics)).toEqual(["E0201 3:3"]);
    expect(alone.ast.declarations).toEqual([]);
  });

  it("read a `role` after a block left open as a declaration when no `}` follows before the next one", () => {
    const roles = "role admin\nrole b includes admin\n";
    const open = "policy a { allow subject * action * resource *\n";
    for (const text of [`${open}${roles}${GOOD}`, `${open}${roles}`]) {
      const result = parse(text);
      expect(where(result.diagnostics)).toEqual(["E0201 2:1"]);
      expect(result.diagnostics[0]?.help).toBeUndefined();
      expect(result.ast.declarations.filter((d) => d.kind === "RoleDecl").map((d) => d.name.value)).toEqual(["admin", "b"]);
    }
  });

  it("do not split a declaration at `role` or `policy` used as a member or subject attribute", () => {
    const result = parse(
      "policy p { allow subject role a or role b action * resource * when subject has role and env.policy }",
    );
    expect(result.diagnostics).toEqual([]);
  });

  it("say what an expression may start with", () => {
    const result = parse("policy p { allow subject * action * resource * when }");
    expect(result.diagnostics[0]?.message).toBe("expected an expression, found `}`");
  });

  it("hint at a path root when an expression starts with a bare name", () => {
    const result = parse("policy p { allow subject * action * resource * when department == 1 }");
    expect(result.diagnostics[0]?.help).toContain("`subject`");
  });

  it("allow only literals in a list", () => {
    const result = parse("policy p { allow subject * action * resource * when env.a in [env.b] }");
    expect(result.diagnostics[0]?.message).toBe("expected a literal or `]`, found `env`");
    const second = parse("policy p { allow subject * action * resource * when env.a in [1, env.b] }");
    expect(second.diagnostics[0]?.message).toBe(
      "expected a literal (string, number, `true`, `false` or `null`), found `env`",
    );
  });

  it("ask for `,` or `]` after a list element (a missing comma)", () => {
    expect(parse("policy p { allow subject * action * resource * when env.a in [1 2] }").diagnostics[0]?.message).toBe(
      "expected `,` or `]`, found `2`",
    );
    expect(parse("policy p { allow subject * action * resource * when env.a in [1, 2 }").diagnostics[0]?.message).toBe(
      "expected `,` or `]`, found `}`",
    );
  });

  it("say to remove a trailing comma when the next clause, a `}` or the end follows a `,`", () => {
    // `subject user alice,` then `action` used to get "quote it: `\"action\"`".
    const cases: [string, string, string][] = [
      ["policy p {\n  allow\n  subject user alice,\n  action *\n  resource *\n}", "E0201 4:3", "name"],
      ["policy p { allow subject user alice, } ", "E0201 1:38", "name"],
      ['policy p { allow subject * action "a", resource * }', "E0201 1:40", "pattern"],
      ["policy p { allow subject * action * resource * when env.a in [1, ] }", "E0201 1:66", "value"],
      ["role a includes b,\nrole c", "E0201 2:1", "name"],
      ["role a includes b,", "E0202 1:19", "name"],
    ];
    for (const [text, at, item] of cases) {
      const result = parse(text);
      expect(where(result.diagnostics), text).toEqual([at]);
      expect(result.diagnostics[0]?.help, text).toBe(`a ${item} is missing after \`,\`: remove the trailing comma`);
    }
    // A keyword that cannot end a list is still taken for a name to quote.
    expect(parse("policy p { allow subject user a, user action * resource * }").diagnostics[0]?.help).toBe(
      '`user` is a keyword; to use it as a name, quote it: `"user"`',
    );
  });

  it("name what may follow `subject`", () => {
    const [typo] = parse("policy p { allow subject usr a action * resource * }").diagnostics;
    expect(typo?.message).toBe("expected `*`, `user`, `role` or `group` after `subject`, found `usr`");
    expect(typo?.help).toBe("did you mean `user`?");
    expect(parse('policy p { allow subject "x" action * resource * }').diagnostics[0]?.message).toBe(
      'expected `*`, `user`, `role` or `group` after `subject`, found string `"x"`',
    );
  });

  it("reject a number as a member", () => {
    expect(where(parse("policy p { allow subject * action * resource * when env.a.0 }").diagnostics)).toEqual([
      "E0201 1:59",
    ]);
  });

  it("reject a bracket step that is not a string", () => {
    expect(where(parse("policy p { allow subject * action * resource * when env.a[0] }").diagnostics)).toEqual([
      "E0201 1:59",
    ]);
  });

  it("reject `matches` followed by anything but a string", () => {
    expect(where(parse("policy p { allow subject * action * resource * when env.a matches env.b }").diagnostics)).toEqual([
      "E0201 1:67",
    ]);
  });

  it("reject a comparison chain", () => {
    expect(where(parse("policy p { allow subject * action * resource * when env.a < env.b < env.c }").diagnostics)).toEqual([
      "E0201 1:67",
    ]);
  });

  it("reject a subject alternative without names", () => {
    expect(where(parse("policy p { allow subject role action * resource * }").diagnostics)).toEqual(["E0201 1:31"]);
  });

  it("reject an empty pattern list", () => {
    expect(where(parse("policy p { allow subject * action resource * }").diagnostics)).toEqual(["E0201 1:35"]);
  });
});

describe("keyword hints", () => {
  it.each([
    ["alow", "allow"],
    ["dney", "deny"],
    ["resouce", "resource"],
    ["subjet", "subject"],
    ["prority", "priority"],
    ["wehn", "when"],
  ])("suggests `%s` → `%s` inside a policy block", (typo, keyword) => {
    const result = parse(`policy p { ${typo} }`);
    expect(result.diagnostics[0]?.help).toBe(`did you mean \`${keyword}\`?`);
  });

  it("suggests `policy` for a misspelled declaration keyword", () => {
    expect(parse("polcy p { }").diagnostics[0]?.help).toBe("did you mean `policy`?");
  });

  it("suggests `and` for `adn` after a test", () => {
    const result = parse("policy p { allow subject * action * resource * when env.a adn env.b }");
    expect(result.diagnostics[0]?.help).toBe("did you mean `and`?");
  });

  it("gives no hint for a word far from every keyword", () => {
    expect(parse("policy p { banana }").diagnostics[0]?.help).toBeUndefined();
  });
});

describe("static rules inside parse", () => {
  it("report a missing clause at the policy's name", () => {
    const result = parse("policy\n  missing { allow subject * action * }");
    expect(where(result.diagnostics)).toEqual(["E0301 2:3"]);
    expect(result.diagnostics[0]?.message).toBe("policy `missing` has no `resource` clause");
  });

  it("do not add a missing-clause error to a policy that already has a syntax error", () => {
    expect(parse("policy p { alow subject * action * resource * }").diagnostics.map((d) => d.code)).toEqual(["E0201"]);
  });

  it("leave a policy that breaks a rule out of the AST and keep the others", () => {
    const result = parse(`policy p { allow deny subject * action * resource * }\n${GOOD}`);
    expect(result.ast.declarations.map((d) => d.name.value)).toEqual(["ok"]);
  });
});

describe("input that is not text", () => {
  it.each([
    [undefined, "undefined"],
    [null, "null"],
    [42, "number"],
    [["role a"], "array"],
    [{ text: "role a" }, "object"],
    [Buffer.from("role a"), "object"],
  ])("reports %s as a diagnostic, never throwing", (input, got) => {
    const result = parse(input, "x");
    expect(result.ast.declarations).toEqual([]);
    expect(result.diagnostics).toMatchObject([
      { code: "E0100", message: `policy source must be a string, got ${got}`, source: "x", line: 1, column: 1 },
    ]);
  });

  it("reports a revoked Proxy as an object, never throwing", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(parse(proxy).diagnostics).toMatchObject([{ code: "E0100", message: "policy source must be a string, got object" }]);
  });

  it("ignores a name that is not a string", () => {
    expect(parse("role a", 42 as unknown as string).ast.name).toBe("");
  });
});
