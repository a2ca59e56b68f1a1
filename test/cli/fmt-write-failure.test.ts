/**
 * `mcpolicy fmt` when a rewrite cannot be written (a read-only directory, a full disk):
 * the file is not reported as formatted, and the exit code is 2 (an I/O error, as its
 * usage says). The failure is injected: tests run as root here, whom permissions do not stop.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("node:fs/promises", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...original,
    writeFile: (async (path: unknown, ...rest: unknown[]) => {
      if (String(path).endsWith(".tmp")) throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
      return (original.writeFile as (...args: unknown[]) => Promise<void>)(path, ...rest);
    }) as typeof original.writeFile,
  };
});

const { run } = await import("../../src/cli/fmt.js");
const { fakeIO } = await import("../helpers/fake-io.js");

describe("mcpolicy fmt, a write that fails", () => {
  it("names no file as formatted, keeps the file as it was, and exits 2", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-fmt-fail-"));
    const messy = 'policy read { allow subject * action "tools/call" resource "tool:read_*" }\n';
    await writeFile(join(root, "a.mcpolicy"), messy);
    const io = fakeIO();
    expect(await run([root], io)).toBe(2);
    expect(io.stdout()).not.toContain("formatted");
    // In words, as other I/O errors (not the temporary file's name in Node's message).
    expect(io.stderr()).toBe(`mcpolicy fmt: cannot write \`${join(root, "a.mcpolicy")}\`: permission denied (EACCES)\n`);
    expect(await readFile(join(root, "a.mcpolicy"), "utf8")).toBe(messy);
  });
});
