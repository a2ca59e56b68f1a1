/**
 * Tests written for the mutants of the CLI that survived the second round of mutation
 * testing (glob-hint.ts, unknown-name.ts, rewrite-file.ts, the reporting of
 * `mcpolicy test`): each fails with its mutant and passes on the source.
 */
import { spawnSync } from "node:child_process";
import { chmod, chown, readdir, readFile, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run as fmt } from "../../src/cli/fmt.js";
import { processIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";
import { tempTree } from "../helpers/temp-tree.js";
import { expectFmtRestoresUnderFileLimit } from "./fmt-under-file-limit.js";

const MESSY = 'policy read { allow subject * action "tools/call" resource "tool:read_*" }\n';
const CANONICAL = 'policy read {\n  allow\n  subject *\n  action "tools/call"\n  resource "tool:read_*"\n}\n';
const NOBODY = 65534;
const AS_ROOT = "needs root: only root can give a file to another user, and write a file without its owner's write bit";
const isRoot = process.getuid?.() === 0;
const bin = fileURLToPath(new URL("../../bin/mcpolicy.js", import.meta.url));

const dirWith = (files: Record<string, string>): Promise<string> => tempTree(files, "mcpolicy-mut2-");

describe("the glob hint (mutation-tested)", () => {
  it("is not given for a pattern-like path that is there but cannot be followed (E0002): it is not a pattern", async () => {
    const root = await dirWith({});
    const path = join(root, "[a].mcpolicy");
    await symlink(join(root, "gone.mcpolicy"), path);
    const io = fakeIO();
    expect(await main(["check", path], io)).toBe(2);
    expect(io.stderr()).toMatch(/:1:1: cannot follow this link: .*ENOENT.* \[E0002\]\n/);
    expect(io.stderr()).toContain(`${path}:1:1: cannot follow this link`);
    expect(io.stderr()).not.toContain("does not expand");
    expect(io.stderr()).not.toContain("help:");
  });
});

describe("mcpolicy fmt keeps the file as it was (mutation-tested)", () => {
  it("keeps the setuid, setgid and sticky bits of another user's file, which chown would clear", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await dirWith({ "a.mcpolicy": MESSY, "b.mcpolicy": MESSY });
    await chown(join(root, "a.mcpolicy"), NOBODY, NOBODY);
    await chmod(join(root, "a.mcpolicy"), 0o6754);
    await chmod(join(root, "b.mcpolicy"), 0o1640);
    expect(await fmt([root], fakeIO())).toBe(0);
    const a = await stat(join(root, "a.mcpolicy"));
    const b = await stat(join(root, "b.mcpolicy"));
    expect([a.uid, a.gid, a.mode & 0o7777]).toEqual([NOBODY, NOBODY, 0o6754]);
    expect([b.uid, b.gid, b.mode & 0o7777]).toEqual([0, 0, 0o1640]);
    expect(await readFile(join(root, "a.mcpolicy"), "utf8")).toBe(CANONICAL);
  });

  it("keeps the group of a file when only the group is another's", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await dirWith({ "a.mcpolicy": MESSY });
    const path = join(root, "a.mcpolicy");
    await chown(path, 0, NOBODY);
    await chmod(path, 0o640);
    expect(await fmt([root], fakeIO())).toBe(0);
    const after = await stat(path);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([0, NOBODY, 0o640]);
    expect(await readFile(path, "utf8")).toBe(CANONICAL);
  });

  it("rewrites, as root, a file that only its group may write: it has a write bit, so it is not read-only", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await dirWith({ "a.mcpolicy": MESSY });
    const path = join(root, "a.mcpolicy");
    await chmod(path, 0o460);
    const io = fakeIO();
    expect(await fmt([root], io)).toBe(0);
    expect(io.stdout()).toBe(`formatted ${path}\n`);
    expect(io.stderr()).toBe("");
    expect(await readFile(path, "utf8")).toBe(CANONICAL);
    expect((await stat(path)).mode & 0o7777).toBe(0o460);
  });

  it("leaves no temporary file behind when writing it fails (a file size limit)", () => {
    // 1.5 KB formatted to about 1.8 KB under a 1 KiB limit: the temporary file's write fails.
    return (async () => {
      let text = "";
      for (let i = 0; i < 30; i++) text += `policy p${i}{allow subject * action * resource "r${i}"}\n`;
      const root = await dirWith({ "a.mcpolicy": text });
      const shell = `ulimit -f 1; exec "${process.execPath}" "${bin}" fmt "${join(root, "a.mcpolicy")}"`;
      const result = spawnSync("bash", ["-c", shell], { encoding: "utf8" });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain("EFBIG");
      expect(await readFile(join(root, "a.mcpolicy"), "utf8")).toBe(text);
      expect(await readdir(root)).toEqual(["a.mcpolicy"]);
    })();
  });

  it("cuts a hard-linked file back to its old length when the in-place write fails past the old end", async () => {
    // About 9.2 KB of one-line policies, about 10.7 KB formatted: under a 10 KiB limit the
    // in-place write fails past the old end; putting the old text back must also cut the rest.
    let text = "";
    for (let i = 0; i < 150; i++) text += `policy p${i}{allow subject user "u${i}" action * resource "r${i}"}\n`;
    text += 'policy block{deny priority 10 subject * action * resource "secret"}\n';
    expect(text.length).toBeLessThan(10 * 1024);
    await expectFmtRestoresUnderFileLimit(text);
  });
});

describe("mcpolicy eval, usage errors (mutation-tested)", () => {
  it("says so as a usage error, before the request is read", async () => {
    const io = fakeIO();
    expect(await main(["eval", "--subject", "{}", "--resource", "r", "--action", "a"], io)).toBe(2);
    expect(io.stderr()).toMatch(/^mcpolicy eval: no policy path given\n\nusage: mcpolicy eval /);
    expect(io.stdout()).toBe("");
  });

  it("says which of --subject, --resource and --action is missing", async () => {
    const root = await dirWith({ "a.mcpolicy": MESSY });
    const all = { subject: ["--subject", "{}"], resource: ["--resource", "r"], action: ["--action", "a"] };
    for (const missing of ["subject", "resource", "action"] as const) {
      const args = Object.entries(all).flatMap(([name, flag]) => (name === missing ? [] : flag));
      const io = fakeIO();
      expect(await main(["eval", root, ...args], io), missing).toBe(2);
      expect(io.stderr(), missing).toMatch(new RegExp(`^mcpolicy eval: missing --${missing}\n\nusage: mcpolicy eval `));
      expect(io.stdout(), missing).toBe("");
    }
  });
});

describe("the glob hint, for a pattern before the last part of the path (mutation-tested)", () => {
  it("is given for a missing path whose directory part looks like a pattern", async () => {
    const root = await dirWith({ "a.mcpolicy": "policy p { allow subject * action * resource * }\n" });
    const path = join(root, "d*", "a.mcpolicy");
    const io = fakeIO();
    expect(await main(["check", path], io)).toBe(2);
    expect(io.stderr()).toContain(`${path}:1:1: no such file or directory [E0001]`);
    expect(io.stderr()).toContain("help: mcpolicy does not expand `*`, `?` or `[…]`");
  });
});

const REPORT_POLICIES = `policy read { allow subject role viewer action "tools/call" resource "tool:read_*" }
policy write { allow subject role editor action "tools/call" resource "tool:write_*" when env.hour >= 8 }
policy unused { deny subject role nobody action "x" resource "y" }
`;

describe("the report of mcpolicy test (mutation-tested)", () => {
  it("marks a failing example as failed with its request, heads each file, counts and covers exactly, and exits 1", async () => {
    const root = await dirWith({
      "p.mcpolicy": REPORT_POLICIES,
      "a.test.json": JSON.stringify({
        examples: [
          {
            name: "viewer reads",
            subject: { id: "v", roles: ["viewer"] },
            resource: "tool:read_x",
            action: "tools/call",
            expect: "allow",
          },
          {
            name: "editor writes at 9",
            subject: { id: "e", roles: ["editor"] },
            resource: "tool:write_x",
            action: "tools/call",
            env: { hour: 9 },
            expect: "allow",
          },
        ],
      }),
      "b.test.json": JSON.stringify({
        examples: [
          {
            name: "stranger",
            subject: { id: "s", roles: [] },
            resource: "tool:read_x",
            action: "tools/call",
            expect: "allow",
          },
        ],
      }),
    });
    const io = fakeIO();
    expect(await main(["test", root, "--seed", "3"], io)).toBe(1);
    expect(io.stderr()).toBe("");
    expect(io.stdout().replace(/ in [\d.]+s /, " in Xs ")).toBe(
      [
        `${root}/a.test.json`,
        "  ✓ example: viewer reads",
        "  ✓ example: editor writes at 9",
        `${root}/b.test.json`,
        "  ✗ example: stranger",
        "      expected allow, got notapplicable",
        "      request:",
        '        subject:  {"id":"s","roles":[]}',
        '        resource: "tool:read_x"',
        '        action:   "tools/call"',
        "        env:      {}",
        "      why:",
        "        not allowed: no policy applies (no policy's targets match the request).",
        "",
        "coverage: 2 of 3 policies decided at least one tested request",
        `  never decisive: \`unused\` (${root}/p.mcpolicy:3)`,
        "",
        "✖ 1 of 3 tests failed in Xs (seed 3: replay with `--seed 3`)",
        "",
      ].join("\n"),
    );
  });
});

describe("mcpolicy main (mutation-tested)", () => {
  it("`help` with two command names is a usage error, not the first one's help", async () => {
    const io = fakeIO();
    expect(await main(["help", "check", "lint"], io)).toBe(2);
    expect(io.stderr()).toMatch(/^mcpolicy help: give one command name\n\nusage: mcpolicy <command>/);
    expect(io.stdout()).toBe("");
  });

  it("an internal error (a failing write) is exit 2, never a verdict (0 or 1)", async () => {
    const root = await dirWith({ "a.mcpolicy": MESSY });
    const io = fakeIO();
    const failing = {
      ...io,
      out: () => {
        throw new Error("boom");
      },
    };
    expect(await main(["check", "--format", "json", root], failing)).toBe(2);
    expect(io.stderr()).toMatch(/^mcpolicy check: internal error: Error: boom\n/);
  });

  it("takes no name of Object.prototype for a command (`toString`, `constructor`)", async () => {
    for (const name of ["toString", "constructor", "__proto__"]) {
      const io = fakeIO();
      expect(await main([name, "policies"], io), name).toBe(2);
      expect(io.stderr().split("\n")[0], name).toBe(`mcpolicy: unknown command \`${name}\``);
      const help = fakeIO();
      expect(await main(["help", name], help), name).toBe(2);
      expect(help.stderr().split("\n")[0], name).toBe(`mcpolicy: unknown command \`${name}\``);
    }
  });

  it("keeps an unknown command name given with a line break on one line", async () => {
    const io = fakeIO();
    expect(await main(["chek\nx"], io)).toBe(2);
    expect(io.stderr().split("\n")[0]).toBe("mcpolicy: unknown command `chek\\u000ax`");
  });
});

const ONE_EXAMPLE = JSON.stringify({
  examples: [{ name: "anyone", subject: { id: "a" }, resource: "r", action: "a", expect: "allow" }],
});
const ALLOW_ALL = "policy p { allow subject * action * resource * }\n";

describe("mcpolicy test, output and exit codes (mutation-tested)", () => {
  it("draws and clears the progress bar on stderr only: stdout holds the report alone", async () => {
    const root = await dirWith({
      "p.mcpolicy": ALLOW_ALL,
      "p.test.json": JSON.stringify({ invariants: [{ name: "always allowed", always: "allow" }] }),
    });
    let out = "";
    let err = "";
    const io = {
      ...fakeIO(),
      interactive: true,
      out: (t: string) => {
        out += t;
      },
      err: (t: string) => {
        err += t;
      },
    };
    expect(await main(["test", root, "--runs", "50", "--seed", "1"], io)).toBe(0);
    expect(out.startsWith(`${root}/p.test.json\n  ✓ invariant: always allowed (50 requests)\n`)).toBe(true);
    expect(out).not.toContain("\r");
    expect(err).toMatch(/\] 50\/50 generated requests/);
    expect(err.endsWith(`\r${" ".repeat(72)}\r`)).toBe(true);
  });

  it("exits 2 when the JUnit report cannot be written to --output", async () => {
    const root = await dirWith({ "p.mcpolicy": ALLOW_ALL, "p.test.json": ONE_EXAMPLE });
    const output = join(root, "missing", "r.xml");
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit", "--output", output], io)).toBe(2);
    expect(io.stderr()).toBe(
      `mcpolicy test: cannot write \`${output}\`: no such directory \`${join(root, "missing")}\` (ENOENT)\n`,
    );
    expect(io.stdout()).toBe("");
  });

  it("lists one-line problems one per line, with no blank line between them", async () => {
    const root = await dirWith({ "p.mcpolicy": ALLOW_ALL });
    const [a, b] = [join(root, "a.test.json"), join(root, "b.test.json")];
    const io = fakeIO();
    expect(await main(["test", a, b, join(root, "p.mcpolicy")], io)).toBe(2);
    expect(io.stderr()).toBe(
      `${a}:1:1: no such file or directory [E0001]\n${b}:1:1: no such file or directory [E0001]\n`,
    );
  });
});

describe("the progress bar's terminal (mutation-tested)", () => {
  it("is interactive only on a terminal stderr and not in CI, as docs/testing.md says", () => {
    const saved = { err: process.stderr.isTTY, ci: process.env.CI };
    try {
      process.stderr.isTTY = true;
      delete process.env.CI;
      expect(processIO().interactive).toBe(true);
      process.env.CI = "true";
      expect(processIO().interactive).toBe(false);
      process.stderr.isTTY = false;
      delete process.env.CI;
      expect(processIO().interactive).toBe(false);
    } finally {
      process.stderr.isTTY = saved.err;
      if (saved.ci === undefined) delete process.env.CI;
      else process.env.CI = saved.ci;
    }
  });
});

describe("arguments after `--` (mutation-tested)", () => {
  it("are paths as given, never joined to a value as options before `--` are", async () => {
    const root = await dirWith({ "a.mcpolicy": ALLOW_ALL });
    const io = fakeIO();
    expect(await main(["check", "--", "--format", join(root, "a.mcpolicy")], io)).toBe(2);
    expect(io.stderr()).toMatch(/^--format:1:1: no such file or directory \[E0001\]\n/);
    expect(io.stderr()).not.toContain("--format=");
  });
});

describe("mcpolicy check, several diagnostics (mutation-tested)", () => {
  it("separates the diagnostics of different files by a blank line", async () => {
    const root = await dirWith({ "a.mcpolicy": "policy a { alow }\n", "b.mcpolicy": "policy b { deni }\n" });
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(1);
    const frame = (file: string, name: string, word: string, meant: string) => [
      `${join(root, file)}:1:12: expected a clause or \`}\`, found \`${word}\` [E0201]`,
      `> 1 | policy ${name} { ${word} }`,
      "    |            ^^^^",
      "  2 | ",
      `  help: did you mean \`${meant}\`?`,
    ];
    const expected = [...frame("a.mcpolicy", "a", "alow", "allow"), "", ...frame("b.mcpolicy", "b", "deni", "deny")];
    expect(`${io.stdout()}${io.stderr()}`).toBe(`${expected.join("\n")}\n✖ 2 errors in 2 files\n`);
  });
});

describe("mcpolicy fmt as a user who may not write the file (mutation-tested)", () => {
  it("does not replace its own file without the owner's write bit, though others may write it", async (ctx) => {
    ctx.skip(!isRoot, "needs root: to run fmt as another user (nobody)");
    const root = await dirWith({ "theirs.mcpolicy": MESSY });
    await chmod(root, 0o777);
    const path = join(root, "theirs.mcpolicy");
    await chown(path, NOBODY, NOBODY);
    await chmod(path, 0o466);
    const result = spawnSync(process.execPath, [bin, "fmt", root], {
      uid: NOBODY,
      gid: NOBODY,
      encoding: "utf8",
      cwd: tmpdir(),
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toBe(`mcpolicy fmt: cannot write \`${path}\`: permission denied (EACCES)\n`);
    expect(await readFile(path, "utf8")).toBe(MESSY);
    expect((await stat(path)).mode & 0o7777).toBe(0o466);
  });
});

describe("mcpolicy lint's summary (mutation-tested)", () => {
  it("names no warnings when there are none, and one policy in the singular", async () => {
    const root = await dirWith({ "a.mcpolicy": 'policy p { allow subject * action "x" resource "y" when "a" < 1 }\n' });
    const io = fakeIO();
    expect(await main(["lint", root], io)).toBe(1);
    expect(io.stdout().endsWith("\n  help: `p` can never apply\n✖ 1 error in 1 policy\n")).toBe(true);
    expect(io.stderr()).toBe("");
  });
});

describe("mcpolicy test --runs and --seed (mutation-tested)", () => {
  it("takes the bounds of each range, and only decimal digits", async () => {
    const root = await dirWith({
      "p.mcpolicy": ALLOW_ALL,
      "p.test.json": JSON.stringify({ invariants: [{ name: "always allowed", always: "allow" }] }),
    });
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "1", "--seed", "4294967295"], io)).toBe(0);
    expect(io.stdout()).toMatch(/\n {2}✓ invariant: always allowed \(1 requests?\)\n/);
    expect(io.stdout()).toMatch(/✔ 1 tests? passed in [\d.]+s \(seed 4294967295\)\n$/);
    for (const [flag, value] of [
      ["--runs", "0"],
      ["--runs", "1e3"],
      ["--runs", "0x10"],
      ["--runs", " 5"],
      ["--seed", "4294967296"],
      ["--seed", "-1"],
    ]) {
      const bad = fakeIO();
      expect(await main(["test", root, flag as string, value as string], bad), `${flag} ${value}`).toBe(2);
      const range =
        flag === "--runs"
          ? "runs` must be an integer from 1 to 10000000"
          : "seed` must be an integer from 0 to 4294967295";
      expect(bad.stderr(), `${flag} ${value}`).toMatch(new RegExp(`^mcpolicy test: \`--${range}\\n`));
    }
  });
});

describe("mcpolicy init with two paths (mutation-tested)", () => {
  it("is a usage error even when both paths exist, and writes nothing", async () => {
    const first = await dirWith({ "a.mcpolicy": ALLOW_ALL });
    const second = await dirWith({ "b.mcpolicy": ALLOW_ALL });
    const io = fakeIO();
    expect(await main(["init", first, second], io)).toBe(2);
    expect(io.stderr()).toMatch(/^mcpolicy init: give one policy path\n\nusage: mcpolicy init /);
    expect(await readdir(first)).toEqual(["a.mcpolicy"]);
    expect(await readdir(second)).toEqual(["b.mcpolicy"]);
  });
});
