import type { CliIO } from "../../src/cli/io.js";

/** A CliIO that records what a command prints, for in-process CLI tests. */
export function fakeIO(options: { color?: boolean; cwd?: string } = {}): CliIO & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    color: options.color ?? false,
    interactive: false,
    cwd: options.cwd ?? process.cwd(),
    stdout: () => out,
    stderr: () => err,
  };
}
