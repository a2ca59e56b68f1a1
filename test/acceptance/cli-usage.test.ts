/**
 * Spec §7 and the CLI's own help, through the built CLI: every command refuses an unknown
 * flag, a flag given twice and a missing path with exit 2 and its usage on stderr; every
 * option its help lists is one it takes (and plausible ones it does not list are
 * refused); `help COMMAND` and `COMMAND --help` print the same text on stdout, exit 0.
 */
import { describe, expect, it } from "vitest";
import { type CliRun, runCli } from "../helpers/run-cli.js";
import { tempTree } from "../helpers/temp-tree.js";

const COMMANDS = ["check", "eval", "test", "lint", "fmt", "init"] as const;

/** The options a command's help lists: `--name` and whether it takes a value (`--name VALUE`). */
function listedOptions(help: string): { name: string; takesValue: boolean }[] {
  const section = help.slice(help.indexOf("\noptions:\n"), help.indexOf("\nexit codes:"));
  return [...section.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)( [A-Z|a-z]+)?/gm)].map((m) => ({
    name: m[1] as string,
    takesValue: m[2] !== undefined,
  }));
}

async function inBatches(runs: (() => Promise<CliRun>)[]): Promise<CliRun[]> {
  const results: CliRun[] = [];
  for (let i = 0; i < runs.length; i += 3) results.push(...(await Promise.all(runs.slice(i, i + 3).map((run) => run()))));
  return results;
}

describe("§7 help texts", () => {
  it("`mcpolicy --help` lists every command, and `help COMMAND` is `COMMAND --help` (stdout, exit 0)", async () => {
    const general = await runCli(["--help"]);
    expect(general.code).toBe(0);
    for (const command of COMMANDS) expect(general.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, "m"));
    const helps = await inBatches(COMMANDS.flatMap((command) => [() => runCli(["help", command]), () => runCli([command, "--help"])]));
    COMMANDS.forEach((command, i) => {
      const [viaHelp, viaFlag] = [helps[2 * i], helps[2 * i + 1]] as [CliRun, CliRun];
      expect(viaHelp).toEqual({ code: 0, stdout: viaFlag.stdout, stderr: "" });
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout).toMatch(new RegExp(`^usage: mcpolicy ${command} `));
    });
  });

  it("`mcpolicy help help` prints the general usage (help is a command), exit 0", async () => {
    const general = await runCli(["--help"]);
    expect(await runCli(["help", "help"])).toEqual({ code: 0, stdout: general.stdout, stderr: "" });
  });

  for (const command of COMMANDS) {
    it(`\`${command}\`: every option its help lists is one it takes; unlisted plausible ones are refused`, async () => {
      const root = await tempTree({ "p.mcpolicy": "" }, "mcpolicy-help-options-");
      const help = (await runCli([command, "--help"])).stdout;
      const listed = listedOptions(help);
      expect(listed.map((o) => o.name)).toContain("--help");
      // Every listed option at once, then `--help`: an unknown one would be refused (exit 2) first.
      const all = listed.filter((o) => o.name !== "--help").map((o) => (o.takesValue ? `${o.name}=x` : o.name));
      expect(await runCli([command, "p.mcpolicy", ...all, "--help"], { cwd: root })).toEqual({ code: 0, stdout: help, stderr: "" });
      const unlisted = ["--verbose", "--output", "--format"].filter((name) => !listed.some((o) => o.name === name));
      const refused = await inBatches(unlisted.map((name) => () => runCli([command, "p.mcpolicy", name], { cwd: root })));
      const refusal = (r: CliRun, name: string) => r.stderr.startsWith(`mcpolicy ${command}: unknown option \`${name}\``);
      expect(refused.map((r, i) => `${unlisted[i]} ${r.code} ${refusal(r, unlisted[i] as string)}`)).toEqual(
        unlisted.map((name) => `${name} 2 true`),
      );
    });
  }
});

describe("§7 usage errors of every command: exit 2, the usage on stderr, nothing on stdout", () => {
  const REQUEST = ["--subject", "{}", "--resource", "r", "--action", "a"];
  const TWICE: Record<string, string[]> = {
    check: ["--quiet", "--quiet"],
    eval: ["--explain", "--explain"],
    test: ["--runs", "1", "--runs", "2"],
    lint: ["--strict", "--strict"],
    fmt: ["--check", "--check"],
    init: ["--force", "--force"],
  };
  for (const command of COMMANDS) {
    it(`\`${command}\`: no path, an unknown flag, a flag given twice`, async () => {
      const root = await tempTree({ "p.mcpolicy": "" }, "mcpolicy-usage-");
      const extra = command === "eval" ? REQUEST : [];
      const cases = [
        { args: [command, ...extra], says: "no policy path given" },
        { args: [command, "p.mcpolicy", ...extra, "--bogus"], says: "unknown option `--bogus`" },
        { args: [command, "p.mcpolicy", ...extra, ...(TWICE[command] ?? [])], says: "is given more than once" },
      ];
      const runs = await Promise.all(cases.map((c) => runCli(c.args, { cwd: root })));
      const shown = (r: CliRun, says: string) =>
        r.stdout === "" && r.stderr.startsWith(`mcpolicy ${command}: `) && r.stderr.split("\n")[0]?.includes(says) && r.stderr.includes(`\nusage: mcpolicy ${command} `)
          ? says
          : JSON.stringify(r);
      expect(cases.map((c, i) => `${c.args.join(" ")}: ${runs[i]?.code} ${shown(runs[i] as CliRun, c.says)}`)).toEqual(
        cases.map((c) => `${c.args.join(" ")}: 2 ${c.says}`),
      );
    });
  }

  it("an empty file name for --schema or --output: a usage error that says so (not `no such directory .`)", async () => {
    const root = await tempTree({ "p.mcpolicy": "", "p.test.json": '{"examples":[]}' }, "mcpolicy-empty-file-");
    const cases: [option: string, args: string[]][] = [
      ["--schema", ["check", "p.mcpolicy", "--schema="]],
      ["--schema", ["lint", "p.mcpolicy", "--schema", ""]],
      ["--schema", ["test", ".", "--schema="]],
      ["--output", ["init", "p.mcpolicy", "--output", ""]],
      ["--output", ["test", ".", "--reporter", "junit", "--output="]],
    ];
    const runs = await inBatches(cases.map(([, args]) => () => runCli(args, { cwd: root })));
    expect(runs.map((r) => `${r.code} ${r.stdout} ${r.stderr.split("\n")[0]}`)).toEqual(
      cases.map(([option, [command]]) => `2  mcpolicy ${command}: \`${option}\` needs a file name, not an empty one`),
    );
  });

  it("with no command at all: the general usage on stderr, exit 2", async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^usage: mcpolicy <command>/);
  });
});
