/**
 * findTestFiles's bounds and failures: more than 10,000 test files stop the run
 * (docs/testing.md: "more than 10,000 test files … stop the run with exit 2") wherever
 * they are — in one directory too — and exactly 10,000 do not; a directory that cannot
 * be listed and a path that is not there are problems; a `schema.json` that is not a
 * file is no schema; files come back in code-unit order. Listings of thousands of files
 * are injected through a wrapped `node:fs/promises` (as are listing failures: tests run
 * as root).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const inject: { readdir?: (path: string) => unknown } = {};

vi.mock("node:fs/promises", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...original,
    readdir: async (path: unknown, ...rest: unknown[]) => {
      const replaced = inject.readdir?.(String(path));
      if (replaced !== undefined) return replaced;
      return (original.readdir as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
    },
  };
});

const { findTestFiles } = await import("../../src/testing/find-test-files.js");
const { tempTree } = await import("../helpers/temp-tree.js");

afterEach(() => {
  inject.readdir = undefined;
});

/** Dirent look-alikes for `count` regular test files (`t00000.test.json`, …) and the directories named. */
function listing(count: number, dirs: readonly string[] = []) {
  const entry = (name: string, kind: "file" | "dir") => ({
    name,
    isFile: () => kind === "file",
    isDirectory: () => kind === "dir",
    isSymbolicLink: () => false,
  });
  return [
    ...Array.from({ length: count }, (_, k) => entry(`t${String(k).padStart(5, "0")}.test.json`, "file")),
    ...dirs.map((d) => entry(d, "dir")),
  ];
}

describe("findTestFiles, the 10,000-file bound", () => {
  it("stops at more than 10,000 test files in a single directory", async () => {
    const root = await tempTree({ "p.mcpolicy": "" }, "mcpolicy-find-br-");
    inject.readdir = (path) => (path === root ? listing(10_001) : undefined);
    const found = await findTestFiles([root]);
    expect(found.problems).toEqual([`more than 10000 test files under \`${root}\`; name fewer paths`]);
  });

  it("stops at more than 10,000 test files over several paths given", async () => {
    const a = await tempTree({ "p.mcpolicy": "" }, "mcpolicy-find-br-");
    const b = await tempTree({ "p.mcpolicy": "" }, "mcpolicy-find-br-");
    inject.readdir = (path) => (path === a || path === b ? listing(6_000) : undefined);
    const found = await findTestFiles([a, b]);
    expect(found.problems).toEqual([`more than 10000 test files under \`${b}\`; name fewer paths`]);
  });

  it("stops at more than 10,000 test files spread over directories", async () => {
    const root = await tempTree({ "sub/.keep": "" }, "mcpolicy-find-br-");
    const sub = join(root, "sub");
    inject.readdir = (path) => (path === root ? listing(10_000, ["sub"]) : path === sub ? listing(1) : undefined);
    const found = await findTestFiles([root]);
    expect(found.problems).toEqual([`more than 10000 test files under \`${root}\`; name fewer paths`]);
  });

  it("runs exactly 10,000 test files, whatever directories are left to look in", async () => {
    const root = await tempTree({ "empty/.keep": "" }, "mcpolicy-find-br-");
    const empty = join(root, "empty");
    inject.readdir = (path) => (path === root ? listing(10_000, ["empty"]) : path === empty ? listing(0) : undefined);
    const found = await findTestFiles([root]);
    expect(found.problems).toEqual([]);
    expect(found.tests).toHaveLength(10_000);
  });
});

describe("findTestFiles, paths and directories that cannot be read", () => {
  it("a path that is not there is a problem naming it", async () => {
    const root = await tempTree({}, "mcpolicy-find-br-");
    const missing = join(root, "missing");
    expect(await findTestFiles([missing])).toEqual({
      tests: [],
      schema: null,
      problems: [`cannot read \`${missing}\``],
    });
  });

  it("a directory that cannot be listed is a problem; the tests of the others are still found", async () => {
    const root = await tempTree(
      { "a.test.json": "{}", "locked/b.test.json": "{}", "open/c.test.json": "{}" },
      "mcpolicy-find-br-",
    );
    inject.readdir = (path) => {
      if (path === join(root, "locked")) throw Object.assign(new Error("EACCES: injected"), { code: "EACCES" });
      return undefined;
    };
    const found = await findTestFiles([root]);
    expect(found.problems).toEqual([`cannot read directory \`${join(root, "locked")}\``]);
    expect(found.tests).toEqual([join(root, "a.test.json"), join(root, "open/c.test.json")]);
  });
});

describe("findTestFiles, order and schema", () => {
  it("lists the test files of a directory in code-unit order, whatever order they were made in", async () => {
    const root = await tempTree({}, "mcpolicy-find-br-");
    for (const name of ["b.test.json", "Z.test.json", "a.test.json", "_.test.json", "é.test.json"])
      await writeFile(join(root, name), "{}");
    const found = await findTestFiles([root]);
    expect(found.tests.map((t) => t.slice(root.length + 1))).toEqual([
      "Z.test.json",
      "_.test.json",
      "a.test.json",
      "b.test.json",
      "é.test.json",
    ]);
  });

  it("takes no schema from a `schema.json` that is a directory", async () => {
    const root = await tempTree({ "a.test.json": "{}" }, "mcpolicy-find-br-");
    await mkdir(join(root, "schema.json"));
    const found = await findTestFiles([root]);
    expect(found).toEqual({ tests: [join(root, "a.test.json")], schema: null, problems: [] });
  });
});
