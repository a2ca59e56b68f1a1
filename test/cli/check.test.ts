import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function dirWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-check-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return root;
}

const GOOD = `role editor includes viewer
policy read {
  allow
  subject role viewer
  action "tools/call"
  resource "tool:read_*"
}
`;

describe("mcpolicy check", () => {
  it("says nothing and exits 0 for a clean policy set", async () => {
    const root = await dirWith({ "a.mcpolicy": GOOD });
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(0);
    expect(io.stdout()).toBe("");
    expect(io.stderr()).toBe("");
  });

  it("says so when a directory holds no policy file (an empty set is clean, but is it the right path?)", async () => {
    const root = await dirWith({ "notes.txt": "not a policy" });
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(0);
    expect(io.stderr()).toContain(`no *.mcpolicy files under \`${root}\`: the policy set is empty`);
  });

  it("does not say so when the directory's only policy file cannot be read as text (not UTF-8)", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-check-"));
    await writeFile(join(root, "bad.mcpolicy"), Buffer.from([0x70, 0xff, 0xfe, 0x0a]));
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    expect(io.stdout()).toContain("not valid UTF-8");
    expect(io.stderr()).not.toContain("no *.mcpolicy files");
    const json = fakeIO();
    expect(await main(["check", root, "--format", "json"], json)).toBe(1);
    expect(JSON.parse(json.stdout()).files).toEqual([`${root}/bad.mcpolicy`]);
  });

  it("accepts the bundled example policies", async () => {
    const io = fakeIO();
    expect(await main(["check", "policies"], io)).toBe(0);
    expect(io.stderr()).toBe("");
  });

  it("shows every problem with file:line:col, a code frame and exits 1", async () => {
    const root = await dirWith({
      "bad.mcpolicy": "policy a {\n  allow\n  subject *\n  action *\n}\npolicy b {\n  alow\n  subject *\n  action *\n  resource *\n}\n",
    });
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    // The problems are the command's result: on stdout (`check dir | less`), nothing on stderr.
    expect(io.stderr()).toBe("");
    const err = io.stdout();
    // policy a lacks a resource clause: reported at the policy's name (line 1, column 8)
    expect(err).toContain(`${root}/bad.mcpolicy:1:8: `);
    // the misspelled keyword on line 7
    expect(err).toMatch(new RegExp(`${root}/bad.mcpolicy:7:3: `));
    expect(err).toContain("^");
    expect(err).toMatch(/help: .*allow/);
  });

  it("reports across files: a duplicate policy name names both places", async () => {
    const root = await dirWith({ "a.mcpolicy": GOOD, "b.mcpolicy": GOOD.replace("role editor includes viewer\n", "") });
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    expect(io.stdout()).toContain(`${root}/b.mcpolicy:1:8: `);
    expect(io.stdout()).toContain(`${root}/a.mcpolicy:2:8`);
  });

  it("prints machine-readable diagnostics with --format json", async () => {
    const root = await dirWith({ "x.mcpolicy": "policy x { allow subject * action * }" });
    const io = fakeIO();
    expect(await main(["check", "--format", "json", root], io)).toBe(1);
    const report = JSON.parse(io.stdout());
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({ severity: "error", line: 1, column: 8, source: `${root}/x.mcpolicy` });
    expect(typeof report.diagnostics[0].code).toBe("string");
  });

  it("exits 2 with a clear message on usage errors", async () => {
    const unknownFlag = fakeIO();
    expect(await main(["check", "--bogus", "policies"], unknownFlag)).toBe(2);
    expect(unknownFlag.stderr()).toMatch(/bogus/);
    const noPath = fakeIO();
    expect(await main(["check"], noPath)).toBe(2);
    expect(noPath.stderr()).toMatch(/no policy path/);
    const missing = fakeIO();
    expect(await main(["check", "/no/such/dir"], missing)).toBe(2);
    expect(missing.stderr()).toMatch(/no such file or directory/);
  });

  it("checks a file named `-h` after `--` instead of printing the usage", async () => {
    const root = await dirWith({ "-h": "policy broken { allow }" });
    const io = fakeIO({ cwd: root });
    expect(await main(["check", "--", join(root, "-h")], io)).toBe(1);
    expect(io.stdout()).toMatch(/-h:1:/);
    const help = fakeIO();
    expect(await main(["check", "-h"], help)).toBe(0);
    expect(help.stdout()).toMatch(/^usage: mcpolicy check/);
  });

  it("uses colour only when asked to", async () => {
    const root = await dirWith({ "x.mcpolicy": "policy x { allow }" });
    const plain = fakeIO();
    await main(["check", root], plain);
    expect(plain.stdout()).not.toContain("\u001b[");
    const coloured = fakeIO({ color: true });
    await main(["check", root], coloured);
    expect(coloured.stdout()).toContain("\u001b[");
    // Every colour is ours, code frames included: none is shown as an escaped `\u001b`.
    expect(coloured.stdout()).toContain("\u001b[31m>");
    expect(coloured.stdout()).not.toContain("\\u001b");
  });

  it("frames the errors of a large file about as fast as it lists them as JSON (the file is split once)", async () => {
    const root = await dirWith({ "big.mcpolicy": '"abc\n'.repeat(150_000) });
    const timed = async (args: string[]) => {
      const io = fakeIO();
      const started = performance.now();
      expect(await main(args, io)).toBe(1);
      return { ms: performance.now() - started, io };
    };
    await timed(["check", root, "--format", "json"]); // warm-up
    const json = await timed(["check", root, "--format", "json"]);
    const text = await timed(["check", root]);
    // 150,000 unterminated strings: 200 listed, the rest counted (parsing stopped, so more may follow).
    expect(text.io.stdout()).toContain("✖ at least 150000 errors in 1 file (200 shown)\n");
    // 201 frames, each splitting 150,000 lines, took ≈ 20× the JSON run; one split, ≈ 1×.
    expect(text.ms).toBeLessThan(json.ms * 6 + 200);
  }, 60_000);

  it("counts every error in its summary, those left out after the first 200 too", async () => {
    const root = await dirWith({ "dup.mcpolicy": "policy p { allow subject * action * resource * }\n".repeat(1000) });
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    expect(io.stdout()).toContain("too many errors; 799 more not shown [E0499]");
    expect(io.stdout()).toMatch(/\n✖ 999 errors in 1 file \(200 shown\)\n$/);
    const quiet = fakeIO();
    expect(await main(["check", "--quiet", root], quiet)).toBe(1);
    expect(quiet.stdout()).toBe("✖ 999 errors in 1 file\n");
    expect(quiet.stderr()).toBe("");
  });

  it("reports every problem when a path cannot be read: the missing path and the errors of the others (exit 2, text and JSON)", async () => {
    const root = await dirWith({ "bad.mcpolicy": "policy q { alow }\n" });
    const missing = join(root, "missing-dir");
    const bad = join(root, "bad.mcpolicy");
    const text = fakeIO();
    expect(await main(["check", missing, bad], text)).toBe(2);
    // The path that cannot be read is an I/O error (stderr); the problems found are the result (stdout).
    expect(text.stderr()).toContain(`${missing}:1:1: no such file or directory [E0001]\n`);
    expect(text.stderr()).not.toContain("E0201");
    expect(text.stdout()).not.toContain("E0001");
    expect(text.stdout()).toContain(`${bad}:1:12: expected a clause or \`}\`, found \`alow\` [E0201]`);
    expect(text.stdout()).toContain("✖ 2 errors in 2 files");
    const json = fakeIO();
    expect(await main(["check", "--format", "json", missing, bad], json)).toBe(2);
    const report = JSON.parse(json.stdout());
    expect(report.ok).toBe(false);
    expect(report.files).toEqual([bad]);
    expect(report.diagnostics.map((d: { code: string; source: string }) => [d.code, d.source])).toEqual([
      ["E0001", missing],
      ["E0201", bad],
    ]);
    // Still on stderr for a person: why the exit code is 2.
    expect(json.stderr()).toContain(`${missing}:1:1: no such file or directory [E0001]`);
    // An unreadable --schema does not hide the policies' problems either.
    const schema = fakeIO();
    expect(await main(["check", bad, "--schema", join(root, "nope.json")], schema)).toBe(2);
    expect(schema.stderr()).toContain("[E0002]");
    expect(schema.stdout()).toContain("[E0201]");
  });

  it("reports a link loop named on the command line as a link that cannot be followed (ELOOP, E0002), not as missing", async () => {
    const { symlink } = await import("node:fs/promises");
    const root = await dirWith({});
    await symlink("selfarg", join(root, "selfarg"));
    const io = fakeIO();
    expect(await main(["check", join(root, "selfarg")], io)).toBe(2);
    expect(io.stderr()).toMatch(/selfarg:1:1: cannot follow this link: ELOOP: .* \[E0002\]/);
    expect(io.stderr()).not.toContain("no such file");
  });

  it("reports a --schema that is not UTF-8 as a problem of its content (E0003, exit 1), as a policy file would be", async () => {
    const root = await dirWith({ "a.mcpolicy": GOOD });
    await writeFile(join(root, "latin1.json"), Buffer.from([0x7b, 0xe9, 0x7d]));
    const text = fakeIO();
    expect(await main(["check", root, "--schema", join(root, "latin1.json")], text)).toBe(1);
    expect(text.stdout()).toContain(`${join(root, "latin1.json")}:1:1: file is not valid UTF-8 text [E0003]`);
    const json = fakeIO();
    expect(await main(["check", root, "--schema", join(root, "latin1.json"), "--format", "json"], json)).toBe(1);
    const report = JSON.parse(json.stdout());
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E0003"]);
    expect(report.files).toEqual([join(root, "a.mcpolicy")]); // the schema is no policy file
  });

  it("reports a --schema that is not valid JSON as E0750 at its 1:1 (exit 1, also in JSON), a missing one as an I/O error (exit 2)", async () => {
    const root = await dirWith({ "a.mcpolicy": GOOD, "bad.json": "{bad" });
    const text = fakeIO();
    expect(await main(["check", root, "--schema", join(root, "bad.json")], text)).toBe(1);
    expect(text.stdout()).toContain(`${join(root, "bad.json")}:1:1: the schema is not valid JSON`);
    expect(text.stdout()).toContain("[E0750]");
    const json = fakeIO();
    expect(await main(["check", root, "--schema", join(root, "bad.json"), "--format", "json"], json)).toBe(1);
    expect(JSON.parse(json.stdout()).diagnostics.map((d: { code: string }) => d.code)).toEqual(["E0750"]);
    const missing = fakeIO();
    expect(await main(["check", root, "--schema", join(root, "nope.json")], missing)).toBe(2);
    expect(missing.stderr()).toContain("[E0002]");
  });
});
