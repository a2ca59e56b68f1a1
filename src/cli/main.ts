/**
 * `mcpolicy` entry point: argv → command. One file per command; each exports
 * `run(args, io): Promise<number>` and a `usage` string.
 */
import { createRequire } from "node:module";
import { EXIT, type CliIO, HelpRequested, processIO, UsageError } from "./io.js";
import { terminalSafe } from "./terminal-safe.js";
import { unknownCommand, unknownOption } from "./unknown-name.js";

interface Command {
  readonly summary: string;
  readonly load: () => Promise<{ run(args: string[], io: CliIO): Promise<number>; usage: string }>;
}

const COMMANDS: Record<string, Command> = {
  check: { summary: "parse and check policy files", load: () => import("./check.js") },
  fmt: { summary: "rewrite policy files in canonical form", load: () => import("./fmt.js") },
  eval: { summary: "decide one request and print the Decision", load: () => import("./eval.js") },
  lint: { summary: "static analysis: shadowed, dead and risky policies", load: () => import("./lint.js") },
  test: { summary: "run policy tests and generated invariants", load: () => import("./test.js") },
  init: { summary: "write a starter attribute schema from the policies", load: () => import("./init.js") },
};

export const USAGE = `usage: mcpolicy <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(7)} ${c.summary}`)
  .join("\n")}

Run \`mcpolicy help <command>\` (or \`mcpolicy <command> --help\`) for a command's options;
\`mcpolicy --version\` (\`-v\`) prints the version.
`;

/** The installed package's version, read from its own package.json (never a copy that can drift). */
function packageVersion(): string {
  try {
    const manifest: unknown = createRequire(import.meta.url)("mcpolicy/package.json");
    const version = typeof manifest === "object" && manifest !== null ? Object.getOwnPropertyDescriptor(manifest, "version")?.value : undefined;
    return typeof version === "string" ? version : "(unknown version)";
  } catch {
    return "(unknown version)";
  }
}

/** What `mcpolicy` itself takes before a command. */
const GLOBAL_OPTIONS = ["--help", "-h", "--version", "-v"];

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], given: CliIO = processIO()): Promise<number> {
  // Text from policy and test files reaches the terminal only made safe (terminal-safe.ts).
  const io: CliIO = { ...given, out: (text) => given.out(terminalSafe(text)), err: (text) => given.err(terminalSafe(text)) };
  const code = await dispatch(argv, io);
  // Output that never reached its file (`> /dev/full`) is an I/O error, whatever the
  // command decided; a failed write is known only once the streams have called back.
  const failures = (await given.settle?.()) ?? [];
  if (failures.length === 0) return code;
  for (const failure of failures) io.err(`mcpolicy: cannot write to ${failure.stream}: ${failure.message}\n`);
  await given.settle?.();
  return EXIT.usage;
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || (name === "help" && rest.length === 0)) {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.out(`mcpolicy ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (name === "help") return help(rest, io);
  const command = commandNamed(name, io);
  if (command === undefined) return EXIT.usage;
  const module = await command.load();
  try {
    return await module.run(rest, io);
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.out(module.usage);
      return EXIT.ok;
    }
    if (error instanceof UsageError) {
      io.err(`mcpolicy ${name}: ${error.message}\n\n${module.usage}`);
      return EXIT.usage;
    }
    io.err(`mcpolicy ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}

/** The command called `name`, or undefined once the mistake is reported (with a suggestion). */
function commandNamed(name: string, io: CliIO): Command | undefined {
  if (Object.hasOwn(COMMANDS, name)) return COMMANDS[name];
  // `mcpolicy --bogus` is a misspelled option, not a command named `--bogus`.
  const problem = name.startsWith("-")
    ? unknownOption(name, GLOBAL_OPTIONS)
    : unknownCommand(name, [...Object.keys(COMMANDS), "help"]);
  io.err(`mcpolicy: ${problem}\n\n${USAGE}`);
  return undefined;
}

/** `mcpolicy help COMMAND`: that command's usage, as `mcpolicy COMMAND --help` prints it. */
async function help(names: readonly string[], io: CliIO): Promise<number> {
  if (names.length > 1) {
    io.err(`mcpolicy help: give one command name\n\n${USAGE}`);
    return EXIT.usage;
  }
  const name = names[0] as string;
  // `help` is a command too: its help is the general usage.
  if (name === "--help" || name === "-h" || name === "help") {
    io.out(USAGE);
    return EXIT.ok;
  }
  const command = commandNamed(name, io);
  if (command === undefined) return EXIT.usage;
  io.out((await command.load()).usage);
  return EXIT.ok;
}
