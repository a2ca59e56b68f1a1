/**
 * A one-letter option typed with two dashes (`--h`) is a misspelled option like any
 * other: it is answered with the one meant (README: "a misspelled command or option is
 * answered with the one meant"), before a command and after one.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function cli(...argv: string[]) {
  const io = fakeIO();
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("`--h`: `-h` with one dash too many", () => {
  it("before a command: suggests `-h` (exit 2, nothing printed to stdout)", async () => {
    const r = await cli("--h");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^mcpolicy: unknown option `--h`; did you mean `-h`\?\n\nusage: mcpolicy <command>/);
    expect((await cli("--v")).err).toMatch(/^mcpolicy: unknown option `--v`; did you mean `-v`\?\n/);
  });

  it("after a command: suggests `-h` instead of the hint about paths starting with `-`", async () => {
    const r = await cli("check", "--h", "policies");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^mcpolicy check: unknown option `--h`; did you mean `-h`\?\n\nusage: mcpolicy check/);
    expect(r.err).not.toContain("goes after `--`");
  });

  it("is no licence to guess for other letters: `--x` and `-x` still get no suggestion", async () => {
    expect((await cli("--x")).err).toMatch(/^mcpolicy: unknown option `--x`\n/);
    const x = await cli("check", "--x", "policies");
    expect(x.err).toContain("unknown option `--x` (a path starting with `-` goes after `--`)\n");
    const short = await cli("check", "-x", "policies");
    expect(short.err).toContain("unknown option `-x` (a path starting with `-` goes after `--`)\n");
  });
});
