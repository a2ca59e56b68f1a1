/**
 * Runs the built CLI (bin/mcpolicy.js → dist/) as a child process, as a user would: for
 * black-box tests of exit codes, stdout and stderr. Needs `npm run build` first.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));
const built = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

export interface CliRun {
  /** Exit code; null when the child was killed (by the timeout: a hang). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly cwd?: string;
  /** Added to the environment; NO_COLOR and FORCE_COLOR are unset unless given here. */
  readonly env?: Readonly<Record<string, string>>;
  /** Killed after this long (a hang is a failure, not a stuck test run). */
  readonly timeoutMs?: number;
}

/** `mcpolicy ...args`, stdin closed, stdout and stderr pipes (never a terminal). */
export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  if (!existsSync(built)) throw new Error("the CLI is not built: run `npx tsc -p tsconfig.build.json` first");
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
