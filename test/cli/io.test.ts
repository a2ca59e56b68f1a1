/** When the CLI colours its output: never into a file or a pipe, on either stream. */
import { afterEach, describe, expect, it } from "vitest";
import { processIO } from "../../src/cli/io.js";

const saved = {
  out: process.stdout.isTTY,
  err: process.stderr.isTTY,
  noColor: process.env.NO_COLOR,
  forceColor: process.env.FORCE_COLOR,
};

function withTerminals(out: boolean, err: boolean, env: { NO_COLOR?: string; FORCE_COLOR?: string } = {}): boolean {
  process.stdout.isTTY = out;
  process.stderr.isTTY = err;
  delete process.env.NO_COLOR;
  delete process.env.FORCE_COLOR;
  Object.assign(process.env, env);
  return processIO().color;
}

afterEach(() => {
  process.stdout.isTTY = saved.out;
  process.stderr.isTTY = saved.err;
  for (const [key, value] of [["NO_COLOR", saved.noColor], ["FORCE_COLOR", saved.forceColor]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("processIO colour", () => {
  it("colours only when both stdout and stderr are terminals", () => {
    expect(withTerminals(true, true)).toBe(true);
    expect(withTerminals(true, false)).toBe(false); // `2>errors.txt`: diagnostics go to stderr
    expect(withTerminals(false, true)).toBe(false); // `| jq`
  });

  it("respects NO_COLOR and FORCE_COLOR", () => {
    expect(withTerminals(true, true, { NO_COLOR: "1" })).toBe(false);
    expect(withTerminals(false, false, { FORCE_COLOR: "1" })).toBe(true);
    expect(withTerminals(true, true, { FORCE_COLOR: "0" })).toBe(false);
  });
});

describe("a reader that goes away", () => {
  it("ends the output quietly (no stack trace) and keeps the command's exit code", async () => {
    const { spawn } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));
    const policies = fileURLToPath(new URL("../../policies", import.meta.url));
    const runs: [string[], number][] = [
      [["eval", policies, "--subject", "{}", "--resource", "x", "--action", "y", "--explain"], 1],
      [["lint", policies], 0],
      [["check", policies, "--format", "json"], 0],
    ];
    for (const [args, code] of runs) {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy(); // the reader is gone before the first write
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
      });
      const exit = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).not.toMatch(/EPIPE|Error| {4}at /);
      expect(exit).toBe(code);
    }
  }, 60_000);
});
