/**
 * Loader behaviour pinned by mutation testing (each test failed with a mutant of
 * src/load/ that the other tests let through).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectPolicyFiles } from "../../src/load/files.js";
import { readTextFile } from "../../src/load/read-text-file.js";
import { tempTree } from "../helpers/temp-tree.js";

const tree = (files: Record<string, string>): Promise<string> => tempTree(files, "mcpolicy-mutants-load-");

describe("collectPolicyFiles (mutation-tested)", () => {
  it("names the files below a directory given with trailing slashes as `dir/rel`, one slash", async () => {
    const root = await tree({ "a.mcpolicy": "a", "sub/b.mcpolicy": "b" });
    const { files, diagnostics } = await collectPolicyFiles(`${root}//`);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.name)).toEqual([`${root}/a.mcpolicy`, `${root}/sub/b.mcpolicy`]);
  });

  it("reports a path through a file (`p.mcpolicy/x`, ENOTDIR) as missing (E0001), not as unreadable", async () => {
    const root = await tree({ "p.mcpolicy": "p" });
    const given = join(root, "p.mcpolicy", "x.mcpolicy");
    const { files, diagnostics } = await collectPolicyFiles(given);
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.source, d.message])).toEqual([
      ["E0001", given, "no such file or directory"],
    ]);
  });
});

describe("readTextFile (mutation-tested)", () => {
  it("reads a file of exactly maxBytes, and refuses one byte more", async () => {
    const root = await tree({ "ten.txt": "0123456789", "eleven.txt": "0123456789a" });
    expect(await readTextFile(join(root, "ten.txt"), 10)).toEqual({ ok: true, text: "0123456789" });
    expect(await readTextFile(join(root, "eleven.txt"), 10)).toEqual({
      ok: false,
      problem: "too-large",
      detail: "11 bytes",
    });
  });

  it("drops one leading BOM by default (JSON files), keeps it for policy files", async () => {
    const root = await tree({ "s.json": "\ufeff{}" });
    expect(await readTextFile(join(root, "s.json"), 100)).toEqual({ ok: true, text: "{}" });
    expect(await readTextFile(join(root, "s.json"), 100, { keepByteOrderMark: true })).toEqual({
      ok: true,
      text: "\ufeff{}",
    });
  });
});

describe("loadPolicies (mutation-tested)", () => {
  it("lists the diagnostics of several files in set order (the order the paths were given)", async () => {
    const { loadPolicies } = await import("../../src/engine.js");
    const { PolicyError } = await import("../../src/errors.js");
    const root = await tree({ "x.mcpolicy": "policy x { alow }\n", "y.mcpolicy": "policy y { alow }\n" });
    const error = await loadPolicies([join(root, "y.mcpolicy"), join(root, "x.mcpolicy")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    const sources = (error as InstanceType<typeof PolicyError>).diagnostics.map((d) => d.source);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    expect(sources[0]).toBe(join(root, "y.mcpolicy"));
    expect(sources.at(-1)).toBe(join(root, "x.mcpolicy"));
  });
});
