import { mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTestFiles } from "../../src/testing/find-test-files.js";

describe("findTestFiles", () => {
  it("runs a linked test file, and reports one whose link cannot be followed instead of skipping it", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-find-"));
    const elsewhere = await mkdtemp(join(tmpdir(), "mcpolicy-find-target-"));
    await writeFile(join(root, "a.test.json"), "{}");
    await writeFile(join(elsewhere, "shared.test.json"), "{}");
    await symlink(join(elsewhere, "shared.test.json"), join(root, "b.test.json"));
    await symlink(join(elsewhere, "gone.test.json"), join(root, "c.test.json"));
    const found = await findTestFiles([root]);
    expect(found.tests).toEqual([join(root, "a.test.json"), join(root, "b.test.json")]);
    expect(found.problems).toEqual([`cannot follow the link \`${join(root, "c.test.json")}\``]);
  });

  it("reports what is named like a test file but cannot run, and directories too deep to search", async () => {
    const { execFileSync } = await import("node:child_process");
    const { mkdir } = await import("node:fs/promises");
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-find-"));
    execFileSync("mkfifo", [join(root, "fifo.test.json")]);
    await mkdir(join(root, "dir"));
    await symlink(join(root, "dir"), join(root, "linked.test.json"));
    let deep = join(root, "deep");
    for (let i = 0; i < 34; i++) deep = join(deep, "d");
    await mkdir(deep, { recursive: true });
    await writeFile(join(deep, "x.test.json"), "{}");
    const found = await findTestFiles([root]);
    expect(found.tests).toEqual([]);
    expect(found.problems).toEqual([
      `\`${join(root, "fifo.test.json")}\` is named like a test file but is not a regular file`,
      `the link \`${join(root, "linked.test.json")}\` is named like a test file but does not lead to a regular file`,
      expect.stringMatching(/is nested more than 32 directories deep: not searched for tests$/),
    ]);
  });

  it("takes schema.json beside a test file named directly, as beside a directory given", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-find-"));
    await writeFile(join(root, "x.test.json"), "{}");
    await writeFile(join(root, "schema.json"), "{}");
    expect((await findTestFiles([join(root, "x.test.json")])).schema).toBe(join(root, "schema.json"));
    expect((await findTestFiles([root])).schema).toBe(join(root, "schema.json"));
    const bare = await mkdtemp(join(tmpdir(), "mcpolicy-find-"));
    await writeFile(join(bare, "y.test.json"), "{}");
    expect((await findTestFiles([join(bare, "y.test.json")])).schema).toBe(null);
  });
});
