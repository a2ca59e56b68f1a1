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
});
