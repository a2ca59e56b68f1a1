// biome-ignore-all lint/suspicious/noTemplateCurlyInString: inputs spell the language's own `${subject.PATH}` interpolation
import { describe, expect, it } from "vitest";
import { compile, PolicyError, parse } from "../../src/index.js";

/**
 * docs/diagnostics.md shows, for each front-end code, an input and the message (and
 * often the help) it gets. Each pair is pinned here as the page writes it.
 */
const ANY = "policy p { allow subject * action * resource * ";
const when = (condition: string) => `${ANY}when ${condition} }`;

/** [code, input, message, help (undefined: not checked)] */
const EXAMPLES: readonly (readonly [string, unknown, string, string?])[] = [
  ["E0100", 42, "policy source must be a string, got number"],
  ["E0101", "role a @", "unexpected character `@`"],
  ["E0101", "role a @@@", "unexpected characters `@@@`"],
  ["E0101", "role a /", "unexpected character `/`", "comments start with `#` or `//`"],
  ["E0101", "role a -", "unexpected character `-`", "a `-` must be followed by digits"],
  ["E0102", when("env.a = 1"), "unexpected `=`", "did you mean `==`?"],
  ["E0102", when("env.a !== 1"), "unexpected `=`", "did you mean `!=`?"],
  ["E0102", when("env.a =! 1"), "unexpected `=!`", "did you mean `!=`?"],
  ["E0103", when("env.a && env.b"), "unexpected `&&`", "did you mean `and`?"],
  ["E0103", when("env.a || env.b"), "unexpected `||`", "did you mean `or`?"],
  ["E0103", when("!env.a"), "unexpected `!`", "did you mean `not`?"],
  ["E0104", 'policy "p {', "unterminated string"],
  ["E0105", when('env.a == "a\\qb"'), "invalid escape `\\q` in string"],
  ["E0106", when('env.a == "a\tb"'), "raw control character U+0009 in string", "write it as an escape, e.g. `\\u0009`"],
  ["E0107", when("env.a == 01"), "malformed number `01`"],
  ["E0108", when("env.a == 'admin'"), "single-quoted string `'admin'`"],
  [
    "E0201",
    "policy p { alow subject * action * resource * }",
    "expected a clause or `}`, found `alow`",
    "did you mean `allow`?",
  ],
  ["E0202", "policy p { allow", "unexpected end of input, expected a clause or `}`"],
  [
    "E0301",
    "policy p { allow subject * action * }",
    "policy `p` has no `resource` clause",
    "add `resource *` to apply to every resource",
  ],
  ["E0301", "policy p { subject * action * resource * }", "policy `p` has no effect (`allow` or `deny`)"],
  ["E0302", "policy p { allow deny subject * action * resource * }", "policy `p` has more than one effect"],
  ["E0303", `${ANY}priority 1.5 }`, "priority `1.5` is not an integer"],
  ["E0303", `${ANY}priority 1.0 }`, "priority `1.0` is not an integer"],
  ["E0304", `${ANY}priority 9007199254740992 }`, "priority `9007199254740992` is out of range"],
  ["E0305", when('action.name == "x"'), "`action` has no members, found `action.name`"],
  [
    "E0309",
    'policy p { allow subject * action "tools/${subject.id}" resource * }',
    "action pattern `tools/${subject.id}` contains `${`",
  ],
  [
    "E0310",
    'policy p { allow subject * action * resource "home/${subject}" }',
    "malformed interpolation in pattern `home/${subject}`",
  ],
  ["E0401", "#".repeat(9437186), "source is too large (9437186 bytes; the limit is 8388608)"],
  ["E0402", when(`env.a == "${"a".repeat(71680)}"`), "string literal is too long (71680 bytes; the limit is 65536)"],
  ["E0403", when(`${"(".repeat(65)}true${")".repeat(65)}`), "expression nested too deeply (more than 64 levels)"],
  [
    "E0404",
    `policy p { allow subject * action * resource "${"a".repeat(1025)}" }`,
    "pattern is too long (1025 characters; the limit is 1024)",
  ],
];

describe("docs/diagnostics.md, front-end examples", () => {
  it.each(EXAMPLES.map((e, i) => [i, ...e] as const))("#%i %s", (_, code, input, message, help) => {
    const first = parse(input as string, "a.mcpolicy").diagnostics[0];
    expect(first?.code).toBe(code);
    expect(first?.message).toBe(message);
    if (help !== undefined) expect(first?.help).toBe(help);
  });

  it("E0405 and E0406 name the pattern (a long one shortened with `...`) and the count", () => {
    const globstars = parse(`${ANY.replace("resource * ", `resource "${Array(9).fill("**").join("/")}" `)}}`);
    expect(globstars.diagnostics[0]?.message).toBe("pattern `**/**/**/**/**/**/**/**/**` has 9 `**` (the limit is 8)");
    const braces = parse(`${ANY.replace("resource * ", `resource "${"{a,b}".repeat(30)}" `)}}`);
    expect(braces.diagnostics[0]?.message).toMatch(
      /^pattern `\{a,b\}\{a,b\}.*\.\.\.` expands to 1073741824 alternatives \(the limit is 1000\)$/,
    );
  });

  it("E0306, E0307, E0308 across sources, at the later place", () => {
    const problems = (sources: { name: string; text: string }[]) => {
      try {
        compile(sources);
      } catch (error) {
        if (error instanceof PolicyError)
          return error.diagnostics.map((d) => `${d.source}:${d.line}:${d.column} ${d.message}`);
      }
      return [];
    };
    const any = `${ANY}}`;
    expect(
      problems([
        { name: "a", text: any },
        { name: "b", text: any },
      ]),
    ).toEqual(["b:1:8 policy `p` is declared twice"]);
    expect(
      problems([
        { name: "a", text: "role a includes b" },
        { name: "b", text: "role a includes c" },
      ]),
    ).toEqual(["b:1:6 role `a` is declared twice"]);
    expect(problems([{ name: "a", text: "role a includes b\nrole b includes a" }])).toEqual([
      "a:2:17 role `b` includes itself: `b → a → b`",
    ]);
  });

  it("E0499: at most 200 diagnostics per source, then the summary", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `policy p${i} { allow }`).join("\n");
    const { diagnostics } = parse(text, "a.mcpolicy");
    expect(diagnostics.length).toBe(201);
    expect(diagnostics[200]?.code).toBe("E0499");
    expect(diagnostics[200]?.message).toMatch(/^too many errors; \d+ more not shown$/);
  });
});
