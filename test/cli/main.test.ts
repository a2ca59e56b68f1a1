/**
 * `mcpolicy` before a command: help, misspelled commands and options. A mistake says
 * which name was meant, in the CLI's own words, and exits 2.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { usage as checkUsage } from "../../src/cli/check.js";
import { usage as evalUsage } from "../../src/cli/eval.js";
import { main, USAGE } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function cli(...argv: string[]) {
  const io = fakeIO();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("mcpolicy help", () => {
  it("`help COMMAND` prints that command's help, as `COMMAND --help` does (exit 0)", async () => {
    for (const [name, usage] of [["check", checkUsage], ["eval", evalUsage]] as const) {
      expect(await cli("help", name)).toEqual({ code: 0, out: usage, err: "" });
      expect((await cli(name, "--help")).out).toBe(usage);
    }
  });

  it("`help` alone prints the general usage, which names `help COMMAND`", async () => {
    const r = await cli("help");
    expect(r).toEqual({ code: 0, out: USAGE, err: "" });
    expect(r.out).toContain("mcpolicy help <command>");
  });

  it("`help` with an unknown command says so, with the one meant (exit 2)", async () => {
    const r = await cli("help", "chek");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^mcpolicy: unknown command `chek`; did you mean `check`\?\n/);
  });
});

describe("mcpolicy --version", () => {
  it("prints the version of package.json (not a copy that drifts), and the usage says how", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) expect(await cli(flag)).toEqual({ code: 0, out: `mcpolicy ${version}\n`, err: "" });
    expect(USAGE).toContain("mcpolicy --version");
  });
});

describe("a misspelled command or option", () => {
  it("suggests the command meant", async () => {
    const r = await cli("chek", "policies");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mcpolicy: unknown command `chek`; did you mean `check`\?\n\nusage: mcpolicy <command>/);
    expect((await cli("frobnicate")).err).toMatch(/^mcpolicy: unknown command `frobnicate`\n/);
  });

  it("calls an unknown option before the command an option, not a command", async () => {
    const bogus = await cli("--bogus");
    expect(bogus.code).toBe(2);
    expect(bogus.err).toMatch(/^mcpolicy: unknown option `--bogus`\n/);
    expect((await cli("--verison")).err).toMatch(/^mcpolicy: unknown option `--verison`; did you mean `--version`\?\n/);
  });

  it("suggests the option meant, in the CLI's words (not Node's parseArgs message)", async () => {
    const r = await cli("check", "--fromat", "json", "policies");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mcpolicy check: unknown option `--fromat`; did you mean `--format`\?\n\nusage: mcpolicy check/);
    expect((await cli("lint", "--strictt", "policies")).err).toContain("unknown option `--strictt`; did you mean `--strict`?");
    // A one-letter option is one edit from every other: no guess, but how to pass a path starting with `-`.
    const short = await cli("check", "-x", "policies");
    expect(short.code).toBe(2);
    expect(short.err).toContain("unknown option `-x` (a path starting with `-` goes after `--`)\n");
  });

  it("says a flag takes no value and an option needs one, in the same words", async () => {
    const flag = await cli("check", "--quiet=yes", "policies");
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/^mcpolicy check: `--quiet` takes no value\n/);
    const missing = await cli("eval", "policies", "--action", "a", "--resource", "r", "--subject");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^mcpolicy eval: `--subject` needs a value\n/);
    for (const r of [flag, missing]) expect(r.err.split("\n")[0]).not.toMatch(/Option|'/);
  });
});
