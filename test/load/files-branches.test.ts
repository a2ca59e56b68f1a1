/**
 * The branches of files.ts and read-text-file.ts that ordinary trees do not reach: a
 * directory that cannot be listed (or vanishes while walked), more than 100,000 policy
 * files, a broken link whose name is not UTF-8, a socket or block device named
 * `*.mcpolicy`, a file that cannot be opened after the walk found it, a file whose size
 * says less than it holds. Fail closed: each is a diagnostic, never a file silently left
 * out, never a throw. Tests run as root (permissions stop nothing), so the I/O failures
 * are injected through a wrapped `node:fs/promises`; the rest are real.
 */
import { once } from "node:events";
import { symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

type FsPromises = typeof import("node:fs/promises");
type Hook = (path: string) => unknown;

/** Per-test replacements: a hook returning `undefined` lets the real call through. */
const inject: {
  realpath?: Hook;
  readdir?: Hook;
  stat?: Hook;
  open?: Hook;
  handleSize?: (path: string) => number | undefined;
} = {};

vi.mock("node:fs/promises", async (importOriginal) => {
  const original = await importOriginal<FsPromises>();
  const hooked =
    <K extends "realpath" | "readdir" | "stat">(key: K) =>
    async (path: unknown, ...rest: unknown[]) => {
      const replaced = inject[key]?.(String(path));
      if (replaced !== undefined) return replaced;
      return (original[key] as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
    };
  return {
    ...original,
    realpath: hooked("realpath"),
    readdir: hooked("readdir"),
    stat: hooked("stat"),
    open: async (path: unknown, ...rest: unknown[]) => {
      inject.open?.(String(path));
      const handle = await (original.open as (...args: unknown[]) => Promise<import("node:fs/promises").FileHandle>)(
        path,
        ...rest,
      );
      const size = inject.handleSize?.(String(path));
      if (size === undefined) return handle;
      // A handle whose stat reports `size` bytes (as /proc does, or a file that grew since).
      return new Proxy(handle, {
        get(target, key) {
          if (key === "stat") return async () => Object.assign(await target.stat(), { size });
          const value = Reflect.get(target, key, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
  };
});

const { collectPolicyFiles, unreachablePath } = await import("../../src/load/files.js");
const { readTextFile } = await import("../../src/load/read-text-file.js");
const { main } = await import("../../src/cli/main.js");
const { fakeIO } = await import("../helpers/fake-io.js");
const { tempTree } = await import("../helpers/temp-tree.js");

const rejected = (code: string, path: string) => {
  throw Object.assign(new Error(`${code}: injected, ${path}`), { code });
};
const tree = (files: Record<string, string>) => tempTree(files, "mcpolicy-files-br-");
const shown = (diagnostics: readonly { code: string; source?: string; message: string }[], root: string) =>
  diagnostics.map((d) => [d.code, d.source?.startsWith(root) ? d.source.slice(root.length) : d.source, d.message]);

afterEach(() => {
  for (const key of Object.keys(inject)) delete inject[key as keyof typeof inject];
});

describe("collectPolicyFiles, directories that cannot be listed", () => {
  it("a subdirectory that cannot be listed (EACCES) is E0002 naming it; the rest still loads", async () => {
    const root = await tree({ "a.mcpolicy": "a", "locked/deny.mcpolicy": "deny", "z/z.mcpolicy": "z" });
    inject.readdir = (path) => (path === join(root, "locked") ? rejected("EACCES", path) : undefined);
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(files.map((f) => f.text)).toEqual(["a", "z"]);
    expect(shown(diagnostics, root)).toEqual([
      ["E0002", "/locked", `cannot read directory: EACCES: injected, ${join(root, "locked")}`],
    ]);
  });

  it("`mcpolicy check` of such a tree is an I/O error: exit 2, the directory named", async () => {
    const root = await tree({
      "a.mcpolicy": "policy a { allow subject * action * resource * }\n",
      "locked/x.mcpolicy": "",
    });
    inject.readdir = (path) => (path === join(root, "locked") ? rejected("EACCES", path) : undefined);
    const io = fakeIO();
    expect(await main(["check", root], io)).toBe(2);
    expect(io.stderr()).toContain(`${root}/locked`);
    expect(io.stderr()).toContain("cannot read directory: EACCES");
  });

  it("a directory that vanishes between being found and being listed (realpath fails) is E0002", async () => {
    const root = await tree({ "a.mcpolicy": "a", "gone/deny.mcpolicy": "deny" });
    inject.realpath = (path) => (path === join(root, "gone") ? rejected("ENOENT", path) : undefined);
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(files.map((f) => f.text)).toEqual(["a"]);
    expect(shown(diagnostics, root)).toEqual([
      ["E0002", "/gone", `cannot read directory: ENOENT: injected, ${join(root, "gone")}`],
    ]);
  });

  it("names the filesystem root as given (`///`, not an empty name) when it cannot be listed", async () => {
    // Every listing below \`/\` is refused too: the test must never walk the real filesystem.
    inject.readdir = (path) => rejected("EACCES", path);
    const { files, diagnostics } = await collectPolicyFiles("///");
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.source])).toEqual([["E0002", "///"]]);
  });
});

describe("collectPolicyFiles, more than 100,000 policy files below a directory", () => {
  it("refuses the directory (E0005) rather than load part of it, and still loads the other paths", async () => {
    const root = await tree({ "many/.keep": "", "other/o.mcpolicy": "o" });
    const many = join(root, "many");
    const names = Array.from({ length: 100_001 }, (_, k) => Buffer.from(`p${k}.mcpolicy`));
    const file = { isDirectory: () => false, isFile: () => true, dev: 1n, ino: 0n };
    inject.readdir = (path) => (path === many ? names : undefined);
    inject.stat = (path) => (path.startsWith(`${many}/p`) ? { ...file, ino: BigInt(path.length) } : undefined);
    const { files, diagnostics } = await collectPolicyFiles([many, join(root, "other")]);
    expect(files.map((f) => f.text)).toEqual(["o"]);
    expect(shown(diagnostics, root)).toEqual([
      ["E0005", "/many", "more than 100000 policy files below this directory"],
    ]);
  });
});

describe("collectPolicyFiles, entries that are not policy files", () => {
  it("reports a dangling link whose name is not UTF-8 (it may have led to policies)", async () => {
    const root = await tree({ "ok.mcpolicy": "ok" });
    await symlink(join(root, "nowhere"), Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x6c, 0xff])]));
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(files.map((f) => f.text)).toEqual(["ok"]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "E0002", help: expect.stringContaining("links that resolve") });
    expect(diagnostics[0]?.message).toMatch(/^cannot follow this entry: ENOENT/);
  });

  it("reports a socket and a block device named `*.mcpolicy`, found in a directory or named", async () => {
    const root = await tree({ "a.mcpolicy": "a" });
    const socket = join(root, "s.mcpolicy");
    const server = createServer();
    server.listen(socket);
    await once(server, "listening");
    try {
      const block = "/dev/loop0";
      const hasBlock = await import("node:fs").then((fs) => fs.existsSync(block) && fs.statSync(block).isBlockDevice());
      if (hasBlock) await symlink(block, join(root, "b.mcpolicy"));
      const walked = await collectPolicyFiles(root);
      expect(walked.files.map((f) => f.text)).toEqual(["a"]);
      expect(walked.diagnostics.map((d) => d.message)).toEqual([
        ...(hasBlock ? ["not a regular file (a device)"] : []),
        "not a regular file (a socket)",
      ]);
      // Named, it is opened: a socket cannot be (ENXIO), an I/O error with the reason.
      const named = await collectPolicyFiles(socket);
      expect(named.files).toEqual([]);
      expect(named.diagnostics.map((d) => [d.code, d.source])).toEqual([["E0002", socket]]);
      expect(named.diagnostics[0]?.message).toMatch(/^cannot read file: ENXIO/);
    } finally {
      server.close();
    }
  });

  it("a file the walk found but that cannot be opened is E0002 with the reason (not left out)", async () => {
    const root = await tree({ "a.mcpolicy": "a", "deny.mcpolicy": "deny" });
    inject.open = (path) => (path === join(root, "deny.mcpolicy") ? rejected("EACCES", path) : undefined);
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(files.map((f) => f.text)).toEqual(["a"]);
    expect(shown(diagnostics, root)).toEqual([
      ["E0002", "/deny.mcpolicy", `cannot read file: EACCES: injected, ${join(root, "deny.mcpolicy")}`],
    ]);
  });

  it("still loads a file whose real path cannot be resolved, under the path it was found at", async () => {
    const root = await tree({ "a.mcpolicy": "a" });
    const path = join(root, "a.mcpolicy");
    inject.realpath = (p) => (p === path ? rejected("EIO", p) : undefined);
    const { files, diagnostics } = await collectPolicyFiles(root);
    expect(diagnostics).toEqual([]);
    expect(files).toEqual([{ name: path, path, text: "a" }]);
  });

  it("takes a single non-string, non-list argument (a JavaScript caller) as one bad path: E0001, no throw", async () => {
    const { files, diagnostics } = await collectPolicyFiles(42 as unknown as string);
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.source, d.message])).toEqual([
      ["E0001", "42", "a policy path must be a non-empty string"],
    ]);
  });
});

describe("unreachablePath", () => {
  it("a path that is there (not a link) but cannot be read is E0002 `cannot read`, with the reason", async () => {
    const root = await tree({ "a.mcpolicy": "a" });
    const path = join(root, "a.mcpolicy");
    const diagnostic = await unreachablePath(
      path,
      Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }),
    );
    expect([diagnostic.code, diagnostic.source, diagnostic.message]).toEqual([
      "E0002",
      path,
      "cannot read: EACCES: permission denied",
    ]);
  });

  it("collectPolicyFiles names it so when its stat fails though it is there", async () => {
    const root = await tree({ "a.mcpolicy": "a" });
    const path = join(root, "a.mcpolicy");
    inject.stat = (p) => (p === path ? rejected("EIO", p) : undefined);
    const { diagnostics } = await collectPolicyFiles(path);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["E0002", `cannot read: EIO: injected, ${path}`]]);
  });
});

describe("readTextFile, a file holding more than its size says", () => {
  it("reads it whole, growing its buffer past 64 KiB", async () => {
    const text = "x".repeat(200_000);
    const root = await tree({ "big.txt": text });
    inject.handleSize = () => 0;
    expect(await readTextFile(join(root, "big.txt"), 1024 * 1024)).toEqual({ ok: true, text });
  });

  it("stops one byte past the bound when growing would pass it", async () => {
    const root = await tree({ "big.txt": "x".repeat(100_000) });
    inject.handleSize = () => 0;
    expect(await readTextFile(join(root, "big.txt"), 70_000)).toEqual({
      ok: false,
      problem: "too-large",
      detail: "more than 70000 bytes when read",
    });
  });
});
