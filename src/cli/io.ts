/**
 * The CLI's view of the world, injectable so commands are testable in-process:
 * output streams, whether colour is wanted, the working directory.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { markedPalette, type Palette } from "./terminal-safe.js";
import { unknownOption } from "./unknown-name.js";

export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /**
   * Colour only when both stdout and stderr are terminals (commands write to both, and
   * escapes must never land in a file or a pipe), never with NO_COLOR, and as
   * FORCE_COLOR says when it is set (`forcedColor`).
   */
  readonly color: boolean;
  /** Whether stderr is an interactive terminal (progress bars). */
  readonly interactive: boolean;
  readonly cwd: string;
  /**
   * Resolves once everything written so far has reached its stream or failed, with the
   * failures that are I/O errors (exit 2). Stream errors arrive asynchronously, so the
   * exit code is decided only after this. Absent for output kept in memory (tests).
   */
  readonly settle?: () => Promise<readonly WriteFailure[]>;
}

/** A write to stdout or stderr that failed for a reason other than a reader gone away (a full disk). */
export interface WriteFailure {
  readonly stream: "stdout" | "stderr";
  readonly message: string;
}

export function processIO(): CliIO {
  const env = process.env;
  const tty = Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY);
  const forced = forcedColor(env.FORCE_COLOR);
  const color = env.NO_COLOR !== undefined && env.NO_COLOR !== "" ? false : (forced ?? tty);
  const out = writerTo(process.stdout, "stdout");
  const err = writerTo(process.stderr, "stderr");
  return {
    out: out.write,
    err: err.write,
    color,
    interactive: Boolean(process.stderr.isTTY) && env.CI === undefined,
    cwd: process.cwd(),
    settle: async () => [await out.settle(), await err.settle()].filter((f): f is WriteFailure => f !== null),
  };
}

/**
 * FORCE_COLOR as Node reads it: `1`, `true`, the empty string, `2` and `3` force colour
 * on; any other value (`0`, `false`, `no`) turns it off; unset leaves the choice to the
 * terminals.
 */
export function forcedColor(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value === "" || value === "1" || value === "true" || value === "2" || value === "3";
}

/**
 * Writes to a stream until it fails. A reader that goes away (`mcpolicy lint | head`,
 * EPIPE) ends the output quietly — no stack trace — and the command still finishes and
 * returns its exit code. Any other failure (ENOSPC: `> /dev/full`) also ends the output,
 * and `settle` reports it, once every write made has called back.
 */
export function writerTo(
  stream: NodeJS.WritableStream,
  name: WriteFailure["stream"],
): { write: (text: string) => void; settle: () => Promise<WriteFailure | null> } {
  let open = true;
  let failure: WriteFailure | null = null;
  let pending = 0;
  let waiting: (() => void)[] = [];
  const fail = (error: Error | null | undefined) => {
    if (error === null || error === undefined || !open) return;
    open = false;
    if ((error as NodeJS.ErrnoException).code !== "EPIPE") failure = { stream: name, message: error.message };
  };
  const release = () => {
    const ready = waiting;
    waiting = [];
    for (const resolve of ready) resolve();
  };
  let listening = false;
  return {
    write: (text) => {
      if (!open) return;
      if (!listening) {
        // Without a listener a stream error would be thrown (a stack trace instead of a
        // message); added on the first write, so building a CliIO leaves the streams alone.
        stream.on("error", fail);
        // A closed stream calls back no more: never wait on it (an exit that never comes).
        stream.once("close", () => {
          pending = 0;
          release();
        });
        listening = true;
      }
      pending++;
      stream.write(text, (error) => {
        fail(error);
        if (pending > 0 && --pending === 0) release();
      });
    },
    settle: async () => {
      if (pending > 0) await new Promise<void>((resolve) => waiting.push(resolve));
      return failure;
    },
  };
}

/** Colour helpers that become the identity when colour is off (escapes marked as ours: terminal-safe.ts). */
export function palette(enabled: boolean): Palette {
  return markedPalette(enabled);
}

/** Exit codes shared by every command (spec §7). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2 });

/** A usage error: bad flag, missing argument. Printed with the command's usage, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `--help` / `-h` given as a flag: the command prints its usage and exits 0. */
export class HelpRequested extends Error {
  override readonly name = "HelpRequested";
}

/**
 * A command's arguments: `node:util` `parseArgs`, strict, with positionals. What it
 * rejects (an unknown flag, a missing value) is a usage error: exit 2. An option that
 * takes a value takes the next argument, whatever it starts with (`--subject -1`,
 * `--action -h`). `--help` / `-h` counts only as a flag — never as such a value nor after
 * `--` — so no value can turn a decision into "usage printed, exit 0".
 */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;
  let tokens: readonly { kind: string; name?: string; rawName?: string }[];
  const joined = joinValues(args, options);
  checkOptionNames(joined, { ...options, ...HELP_OPTION });
  try {
    const result = parseArgs({
      args: joined,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: { ...options, ...HELP_OPTION },
    });
    tokens = result.tokens;
    parsed = { values: result.values, positionals: result.positionals } as unknown as typeof parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // An option given twice (`--subject A --subject B`, `--check --check`): parseArgs keeps
  // the last silently; which one was meant is a guess (or a typo hides a missing option),
  // so it is a usage error, as the README says. `--help` stays lenient.
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined || option.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`\`${token.rawName ?? `--${token.name}`}\` is given more than once`);
    seen.add(token.name);
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help === true) throw new HelpRequested();
  delete values.help;
  return parsed;
}

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

/**
 * What strict parseArgs would reject, said in our words before it does: an unknown option
 * with the one meant (`--fromat`: did you mean `--format`?), a flag given a value, an
 * option without its value. Node's own messages quote differently (and one leaves a
 * quote open).
 */
function checkOptionNames(args: string[], options: NonNullable<ParseArgsConfig["options"]>): void {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short !== undefined ? [`-${o.short}`] : [])]);
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) throw new UsageError(unknownOption(token.rawName, known, " (a path starting with `-` goes after `--`)"));
    if (option.type === "boolean" && token.value !== undefined) throw new UsageError(`\`${token.rawName}\` takes no value`);
    if (option.type === "string" && token.value === undefined) throw new UsageError(`\`${token.rawName}\` needs a value`);
    // `--output=` names no file: said so, not as a failed write ("no such directory `.`").
    if (FILE_OPTIONS.has(token.name) && token.value === "") throw new UsageError(`\`${token.rawName}\` needs a file name, not an empty one`);
  }
}

/** Options whose value is a file name (`--schema`, `--output`): the empty string names none. */
const FILE_OPTIONS = new Set(["schema", "output"]);

/**
 * `--name value` as `--name=value` for options that take a value, so a value starting
 * with `-` is still that option's value (parseArgs calls it ambiguous). Stops at `--`.
 */
function joinValues(args: readonly string[], options: NonNullable<ParseArgsConfig["options"]>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : null;
    const option = name !== null && Object.hasOwn(options, name) ? options[name] : undefined;
    if (option?.type === "string" && i + 1 < args.length) {
      out.push(`${arg}=${args[i + 1] as string}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
