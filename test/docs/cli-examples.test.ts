import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

/**
 * The command lines the README and docs/ show run as shown: exit code and output shape.
 * Runs the built CLI (`npx tsc -p tsconfig.build.json` first), from the repository root
 * as the README's commands are written.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = (args: readonly string[], cwd = ROOT) => runCli(args, { cwd });
const scratch = mkdtempSync(join(tmpdir(), "mcpolicy-docs-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const allDocs = [
  readme,
  ...["api", "diagnostics", "language", "lint", "mcp", "schemas", "testing"].map((p) =>
    readFileSync(join(ROOT, "docs", `${p}.md`), "utf8"),
  ),
].join("\n");

/** README's `mcpolicy eval` example up to its `--env` value: bob, an editor, calls write_file. */
const BOB_WRITES = ["eval", "policies/", "--subject", '{"id":"bob","roles":["editor"]}', "--resource", "tool:write_file", "--action", "tools/call", "--env"];

describe("README, Command line", () => {
  it("check policies/: silent, exit 0; with --schema too", async () => {
    expect(await run(["check", "policies/"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await run(["check", "--schema", "policies/schema.json", "policies/"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("fmt --check policies/: the example set is canonical", async () => {
    expect((await run(["fmt", "--check", "policies/"])).code).toBe(0);
  });

  it("eval … --explain: stdout is exactly the Decision (after hours: denied, exit 1), the explanation on stderr", async () => {
    const result = await run([
      ...BOB_WRITES,
      '{"hour":22,"arguments":{"path":"/home/bob/a"}}',
      "--explain",
    ]);
    expect(result.code).toBe(1);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual(["allowed", "effect", "policy", "errors"]);
    expect(result.stderr).not.toBe("");
  });

  it("eval … --find-arguments: which arguments would pass, exit 0", async () => {
    const result = await run([
      ...BOB_WRITES,
      '{"hour":10}',
      "--find-arguments",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ outcome: "allowed", arguments: { path: "/home/bob/x" } });
  });

  it("lint policies/ --schema policies/schema.json: exit 0", async () => {
    expect((await run(["lint", "policies/", "--schema", "policies/schema.json"])).code).toBe(0);
  });

  it("init my-policies/ writes my-policies/schema.json", async () => {
    const dir = join(scratch, "my-policies");
    mkdirSync(dir);
    copyFileSync(join(ROOT, "policies/filesystem.mcpolicy"), join(dir, "filesystem.mcpolicy"));
    const result = await run(["init", "my-policies/"], scratch);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "schema.json"), "utf8"))).toHaveProperty("env");
    expect((await run(["init", "my-policies/"], scratch)).code).toBe(1); // exists: --force to replace
    expect((await run(["init", "my-policies/", "--force"], scratch)).code).toBe(0);
  });

  it("a misspelled option is answered with the one meant, exit 2", async () => {
    const result = await run(["check", "--fromat", "json", "policies/"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option `--fromat`; did you mean `--format`?");
  });

  it("a file that cannot be written is said in words", async () => {
    const result = await run(["init", join(ROOT, "policies"), "--output", "out/schema.json"], scratch);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot write `out/schema.json`: no such directory `out` (ENOENT)");
  });

  it("a path holding no policy file: the notice, then the empty set (eval: notapplicable, exit 1)", async () => {
    mkdirSync(join(scratch, "dir"));
    const result = await run(["eval", "dir", "--subject", "{}", "--resource", "x", "--action", "y"], scratch);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("! no *.mcpolicy files under `dir`: the policy set is empty");
    expect(JSON.parse(result.stdout)).toMatchObject({ effect: "notapplicable" });
  });

  it("mcpolicy --version and -v print the version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) expect((await run([flag])).stdout.trim()).toBe(`mcpolicy ${version}`);
  });
});

describe("README, colour", () => {
  it("off in pipes; FORCE_COLOR on for 1, true, 2, 3 or empty, off otherwise; a non-empty NO_COLOR wins", async () => {
    writeFileSync(join(scratch, "colour.mcpolicy"), "policy p { allow subject * action * resource * }\n");
    const coloured = async (env: Record<string, string>) =>
      (await runCli(["lint", "colour.mcpolicy"], { cwd: scratch, env })).stdout.includes("\u001b[");
    expect(await coloured({})).toBe(false);
    for (const value of ["1", "true", "2", "3", ""]) expect(await coloured({ FORCE_COLOR: value }), value).toBe(true);
    for (const value of ["0", "false", "yes"]) expect(await coloured({ FORCE_COLOR: value }), value).toBe(false);
    expect(await coloured({ FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(await coloured({ FORCE_COLOR: "1", NO_COLOR: "" })).toBe(true);
  });
});

describe("docs/lint.md, Examples", () => {
  it("prints the finding shown, and a warning alone exits 0 (--strict: 1)", async () => {
    const block = /## Examples\s+```\n([\s\S]*?)```\s+```\n([\s\S]*?)```/.exec(
      readFileSync(join(ROOT, "docs/lint.md"), "utf8"),
    );
    const [, source = "", output = ""] = block ?? [];
    writeFileSync(join(scratch, "a.mcpolicy"), source);
    const result = await run(["lint", "a.mcpolicy"], scratch);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(output);
    expect((await run(["lint", "--strict", "a.mcpolicy"], scratch)).code).toBe(1);
  });
});

describe("every option a help text lists is documented", () => {
  it.each(["check", "fmt", "eval", "lint", "test", "init"])("mcpolicy help %s", async (command) => {
    const help = (await run(["help", command])).stdout;
    const flags = [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1] ?? "");
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.filter((flag) => !allDocs.includes(flag))).toEqual([]);
  });

  it("and every option the docs show is accepted by its command", async () => {
    const shown = new Set([...allDocs.matchAll(/mcpolicy (check|fmt|eval|lint|test|init)\b[^`\n]*/g)].map((m) => m[0]));
    expect(shown.size).toBeGreaterThan(10);
    const helps = new Map<string, string>();
    for (const line of shown) {
      const command = line.split(" ")[1] ?? "";
      const help = helps.get(command) ?? (await run(["help", command])).stdout;
      helps.set(command, help);
      for (const flag of line.match(/--[a-z][a-z-]*/g) ?? []) {
        if (flag === "--fromat") continue; // the README's misspelling example
        expect(help, `${flag} in \`${line}\``).toContain(flag);
      }
    }
  });
});
