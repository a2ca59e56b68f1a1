/**
 * Spec §1 and §3, through the built CLI: a source is UTF-8 text (a leading BOM ignored),
 * CR, LF and CRLF end lines, columns count UTF-16 code units, a source over 8 MiB is a
 * clear error; docs/language.md: a file that is not UTF-8 is an error (E0003) — never a
 * silent U+FFFD that could change what a policy says — and only regular files are read
 * (a FIFO is never waited on). An empty directory is an empty set, said on stderr.
 */
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempTree } from "../helpers/temp-tree.js";

const EVAL = ["--subject", '{"id":"u"}', "--resource", "doc", "--action", "read"];

async function fileIn(name: string, content: string | Buffer): Promise<string> {
  const root = await tempTree({}, "mcpolicy-text-");
  await writeFile(join(root, name), content);
  return root;
}

describe("§1/§3 positions in the source text", () => {
  it("ignores a leading BOM: it is no column", async () => {
    const root = await fileIn("bom.mcpolicy", "\uFEFFpolicy p { bogus }\n");
    const run = await runCli(["check", "bom.mcpolicy"], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^bom\.mcpolicy:1:12: /);
  });

  it("refuses a second BOM (only the leading one is ignored)", async () => {
    const root = await fileIn("two.mcpolicy", "\uFEFF\uFEFFpolicy p { allow subject * action * resource * }\n");
    const run = await runCli(["check", "two.mcpolicy"], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^two\.mcpolicy:1:1: /);
  });

  for (const [kind, eol] of [
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["a lone CR", "\r"],
  ] as const) {
    it(`counts lines ended by ${kind}; the column is unchanged by the line ending`, async () => {
      const text = ["policy p {", "  allow", "  subject *", "  action * resource *", "  bogus", "}"].join(eol);
      const root = await fileIn("eol.mcpolicy", text);
      const run = await runCli(["check", "eol.mcpolicy"], { cwd: root });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^eol\.mcpolicy:5:3: /);
      // The code frame shows the line without its line ending.
      expect(run.stdout).toContain("> 5 |   bogus\n");
      expect(run.stdout).not.toContain("\r");
    });
  }

  it("ends a comment at a lone CR: the deny after it is in force", async () => {
    const text = '# note\rpolicy "deny-all" { deny subject * action * resource * }\r// note\rpolicy ok { allow subject * action * resource * }';
    const root = await fileIn("cr.mcpolicy", text);
    const run = await runCli(["eval", "cr.mcpolicy", ...EVAL], { cwd: root });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ effect: "deny", policy: "deny-all" });
  });

  it("counts columns in UTF-16 code units: an astral character before the error is two", async () => {
    const root = await fileIn("wide.mcpolicy", 'policy "\u{1F600}" { bogus }\n');
    const run = await runCli(["check", "wide.mcpolicy"], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^wide\.mcpolicy:1:15: /); // policy(6) space(1) "😀"(4 units) space { space = 14, bogus at 15
  });
});

describe("docs/language.md: bytes that are not UTF-8 are an error, never replaced", () => {
  const invalid: [string, Buffer][] = [
    ["a stray 0xFF byte", Buffer.from([0xff])],
    ["an encoded surrogate (CESU-8)", Buffer.from([0xed, 0xa0, 0x80])],
    ["an overlong `/`", Buffer.from([0xc0, 0xaf])],
    ["a truncated sequence", Buffer.from([0xe2, 0x82])],
  ];
  for (const [what, bytes] of invalid) {
    it(`${what} inside a string: E0003, check exits 1, eval refuses to decide (2)`, async () => {
      // A deny policy whose name holds the bad bytes: silently replaced, it would still load.
      const content = Buffer.concat([
        Buffer.from('policy "deny-'),
        bytes,
        Buffer.from('" { deny subject * action * resource * }\npolicy ok { allow subject * action * resource * }\n'),
      ]);
      const root = await fileIn("bad.mcpolicy", content);
      const check = await runCli(["check", "bad.mcpolicy"], { cwd: root });
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/^bad\.mcpolicy:1:1: file is not valid UTF-8 text \[E0003\]\n/);
      expect(check.stdout).not.toContain("\uFFFD");
      const decided = await runCli(["eval", "bad.mcpolicy", ...EVAL], { cwd: root });
      expect(decided.code).toBe(2);
      expect(decided.stdout).toBe("");
      expect(decided.stderr).toContain("[E0003]");
    });
  }
});

describe("§3 the 8 MiB source limit", () => {
  it("loads a file of exactly 8 MiB and refuses one byte more (E0004, exit 1)", async () => {
    const limit = 8 * 1024 * 1024;
    const root = await tempTree({}, "mcpolicy-size-");
    await writeFile(join(root, "at.mcpolicy"), `${"#".repeat(limit - 1)}\n`);
    await writeFile(join(root, "over.mcpolicy"), `${"#".repeat(limit)}\n`);
    expect((await runCli(["check", "at.mcpolicy"], { cwd: root })).code).toBe(0);
    const over = await runCli(["check", "over.mcpolicy"], { cwd: root });
    expect(over.code).toBe(1);
    expect(over.stdout).toMatch(/^over\.mcpolicy:1:1: file is larger than the 8 MiB limit .*\[E0004\]/);
  });
});

describe("§1 directories and entries that are not regular files", () => {
  it("an empty directory is an empty set: clean (exit 0) with a notice on stderr; eval answers notapplicable (exit 1)", async () => {
    const root = await tempTree({ "empty/readme.txt": "no policies here" }, "mcpolicy-empty-");
    const check = await runCli(["check", "empty"], { cwd: root });
    expect(check).toEqual({ code: 0, stdout: "", stderr: "! no *.mcpolicy files under `empty`: the policy set is empty\n" });
    const decided = await runCli(["eval", "empty", ...EVAL], { cwd: root });
    expect(decided.code).toBe(1);
    expect(JSON.parse(decided.stdout)).toEqual({ allowed: false, effect: "notapplicable", policy: null, errors: [] });
  });

  it("refuses a FIFO below a directory or named, without waiting for a writer (E0002, exit 2)", async () => {
    const root = await tempTree({ "d/ok.mcpolicy": "" }, "mcpolicy-fifo-");
    execFileSync("mkfifo", [join(root, "d/pipe.mcpolicy")]);
    const walked = await runCli(["check", "d"], { cwd: root, timeoutMs: 20_000 });
    expect(walked.code).toBe(2);
    expect(walked.stderr).toMatch(/^d\/pipe\.mcpolicy:1:1: not a regular file \(a FIFO\) \[E0002\]/);
    const named = await runCli(["eval", "d/pipe.mcpolicy", ...EVAL], { cwd: root, timeoutMs: 20_000 });
    expect(named.code).toBe(2);
    expect(named.stdout).toBe("");
    expect(named.stderr).toContain("not a regular file (a FIFO) [E0002]");
  });

  it("refuses a device named on the command line (E0002, exit 2), /dev/zero included (no unbounded read)", async () => {
    for (const device of ["/dev/null", "/dev/zero"]) {
      const run = await runCli(["check", device], { timeoutMs: 20_000 });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${device}:1:1: cannot read file: not a regular file (a device) [E0002]`);
    }
  });
});
