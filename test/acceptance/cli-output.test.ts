/**
 * Spec §7 and README ("Command line"), through the built CLI: `check` prints
 * `file:line:col: message` with a code frame for each problem; the result goes to
 * stdout and only what is not the result (I/O errors, notices, `--explain`'s text) to
 * stderr, so JSON on stdout always parses; colour only on a terminal (never into a
 * pipe), a non-empty NO_COLOR turns it off, FORCE_COLOR turns it on — never in JSON.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempTree } from "../helpers/temp-tree.js";

const ESC = "\u001b";
const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));
/** util-linux `script`, to run the CLI on a pseudo-terminal; the terminal tests skip without it. */
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).stdout?.includes("util-linux") === true;
const quoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
const POLICIES = {
  "p.mcpolicy": 'policy "read-docs" { allow subject * action "read" resource "doc:*" }\n',
  "bad.mcpolicy": "policy ok { allow subject * action * resource * }\npolicy p {\n  allow\n  bogus\n}\n",
};
const REQUEST = ["--subject", '{"id":"al"}', "--resource", "doc:1", "--action", "read"];

describe("§7 check's text output", () => {
  it("prints `file:line:col: message [CODE]`, the code frame and a summary on stdout; nothing on stderr; exit 1", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-out-");
    const run = await runCli(["check", "bad.mcpolicy"], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "bad.mcpolicy:4:3: expected a clause or `}`, found `bogus` [E0201]",
      "  3 |   allow",
      "> 4 |   bogus",
      "    |   ^^^^^",
      "  5 | }",
    ]);
    expect(lines.at(-2)).toBe("✖ 1 error in 1 file");
  });

  it("puts a path it cannot read on stderr and the problems of the others on stdout; exit 2", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-out-");
    const run = await runCli(["check", "gone.mcpolicy", "bad.mcpolicy"], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gone\.mcpolicy:1:1: no such file or directory \[E0001\]\n/);
    expect(run.stderr).not.toContain("bad.mcpolicy");
    expect(run.stdout).toMatch(/^bad\.mcpolicy:4:3: /);
    expect(run.stdout).not.toContain("gone.mcpolicy");
  });
});

describe("§7 JSON on stdout always parses", () => {
  it("check and lint --format json, with FORCE_COLOR and a missing path: JSON on stdout, no escapes; the I/O error also on stderr", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-json-");
    for (const command of ["check", "lint"]) {
      const run = await runCli([command, "--format", "json", "gone.mcpolicy", "bad.mcpolicy"], { cwd: root, env: { FORCE_COLOR: "1" } });
      expect(run.code).toBe(2);
      expect(run.stdout).not.toContain(ESC);
      const parsed = JSON.parse(run.stdout) as { diagnostics: { code: string; source: string }[] };
      expect(parsed.diagnostics[0]).toMatchObject({ code: "E0001", source: "gone.mcpolicy" });
      expect(run.stderr).toContain("gone.mcpolicy");
      expect(run.stderr).toContain("[E0001]");
    }
  });

  it("eval --explain: stdout is exactly the Decision of plain eval, the explanation on stderr", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-explain-");
    const plain = await runCli(["eval", "p.mcpolicy", ...REQUEST], { cwd: root, env: { FORCE_COLOR: "1" } });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe("");
    const explained = await runCli(["eval", "p.mcpolicy", ...REQUEST, "--explain"], { cwd: root, env: { FORCE_COLOR: "1" } });
    expect(explained.code).toBe(0);
    expect(explained.stdout).toBe(plain.stdout);
    expect(JSON.parse(explained.stdout)).toEqual({ allowed: true, effect: "allow", policy: "read-docs", errors: [] });
    expect(explained.stderr).toContain("read-docs");
  });

  it("eval --explain --format json: nothing on stderr, the explanation a member of the Decision", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-explain-json-");
    const run = await runCli(["eval", "p.mcpolicy", ...REQUEST, "--explain", "--format", "json"], { cwd: root, env: { FORCE_COLOR: "1" } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).not.toContain(ESC);
    const decision = JSON.parse(run.stdout) as { explanation: { policies: { policy: string }[]; summary: string } };
    expect(decision).toMatchObject({ allowed: true, effect: "allow", policy: "read-docs", errors: [] });
    expect(decision.explanation.policies.map((p) => p.policy)).toEqual(["read-docs"]);
  });

  it("eval and init of an empty directory: the notice on stderr, stdout still only JSON", async () => {
    const root = await tempTree({ "empty/notes.txt": "" }, "mcpolicy-empty-json-");
    const decided = await runCli(["eval", "empty", ...REQUEST], { cwd: root, env: { FORCE_COLOR: "1" } });
    expect(decided.code).toBe(1);
    expect(JSON.parse(decided.stdout)).toMatchObject({ effect: "notapplicable" });
    expect(decided.stderr).toContain("no *.mcpolicy files under");
    const schema = await runCli(["init", "empty", "--output", "-"], { cwd: root, env: { FORCE_COLOR: "1" } });
    expect(schema.code).toBe(0);
    expect(schema.stdout).not.toContain(ESC);
    expect(JSON.parse(schema.stdout)).toBeTypeOf("object");
    expect(schema.stderr).toContain("no *.mcpolicy files under");
  });
});

describe("colour (README)", () => {
  const colourOf = async (env: Record<string, string>) => {
    const root = await tempTree(POLICIES, "mcpolicy-colour-");
    const run = await runCli(["check", "bad.mcpolicy"], { cwd: root, env });
    expect(run.code).toBe(1);
    return run.stdout.includes(ESC);
  };

  it("none into a pipe; FORCE_COLOR=1 turns it on, FORCE_COLOR=0 does not; a non-empty NO_COLOR wins", async () => {
    expect(await colourOf({})).toBe(false);
    expect(await colourOf({ FORCE_COLOR: "1" })).toBe(true);
    expect(await colourOf({ FORCE_COLOR: "0" })).toBe(false);
    expect(await colourOf({ FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(await colourOf({ FORCE_COLOR: "1", NO_COLOR: "" })).toBe(true);
  });

  it.skipIf(!hasScript)("on a terminal; not when NO_COLOR is set, nor when stdout is piped (stderr still a terminal)", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-tty-");
    const check = `${quoted(process.execPath)} ${quoted(bin)} check bad.mcpolicy`;
    const onTerminal = (shell: string, env: Record<string, string> = {}) => {
      const clean: Record<string, string | undefined> = { ...process.env, ...env };
      delete clean.FORCE_COLOR;
      if (env.NO_COLOR === undefined) delete clean.NO_COLOR;
      const run = spawnSync("script", ["-qec", shell, "/dev/null"], { cwd: root, env: clean, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 });
      expect(run.stdout).toContain("bad.mcpolicy:4:3");
      return run.stdout.includes(ESC);
    };
    expect(onTerminal(check)).toBe(true);
    expect(onTerminal(check, { NO_COLOR: "1" })).toBe(false);
    expect(onTerminal(`${check} | cat`)).toBe(false);
  });
});

describe("README: lint and a set it cannot lint", () => {
  it("says why on stderr (exit 1, stdout empty); with --format json the reasons are the JSON's diagnostics", async () => {
    const root = await tempTree(POLICIES, "mcpolicy-lint-broken-");
    const text = await runCli(["lint", "bad.mcpolicy"], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toBe("");
    expect(text.stderr).toMatch(/^bad\.mcpolicy:4:3: .*\[E0201\]\n/);
    expect(text.stderr).toMatch(/cannot lint: 1 error\n$/);
    const json = await runCli(["lint", "bad.mcpolicy", "--format", "json"], { cwd: root });
    expect(json.code).toBe(1);
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, findings: [], diagnostics: [{ code: "E0201" }] });
  });
});
