/**
 * The CLI's view of the world, injectable so commands are testable in-process:
 * output streams, whether colour is wanted, the working directory.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import pc from "picocolors";

export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour only on a TTY, never with NO_COLOR, always with FORCE_COLOR. */
  readonly color: boolean;
  /** Whether stderr is an interactive terminal (progress bars). */
  readonly interactive: boolean;
  readonly cwd: string;
}

export function processIO(): CliIO {
  const env = process.env;
  const tty = Boolean(process.stdout.isTTY);
  const color = env.NO_COLOR !== undefined && env.NO_COLOR !== "" ? false : env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== "0" : tty;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color,
    interactive: Boolean(process.stderr.isTTY) && env.CI === undefined,
    cwd: process.cwd(),
  };
}

/** Colour helpers that become the identity when colour is off. */
export function palette(enabled: boolean) {
  return pc.createColors(enabled);
}

/** Exit codes shared by every command (spec §7). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2 });

/** A usage error: bad flag, missing argument. Printed with the command's usage, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A command's arguments: `node:util` `parseArgs`, strict, with positionals. What it
 * rejects (an unknown flag, a missing value) is a usage error: exit 2.
 */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>> {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
