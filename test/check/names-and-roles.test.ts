import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { diagnose, kept } from "./helpers.js";

const P = (name: string) => `policy ${name} { allow subject * action * resource * }`;

describe("unique-policy-names", () => {
  it("accepts distinct names, quoted or not", () => {
    expect(diagnose(`${P("a")}\n${P('"b"')}\n${P('"a "')}`)).toEqual([]);
  });

  it("rejects a second policy of the same name, naming both places", () => {
    const result = parse(`${P("a")}\n${P('"a"')}`, "t.mcpolicy");
    expect(result.diagnostics).toMatchObject([
      {
        code: "E0306",
        line: 2,
        column: 8,
        message: "policy `a` is declared twice",
        related: [{ message: "first declared here", source: "t.mcpolicy", line: 1, column: 8 }],
      },
    ]);
    expect(result.ast.declarations).toHaveLength(1);
  });

  it("compares names exactly (case matters)", () => {
    expect(diagnose(`${P("a")}\n${P("A")}`)).toEqual([]);
  });

  it("counts a policy that breaks another rule as declared", () => {
    expect(diagnose(`policy a { allow subject * action * }\n${P("a")}`)).toEqual(["E0301 1:8", "E0306 2:8"]);
  });
});

describe("unique-roles", () => {
  it("rejects a role declared twice, keeping the first", () => {
    const result = parse("role a includes b\nrole a includes c");
    expect(result.diagnostics).toMatchObject([{ code: "E0307", line: 2, column: 6, related: [{ line: 1, column: 6 }] }]);
    expect(result.ast.declarations).toMatchObject([{ includes: [{ value: "b" }] }]);
  });

  it("lets a role and a policy share a name", () => {
    expect(diagnose(`role a\n${P("a")}`)).toEqual([]);
  });
});

describe("role-cycles", () => {
  it("accepts includes of undeclared roles and diamonds", () => {
    expect(diagnose("role a includes b, c\nrole b includes d\nrole c includes d\nrole x includes nobody")).toEqual([]);
  });

  it("rejects a role that includes itself", () => {
    const result = parse("role a includes a");
    expect(result.diagnostics).toMatchObject([{ code: "E0308", line: 1, column: 17, message: "role `a` includes itself: `a → a`" }]);
    expect(result.ast.declarations).toEqual([]);
  });

  it("rejects a longer cycle at the include that closes it", () => {
    const result = parse("role a includes b\nrole b includes c\nrole c includes a");
    expect(result.diagnostics).toMatchObject([
      { code: "E0308", line: 3, column: 17, message: "role `c` includes itself: `c → a → b → c`" },
    ]);
    expect(kept("role a includes b\nrole b includes c\nrole c includes a")).toEqual(["a", "b"]);
  });

  it("reports each independent cycle", () => {
    expect(diagnose("role a includes b\nrole b includes a\nrole x includes y\nrole y includes x")).toEqual([
      "E0308 2:17",
      "E0308 4:17",
    ]);
  });

  it("handles a chain of 50,000 roles without recursion and shortens the message", () => {
    const n = 50_000;
    const lines = Array.from({ length: n }, (_, i) => `role r${i} includes r${(i + 1) % n}`);
    const result = parse(lines.join("\n"));
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.message.length).toBeLessThan(200);
  });
});
