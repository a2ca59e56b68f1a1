import { execFileSync } from "node:child_process";
import { link, mkdir, mkdtemp, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectPolicyFiles } from "../../src/load/files.js";
import { readTextFile } from "../../src/load/read-text-file.js";
import { tempTree } from "../helpers/temp-tree.js";

const tree = (files: Record<string, string>): Promise<string> => tempTree(files, "mcpolicy-files-");

describe("collectPolicyFiles", () => {
  it("loads a directory given as `link/..` from where the system resolves it, the link's target's parent", async () => {
    const root = await tree({ "deny.mcpolicy": "near", "far/deny.mcpolicy": "far", "far/inner/x.txt": "" });
    await symlink(join(root, "far/inner"), join(root, "link"));
    const { files, diagnostics } = await collectPolicyFiles(`${join(root, "link")}/..`);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.text)).toEqual(["far"]);
  });

  it("ignores a file named in bytes that are not UTF-8, but reports such a policy file or directory", async () => {
    const root = await tree({ "ok.mcpolicy": "ok" });
    const raw = (name: string) =>
      Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x6e, 0xff]), Buffer.from(name)]);
    await writeFile(raw(".txt"), "notes");
    const ignored = await collectPolicyFiles(root);
    expect(ignored.diagnostics).toEqual([]);
    expect(ignored.files.map((f) => f.text)).toEqual(["ok"]);
    await writeFile(raw(".mcpolicy"), "policy");
    await mkdir(raw("-dir"));
    const reported = await collectPolicyFiles(root);
    expect(reported.diagnostics.map((d) => `${d.code} ${d.message}`).sort()).toEqual([
      "E0002 a directory whose name is not valid UTF-8: the policies below it cannot be named",
      "E0002 a policy file whose name is not valid UTF-8",
    ]);
  });

  it("reads a file named explicitly whatever its extension; a walk takes exactly `.mcpolicy`, dot-names included", async () => {
    const root = await tree({
      "named.txt": "named",
      "in/UPPER.MCPOLICY": "upper",
      "in/.hidden.mcpolicy": "hidden",
      "in/.dir/x.mcpolicy": "dotdir",
      "in/plain.mcpolicy": "plain",
    });
    const named = await collectPolicyFiles(join(root, "named.txt"));
    expect(named.diagnostics).toEqual([]);
    expect(named.files.map((f) => f.text)).toEqual(["named"]);
    const walked = await collectPolicyFiles(join(root, "in"));
    expect(walked.diagnostics).toEqual([]);
    expect(walked.files.map((f) => f.text)).toEqual(["dotdir", "hidden", "plain"]);
  });

  it("an empty list of paths is E0001 (no policy path given)", async () => {
    const { files, diagnostics } = await collectPolicyFiles([]);
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["E0001 no policy path given"]);
  });

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

  it("keeps a file reached through a linked directory at its first path in set order", async () => {
    // z -> a: x.mcpolicy is reached as a/x and z/x; it loads once, as a/x, before m.
    const root = await tree({ "a/x.mcpolicy": "x", "m.mcpolicy": "m" });
    await symlink(join(root, "a"), join(root, "z"));
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.name.slice(root.length + 1))).toEqual(["a/x.mcpolicy", "m.mcpolicy"]);
    // Whichever name the link has: a link sorting first takes the file's place.
    const other = await tree({ "q/x.mcpolicy": "x", "m.mcpolicy": "m" });
    await symlink(join(other, "q"), join(other, "b"));
    const again = await collectPolicyFiles(other);
    expect(again.files.map((f) => f.name.slice(other.length + 1))).toEqual(["b/x.mcpolicy", "m.mcpolicy"]);
  });

  it("loads a file reached through a hard link only once", async () => {
    const root = await tree({ "a.mcpolicy": "a" });
    await link(join(root, "a.mcpolicy"), join(root, "b.mcpolicy"));
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.name.slice(root.length + 1))).toEqual(["a.mcpolicy"]);
    const listed = await collectPolicyFiles([join(root, "b.mcpolicy"), root]);
    expect(listed.files.map((f) => f.name.slice(root.length + 1))).toEqual(["b.mcpolicy"]);
  });

  it("bounds the walk when links repeat a tree many times over", async () => {
    // d0/{l,r} -> d1, d1/{l,r} -> d2, …: 2^20 paths to the last directory, no cycle.
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-files-"));
    const depth = 20;
    for (let i = 0; i <= depth; i++) await mkdir(join(root, `d${i}`));
    for (let i = 0; i < depth; i++) {
      await symlink(join(root, `d${i + 1}`), join(root, `d${i}`, "l"));
      await symlink(join(root, `d${i + 1}`), join(root, `d${i}`, "r"));
    }
    await writeFile(join(root, `d${depth}`, "p.mcpolicy"), "p");
    const started = performance.now();
    const { files, diagnostics } = await collectPolicyFiles(join(root, "d0"));
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(["E0005"]);
    expect(diagnostics[0]?.message).toMatch(/times over/);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it("ignores one leading byte-order mark in a file, like the parser does for a string", async () => {
    const { loadPolicies } = await import("../../src/engine.js");
    const policy = "policy p { allow subject * action * resource * }";
    const one = await tree({ "p.mcpolicy": `\ufeff${policy}` });
    expect((await loadPolicies(one)).evaluate({}, "r", "a").policy).toBe("p");
    // A second BOM is an unexpected character, from a file as from `compile`.
    const two = await tree({ "p.mcpolicy": `\ufeff\ufeff${policy}` });
    await expect(loadPolicies(two)).rejects.toThrow(/unexpected character/);
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

  it("reports a link given by name that cannot be followed as the same link below a directory is (E0002 with the reason), not as missing", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-files-"));
    await symlink("selfarg", join(root, "selfarg"));
    await symlink(join(root, "selfarg"), join(root, "looped.mcpolicy"));
    await symlink(join(root, "moved.mcpolicy"), join(root, "dangling"));
    const walked = await collectPolicyFiles(root);
    // Sorted: the order a directory lists its entries in is the file system's.
    expect(
      walked.diagnostics.map((d) => [d.code, d.source?.slice(root.length + 1), d.message.split(",")[0]]).sort(),
    ).toEqual([
      ["E0002", "dangling", "cannot follow this entry: ENOENT: no such file or directory"],
      ["E0002", "looped.mcpolicy", "cannot follow this entry: ELOOP: too many symbolic links encountered"],
      ["E0002", "selfarg", "cannot follow this entry: ELOOP: too many symbolic links encountered"],
    ]);
    const named = await collectPolicyFiles([
      join(root, "selfarg"),
      join(root, "dangling"),
      join(root, "selfarg", "x.mcpolicy"),
      join(root, "gone"),
    ]);
    expect(named.diagnostics.map((d) => [d.code, d.source?.slice(root.length + 1), d.message.split(",")[0]])).toEqual([
      ["E0002", "selfarg", "cannot follow this link: ELOOP: too many symbolic links encountered"],
      ["E0002", "dangling", "cannot follow this link: ENOENT: no such file or directory"],
      ["E0002", "selfarg/x.mcpolicy", "cannot read: ELOOP: too many symbolic links encountered"],
      ["E0001", "gone", "no such file or directory"],
    ]);
  });

  it("rejects invalid UTF-8 and non-string paths with diagnostics", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-files-"));
    await writeFile(join(root, "bad.mcpolicy"), Buffer.from([0x70, 0xff, 0xfe]));
    const bad = await collectPolicyFiles(root);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["E0003"]);
    const weird = await collectPolicyFiles([42 as unknown as string]);
    expect(weird.diagnostics.map((d) => d.code)).toEqual(["E0001"]);
  });

  // Fail closed: a deny policy behind a broken link must not silently drop out of the set.
  it("reports a link below a directory that cannot be followed, and still loads the rest", async () => {
    const root = await tree({ "a.mcpolicy": "a" });
    await symlink(join(root, "moved.mcpolicy"), join(root, "deny.mcpolicy"));
    await symlink(join(root, "unmounted"), join(root, "shared"));
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(files.map((f) => f.text)).toEqual(["a"]);
    expect(diagnostics.map((d) => [d.code, d.source?.slice(root.length + 1)])).toEqual([
      ["E0002", "deny.mcpolicy"],
      ["E0002", "shared"],
    ]);
    expect(diagnostics[0]?.message).toMatch(/^cannot follow this entry: ENOENT/);
  });

  it("never blocks on a FIFO or reads a device, given by name or found in a directory", async () => {
    const root = await tree({ "a.mcpolicy": "a" });
    execFileSync("mkfifo", [join(root, "pipe.mcpolicy")]);
    await symlink("/dev/zero", join(root, "zero.mcpolicy"));
    const walked = await collectPolicyFiles(root);
    expect(walked.files.map((f) => f.text)).toEqual(["a"]);
    expect(walked.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E0002", "not a regular file (a FIFO)"],
      ["E0002", "not a regular file (a device)"],
    ]);
    const named = await collectPolicyFiles([join(root, "pipe.mcpolicy"), "/dev/zero"]);
    expect(named.files).toEqual([]);
    expect(named.diagnostics.map((d) => d.message)).toEqual([
      "cannot read file: not a regular file (a FIFO)",
      "cannot read file: not a regular file (a device)",
    ]);
  });

  it("refuses a file over the 8 MiB source limit without reading it", async () => {
    const root = await tree({ "big.mcpolicy": "" });
    await truncate(join(root, "big.mcpolicy"), 8 * 1024 * 1024 + 1);
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(["E0004"]);
  });
});

describe("readTextFile", () => {
  it("reads a regular file's UTF-8 text up to the bound, and names every other outcome", async () => {
    const root = await tree({ "ten.txt": "0123456789", "bad.txt": "" });
    await writeFile(join(root, "bad.txt"), Buffer.from([0xc3, 0x28]));
    expect(await readTextFile(join(root, "ten.txt"), 10)).toEqual({ ok: true, text: "0123456789" });
    expect(await readTextFile(join(root, "ten.txt"), 9)).toMatchObject({ ok: false, problem: "too-large" });
    expect(await readTextFile(join(root, "bad.txt"), 10)).toMatchObject({ ok: false, problem: "not-utf8" });
    expect(await readTextFile(root, 10)).toEqual({ ok: false, problem: "not-file", detail: "a directory" });
    expect(await readTextFile(join(root, "missing.txt"), 10)).toMatchObject({ ok: false, problem: "io" });
  });

  it("stops one byte past the bound on a file whose size says nothing (/proc)", async () => {
    // /proc files report size 0 whatever they hold: the bound is enforced while reading.
    const read = await readTextFile("/proc/self/status", 16);
    expect(read).toMatchObject({ ok: false, problem: "too-large", detail: "more than 16 bytes when read" });
  });
});
