import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A new temporary directory holding `files` (relative path → text), folders made as needed; its path. */
export async function tempTree(files: Record<string, string>, prefix = "mcpolicy-tree-"): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(root, rel, ".."), { recursive: true });
    await writeFile(join(root, rel), text);
  }
  return root;
}
