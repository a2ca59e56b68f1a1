/**
 * Spec §1: a file below a loaded directory is named by the directory as given joined
 * with its relative path by one `/`. The file-system root `/` is a directory like any
 * other: `collectPolicyFiles("/")` names `/etc/x.mcpolicy`, not `//etc/x.mcpolicy`
 * (nor `//etc` in a diagnostic). Walking the real root would read the whole machine, so
 * the file system is redirected to a temporary tree: `/…` means `<tree>/…`.
 */
import { mkdtempSync } from "node:fs";
import { symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { collectPolicyFiles } from "../../src/load/files.js";
import { tempTree } from "../helpers/temp-tree.js";

const fake = vi.hoisted(() => ({ root: "" }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  /** An absolute path outside the fake root, moved into it. */
  const moved = (path: unknown): unknown => {
    if (fake.root === "") return path;
    if (typeof path === "string" && path.startsWith("/") && !path.startsWith(fake.root)) return `${fake.root}${path}`;
    if (Buffer.isBuffer(path) && path[0] === 0x2f && !path.toString("latin1").startsWith(fake.root))
      return Buffer.concat([Buffer.from(fake.root), path]);
    return path;
  };
  const redirect =
    <F extends (path: never, ...rest: never[]) => unknown>(f: F) =>
    (path: unknown, ...rest: unknown[]) =>
      (f as unknown as (...args: unknown[]) => unknown)(moved(path), ...rest);
  return {
    ...real,
    realpath: redirect(real.realpath),
    readdir: redirect(real.readdir),
    stat: redirect(real.stat),
    lstat: redirect(real.lstat),
    open: redirect(real.open),
  };
});

describe("§1 a directory given as `/`", () => {
  it("names the files below it `/etc/…` and its problems `/dangling…`: one slash", async () => {
    fake.root = await tempTree(
      { "etc/policies/p.mcpolicy": 'policy p { allow subject * action * resource * }\n', "z.mcpolicy": "" },
      "mcpolicy-fake-root-",
    );
    await symlink(join(mkdtempSync(join(tmpdir(), "mcpolicy-gone-")), "nothing"), join(fake.root, "dangling.mcpolicy"));
    try {
      const { files, diagnostics } = await collectPolicyFiles("/");
      expect(files.map((f) => f.name)).toEqual(["/etc/policies/p.mcpolicy", "/z.mcpolicy"]);
      expect(diagnostics.map((d) => `${d.source} ${d.code}`)).toEqual(["/dangling.mcpolicy E0002"]);
      // The same names however many slashes the root is written with.
      expect((await collectPolicyFiles("//")).files.map((f) => f.name)).toEqual(["/etc/policies/p.mcpolicy", "/z.mcpolicy"]);
    } finally {
      fake.root = "";
    }
  });
});
