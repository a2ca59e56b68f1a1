/** When the CLI colours its output: never into a file or a pipe, on either stream. */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { processIO, writerTo } from "../../src/cli/io.js";

const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));

/** Runs the built CLI with stdout and stderr as given ("pipe" or an open descriptor). */
async function runBin(args: string[], stdout: "pipe" | number, stderr: "pipe" | number = "pipe", cwd?: string) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", stdout, stderr], ...(cwd !== undefined ? { cwd } : {}) });
  let err = "";
  child.stderr?.on("data", (chunk) => {
    err += String(chunk);
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stderr: err };
}

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

  it("reads FORCE_COLOR as Node does: 1, true, 2, 3 or empty force colour, any other value turns it off", () => {
    for (const value of ["1", "true", "", "2", "3"]) expect(withTerminals(false, false, { FORCE_COLOR: value })).toBe(true);
    for (const value of ["0", "false", "no", "FALSE", "4", "yes"]) {
      expect(withTerminals(false, false, { FORCE_COLOR: value })).toBe(false);
      expect(withTerminals(true, true, { FORCE_COLOR: value })).toBe(false);
    }
    // A non-empty NO_COLOR still wins; an empty one is as if unset.
    expect(withTerminals(false, false, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    expect(withTerminals(true, true, { NO_COLOR: "" })).toBe(true);
  });
});

describe("a reader that goes away", () => {
  it("ends the output quietly (no stack trace) and keeps the command's exit code", async () => {
    const policies = fileURLToPath(new URL("../../policies", import.meta.url));
    const broken = await mkdtemp(join(tmpdir(), "mcpolicy-epipe-"));
    await writeFile(join(broken, "bad.mcpolicy"), "policy q { alow }\n".repeat(500));
    const runs: [string[], number][] = [
      [["eval", policies, "--subject", "{}", "--resource", "x", "--action", "y", "--explain"], 1],
      [["lint", policies], 0],
      [["check", policies, "--format", "json"], 0],
      [["check", broken, "--format", "json"], 1],
    ];
    for (const [args, code] of runs) {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy(); // the reader is gone before the first write
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
      });
      const exit = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).not.toMatch(/EPIPE|Error|cannot write| {4}at /);
      expect(exit).toBe(code);
    }
  }, 60_000);
});

describe("an output that cannot be written", () => {
  // `> /dev/full`: every write fails with ENOSPC, as on a full disk.
  it.skipIf(!existsSync("/dev/full"))("is an I/O error: a message on stderr and exit 2, whatever the command decided", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-full-"));
    await writeFile(join(root, "p.mcpolicy"), "policy p { allow subject * action * resource * }\n");
    await writeFile(join(root, "bad.mcpolicy"), "policy q { alow }\n");
    const full = openSync("/dev/full", "w");
    try {
      // Each would exit 0, 0 and 1 with its output written.
      const runs = [
        ["eval", "p.mcpolicy", "--subject", "{}", "--resource", "r", "--action", "a"],
        ["lint", "p.mcpolicy"],
        ["check", "--format", "json", "bad.mcpolicy"],
      ];
      for (const args of runs) {
        const { code, stderr } = await runBin(args, full, "pipe", root);
        expect(stderr).toContain("mcpolicy: cannot write to stdout: ENOSPC");
        expect(stderr).not.toMatch(/ {4}at /);
        expect(code).toBe(2);
      }
      // check's diagnostics are its result, on stdout (as lint's findings).
      const check = await runBin(["check", "bad.mcpolicy"], full, "pipe", root);
      expect(check.stderr).toContain("mcpolicy: cannot write to stdout: ENOSPC");
      expect(check.code).toBe(2);
      // A notice that never reaches stderr: nothing can be said, the exit code says it.
      await mkdir(join(root, "empty"));
      expect((await runBin(["check", "empty"], "pipe", full, root)).code).toBe(2);
      // Nothing written, nothing failed: the command's own exit code.
      expect((await runBin(["check", "p.mcpolicy"], full, "pipe", root)).code).toBe(0);
    } finally {
      closeSync(full);
    }
  }, 60_000);

  it("is reported once every write has called back, however late the stream fails", async () => {
    const failing = (code: string) =>
      new Writable({
        write(_chunk, _encoding, callback) {
          setTimeout(() => callback(Object.assign(new Error(`${code}: it failed, write`), { code })), 20);
        },
      });
    const full = writerTo(failing("ENOSPC"), "stdout");
    full.write("a");
    full.write("b"); // after the failure is known the output ends
    expect(await full.settle()).toEqual({ stream: "stdout", message: "ENOSPC: it failed, write" });
    const gone = writerTo(failing("EPIPE"), "stdout");
    gone.write("a");
    expect(await gone.settle()).toBeNull();
    const fine = writerTo(new Writable({ write: (_chunk, _encoding, callback) => setTimeout(callback, 5) }), "stderr");
    fine.write("a");
    expect(await fine.settle()).toBeNull();
  });
});
