import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectPolicyFiles } from "../../src/load/files.js";

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-files-"));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(root, rel, ".."), { recursive: true });
    await writeFile(join(root, rel), text);
  }
  return root;
}

describe("collectPolicyFiles", () => {
  it("loads every *.mcpolicy below a directory in code-unit order of relative paths", async () => {
    const root = await tree({
      "b.mcpolicy": "b",
      "a/z.mcpolicy": "az",
      "a.mcpolicy": "a",
      "B.mcpolicy": "B",
      "notes.txt": "ignored",
      "a/deeper/c.mcpolicy": "c",
    });
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(diagnostics).toEqual([]);
    // "B" < "a" (code units), "a.mcpolicy" < "a/..." because "." (0x2e) < "/" (0x2f)
    expect(files.map((f) => f.name.slice(root.length + 1))).toEqual([
      "B.mcpolicy",
      "a.mcpolicy",
      "a/deeper/c.mcpolicy",
      "a/z.mcpolicy",
      "b.mcpolicy",
    ]);
    expect(files.map((f) => f.text)).toEqual(["B", "a", "c", "az", "b"]);
  });

  it("loads a file reached twice through links only once, and survives link cycles", async () => {
    const root = await tree({ "real/p.mcpolicy": "p" });
    await symlink(join(root, "real"), join(root, "alias"));
    await symlink(root, join(root, "real", "loop"));
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.text)).toEqual(["p"]);
  });

  it("keeps the order of paths given as a list", async () => {
    const root = await tree({ "x.mcpolicy": "x", "y.mcpolicy": "y" });
    const { files } = await collectPolicyFiles([join(root, "y.mcpolicy"), join(root, "x.mcpolicy")]);
    expect(files.map((f) => f.text)).toEqual(["y", "x"]);
  });

  it("reports a missing path as a diagnostic instead of throwing", async () => {
    const { files, diagnostics } = await collectPolicyFiles("/definitely/not/here.mcpolicy");
    expect(files).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: "E0001", source: "/definitely/not/here.mcpolicy", line: 1, column: 1 }]);
  });

  it("rejects invalid UTF-8 and non-string paths with diagnostics", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-files-"));
    await writeFile(join(root, "bad.mcpolicy"), Buffer.from([0x70, 0xff, 0xfe]));
    const bad = await collectPolicyFiles(root);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["E0003"]);
    const weird = await collectPolicyFiles([42 as unknown as string]);
    expect(weird.diagnostics.map((d) => d.code)).toEqual(["E0001"]);
  });
});
