import { chmod, link, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/fmt.js";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";
import { expectFmtRestoresUnderFileLimit } from "./fmt-under-file-limit.js";

async function dirWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-fmt-"));
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, text);
  }
  return root;
}

const MESSY =
  '# readers\npolicy read { allow subject role viewer action "tools/call" resource "tool:read_*" } # done\n';
const CANONICAL =
  '# readers\npolicy read {\n  allow\n  subject role viewer\n  action "tools/call"\n  resource "tool:read_*"\n} # done\n';

describe("mcpolicy fmt", () => {
  it("rewrites a file in canonical form, keeping its comments, and names it", async () => {
    const root = await dirWith({ "a.mcpolicy": MESSY });
    const io = fakeIO();
    expect(await run([join(root, "a.mcpolicy")], io)).toBe(0);
    expect(await readFile(join(root, "a.mcpolicy"), "utf8")).toBe(CANONICAL);
    expect(io.stdout()).toBe(`formatted ${join(root, "a.mcpolicy")}\n`);
  });

  it("formats every *.mcpolicy below a directory and leaves other files and no temporary files", async () => {
    const root = await dirWith({ "a.mcpolicy": MESSY, "sub/b.mcpolicy": MESSY, "notes.txt": MESSY });
    expect(await run([root], fakeIO())).toBe(0);
    expect(await readFile(join(root, "sub/b.mcpolicy"), "utf8")).toBe(CANONICAL);
    expect(await readFile(join(root, "notes.txt"), "utf8")).toBe(MESSY);
    expect((await readdir(root)).sort()).toEqual(["a.mcpolicy", "notes.txt", "sub"]);
  });

  it("keeps the file mode when it rewrites", async () => {
    const root = await dirWith({ "a.mcpolicy": MESSY });
    await chmod(join(root, "a.mcpolicy"), 0o640);
    await run([root], fakeIO());
    expect((await stat(join(root, "a.mcpolicy"))).mode & 0o777).toBe(0o640);
  });

  it("puts a hard-linked file's old text back when the in-place write fails part-way (a deny is never cut off)", async () => {
    // 190 one-line policies then a deny: 12 KB, about twice that formatted. Under a 10 KiB
    // file size limit the write fails (EFBIG) part-way; a prefix of the new text would
    // load without the deny.
    let text = "policy everyone{allow subject * action * resource *}\n";
    for (let i = 0; i < 190; i++) text += `policy p${i}{allow subject user "u${i}" action * resource "r${i}"}\n`;
    text += 'policy block{deny priority 10 subject * action * resource "secret"}\n';
    await expectFmtRestoresUnderFileLimit(text);
  });

  it("with a path that cannot be read, reports it and the others' problems, rewrites nothing, exits 2", async () => {
    const root = await dirWith({ "bad.mcpolicy": "policy a { alow }\n", "messy.mcpolicy": MESSY });
    const io = fakeIO();
    expect(await run([join(root, "missing"), root], io)).toBe(2);
    expect(io.stderr()).toMatch(/\n✖ 2 errors in 2 files; nothing was rewritten\n$/);
    const lines = io
      .stderr()
      .split("\n")
      .filter((line) => /:\d+:\d+: /.test(line));
    expect(lines[0]).toContain(`${join(root, "missing")}:1:1: no such file or directory [E0001]`);
    expect(lines[1]).toContain(`${join(root, "bad.mcpolicy")}:1:12: expected a clause or`);
    expect(await readFile(join(root, "messy.mcpolicy"), "utf8")).toBe(MESSY);
    expect(io.stdout()).toBe("");
  });

  it("rewrites a hard-linked file in place, so every link reads the new text and a set holding both stays valid", async () => {
    const root = await dirWith({
      "d/real.mcpolicy": `${MESSY}# a longer old text leaves no tail behind${" ".repeat(400)}\n`,
    });
    await mkdir(join(root, "d2"));
    await link(join(root, "d/real.mcpolicy"), join(root, "d2/hard.mcpolicy"));
    await chmod(join(root, "d/real.mcpolicy"), 0o640);
    const before = await stat(join(root, "d/real.mcpolicy"));
    const io = fakeIO();
    expect(await run([join(root, "d")], io)).toBe(0);
    expect(io.stdout()).toBe(`formatted ${join(root, "d/real.mcpolicy")}\n`);
    const expected = `${CANONICAL}\n# a longer old text leaves no tail behind\n`;
    expect(await readFile(join(root, "d/real.mcpolicy"), "utf8")).toBe(expected);
    expect(await readFile(join(root, "d2/hard.mcpolicy"), "utf8")).toBe(expected);
    const after = await stat(join(root, "d2/hard.mcpolicy"));
    expect([after.ino, after.nlink, after.mode & 0o777]).toEqual([before.ino, 2, 0o640]);
    expect(await main(["check", root], fakeIO())).toBe(0);
    expect((await readdir(join(root, "d"))).sort()).toEqual(["real.mcpolicy"]);
  });

  it("replaces a file with a single link through a temporary file and a rename (atomic)", async () => {
    const root = await dirWith({ "a.mcpolicy": MESSY });
    const before = await stat(join(root, "a.mcpolicy"));
    expect(await run([root], fakeIO())).toBe(0);
    expect((await stat(join(root, "a.mcpolicy"))).ino).not.toBe(before.ino);
  });

  it("says nothing and writes nothing for canonical files", async () => {
    const root = await dirWith({ "a.mcpolicy": CANONICAL });
    const before = (await stat(join(root, "a.mcpolicy"))).mtimeMs;
    const io = fakeIO();
    expect(await run([root], io)).toBe(0);
    expect(io.stdout() + io.stderr()).toBe("");
    expect((await stat(join(root, "a.mcpolicy"))).mtimeMs).toBe(before);
  });

  it("never writes a file with errors: prints its diagnostics and exits 1", async () => {
    const broken = "policy a {\n  allow\n  subject *\n  action *\n}\n";
    const root = await dirWith({ "bad.mcpolicy": broken, "good.mcpolicy": MESSY });
    const io = fakeIO();
    expect(await run([root], io)).toBe(1);
    expect(await readFile(join(root, "bad.mcpolicy"), "utf8")).toBe(broken);
    expect(await readFile(join(root, "good.mcpolicy"), "utf8")).toBe(CANONICAL);
    expect(io.stderr()).toMatch(/bad\.mcpolicy:1:8: .*resource/);
    // Closed by a summary line, as check closes its diagnostics.
    expect(io.stderr()).toMatch(/\n✖ 1 error in 1 file; left as it is\n$/);
    const check = fakeIO();
    expect(await run(["--check", root], check)).toBe(1);
    expect(check.stderr()).toMatch(/\n✖ 1 error in 1 file; left as it is\n$/);
  });

  it("treats a file that is not UTF-8 as a problem of its content (exit 1, as check does), leaving it untouched", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-fmt-"));
    const bytes = Buffer.from('policy p { allow subject * action * resource "\xff" }\n', "latin1");
    await writeFile(join(root, "bad.mcpolicy"), bytes);
    const io = fakeIO();
    expect(await run([root], io)).toBe(1);
    expect(io.stderr()).toContain("E0003");
    expect(await readFile(join(root, "bad.mcpolicy"))).toEqual(bytes);
  });

  it("with --check lists the files that are not canonical, writes nothing and exits 1", async () => {
    const root = await dirWith({ "a.mcpolicy": MESSY, "b.mcpolicy": CANONICAL });
    const io = fakeIO();
    expect(await run(["--check", root], io)).toBe(1);
    expect(io.stdout()).toBe(`${join(root, "a.mcpolicy")}\n`);
    expect(io.stderr()).toContain("1 file is not in canonical form");
    expect(await readFile(join(root, "a.mcpolicy"), "utf8")).toBe(MESSY);
  });

  it("with --check exits 0 when everything is canonical", async () => {
    const root = await dirWith({ "b.mcpolicy": CANONICAL });
    const io = fakeIO();
    expect(await run(["--check", root], io)).toBe(0);
    expect(io.stdout()).toBe("");
  });

  it("finds the bundled example policies canonical", async () => {
    const io = fakeIO();
    expect(await run(["--check", "policies"], io)).toBe(0);
    expect(io.stdout() + io.stderr()).toBe("");
  });

  it("exits 2 on an unknown flag, no path, or a missing path", async () => {
    const unknown = fakeIO();
    expect(await main(["fmt", "--write", "x"], unknown)).toBe(2);
    expect(unknown.stderr()).toContain("usage: mcpolicy fmt");
    expect(await main(["fmt"], fakeIO())).toBe(2);
    const missing = fakeIO();
    expect(await main(["fmt", join(tmpdir(), "no-such-mcpolicy-dir-xyz")], missing)).toBe(2);
    expect(missing.stderr()).toContain("no such file or directory");
  });
});
