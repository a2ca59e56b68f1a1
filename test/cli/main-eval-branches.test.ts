/**
 * main.ts and eval.ts branches the other tests leave: output that never reached its
 * stream turns any exit code into 2, each failure reported once; `mcpolicy help --help`;
 * the last-resort report of a command that throws something unexpected (an Error
 * without a stack, a non-Error) — one line, exit 2, never an uncaught throw. The
 * throwing command is `lint`, replaced here by a module whose run throws what a test
 * sets. In eval: a target that errs in the explanation, a request-level error, and
 * --find-arguments on a request whose only errors are policies' (nothing said on stderr).
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const thrown: { value?: unknown } = {};

vi.mock("../../src/cli/lint.js", () => ({
  usage: "usage: mcpolicy lint (replaced in this test)\n",
  run: async () => {
    throw thrown.value;
  },
}));

const { main } = await import("../../src/cli/main.js");
const { fakeIO } = await import("../helpers/fake-io.js");
const { tempTree } = await import("../helpers/temp-tree.js");

afterEach(() => {
  thrown.value = undefined;
});

describe("main: output that could not be written", () => {
  it("reports each failed stream on stderr and exits 2, whatever the command decided", async () => {
    const io = fakeIO();
    let calls = 0;
    const settle = async () => {
      calls++;
      return calls === 1 ? [{ stream: "stdout" as const, message: "ENOSPC: no space left on device, write" }] : [];
    };
    expect(await main(["--version"], { ...io, settle })).toBe(2);
    expect(io.stderr()).toBe("mcpolicy: cannot write to stdout: ENOSPC: no space left on device, write\n");
    // Settled again after reporting, so the report itself is flushed before exiting.
    expect(calls).toBe(2);
  });

  it("exits with the command's code when every write arrived", async () => {
    const io = fakeIO();
    expect(await main(["--version"], { ...io, settle: async () => [] })).toBe(0);
    expect(io.stdout()).toMatch(/^mcpolicy \d+\.\d+\.\d+/);
  });
});

describe("main: help", () => {
  it("`mcpolicy help --help` (and `-h`) prints the general usage on stdout, exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const io = fakeIO();
      expect(await main(["help", flag], io)).toBe(0);
      expect(io.stdout()).toMatch(/^usage: mcpolicy <command>/);
      expect(io.stderr()).toBe("");
    }
  });
});

describe("main: a command that throws something unexpected", () => {
  it("an Error without a stack: its message, one line, exit 2", async () => {
    const error = new Error("went wrong");
    error.stack = undefined;
    thrown.value = error;
    const io = fakeIO();
    expect(await main(["lint", "x"], io)).toBe(2);
    expect(io.stderr()).toBe("mcpolicy lint: internal error: went wrong\n");
  });

  it("a thrown non-Error: its text, exit 2", async () => {
    thrown.value = "a string";
    const io = fakeIO();
    expect(await main(["lint", "x"], io)).toBe(2);
    expect(io.stderr()).toBe("mcpolicy lint: internal error: a string\n");
  });
});

describe("mcpolicy eval: errors in the explanation and in --find-arguments", () => {
  const POLICY = 'policy p { allow subject role viewer action "tools/call" resource "tool:*" when env.hour > 3 }\n';
  const request = (subject: string, resource = "tool:x", env = '{"hour": 5}') => [
    "--subject",
    subject,
    "--action",
    "tools/call",
    "--resource",
    resource,
    "--env",
    env,
  ];

  it("shows a target that errs under the policy, and the error in the list", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY }, "mcpolicy-evb-");
    const io = fakeIO();
    expect(await main(["eval", root, ...request('{"id": "a", "roles": "viewer"}'), "--explain"], io)).toBe(1);
    const err = io.stderr();
    expect(err).toContain(
      "    subject !  action ✓  resource ✓\n      subject: error: malformed subject.roles: must be an array of strings, got a string\n",
    );
    expect(err).toContain("errors:\n  - p: malformed subject.roles: must be an array of strings, got a string\n");
  });

  it("names a request-level error `request` in the list", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY }, "mcpolicy-evb-");
    const io = fakeIO();
    expect(
      await main(["eval", root, ...request('{"id": "a", "roles": ["viewer"]}', '{"owner": "a"}'), "--explain"], io),
    ).toBe(1);
    expect(io.stderr()).toContain(
      // Worded as `evaluate` words it (the Decision on stdout is the same with or without --explain).
      "errors:\n  - request: malformed resource: `id` must be a string\n",
    );
  });

  it("--find-arguments: `never`, exit 1; a policy's own error is not printed as a malformed request", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY }, "mcpolicy-evb-");
    const io = fakeIO();
    expect(
      await main(
        ["eval", root, ...request('{"id": "a", "roles": ["viewer"]}', "tool:x", '{"hour": "x"}'), "--find-arguments"],
        io,
      ),
    ).toBe(1);
    expect(JSON.parse(io.stdout())).toEqual({ outcome: "never" });
    expect(io.stderr()).toBe("");
  });
});
