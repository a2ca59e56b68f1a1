/**
 * Command-line behaviour pinned by mutation testing (each test failed with a mutant of
 * src/cli/ or src/load/ that the other tests let through).
 */
import { lstat, mkdir, readFile, symlink, truncate } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { usage as checkUsage } from "../../src/cli/check.js";
import { usage as lintUsage } from "../../src/cli/lint.js";
import { main, USAGE } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";
import { tempTree } from "../helpers/temp-tree.js";

const tree = (files: Record<string, string>): Promise<string> => tempTree(files, "mcpolicy-mutants-cli-");

const ALLOW = "policy p {\n  allow\n  subject *\n  action *\n  resource *\n}\n";

/** `mcpolicy eval PATH --subject {"id":"alice"} --resource … --action …`, then `more`. */
const evalArgs = (path: string, resource: string, action: string, ...more: string[]): string[] => [
  "eval",
  path,
  "--subject",
  '{"id":"alice"}',
  "--resource",
  resource,
  "--action",
  action,
  ...more,
];

describe("mcpolicy fmt (mutation-tested)", () => {
  it("rewrites the file a symbolic link points to and leaves the link a link", async () => {
    const root = await tree({ "real/p.mcpolicy": "policy p { allow subject * action * resource * }\n" });
    await mkdir(join(root, "set"));
    await symlink(join(root, "real", "p.mcpolicy"), join(root, "set", "p.mcpolicy"));
    const io = fakeIO();
    expect(await main(["fmt", join(root, "set")], io)).toBe(0);
    expect(io.stdout()).toBe(`formatted ${root}/set/p.mcpolicy\n`);
    expect((await lstat(join(root, "set", "p.mcpolicy"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(root, "real", "p.mcpolicy"), "utf8")).toBe(ALLOW);
  });
});

describe("mcpolicy check (mutation-tested)", () => {
  it("lists the problems of several files in set order: the order the paths were given", async () => {
    const root = await tree({ "x.mcpolicy": "policy x { alow }\n", "y.mcpolicy": "policy y { alow }\n" });
    const io = fakeIO();
    expect(await main(["check", join(root, "y.mcpolicy"), join(root, "x.mcpolicy")], io)).toBe(1);
    const heads = io
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith(root));
    expect(heads.length).toBeGreaterThanOrEqual(2);
    const file = (line: string | undefined) => line?.slice(0, line.indexOf(":"));
    expect(file(heads[0])).toBe(`${root}/y.mcpolicy`);
    expect(file(heads.at(-1))).toBe(`${root}/x.mcpolicy`);
    expect(io.stdout().trimEnd().split("\n").at(-1)).toMatch(/^✖ \d+ errors in 2 files$/);
  });
});

describe("mcpolicy check: a policy file too large to read (mutation-tested)", () => {
  it("is still a policy file: reported (E0004, exit 1), listed in JSON, and no empty-set notice", async () => {
    const root = await tree({ "big.mcpolicy": "" });
    await truncate(join(root, "big.mcpolicy"), 8 * 1024 * 1024 + 1);
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    expect(io.stdout()).toContain("[E0004]");
    expect(io.stderr()).toBe("");
    const json = fakeIO();
    expect(await main(["check", root, "--format", "json"], json)).toBe(1);
    expect(JSON.parse(json.stdout())).toMatchObject({ ok: false, files: [`${root}/big.mcpolicy`] });
  });
});

describe("mcpolicy check: warnings only (mutation-tested)", () => {
  it("prints a warning and its summary but exits 0: only errors fail the check", async () => {
    const schema = {
      subject: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      env: { type: "object", properties: { ticket: { type: "string" } } },
      resources: [{ id: "tool:read_file" }],
    };
    const root = await tree({
      "p.mcpolicy":
        'policy p {\n  allow\n  subject *\n  action "tools/call"\n  resource "tool:read_file"\n  when env.ticket == "T-1"\n}\n',
      "schema.json": JSON.stringify(schema),
    });
    const io = fakeIO();
    expect(await main(["check", join(root, "p.mcpolicy"), "--schema", join(root, "schema.json")], io)).toBe(0);
    expect(io.stdout()).toContain("[W0710]");
    expect(io.stdout().trimEnd().split("\n").at(-1)).toBe("! 0 errors, 1 warning in 1 file");
    expect(io.stderr()).toBe("");
    const json = fakeIO();
    expect(
      await main(["check", join(root, "p.mcpolicy"), "--schema", join(root, "schema.json"), "--format", "json"], json),
    ).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject({
      ok: true,
      diagnostics: [{ code: "W0710", severity: "warning" }],
    });
  });
});

describe("code frames (mutation-tested)", () => {
  it("marks only the start of a problem that spans lines, not up to its end column on the first line", async () => {
    const schema = {
      subject: { type: "object", properties: { level: { type: "integer" } }, required: ["level"] },
      resources: [{ id: "tool:x" }],
    };
    const policy =
      'policy b {\n  allow\n  subject *\n  action "tools/call"\n  resource "tool:x"\n  when subject.level ==\n            "xyz"\n}\n';
    const root = await tree({ "p.mcpolicy": policy, "schema.json": JSON.stringify(schema) });
    const io = fakeIO();
    const file = join(root, "p.mcpolicy");
    expect(await main(["check", file, "--schema", join(root, "schema.json")], io)).toBe(1);
    expect(io.stdout()).toBe(
      [
        `${file}:6:8: \`==\` compares integer (\`subject.level\`) with string (\`"xyz"\`): always false [E0705]`,
        '  5 |   resource "tool:x"',
        "> 6 |   when subject.level ==",
        "    |        ^",
        '  7 |             "xyz"',
        "✖ 1 error in 1 file",
        "",
      ].join("\n"),
    );
  });
});

describe("no policy path (mutation-tested)", () => {
  it("is a usage error for check and lint: the message and the command's usage on stderr, exit 2", async () => {
    for (const [command, usage] of [
      ["check", checkUsage],
      ["lint", lintUsage],
    ] as const) {
      for (const args of [[command], [command, "--format", "json"]]) {
        const io = fakeIO();
        expect(await main(args, io)).toBe(2);
        expect(io.stderr()).toBe(`mcpolicy ${command}: no policy path given\n\n${usage}`);
        expect(io.stdout()).toBe("");
      }
    }
  });
});

describe("mcpolicy eval (mutation-tested)", () => {
  it('reads a --resource not starting with `{` as the string id, even when it is other JSON (`[1]`, `1`, `null`, `"x"`)', async () => {
    const root = await tree({ "p.mcpolicy": ALLOW });
    for (const resource of ["[1]", "[]", "1", "null", '"x"']) {
      const io = fakeIO();
      const args = evalArgs(root, resource, "read");
      expect(await main(args, io), resource).toBe(0);
      expect(JSON.parse(io.stdout())).toEqual({ allowed: true, effect: "allow", policy: "p", errors: [] });
    }
  });

  it("exits 0 for an allowed decision that carries errors (Decision.errors does not change the exit code)", async () => {
    const root = await tree({
      "p.mcpolicy": `${ALLOW}policy late {\n  allow\n  subject *\n  action *\n  resource *\n  when env.hour < 6\n}\n`,
    });
    const io = fakeIO();
    expect(await main(evalArgs(root, "r", "read"), io)).toBe(0);
    const decision = JSON.parse(io.stdout());
    expect(decision).toMatchObject({ allowed: true, effect: "allow", policy: "p" });
    expect(decision.errors.length).toBeGreaterThan(0);
  });

  it("exits 2 on an --env that is not valid JSON, before deciding anything", async () => {
    const root = await tree({ "p.mcpolicy": ALLOW });
    const io = fakeIO();
    const args = evalArgs(root, "r", "read", "--env", "{hour:1}");
    expect(await main(args, io)).toBe(2);
    expect(io.stdout()).toBe("");
    expect(io.stderr()).toMatch(/^mcpolicy eval: --env is not valid JSON: .+\n$/);
  });

  it("--find-arguments exits 0 when the answer is unknown (only `never` exits 1)", async () => {
    const condition = "when env.arguments.x == env.arguments.y and env.arguments.x != env.arguments.y";
    const root = await tree({
      "p.mcpolicy": `policy p {\n  allow\n  subject *\n  action "tools/call"\n  resource "tool:x"\n  ${condition}\n}\n`,
    });
    const io = fakeIO();
    const args = evalArgs(root, "tool:x", "tools/call", "--find-arguments");
    expect(await main(args, io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual({ outcome: "unknown" });
    expect(io.stderr()).toBe("");
  });
});

describe("mcpolicy without a command (mutation-tested)", () => {
  it("prints the usage on stderr and exits 2; `--help` prints it on stdout and exits 0", async () => {
    const none = fakeIO();
    expect(await main([], none)).toBe(2);
    expect(none.stderr()).toBe(USAGE);
    expect(none.stdout()).toBe("");
    const help = fakeIO();
    expect(await main(["--help"], help)).toBe(0);
    expect(help.stdout()).toBe(USAGE);
    expect(help.stderr()).toBe("");
  });
});

describe("stderr is made terminal-safe (mutation-tested)", () => {
  it("shows an escape sequence quoted from a command line argument as text, never as an escape", async () => {
    const request = ["--resource", "r", "--action", "a"];
    for (const args of [
      ["\u001b]0;owned\u0007"],
      ["check", "--\u001b[2J"],
      // V8's JSON.parse message quotes the offending text: it reaches stderr only made safe.
      ["eval", "x", "--subject", '{"id": \u001b[2J}', ...request],
      ["eval", "x", "--subject", "{}", ...request, "--env", "\u001b[2J"],
    ]) {
      const io = fakeIO();
      expect(await main(args, io)).toBe(2);
      expect(io.stderr()).toContain("\\u001b");
      expect(io.stderr()).not.toContain("\u001b");
      expect(io.stderr()).not.toContain("\u0007");
    }
  });
});

describe("mcpolicy init (mutation-tested)", () => {
  it("writes schema.json beside a policy file given by name", async () => {
    const root = await tree({ "p.mcpolicy": ALLOW });
    const io = fakeIO();
    const file = join(root, "p.mcpolicy");
    expect(await main(["init", file], io)).toBe(0);
    const output = join(root, "schema.json");
    expect(io.stdout()).toBe(
      `wrote ${output} (1 policy; review it, then \`mcpolicy check --schema ${output} ${file}\`)\n`,
    );
    expect(JSON.parse(await readFile(output, "utf8"))).toBeTypeOf("object");
  });
});

describe("mcpolicy eval --explain (mutation-tested)", () => {
  it("marks an `unless` by its test: ✓ when its expression is false, ✗ when true", async () => {
    const policy = "policy p {\n  allow\n  subject *\n  action *\n  resource *\n  unless env.blocked == true\n}\n";
    const root = await tree({ "p.mcpolicy": policy });
    const file = join(root, "p.mcpolicy");
    const explain = async (blocked: boolean) => {
      const io = fakeIO();
      const args = ["eval", file, "--subject", '{"id":"a"}', "--resource", "r", "--action", "read"];
      const code = await main([...args, "--env", JSON.stringify({ blocked }), "--explain"], io);
      return { code, lines: io.stderr().split("\n") };
    };
    const open = await explain(false);
    expect(open.code).toBe(0);
    expect(open.lines).toContain("    ✓ unless env.blocked == true → false");
    const shut = await explain(true);
    expect(shut.code).toBe(1);
    expect(shut.lines).toContain("    ✗ unless env.blocked == true → true");
  });
});
