/**
 * `mcpolicy fmt` leaves a file the same file to everyone but a reader of its text: its
 * mode, owner and group are kept, and a read-only file is not rewritten (reported as a
 * write failure, exit 2, the others still formatted). Owners can only be changed by
 * root: those tests run as root, the others as another user (`nobody`) through the
 * built CLI, and are skipped otherwise.
 */
import { spawnSync } from "node:child_process";
import { chmod, chown, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/fmt.js";
import { fakeIO } from "../helpers/fake-io.js";

const MESSY = 'policy read { allow subject * action "tools/call" resource "tool:read_*" }\n';
const CANONICAL = 'policy read {\n  allow\n  subject *\n  action "tools/call"\n  resource "tool:read_*"\n}\n';
const NOBODY = 65534;
const AS_ROOT = "needs root: only root can give a file to another user, or run fmt as one";
const isRoot = process.getuid?.() === 0;
const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));

/** A directory anyone may write (so `nobody` can create the temporary file), holding `files`. */
async function openDir(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-fmt-perm-"));
  await chmod(root, 0o777);
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return root;
}

/** The built CLI run as `nobody`. */
function fmtAsNobody(...args: string[]) {
  return spawnSync(process.execPath, [bin, "fmt", ...args], { uid: NOBODY, gid: NOBODY, encoding: "utf8", cwd: tmpdir() });
}

describe("mcpolicy fmt and the file's permissions", () => {
  it("does not rewrite a read-only file (no write bit): reports it, formats the others, exits 2", async () => {
    const root = await openDir({ "locked.mcpolicy": MESSY, "open.mcpolicy": MESSY });
    await chmod(join(root, "locked.mcpolicy"), 0o444);
    const io = fakeIO();
    expect(await run([root], io)).toBe(2);
    expect(io.stderr()).toBe(
      `mcpolicy fmt: cannot write \`${join(root, "locked.mcpolicy")}\`: the file is read-only (mode 0444); make it writable to format it\n`,
    );
    expect(io.stdout()).toBe(`formatted ${join(root, "open.mcpolicy")}\n`);
    expect(await readFile(join(root, "locked.mcpolicy"), "utf8")).toBe(MESSY);
    expect((await stat(join(root, "locked.mcpolicy"))).mode & 0o777).toBe(0o444);
    expect(await readFile(join(root, "open.mcpolicy"), "utf8")).toBe(CANONICAL);
    // --check only reads: a read-only file is listed like any other.
    const check = fakeIO();
    expect(await run(["--check", root], check)).toBe(1);
    expect(check.stdout()).toBe(`${join(root, "locked.mcpolicy")}\n`);
  });

  it("keeps the owner and group of another user's file when root formats it", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await openDir({ "theirs.mcpolicy": MESSY });
    const path = join(root, "theirs.mcpolicy");
    await chown(path, NOBODY, NOBODY);
    await chmod(path, 0o640);
    const before = await stat(path);
    expect(await run([root], fakeIO())).toBe(0);
    const after = await stat(path);
    expect(await readFile(path, "utf8")).toBe(CANONICAL);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([NOBODY, NOBODY, 0o640]);
    // Still atomic: a new file, renamed over the old one.
    expect(after.ino).not.toBe(before.ino);
  });

  it("does not replace a file this user may not write, even in a directory it may write", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await openDir({ "roots.mcpolicy": MESSY });
    const path = join(root, "roots.mcpolicy");
    await chmod(path, 0o644);
    const result = fmtAsNobody(root);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toBe(`mcpolicy fmt: cannot write \`${path}\`: permission denied (EACCES)\n`);
    expect(await readFile(path, "utf8")).toBe(MESSY);
    expect((await stat(path)).uid).toBe(0);
  });

  it("rewrites in place a file whose owner this user cannot give to a new one: owner, group and mode kept", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await openDir({ "shared.mcpolicy": MESSY });
    const path = join(root, "shared.mcpolicy");
    await chmod(path, 0o666);
    const before = await stat(path);
    const result = fmtAsNobody(root);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`formatted ${path}\n`);
    const after = await stat(path);
    expect(await readFile(path, "utf8")).toBe(CANONICAL);
    expect([after.uid, after.gid, after.mode & 0o7777, after.ino]).toEqual([0, 0, 0o666, before.ino]);
  });
});
