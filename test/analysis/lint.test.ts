// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
import { describe, expect, it } from "vitest";
import { lintPolicySet } from "../../src/analysis/lint/lint-policy-set.js";
import { compile } from "../../src/engine.js";
import { LINT_RULES } from "../../src/analysis/lint/rules.js";
import { readAttributeSchemaFile } from "../../src/attributes/read-schema-file.js";
import { loadAttributeSchema } from "../../src/attributes/schema.js";
import { createRequestValidator } from "../../src/attributes/validate-request.js";
import { loadPolicyInput } from "../../src/cli/policy-input.js";
import { schemaOf, setOf } from "./set-of.js";

function policy(name: string, body: string): string {
  return `policy ${name} {\n${body}\n}\n`;
}

function findings(text: string, schema: unknown = null) {
  return lintPolicySet(setOf(text), schema === null ? null : schemaOf(schema));
}

function codes(text: string, schema: unknown = null) {
  return findings(text, schema).map((f) => f.code);
}

const READ = 'subject role viewer\n action "tools/call"\n resource "tool:read_file"';

describe("lint: shadowed-policy", () => {
  it("flags an allow under an unconditional deny of equal priority that covers it", () => {
    const text = policy("grant", `allow\n${READ}`) + policy("block", 'deny\n subject *\n action "tools/call"\n resource "tool:*"');
    const [f] = findings(text);
    expect(f).toMatchObject({ code: "W0801", rule: "shadowed-policy", line: 1, column: 8, severity: "warning" });
    expect(f?.message).toBe("policy `grant` can never be decisive: `block` applies whenever it does and is a deny at the same priority (0), and deny wins a tie");
    expect(f?.related?.[0]?.line).toBe(7);
  });

  it("does not flag a deny next to an unconditional allow of equal priority (deny wins)", () => {
    const text = policy("grant", 'allow\n subject *\n action *\n resource "tool:*"') + policy("block", `deny\n${READ}`);
    expect(codes(text)).not.toContain("W0801");
  });

  it("flags any policy under a covering unconditional policy of higher priority", () => {
    const text = policy("block", `deny\n${READ}\n when env.hour < 8`) + policy("grant", 'allow\n priority 10\n subject *\n action *\n resource *');
    expect(codes(text)).toContain("W0801");
  });

  it("does not flag when the covering policy has conditions", () => {
    const text = policy("grant", `allow\n${READ}`) + policy("block", 'deny\n subject *\n action *\n resource *\n when env.hour < 8');
    expect(codes(text)).not.toContain("W0801");
  });

  it("does not flag when the other policy's targets are narrower", () => {
    const text = policy("grant", 'allow\n subject role viewer\n action "tools/call"\n resource "tool:*"') + policy("block", `deny\n${READ}`);
    expect(codes(text)).toEqual([]);
  });

  it("flags the later of two identical unconditional policies only", () => {
    const text = policy("a", `allow\n${READ}`) + policy("b", `allow\n${READ}`);
    const found = findings(text);
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining("policy `b` can never be decisive: `a`")]);
  });

  it("does not call a deny shadowed by an allow whose interpolated pattern can err", () => {
    // With no usable subject.id the allow's pattern errs and it does not apply; the deny
    // with the same pattern applies (erring) and decides. Removing it would allow.
    const text =
      'policy "own-space" { allow priority 10 subject * action * resource "space/${subject.id}/*" }\n' +
      'policy "guard" { deny priority 5 subject * action * resource "space/${subject.id}/*" }\n' +
      'policy "fallback" { allow subject * action * resource * }\n';
    expect(codes(text)).not.toContain("W0801");
    // An allow under it still is: it errs, and stays out, exactly when the outer one does.
    const allowUnder = text.replace('policy "guard" { deny', 'policy "guard" { allow');
    expect(findings(allowUnder).filter((f) => f.code === "W0801").map((f) => f.message)).toEqual([
      expect.stringContaining("policy `guard` can never be decisive"),
    ]);
  });

  it("follows role inclusion: `role editor` covers `role admin` when admin includes editor", () => {
    const roles = "role editor\nrole admin includes editor\n";
    const shadowed = roles + policy("grant", 'allow\n subject role admin\n action "tools/call"\n resource "tool:x"') + policy("block", 'deny\n subject role editor\n action *\n resource *');
    expect(codes(shadowed)).toContain("W0801");
    const notShadowed = roles + policy("grant", 'allow\n subject role editor\n action "tools/call"\n resource "tool:x"') + policy("block", 'deny\n subject role admin\n action *\n resource *');
    expect(codes(notShadowed)).not.toContain("W0801");
  });

  it("does not let an allow with a role target shadow a deny (a malformed role errs, and an erring deny applies)", () => {
    const text = policy("block", 'deny\n subject role viewer\n action "tools/call"\n resource "tool:x"') + policy("grant", 'allow\n priority 5\n subject role viewer\n action *\n resource *');
    expect(codes(text)).not.toContain("W0801");
  });
});

describe("lint: unreachable-target", () => {
  const schema = { actions: ["tools/call", "tools/list"], resources: [{ id: "tool:read_file" }, { pattern: "prompt:*" }] };

  it("flags a resource pattern that matches no declared resource, with a suggestion", () => {
    const [f] = findings(policy("p", 'allow\n subject *\n action "tools/call"\n resource "tool:raed_file", "tool:read_file"'), schema);
    expect(f).toMatchObject({ code: "W0802", line: 5, column: 11 });
    expect(f?.help).toBe("did you mean `tool:read_file`?");
  });

  it("accepts globs that overlap a declared pattern", () => {
    expect(codes(policy("p", 'allow\n subject *\n action "tools/*"\n resource "prompt:x*", "tool:read_*"'), schema)).toEqual([]);
  });

  it("flags an action pattern that matches no declared action", () => {
    expect(codes(policy("p", 'allow\n subject *\n action "tool/call"\n resource *'), schema)).toEqual(["W0803"]);
  });

  it("needs a schema", () => {
    expect(codes(policy("p", 'allow\n subject *\n action "tool/call"\n resource "x"'))).toEqual([]);
  });
});

describe("lint: condition-by-type", () => {
  it("flags a condition that always errs as an error", () => {
    const [f] = findings(policy("p", `allow\n${READ}\n when "a" < 1`));
    expect(f).toMatchObject({ code: "E0804", severity: "error" });
    expect(f?.message).toContain("always errs");
    expect(f?.help).toBe("`p` can never apply");
  });

  it("uses the schema's types", () => {
    const schema = { env: { type: "object", properties: { hour: { type: "integer" } }, required: ["hour"] } };
    expect(codes(policy("p", `deny\n${READ}\n when env.hour matches "1*"`), schema)).toEqual(["E0804"]);
    expect(codes(policy("p", `deny\n${READ}\n when env.hour == "8"`), schema)).toEqual(["W0806"]);
  });

  it("does not call a condition on an undeclared attribute always erring: validation lets requests carry it", () => {
    const schema = { resources: [{ id: "tool:query", schema: { type: "object", properties: { kind: { type: "string" } } } }] };
    const text = policy("p", 'allow\n subject *\n action *\n resource "tool:query"\n when resource.owner == "x"');
    expect(codes(text, schema)).toEqual([]);
    // Such a request passes validation, and the policy applies to it.
    const loaded = loadAttributeSchema(schema);
    if (loaded.schema === null) throw new Error("schema must load");
    expect(createRequestValidator(loaded.schema)({ id: "u" }, { id: "tool:query", owner: "x" }, "a", {})).toEqual([]);
    expect(compile(text).evaluate({ id: "u" }, { id: "tool:query", owner: "x" }, "a").effect).toBe("allow");
  });

  it("flags constant conditions", () => {
    expect(codes(policy("p", `allow\n${READ}\n when true`))).toEqual(["W0805"]);
    expect(codes(policy("p", `allow\n${READ}\n unless 1 == 1`))).toEqual(["W0806"]);
    expect(codes(policy("p", `allow\n${READ}\n when "x" in ["a", "b"]`))).toEqual(["W0806"]);
  });

  it("says nothing about conditions it cannot decide", () => {
    expect(codes(policy("p", `allow\n${READ}\n when env.hour < 8 and action == "tools/call"`))).toEqual([]);
  });

  it("knows `action` is a string", () => {
    expect(codes(policy("p", `allow\n${READ}\n when action < 3`))).toEqual(["E0804"]);
  });
});

describe("lint: unused-role and allow-everything", () => {
  it("flags a role that no policy can match", () => {
    const text = `role viewer\nrole editor includes viewer\nrole ghost\n${policy("p", `allow\n${READ}`)}`;
    const found = findings(text);
    expect(found.map((f) => [f.code, f.message])).toEqual([["W0807", "role `ghost` is declared but no policy matches it"]]);
  });

  it("counts a role as used when a policy names a role it includes", () => {
    expect(codes(`role admin includes viewer\n${policy("p", `allow\n${READ}`)}`)).toEqual([]);
  });

  it("flags an unconditional allow of everything for everyone", () => {
    expect(codes(policy("open", "allow\n subject *\n action *\n resource *"))).toEqual(["W0808"]);
    expect(codes(policy("open", "allow\n subject *\n action *\n resource *\n when env.hour < 8"))).toEqual([]);
    expect(codes(policy("open", "allow\n subject role admin\n action *\n resource *"))).toEqual([]);
  });
});

describe("lint on the example policies", () => {
  it("finds nothing in policies/ with its schema", async () => {
    const input = await loadPolicyInput(["policies"]);
    const { schema } = await readAttributeSchemaFile("policies/schema.json");
    expect(lintPolicySet(input.set, schema)).toEqual([]);
  });

  it("runs its rules from one ordered, named table", () => {
    expect(LINT_RULES.map((r) => r.name)).toEqual([
      "condition-by-type",
      "unreachable-target",
      "shadowed-policy",
      "allow-everything",
      "unused-role",
      "hidden-characters",
      "escaped-pipe-glob",
      "escaped-ordinary-glob",
      "unsatisfiable-arguments",
      "mcp-list-action",
      "mcp-action-slash",
    ]);
  });
});

describe("lint: unsatisfiable-arguments (W0811)", () => {
  it("reports an allow or a deny that no env.arguments make apply, with where and why", () => {
    const text =
      policy("both", `allow\n${READ}\n when env.arguments.x == 1 and env.arguments.x == 2`) +
      policy("bounds", `allow\n${READ}\n when env.arguments.n > 10\n when env.arguments.n < 5`) +
      policy("flip", `deny\n${READ}\n when env.arguments has x and not (env.arguments has x)`);
    const found = findings(text).filter((f) => f.code === "W0811");
    expect(found.map((f) => [f.message, f.line, f.column])).toEqual([
      ["policy `both` can never apply: no env.arguments satisfy its conditions together", 1, 8],
      ["policy `bounds` can never apply: no env.arguments satisfy its conditions together", 8, 8],
      ["policy `flip` can never apply: no env.arguments satisfy its conditions together", 16, 8],
    ]);
    expect(found[2]?.help).toContain("this deny refuses nothing");
  });

  it("leaves alone what some arguments satisfy, what reads more than the arguments, and what it cannot prove", () => {
    for (const condition of [
      "when env.arguments.n > 5 and env.arguments.n < 10",
      // A deny applies when its tests err: a string n makes both err, so it does apply.
      "when env.arguments.n > 10 and env.arguments.n < 5",
      "when env.arguments.x == subject.a and env.arguments.x == subject.b",
      "when env.arguments.n > env.hour and env.arguments.n < 5",
      'when env.arguments.p matches "/a/**" and not (env.arguments.p matches "/**")',
    ]) {
      const effect = condition.includes("n > 10") ? "deny" : "allow";
      expect(codes(policy("p", `${effect}\n${READ}\n ${condition}`)), condition).not.toContain("W0811");
    }
  });
});

describe("lint: short-circuits in condition-by-type", () => {
  it("does not call a condition always erring when an earlier operand may stop it", () => {
    expect(codes(policy("p", `allow\n${READ}\n when env.x == 1 and "a" < 1`))).toEqual([]);
    expect(codes(policy("p", `allow\n${READ}\n when env.x == 1 or "a" < 1`))).toEqual([]);
  });

  it("knows a sure short-circuit hides what follows", () => {
    expect(codes(policy("p", `allow\n${READ}\n when false and "a" < 1`))).toEqual(["W0806"]);
    expect(codes(policy("p", `allow\n${READ}\n when true or "a" < 1`))).toEqual(["W0805"]);
  });

  it("calls a condition always erring when the erring operand is always reached", () => {
    expect(codes(policy("p", `allow\n${READ}\n when "a" < 1 and env.x == 1`))).toEqual(["E0804"]);
    expect(codes(policy("p", `allow\n${READ}\n when true and "a" < 1`))).toEqual(["E0804"]);
  });
});

describe("lint: hidden-characters", () => {
  it("flags bidi controls, zero-width characters and escaped controls in names, patterns and strings", () => {
    const text =
      'role "ad\u200bmin"\n' +
      policy('"x\u202ey"', `allow\n subject role "ad\u200bmin"\n action *\n resource "tool:read_\\u202e*"\n when env.x == "a\\u0007"`);
    expect(findings(text).map((f) => [f.code, f.line, f.column, f.message])).toEqual([
      ["W0809", 1, 6, "role `ad\u200bmin` holds an invisible or bidirectional-control character (U+200B)"],
      ["W0809", 2, 8, "policy `x\u202ey` holds an invisible or bidirectional-control character (U+202E)"],
      ["W0809", 4, 15, "policy `x\u202ey` holds an invisible or bidirectional-control character (U+200B)"],
      ["W0809", 6, 11, "policy `x\u202ey` holds an invisible or bidirectional-control character (U+202E)"],
      ["W0809", 7, 16, "policy `x\u202ey` holds an invisible or bidirectional-control character (U+0007)"],
    ]);
  });

  it("flags every character the printer escapes: soft hyphen, line separator, variation selectors, tag characters, Hangul filler", () => {
    for (const [hidden, code] of [
      ["\u00ad", "U+00AD"],
      ["\u2028", "U+2028"],
      ["\ufe0f", "U+FE0F"],
      ["\u{e0041}", "U+E0041"],
      ["\u3164", "U+3164"],
      ["\u034f", "U+034F"],
      ["\t", "U+0009"],
    ]) {
      const text = policy("p", `allow\n subject user "ad${JSON.stringify(hidden).slice(1, -1)}min"\n action *\n resource *`);
      expect(findings(text).map((f) => [f.code, f.message]), code).toEqual([
        ["W0809", `policy \`p\` holds an invisible or bidirectional-control character (${code})`],
      ]);
    }
  });

  it("leaves ordinary text alone, non-ASCII letters included", () => {
    expect(codes(policy('"café-ü"', 'allow\n subject user "jöhn", "名前"\n action *\n resource "tool:é*"\n when env.x == "naïve"'))).toEqual([]);
  });
});

describe("lint: escaped-pipe-glob", () => {
  it("flags `\\|` in a glob with other magic, in action, resource and `matches` patterns", () => {
    const text = policy(
      "p",
      String.raw`allow
 subject *
 action "tools/\\|x*"
 resource "tool:a\\|b*", "tool:plain\\|bar"
 when env.path matches "/home/\\|*"`,
    );
    expect(findings(text).map((f) => [f.code, f.line, f.column])).toEqual([
      ["W0810", 4, 9],
      ["W0810", 5, 11],
      ["W0810", 6, 24],
    ]);
    expect(findings(text)[1]?.message).toContain("regular-expression alternation");
  });

  it("leaves alone what minimatch does not make an alternation: a plain `|`, an escaped backslash before it, a pattern reduced to a string", () => {
    expect(codes(policy("p", 'allow\n subject *\n action *\n resource "tool:a|b*"'))).toEqual([]);
    expect(codes(policy("p", String.raw`allow
 subject *
 action *
 resource "a\\\\|b*", "a\\|[b]"`))).toEqual([]);
  });
});

describe("lint: escaped-ordinary-glob (W0813)", () => {
  it("reports a backslash before an ordinary character in each kind of glob, at the pattern", () => {
    const text = policy(
      "p",
      String.raw`deny
 subject *
 action "tools\\/call"
 resource "**/*\\.pem", "tool:a\\-b"
 when env.path matches "/home/*\\(x\\)"`,
    );
    expect(findings(text).map((f) => [f.code, f.line, f.column])).toEqual([
      ["W0813", 4, 9],
      ["W0813", 5, 11],
      ["W0813", 5, 25],
      ["W0813", 6, 24],
    ]);
    expect(findings(text)[1]?.message).toContain("escapes `.`");
  });

  it("says what minimatch really does: `*\\.pem` never matches key.pem, so such a deny refuses nothing", () => {
    const engine = compile(
      policy("nokeys", String.raw`deny
 subject *
 action *
 resource "**/*\\.pem"`) + policy("all", "allow\n subject *\n action *\n resource *"),
    );
    expect(engine.evaluate({}, "a/key.pem", "read").effect).toBe("allow");
    expect(engine.evaluate({}, "a/key\\.pem", "read").effect).toBe("deny");
    // Without the needless backslash the deny works.
    expect(compile(policy("nokeys", 'deny\n subject *\n action *\n resource "**/*.pem"')).evaluate({}, "a/key.pem", "read").effect).toBe("deny");
  });

  it("leaves alone escapes of glob magic, braces, commas, backslashes, `$`, `|` and anything inside a class", () => {
    expect(
      codes(
        policy(
          "p",
          String.raw`allow
 subject *
 action "a\\*b", "a\\?b", "a\\[b\\]", "\\{a\\,b\\}", "a\\\\b", "[\\.\\-]x", "[!\\.]*", "[]\\.]*", "[[:alpha:]\\.]y", "plain.pem"
 resource *`,
        ),
      ),
    ).toEqual([]);
    // An unclosed `[` is a literal: what follows it is outside any class.
    expect(codes(policy("p", String.raw`allow
 subject *
 action "a[\\.b"
 resource *`))).toEqual(["W0813"]);
  });
});

describe("lint: mcp-list-action (W0812)", () => {
  it("reports a policy whose actions are only MCP list methods, at its action clause, naming what to allow instead", () => {
    const text =
      policy("lists", 'allow\n subject role viewer\n action "tools/list", "prompts/list"\n resource *') +
      policy("glob", 'deny\n subject *\n action "*/list"\n resource "tool:admin_*"') +
      policy("templates", 'allow\n subject *\n action "resources/templates/list"\n resource *');
    const found = findings(text).filter((f) => f.code === "W0812");
    expect(found.map((f) => [f.rule, f.line, f.column, f.severity])).toEqual([
      ["mcp-list-action", 4, 2, "warning"],
      ["mcp-list-action", 10, 2, "warning"],
      ["mcp-list-action", 16, 2, "warning"],
    ]);
    expect(found[0]?.message).toBe("policy `lists` acts only on MCP list methods, which `protect` never decides on their own");
    expect(found[0]?.help).toContain('allow or deny "tools/call", "prompts/get" instead');
    expect(found[2]?.help).toContain('"resources/read"');
  });

  it("leaves alone actions that include a call, any action, and actions that are no MCP method", () => {
    for (const action of ['"tools/list", "tools/call"', "*", '"tools/*"', '"**"', '"orders/list"', '"list"', '"tools/list", "orders/list"']) {
      expect(codes(policy("p", `allow\n subject *\n action ${action}\n resource *`)), action).not.toContain("W0812");
    }
  });
});

describe("lint: mcp-action-slash (W0814)", () => {
  const call = policy("calls", 'allow\n subject *\n action "tools/call"\n resource "tool:read_*"');

  it("reports, in a set that names MCP methods, an action glob whose wildcards would have to cross `/`", () => {
    const text = call + policy("freeze", 'deny\n priority 5\n subject *\n action "*", "tools*", "*call"\n resource *');
    const found = findings(text).filter((f) => f.code === "W0814");
    expect(found.map((f) => [f.rule, f.line, f.column, f.severity])).toEqual([
      ["mcp-action-slash", 11, 9, "warning"],
      ["mcp-action-slash", 11, 14, "warning"],
      ["mcp-action-slash", 11, 24, "warning"],
    ]);
    expect(found[0]?.message).toBe(
      'action pattern `"*"` of policy `freeze` matches no MCP method: a `*` in a glob stops at `/`, and every MCP method has one (`tools/list`)',
    );
    expect(found[0]?.help).toContain("the bare `action *`");
    expect(found[1]?.help).toContain('`"tools/*"`');
  });

  it("leaves alone globs that match an MCP method, literals, globs that no `/` would help, and sets without MCP methods", () => {
    for (const action of ["*", '"**"', '"tools/*"', '"*/call"', '"tools/c?ll"', '"orders*"', '"ping"', '"tools_call"']) {
      expect(codes(call + policy("p", `deny\n subject *\n action ${action}\n resource *`)), action).not.toContain("W0814");
    }
    // Actions of one's own, without `/`: a quoted "*" is what the author means.
    expect(codes(policy("p", 'allow\n subject *\n action "read"\n resource *') + policy("q", 'deny\n subject *\n action "*"\n resource *'))).not.toContain("W0814");
  });
});
