/**
 * `mcpolicy init --force` over an existing schema when the disk fills up part-way: the
 * old schema (often edited by hand since) must still be there, whole — nothing lost —
 * and the failure is an I/O error, exit 2, said in words. A full disk is injected: every
 * `writeFile` into the test's directory truncates its file, writes a few bytes and fails
 * with ENOSPC, as Node's writeFile does on a full disk.
 */
import { chmod, lstat, readdir, readFile, writeFile as realWriteFile, stat, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("node:fs/promises", async (importOriginal) => {
  const { withFullDisk } = await import("../helpers/full-disk.js");
  return withFullDisk(await importOriginal());
});

const { fullDisk } = await import("../helpers/full-disk.js");
const { main } = await import("../../src/cli/main.js");
const { fakeIO } = await import("../helpers/fake-io.js");
const { tempTree } = await import("../helpers/temp-tree.js");

afterEach(() => {
  fullDisk.under = undefined;
});

const POLICY =
  'policy read { allow subject role viewer action "tools/call" resource "tool:read_*" when env.hour > 3 }\n';
const EDITED = `${JSON.stringify({ subject: { type: "object", properties: { id: { type: "string" } } }, $comment: "edited by hand" }, null, 2)}\n`;

describe("mcpolicy init --force on a full disk", () => {
  it("keeps the existing schema whole, leaves no temporary file, and exits 2", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "schema.json": EDITED }, "mcpolicy-init-full-");
    const path = join(root, "schema.json");
    fullDisk.under = root;
    const io = fakeIO();
    expect(await main(["init", root, "--force"], io)).toBe(2);
    expect(io.stderr()).toBe(`mcpolicy init: cannot write \`${path}\`: no space left on the device (ENOSPC)\n`);
    expect(io.stdout()).toBe("");
    expect(await readFile(path, "utf8")).toBe(EDITED);
    expect((await readdir(root)).sort()).toEqual(["p.mcpolicy", "schema.json"]);
  });

  it("with room, replaces it, keeping its mode", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY }, "mcpolicy-init-full-");
    const path = join(root, "schema.json");
    await realWriteFile(path, EDITED, { mode: 0o640 });
    const io = fakeIO();
    expect(await main(["init", root, "--force"], io)).toBe(0);
    expect(JSON.parse(await readFile(path, "utf8"))).toHaveProperty("env");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it("does not overwrite a read-only schema (no write bit), even as root: exit 2, the file kept", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "schema.json": EDITED }, "mcpolicy-init-full-");
    const path = join(root, "schema.json");
    await chmod(path, 0o444);
    const io = fakeIO();
    expect(await main(["init", root, "--force"], io)).toBe(2);
    expect(io.stderr()).toBe(
      `mcpolicy init: cannot write \`${path}\`: the file is read-only (mode 0444); make it writable to overwrite it\n`,
    );
    expect(await readFile(path, "utf8")).toBe(EDITED);
  });

  it("replaces the file a link names, keeping the link", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "shared/schema.json": EDITED }, "mcpolicy-init-full-");
    await symlink(join(root, "shared/schema.json"), join(root, "schema.json"));
    expect(await main(["init", root, "--force"], fakeIO())).toBe(0);
    expect((await lstat(join(root, "schema.json"))).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(join(root, "shared/schema.json"), "utf8"))).toHaveProperty("env");
  });

  it("a new schema on a full disk: exit 2, and nothing left behind (no partial schema, no temporary file)", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY }, "mcpolicy-init-full-");
    fullDisk.under = root;
    const io = fakeIO();
    expect(await main(["init", root], io)).toBe(2);
    expect(io.stderr()).toBe(`mcpolicy init: cannot write \`${join(root, "schema.json")}\`: no space left on the device (ENOSPC)\n`);
    expect(await readdir(root)).toEqual(["p.mcpolicy"]);
  });

  it("a new schema with room is written whole, with the usual mode", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY }, "mcpolicy-init-full-");
    expect(await main(["init", root], fakeIO())).toBe(0);
    expect(JSON.parse(await readFile(join(root, "schema.json"), "utf8"))).toHaveProperty("env");
    expect((await readdir(root)).sort()).toEqual(["p.mcpolicy", "schema.json"]);
    expect((await stat(join(root, "schema.json"))).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it("a dangling link still gets its target created", async () => {
    const root = await tempTree({ "policies/p.mcpolicy": POLICY, "out/shared/.keep": "" }, "mcpolicy-init-full-");
    const output = join(root, "out/schema.json");
    await symlink(join(root, "out/shared/schema.json"), output);
    const io = fakeIO();
    expect(await main(["init", join(root, "policies"), "--output", output], io)).toBe(0);
    expect(io.stderr()).not.toContain("cannot write");
    expect((await lstat(output)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(join(root, "out/shared/schema.json"), "utf8"))).toHaveProperty("env");
  });
});
