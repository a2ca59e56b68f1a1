/**
 * Spec §1, through the built CLI: a directory loads every `*.mcpolicy` below it in set
 * order — paths relative to the loaded root, joined with `/`, compared by UTF-16 code
 * units (not code points, not per directory, not normalized) — and that order breaks
 * ties (§5 step 4: the deciding policy is the first in set order). Several roots keep
 * the order given; a file reached twice (named twice, through two roots, a symbolic or
 * a hard link) loads once, at its first path in set order.
 */
import { link, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempTree } from "../helpers/temp-tree.js";

/** An allow policy named `name` that applies to every request: ties are broken by set order alone. */
const allowAll = (name: string) => `policy "${name}" { allow subject * action * resource * }\n`;

/** The files `check --format json` lists, in set order, relative to `root`; and its exit code. */
async function setOrder(roots: readonly string[], cwd: string): Promise<{ code: number | null; files: string[] }> {
  const run = await runCli(["check", "--format", "json", ...roots], { cwd });
  return { code: run.code, files: (JSON.parse(run.stdout) as { files: string[] }).files };
}

/** The deciding policy of a request every policy applies to. */
async function decidingPolicy(roots: readonly string[], cwd: string): Promise<unknown> {
  const run = await runCli(["eval", ...roots, "--subject", "{}", "--resource", "r", "--action", "a"], { cwd });
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { policy: unknown }).policy;
}

const NFC_E = "\u00e9"; // é as one code point
const NFD_E = "e\u0301"; // é as e + combining acute: the same text to a person, another name to the file system
const ASTRAL = "\u{1F600}"; // code units D83D DE00: below U+FF5E by code units, above it by code points
const FULLWIDTH = "\uFF5E";

describe("§1 set order below a directory", () => {
  it("sorts whole relative paths by code units: `-` before `/`, upper case before lower, astral by its surrogates", async () => {
    const names = [
      "b.mcpolicy",
      "a/b.mcpolicy",
      "a-b.mcpolicy",
      "B.mcpolicy",
      `${NFC_E}.mcpolicy`,
      `${NFD_E}.mcpolicy`,
      `${FULLWIDTH}.mcpolicy`,
      `${ASTRAL}.mcpolicy`,
      "z.mcpolicy",
    ];
    const root = await tempTree(Object.fromEntries(names.map((n, i) => [join("set", n), allowAll(`p${i}`)])), "mcpolicy-order-");
    const { code, files } = await setOrder(["set"], root);
    expect(code).toBe(0);
    expect(files).toEqual([
      "set/B.mcpolicy",
      "set/a-b.mcpolicy", // "a-" < "a/": U+002D < U+002F, though a per-directory sort puts `a` before `a-b`
      "set/a/b.mcpolicy",
      "set/b.mcpolicy",
      `set/${NFD_E}.mcpolicy`, // starts with `e`
      "set/z.mcpolicy",
      `set/${NFC_E}.mcpolicy`, // U+00E9
      `set/${ASTRAL}.mcpolicy`, // U+D83D …
      `set/${FULLWIDTH}.mcpolicy`, // U+FF5E: after the astral name by code units, before it by code points
    ]);
  });

  it("breaks a tie with the first policy in that order: `a-b.mcpolicy` decides over `a/b.mcpolicy`, the astral name over U+FF5E", async () => {
    const dashFirst = await tempTree({ "a/b.mcpolicy": allowAll("slash"), "a-b.mcpolicy": allowAll("dash") }, "mcpolicy-tie-");
    expect(await decidingPolicy(["."], dashFirst)).toBe("dash");
    const astralFirst = await tempTree(
      { [`${FULLWIDTH}.mcpolicy`]: allowAll("fullwidth"), [`${ASTRAL}.mcpolicy`]: allowAll("astral") },
      "mcpolicy-tie-",
    );
    expect(await decidingPolicy(["."], astralFirst)).toBe("astral");
  });

  it("keeps both of two names that differ only in Unicode normalization: two files, two sources", async () => {
    const root = await tempTree({ [`${NFC_E}.mcpolicy`]: allowAll("composed"), [`${NFD_E}.mcpolicy`]: allowAll("decomposed") }, "mcpolicy-nfc-");
    const { code, files } = await setOrder(["."], root);
    expect(code).toBe(0);
    expect(files).toEqual([`./${NFD_E}.mcpolicy`, `./${NFC_E}.mcpolicy`]);
    expect(await decidingPolicy(["."], root)).toBe("decomposed");
  });

  it("walks dot-files, dot-directories and a directory named `x.mcpolicy`; skips other names, `A.MCPOLICY` included", async () => {
    const root = await tempTree(
      {
        "d/.hidden.mcpolicy": allowAll("hidden"),
        "d/.git/inner.mcpolicy": allowAll("in-dot-dir"),
        "d/x.mcpolicy/in.mcpolicy": allowAll("in-dir-named-like-a-file"),
        "d/UPPER.MCPOLICY": "not a policy file: never parsed {",
        "d/notes.txt": "never parsed {",
        "d/x.mcpolicy.bak": "never parsed {",
      },
      "mcpolicy-walk-",
    );
    const { code, files } = await setOrder(["d"], root);
    expect(code).toBe(0);
    expect(files).toEqual(["d/.git/inner.mcpolicy", "d/.hidden.mcpolicy", "d/x.mcpolicy/in.mcpolicy"]);
  });

  it("reads a file named explicitly whatever its name ends with", async () => {
    const root = await tempTree({ "rules.txt": "policy bad {", "rules.conf": allowAll("conf") }, "mcpolicy-named-");
    const bad = await runCli(["check", "rules.txt"], { cwd: root });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("rules.txt:1:");
    expect(await decidingPolicy(["rules.conf"], root)).toBe("conf");
  });
});

describe("§1 several roots and files reached twice", () => {
  it("keeps the roots in the order given, each sorted within itself", async () => {
    const root = await tempTree(
      { "z/a.mcpolicy": allowAll("z-a"), "z/b.mcpolicy": allowAll("z-b"), "a/a.mcpolicy": allowAll("a-a") },
      "mcpolicy-roots-",
    );
    const { code, files } = await setOrder(["z", "a"], root);
    expect(code).toBe(0);
    expect(files).toEqual(["z/a.mcpolicy", "z/b.mcpolicy", "a/a.mcpolicy"]);
    expect(await decidingPolicy(["z", "a"], root)).toBe("z-a");
    expect(await decidingPolicy(["a", "z"], root)).toBe("a-a");
  });

  it("reports a name declared twice at its second place in set order, naming the first (roots as given)", async () => {
    const root = await tempTree({ "z/x.mcpolicy": allowAll("p"), "a/x.mcpolicy": allowAll("p") }, "mcpolicy-dup-");
    const za = await runCli(["check", "z", "a"], { cwd: root });
    expect(za.code).toBe(1);
    expect(za.stdout).toMatch(/^a\/x\.mcpolicy:1:8: policy `p` is declared twice \[E0306\]\n/);
    expect(za.stdout).toContain("first declared at z/x.mcpolicy:1:8");
    const walked = await runCli(["check", "."], { cwd: root });
    expect(walked.stdout).toMatch(/^\.\/z\/x\.mcpolicy:1:8: policy `p` is declared twice/);
  });

  it("loads a file named twice, or reached through two roots, once, at its first path (no `declared twice`)", async () => {
    const root = await tempTree({ "set/one.mcpolicy": allowAll("one"), "set/sub/two.mcpolicy": allowAll("two") }, "mcpolicy-twice-");
    expect(await setOrder(["set/one.mcpolicy", "set/one.mcpolicy"], root)).toEqual({ code: 0, files: ["set/one.mcpolicy"] });
    expect(await setOrder(["set/sub", "set"], root)).toEqual({ code: 0, files: ["set/sub/two.mcpolicy", "set/one.mcpolicy"] });
    expect(await setOrder(["set", "set/sub/two.mcpolicy"], root)).toEqual({
      code: 0,
      files: ["set/one.mcpolicy", "set/sub/two.mcpolicy"],
    });
  });

  it("loads a file reached through a symbolic or a hard link once, at its first path in set order", async () => {
    const root = await tempTree({ "set/m.mcpolicy": allowAll("m") }, "mcpolicy-links-");
    await symlink("m.mcpolicy", join(root, "set/a-link.mcpolicy"));
    await link(join(root, "set/m.mcpolicy"), join(root, "set/z-hard.mcpolicy"));
    await symlink(".", join(root, "set/b-dir-link")); // the whole directory again, and a cycle
    const run = await runCli(["check", "--format", "json", "set"], { cwd: root, timeoutMs: 20_000 });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { files: string[] }).files).toEqual(["set/a-link.mcpolicy"]);
  });

  it("walks a symbolic link cycle without hanging, and loads what it holds once", async () => {
    const root = await tempTree({ "c/p.mcpolicy": allowAll("p"), "c/sub/q.mcpolicy": allowAll("q") }, "mcpolicy-cycle-");
    await symlink("..", join(root, "c/sub/up"));
    await symlink("../c", join(root, "c/self"));
    await mkdir(join(root, "c/sub/deeper"));
    await symlink("../../sub", join(root, "c/sub/deeper/back"));
    const run = await runCli(["check", "--format", "json", "c"], { cwd: root, timeoutMs: 20_000 });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { files: string[] }).files).toEqual(["c/p.mcpolicy", "c/sub/q.mcpolicy"]);
  });

  it("reports a root and a file that is not there with every other problem, and exits 2 (a usage error)", async () => {
    const root = await tempTree({ "ok.mcpolicy": allowAll("ok") }, "mcpolicy-missing-");
    await writeFile(join(root, "bad.mcpolicy"), "policy {");
    const run = await runCli(["check", "ok.mcpolicy", "gone", "bad.mcpolicy"], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gone:1:1: no such file or directory \[E0001\]/);
    expect(run.stdout).toContain("bad.mcpolicy:1:8:");
  });
});
