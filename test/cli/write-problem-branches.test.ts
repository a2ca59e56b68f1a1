/**
 * `cannotWrite` (write-problem.ts): every errno it knows is said in words with the code
 * kept; an unknown one keeps the system's message; something thrown that is not an
 * Error still gives a one-line reason. The ones a user meets most (a directory, a path
 * through a file) are checked through `mcpolicy test --output`, in process.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { cannotWrite } from "../../src/cli/write-problem.js";
import { fakeIO } from "../helpers/fake-io.js";
import { tempTree } from "../helpers/temp-tree.js";

const errno = (code: string) => Object.assign(new Error(`${code}: raw system text, open '/x/y'`), { code });

describe("cannotWrite", () => {
  it.each([
    ["ENOTDIR", "a part of the path is not a directory"],
    ["EISDIR", "it is a directory"],
    ["EACCES", "permission denied"],
    ["EPERM", "operation not permitted"],
    ["EROFS", "read-only file system"],
    ["ENOSPC", "no space left on the device"],
    ["EDQUOT", "disk quota exceeded"],
    ["EFBIG", "file too large"],
  ])("says %s in words, the code kept", (code, words) => {
    expect(cannotWrite("out/r.xml", errno(code))).toBe(`cannot write \`out/r.xml\`: ${words} (${code})`);
  });

  it("names the missing directory for ENOENT", () => {
    expect(cannotWrite("out/sub/r.xml", errno("ENOENT"))).toBe(
      "cannot write `out/sub/r.xml`: no such directory `out/sub` (ENOENT)",
    );
  });

  it("keeps the system's message for a code it does not know, or for an error without a code", () => {
    expect(cannotWrite("r.xml", errno("EIO"))).toBe("cannot write `r.xml`: EIO: raw system text, open '/x/y'");
    expect(cannotWrite("r.xml", new Error("boom"))).toBe("cannot write `r.xml`: boom");
  });

  it("does not take a code inherited from Object.prototype's names for a known one", () => {
    expect(cannotWrite("r.xml", Object.assign(new Error("odd"), { code: "toString" }))).toBe(
      "cannot write `r.xml`: odd",
    );
  });

  it("gives a reason for something thrown that is not an Error, and for nothing at all", () => {
    expect(cannotWrite("r.xml", "disk gone")).toBe("cannot write `r.xml`: disk gone");
    expect(cannotWrite("r.xml", undefined)).toBe("cannot write `r.xml`: error");
    expect(cannotWrite("r.xml", null)).toBe("cannot write `r.xml`: error");
  });

  it("keeps a reason on one line (a line break in the message or the path is escaped)", () => {
    const out = cannotWrite("a\nb.xml", new Error("first\nsecond"));
    expect(out).not.toContain("\n");
    expect(out).toContain("first");
    expect(out).toContain("second");
  });
});

describe("mcpolicy test --output that cannot be written", () => {
  const POLICY = 'policy read { allow subject * action "tools/call" resource "tool:read_*" }\n';
  const TESTS = JSON.stringify({
    examples: [{ name: "reads", subject: { id: "a" }, resource: "tool:read_x", action: "tools/call", expect: "allow" }],
  });

  it("a directory: EISDIR in words, exit 2", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "p.test.json": TESTS }, "mcpolicy-wp-");
    const target = join(root, "reports");
    await mkdir(target);
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit", "--output", target], io)).toBe(2);
    expect(io.stderr()).toContain(`mcpolicy test: cannot write \`${target}\`: it is a directory (EISDIR)\n`);
  });

  it("a path through a file: ENOTDIR in words, exit 2", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "p.test.json": TESTS }, "mcpolicy-wp-");
    const target = join(root, "p.mcpolicy", "r.xml");
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit", "--output", target], io)).toBe(2);
    expect(io.stderr()).toContain(
      `mcpolicy test: cannot write \`${target}\`: a part of the path is not a directory (ENOTDIR)\n`,
    );
  });
});
