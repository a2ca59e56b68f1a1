/**
 * `mcpolicy fmt` of a hard-linked file under a 10 KiB file-size limit (`ulimit -f 10`):
 * the in-place write fails part-way (EFBIG) and the old text must be back, whole, in
 * both names. Spawns the built CLI through bash.
 */
import { spawnSync } from "node:child_process";
import { link, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { tempTree } from "../helpers/temp-tree.js";

const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));

export async function expectFmtRestoresUnderFileLimit(text: string): Promise<void> {
  const root = await tempTree({ "a.mcpolicy": text }, "mcpolicy-fmt-limit-");
  await link(join(root, "a.mcpolicy"), join(root, "linked.mcpolicy"));
  const shell = `ulimit -f 10; exec "${process.execPath}" "${bin}" fmt "${join(root, "a.mcpolicy")}"`;
  const result = spawnSync("bash", ["-c", shell], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(2);
  expect(result.stderr).toContain("EFBIG");
  expect(result.stderr).not.toContain("damaged");
  expect(await readFile(join(root, "a.mcpolicy"), "utf8")).toBe(text);
  expect(await readFile(join(root, "linked.mcpolicy"), "utf8")).toBe(text);
}
