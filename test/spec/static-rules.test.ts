// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Spec §3 Grammar and static rules: every rule is a compile error with a position;
 * missing clauses at the policy name, end of input just past the last character,
 * duplicates naming both places, and the limits (nesting, source and string size).
 */
import { describe, expect, it } from "vitest";
import { at, compileErrors, endOf, parseErrors, positionOf } from "./diagnose.js";
import { policy } from "./systems.js";

const targets = "subject *\n  action *\n  resource *";

/** [what, source] pairs that must be rejected by parse (one source) and by compile. */
const rejected: readonly (readonly [string, string])[] = [
  ["a policy without an effect", `policy p {\n  ${targets}\n}`],
  ["a policy with two effects", `policy p {\n  allow\n  deny\n  ${targets}\n}`],
  ["a policy with allow twice", `policy p {\n  allow\n  allow\n  ${targets}\n}`],
  ["a policy without a subject", "policy p {\n  allow\n  action *\n  resource *\n}"],
  ["a policy without an action", "policy p {\n  allow\n  subject *\n  resource *\n}"],
  ["a policy without a resource", "policy p {\n  allow\n  subject *\n  action *\n}"],
  ["a policy with two subject clauses", `policy p {\n  allow\n  subject user a\n  ${targets}\n}`],
  ["a policy with two action clauses", `policy p {\n  allow\n  action "x"\n  ${targets}\n}`],
  ["a policy with two resource clauses", `policy p {\n  allow\n  resource "x"\n  ${targets}\n}`],
  ["a policy with two priorities", `policy p {\n  allow\n  priority 1\n  priority 2\n  ${targets}\n}`],
  ["a fractional priority", `policy p {\n  allow\n  priority 1.5\n  ${targets}\n}`],
  ["a priority written with a fraction", `policy p {\n  allow\n  priority 1.0\n  ${targets}\n}`],
  ["a priority beyond the safe integers", `policy p {\n  allow\n  priority 9007199254740992\n  ${targets}\n}`],
  ["a negative priority beyond the safe integers", `policy p {\n  allow\n  priority -9007199254740992\n  ${targets}\n}`],
  ["a string priority", `policy p {\n  allow\n  priority "1"\n  ${targets}\n}`],
  ["a priority without a number", `policy p {\n  allow\n  priority\n  ${targets}\n}`],
  ["an empty policy", "policy p {}"],
  ["a policy without a name", `policy {\n  allow\n  ${targets}\n}`],
  ["an unknown clause", `policy p {\n  allow\n  ${targets}\n  bogus\n}`],
  ["a subject with no alternative", "policy p {\n  allow\n  subject\n  action *\n  resource *\n}"],
  ["a subject alternative without names", "policy p {\n  allow\n  subject user\n  action *\n  resource *\n}"],
  ["a subject alternative with a trailing `or`", "policy p {\n  allow\n  subject user a or\n  action *\n  resource *\n}"],
  ["`subject *` mixed with alternatives", "policy p {\n  allow\n  subject * or user a\n  action *\n  resource *\n}"],
  ["an unknown subject attribute", "policy p {\n  allow\n  subject team a\n  action *\n  resource *\n}"],
  ["a bare identifier as a pattern", "policy p {\n  allow\n  subject *\n  action tools\n  resource *\n}"],
  ["`*` mixed with patterns", 'policy p {\n  allow\n  subject *\n  action *, "x"\n  resource *\n}'],
  ["a trailing comma in patterns", 'policy p {\n  allow\n  subject *\n  action "x",\n  resource *\n}'],
  ["`action.x`", policy("p", { when: 'action.x == "y"' })],
  ["`action[\"x\"]`", policy("p", { when: 'action["x"] == "y"' })],
  ["`action.name` in a has test's path", policy("p", { when: "action.name has x" })],
  ["a chained comparison", policy("p", { when: "1 < 2 < 3" })],
  ["a chained equality", policy("p", { when: "env.n == 5 == true" })],
  ["a path in a list", policy("p", { when: '"x" in [env.a]' })],
  ["a nested list", policy("p", { when: '"x" in [["x"]]' })],
  ["`matches` without a string", policy("p", { when: "env.s matches env.glob" })],
  ["`has` without a member", policy("p", { when: "env has" })],
  ["a bare word as an operand", policy("p", { when: "admin == env.x" })],
  ["an unknown path root", policy("p", { when: "request.x == 1" })],
  ["an empty condition", "policy p {\n  allow\n  subject *\n  action *\n  resource *\n  when\n}"],
  ["an unclosed parenthesis", policy("p", { when: "(true" })],
  ["an unbalanced closing parenthesis", policy("p", { when: "true)" })],
  ["a `${` that is not an interpolation in a resource", policy("p", { resource: '"x:${env.x}"' })],
  ["`${subject}` without a path", policy("p", { resource: '"x:${subject}"' })],
  ["`${subject.}`", policy("p", { resource: '"x:${subject.}"' })],
  ["an interpolation with spaces", policy("p", { resource: '"x:${ subject.id }"' })],
  ["an interpolation with a bad member", policy("p", { resource: '"x:${subject.a-b}"' })],
  ["an unterminated interpolation", policy("p", { resource: '"x:${subject.id"' })],
  ["`${}`", policy("p", { resource: '"x:${}"' })],
  ["a bracketed interpolation path", policy("p", { resource: '"x:${subject[\\"id\\"]}"' })],
  ["any `${` in an action pattern", policy("p", { action: '"tools/${subject.id}"' })],
  ["a `${` that is not an interpolation in `matches`", policy("p", { when: 'env.s matches "${env.x}"' })],
  ["a role including itself", "role a includes a\n"],
  ["a role includes cycle", "role a includes b\nrole b includes c\nrole c includes a\n"],
  ["a role declared twice", "role a\nrole a includes b\n"],
  ["two policies with the same name", `${policy("p")}${policy("p", { effect: "deny" })}`],
  ["the same name written as identifier and string", `policy p {\n  allow\n  ${targets}\n}\npolicy "p" {\n  deny\n  ${targets}\n}`],
  ["a keyword as a policy name", `policy allow {\n  allow\n  ${targets}\n}`],
  ["a keyword as a role name", "role policy\n"],
  ["a keyword as an included role", "role a includes when\n"],
  ["a keyword as a user name", "policy p {\n  allow\n  subject user env\n  action *\n  resource *\n}"],
  ["a declaration that is neither role nor policy", "permit p {}"],
  ["a stray token at top level", `${policy("p")}\n}`],
];

describe("spec §3 static rules are compile errors", () => {
  it.each(rejected)("parse rejects %s", async (_what, text) => {
    expect((await parseErrors(text)).length).toBeGreaterThan(0);
  });
  it.each(rejected)("compile rejects %s with a PolicyError", async (_what, text) => {
    expect((await compileErrors(text)).length).toBeGreaterThan(0);
  });
});

const accepted: readonly (readonly [string, string])[] = [
  ["a minimal policy", policy("p")],
  ["a negative priority", policy("p", { priority: -3 })],
  ["the largest safe priority", policy("p", { priority: "9007199254740991" })],
  ["the smallest safe priority", policy("p", { priority: "-9007199254740991" })],
  ["priority 0 written as -0", policy("p", { priority: "-0" })],
  ["clauses in any order", "policy p {\n  resource *\n  when true\n  priority 2\n  action *\n  unless false\n  subject *\n  deny\n}"],
  ["several when and unless", policy("p", { when: ["true", "true"], unless: ["false", "false"] })],
  ["a role declared after it is used", `${policy("p", { subject: "role viewer" })}role editor includes viewer\n`],
  ["a role without includes", "role viewer\n"],
  ["a role with several includes", "role a includes b, c, d\n"],
  ["a diamond of includes", "role a includes b, c\nrole b includes d\nrole c includes d\n"],
  ["`action` alone as a path", policy("p", { when: 'action == "tools/call"' })],
  ["keywords as members after a dot", policy("p", { when: "env.user == resource.action and subject.policy has when" })],
  ["every keyword as a member", policy("p", { when: "env.policy.role.includes.allow.deny.priority.subject.user.group.action.resource.when.unless.and.or.not.in.contains.matches.has.true.false.null.env == 1" })],
  ["a string member in brackets", policy("p", { when: 'env["a b"]["c.d"] == 1' })],
  ["`has` with a keyword member", policy("p", { when: "env has user" })],
  ["`has` with a string", policy("p", { when: 'env has "a b"' })],
  ["string names", `policy "a b/c" {\n  allow\n  subject user "x y", "*" or role "r-1" or group "g.2"\n  ${targets.replace("subject *\n  ", "")}\n}`],
  ["a `$` that is not followed by `{`", policy("p", { action: '"cost$"', resource: '"$x", "a$"' })],
  ["`${` in a string compared in a condition", policy("p", { when: 'env.x == "${oops"' })],
  ["`${` in a user name", policy("p", { subject: 'user "${x"' })],
  ["interpolation in resource and matches", policy("p", { resource: '"x:${subject.id}"', when: 'env.s matches "${subject.org.id}/*"' })],
  ["an empty list", policy("p", { when: '"x" in []' })],
  ["a list of every literal", policy("p", { when: '1 in [1, -2.5, "s", true, false, null]' })],
  ["comparisons of literals", policy("p", { when: '1 < 2 and "a" != "b" and null == null' })],
  ["an empty source", ""],
  ["only comments and whitespace", "# a comment\n// another\n\t \r\n"],
  ["64 nested parentheses", policy("p", { when: `${"(".repeat(64)}true${")".repeat(64)}` })],
  ["64 nested nots", policy("p", { when: `${"not ".repeat(64)}true` })],
  ["32 nots and 32 parentheses", policy("p", { when: `${"not (".repeat(32)}true${")".repeat(32)}` })],
];

describe("spec §3 well-formed sources are accepted", () => {
  it.each(accepted)("parse accepts %s", async (_what, text) => {
    expect(await parseErrors(text)).toEqual([]);
  });
  it.each(accepted)("compile accepts %s", async (_what, text) => {
    expect(await compileErrors(text)).toEqual([]);
  });
});

describe("spec §3 positions", () => {
  it("reports a missing clause at the policy's name", async () => {
    const text = `role r\n\npolicy   needs-effect {\n  ${targets}\n}`.replace("needs-effect", "needsEffect");
    for (const errors of [await parseErrors(text), await compileErrors(text)]) {
      expect(at(errors)).toContainEqual(positionOf(text, "needsEffect"));
    }
  });

  it("reports a missing resource at a quoted policy name", async () => {
    const text = 'policy "no resource" {\n  allow\n  subject *\n  action *\n}';
    expect(at(await parseErrors(text))).toContainEqual({ line: 1, column: 8 });
  });

  it("counts columns in UTF-16 code units after a tab", async () => {
    const text = "\tpolicy p {\n  subject *\n  action *\n  resource *\n}";
    expect(at(await parseErrors(text))).toContainEqual({ line: 1, column: 9 });
  });

  it("counts columns in UTF-16 code units after characters outside the BMP", async () => {
    const text = 'role "😀😀" bogus';
    expect(at(await parseErrors(text))).toContainEqual({ line: 1, column: 13 });
  });

  it("counts lines across CRLF line ends", async () => {
    const text = "role a\r\n\r\npolicy p {\r\n  subject *\r\n  action *\r\n  resource *\r\n}";
    expect(at(await parseErrors(text))).toContainEqual({ line: 3, column: 8 });
  });

  it("reports an unexpected end of input just past the last character", async () => {
    for (const text of ["policy p { allow", "policy p {\n  allow\n  subject user", "role a includes", "policy", 'policy p {\n  allow\n  action "x",']) {
      const errors = await parseErrors(text);
      expect(at(errors), text).toContainEqual(endOf(text));
    }
  });

  it("reports the offending token", async () => {
    const text = `policy p {\n  allow\n  ${targets}\n  bogus\n}`;
    expect(at(await parseErrors(text))).toContainEqual(positionOf(text, "bogus"));
  });

  it("recovers and reports several errors in one pass", async () => {
    const text = `policy a {\n  allow\n  ${targets}\n  bogus\n}\n\npolicy b {\n  allow\n  ${targets}\n  when (1 <\n}\n\npolicy c {\n  ${targets}\n}\n`;
    const errors = await parseErrors(text);
    const lines = new Set(errors.map((d) => d.line));
    expect(lines.size).toBeGreaterThanOrEqual(3);
    expect(lines).toContain(positionOf(text, "bogus").line);
    expect(at(errors)).toContainEqual(positionOf(text, "c {"));
    const compiled = await compileErrors(text);
    expect(new Set(compiled.map((d) => d.line)).size).toBeGreaterThanOrEqual(3);
  });

  it("names the source of each diagnostic", async () => {
    const errors = await compileErrors([
      { name: "good.mcpolicy", text: policy("ok") },
      { name: "bad.mcpolicy", text: "policy p {" },
    ]);
    expect(errors.map((d) => d.source)).toContain("bad.mcpolicy");
  });

  it("names both places of a duplicate policy name across sources", async () => {
    const first = `role r\n${policy("shared")}`;
    const second = `\n\n\n${policy("other")}${policy("shared", { effect: "deny" })}`;
    const errors = await compileErrors([
      { name: "one.mcpolicy", text: first },
      { name: "two.mcpolicy", text: second },
    ]);
    const places = errors.flatMap((d) => [
      `${d.source}:${d.line}`,
      ...(d.related ?? []).map((r) => `${r.source}:${r.line}`),
      ...[...d.message.matchAll(/([\w.]+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`),
    ]);
    expect(places).toContain(`one.mcpolicy:${positionOf(first, '"shared"').line}`);
    expect(places).toContain(`two.mcpolicy:${positionOf(second, '"shared"').line}`);
  });

  it("names both places of a duplicate policy name in one source", async () => {
    const text = `${policy("twice")}\n\n${policy("twice")}`;
    const errors = await parseErrors(text);
    const lines = errors.flatMap((d) => [d.line, ...(d.related ?? []).map((r) => r.line), ...[...d.message.matchAll(/:(\d+)/g)].map((m) => Number(m[1]))]);
    expect(lines).toContain(1);
    expect(lines).toContain(positionOf(text, '"twice"', 5).line);
  });

  it("rejects a role declared in two sources", async () => {
    const errors = await compileErrors([
      { name: "a", text: "role admin\n" },
      { name: "b", text: "role admin includes viewer\n" },
    ]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("rejects an includes cycle that spans sources", async () => {
    const errors = await compileErrors([
      { name: "a", text: "role a includes b\n" },
      { name: "b", text: "role b includes a\n" },
    ]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("rejects a duplicate policy name across sources that each parse cleanly", async () => {
    expect(await parseErrors(policy("p"))).toEqual([]);
    const errors = await compileErrors([
      { name: "a", text: policy("p") },
      { name: "b", text: policy("p") },
    ]);
    expect(new Set(errors.map((d) => d.source)).size + errors.flatMap((d) => d.related ?? []).length).toBeGreaterThanOrEqual(2);
  });
});

describe("spec §3 limits", () => {
  it("accepts nesting of depth 64 and rejects 65 (parentheses)", async () => {
    expect(await parseErrors(policy("p", { when: `${"(".repeat(64)}true${")".repeat(64)}` }))).toEqual([]);
    expect((await parseErrors(policy("p", { when: `${"(".repeat(65)}true${")".repeat(65)}` }))).length).toBeGreaterThan(0);
  });

  it("accepts nesting of depth 64 and rejects 65 (not)", async () => {
    expect((await parseErrors(policy("p", { when: `${"not ".repeat(65)}true` }))).length).toBeGreaterThan(0);
  });

  it("counts parentheses and nots together", async () => {
    expect((await parseErrors(policy("p", { when: `${"not (".repeat(33)}true${")".repeat(33)}` }))).length).toBeGreaterThan(0);
    expect(await parseErrors(policy("p", { when: `not ${"(".repeat(63)}true${")".repeat(63)}` }))).toEqual([]);
  });

  it("rejects 100,000 open parentheses with a diagnostic, not a stack overflow", async () => {
    const text = policy("p", { when: `${"(".repeat(100_000)}true${")".repeat(100_000)}` });
    expect((await parseErrors(text)).length).toBeGreaterThan(0);
    expect((await compileErrors(text)).length).toBeGreaterThan(0);
  });

  it("rejects 100,000 nots with a diagnostic, not a stack overflow", async () => {
    const text = policy("p", { when: `${"not ".repeat(100_000)}true` });
    expect((await parseErrors(text)).length).toBeGreaterThan(0);
  });

  it("rejects 100,000 unclosed parentheses", async () => {
    expect((await parseErrors(`policy p { allow subject * action * resource * when ${"(".repeat(100_000)}`)).length).toBeGreaterThan(0);
  });

  it("rejects a source larger than 8 MiB", async () => {
    const text = `${policy("p")}#${"x".repeat(8 * 1024 * 1024)}\n`;
    expect((await parseErrors(text)).length).toBeGreaterThan(0);
    expect((await compileErrors(text)).length).toBeGreaterThan(0);
  });

  it("measures the source size in UTF-8 bytes", async () => {
    const text = `${policy("p")}#${"é".repeat(4.5 * 1024 * 1024)}\n`; // 4.5 Mi code units, 9 MiB
    expect((await parseErrors(text)).length).toBeGreaterThan(0);
  });

  it("accepts a long source under 8 MiB", async () => {
    const text = `${policy("p")}#${"x".repeat(4 * 1024 * 1024)}\n`;
    expect(await parseErrors(text)).toEqual([]);
  });

  it("rejects a string literal longer than 64 KiB and accepts a shorter one", async () => {
    expect((await parseErrors(policy("p", { resource: JSON.stringify("x".repeat(64 * 1024 + 1)) }))).length).toBeGreaterThan(0);
    expect(await parseErrors(policy("p", { when: `env.x == ${JSON.stringify("x".repeat(60 * 1024))}` }))).toEqual([]);
  });

  it("measures string literals in UTF-8 bytes of the raw text", async () => {
    // 33,000 `é` are 66,000 bytes but only 33,000 UTF-16 code units.
    expect((await parseErrors(policy("p", { when: `env.x == "${"é".repeat(33_000)}"` }))).length).toBeGreaterThan(0);
    // 11,000 `\u00e9` escapes decode to 11,000 characters but are 66,000 bytes of raw text.
    expect((await parseErrors(policy("p", { when: `env.x == "${"\\u00e9".repeat(11_000)}"` }))).length).toBeGreaterThan(0);
  });

  it("applies the string limit to names too", async () => {
    expect((await parseErrors(policy("n".repeat(70_000)))).length).toBeGreaterThan(0);
  });
});

/** A single-source rule: both `parse` and `compile` report it. */
async function rejects(text: string): Promise<void> {
  expect((await parseErrors(text)).length, "parse").toBeGreaterThan(0);
  expect((await compileErrors(text)).length, "compile").toBeGreaterThan(0);
}

async function accepts(text: string): Promise<void> {
  expect(await parseErrors(text), "parse").toEqual([]);
  expect(await compileErrors(text), "compile").toEqual([]);
}

describe("spec §4.1 glob limits are compile errors", () => {
  const where = [
    ["resource", (g: string) => policy("p", { resource: JSON.stringify(g) })],
    ["action", (g: string) => policy("p", { action: JSON.stringify(g) })],
    ["matches", (g: string) => policy("p", { when: `env.s matches ${JSON.stringify(g)}` })],
  ] as const;
  describe.each(where)("in %s", (_where, make) => {
    it("accepts a glob of 1,024 characters and rejects 1,025", async () => {
      await accepts(make("a".repeat(1024)));
      await rejects(make("a".repeat(1025)));
    });
    it("accepts 8 `**` and rejects 9", async () => {
      await accepts(make(`${"**/".repeat(8)}x`));
      await rejects(make(`${"**/".repeat(9)}x`));
    });
    it("accepts a brace expansion of 1,000 alternatives and rejects more", async () => {
      await accepts(make(`{${Array.from({ length: 10 }, (_, i) => i).join(",")}}`.repeat(3)));
      await rejects(make("{a,b}".repeat(10)));
      await rejects(make("x{1..2000}"));
    });
    it("rejects a brace bomb quickly", async () => {
      const started = performance.now();
      await rejects(make("{a,b,c,d,e,f,g,h,i,j}".repeat(40)));
      await rejects(make(`${"{a,b}".repeat(100)}`));
      await rejects(make(`${"{a,{b,{c,d}}}".repeat(12)}`));
      expect(performance.now() - started).toBeLessThan(5_000);
    });
  });
  it("counts the glob length of an interpolated resource pattern too", async () => {
    await rejects(policy("p", { resource: JSON.stringify(`\${subject.id}${"a".repeat(1100)}`) }));
  });
});
