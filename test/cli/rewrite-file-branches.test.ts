/**
 * rewrite-file.ts's failure paths, in process (the ulimit test in fmt-under-file-limit.ts
 * reaches the in-place restore only through the built CLI): a hard-linked file whose
 * in-place write fails part-way gets its old text back, whole, in every name; when even
 * that fails the error says the file may be damaged; a chown refused with EPERM falls
 * back to writing in place, any other chown error leaves the file and no temporary
 * behind. Failures are injected through a wrapped `node:fs/promises` (tests run as root).
 */
import { chown, link, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

type FileHandle = import("node:fs/promises").FileHandle;

/** What the wrapped module does differently; reset after each test. */
const inject: {
  /** Called before each `handle.write`: may throw, or return a smaller length to write. */
  write?: (call: number, length: number) => number;
  truncate?: (call: number) => void;
  chown?: () => void;
} = {};

vi.mock("node:fs/promises", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:fs/promises")>();
  const wrap = (handle: FileHandle): FileHandle => {
    let writes = 0;
    let truncates = 0;
    return new Proxy(handle, {
      get(target, key) {
        if (key === "write" && inject.write !== undefined) {
          return (buffer: Buffer, offset: number, length: number, position: number) => {
            const allowed = (inject.write as (call: number, length: number) => number)(writes++, length);
            return target.write(buffer, offset, allowed, position);
          };
        }
        if (key === "truncate" && inject.truncate !== undefined) {
          return (len: number) => {
            (inject.truncate as (call: number) => void)(truncates++);
            return target.truncate(len);
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return {
    ...original,
    open: (async (...args: Parameters<typeof original.open>) =>
      wrap(await original.open(...args))) as typeof original.open,
    chown: (async (...args: Parameters<typeof original.chown>) => {
      inject.chown?.();
      return original.chown(...args);
    }) as typeof original.chown,
  };
});

const { rewriteFile } = await import("../../src/cli/rewrite-file.js");
const { tempTree } = await import("../helpers/temp-tree.js");

const errno = (code: string, message = `${code}: injected`) => Object.assign(new Error(message), { code });
const isRoot = process.getuid?.() === 0;

afterEach(() => {
  inject.write = undefined;
  inject.truncate = undefined;
  inject.chown = undefined;
});

/** A file `a.mcpolicy` with `text`, hard-linked as `b.mcpolicy` (so it is rewritten in place). */
async function linked(text: string): Promise<{ root: string; a: string; b: string }> {
  const root = await tempTree({ "a.mcpolicy": text }, "mcpolicy-rewrite-");
  await link(join(root, "a.mcpolicy"), join(root, "b.mcpolicy"));
  return { root, a: join(root, "a.mcpolicy"), b: join(root, "b.mcpolicy") };
}

const OLD = `${"# an old comment line that is long\n".repeat(20)}policy p { deny subject * action * resource * }\n`;
const SHORT = "policy p {\n  deny\n}\n";
const LONG = `${"# a new comment line\n".repeat(100)}policy p {\n  deny\n}\n`;

describe("rewriteFile in place (a hard-linked file)", () => {
  it("rewrites it in place when nothing fails: both names see the new text, same inode", async () => {
    const { a, b } = await linked(OLD);
    const before = await stat(a);
    await rewriteFile(a, SHORT);
    expect(await readFile(a, "utf8")).toBe(SHORT);
    expect(await readFile(b, "utf8")).toBe(SHORT);
    expect((await stat(a)).ino).toBe(before.ino);
  });

  it("puts the old text back when a write fails part-way through a longer new text (ENOSPC)", async () => {
    const { a, b, root } = await linked(OLD);
    // First write: only 100 bytes go; second: the disk is full.
    inject.write = (call, length) => {
      if (call === 0) return 100;
      if (call === 1) throw errno("ENOSPC");
      return length;
    };
    await expect(rewriteFile(a, LONG)).rejects.toMatchObject({ code: "ENOSPC" });
    expect(await readFile(a, "utf8")).toBe(OLD);
    expect(await readFile(b, "utf8")).toBe(OLD);
    expect((await readdir(root)).sort()).toEqual(["a.mcpolicy", "b.mcpolicy"]);
  });

  it("puts the old text back when the new text went past the old end before failing", async () => {
    const { a, b } = await linked(SHORT);
    const long = LONG.repeat(3);
    inject.write = (call, length) => {
      if (call === 0) return SHORT.length + 50;
      if (call === 1) throw errno("EFBIG");
      return length;
    };
    await expect(rewriteFile(a, long)).rejects.toMatchObject({ code: "EFBIG" });
    // The bytes written past the old end are cut off again.
    expect(await readFile(a, "utf8")).toBe(SHORT);
    expect(await readFile(b, "utf8")).toBe(SHORT);
  });

  it("puts the old text back when cutting a shorter new text to length fails", async () => {
    const { a, b } = await linked(OLD);
    inject.truncate = (call) => {
      if (call === 0) throw errno("EIO");
    };
    await expect(rewriteFile(a, SHORT)).rejects.toMatchObject({ code: "EIO" });
    expect(await readFile(a, "utf8")).toBe(OLD);
    expect(await readFile(b, "utf8")).toBe(OLD);
  });

  it("says the file may be damaged when the old text cannot be put back either", async () => {
    const { a } = await linked(OLD);
    inject.write = (call) => {
      if (call === 0) return 10;
      throw errno("ENOSPC", "ENOSPC: no space left on device, write");
    };
    await expect(rewriteFile(a, LONG)).rejects.toThrow(
      "ENOSPC: no space left on device, write; the old text could not be put back: the file may be damaged",
    );
  });

  it("keeps a thrown non-Error's text in the damaged-file message", async () => {
    const { a } = await linked(OLD);
    inject.write = (call) => {
      if (call === 0) return 10;
      throw "disk went away";
    };
    await expect(rewriteFile(a, LONG)).rejects.toThrow(
      "disk went away; the old text could not be put back: the file may be damaged",
    );
  });
});

describe("rewriteFile when the owner cannot be given to the temporary file", () => {
  const AS_ROOT = "needs root: the file must belong to another user";

  it("writes in place when chown is not permitted (EPERM): new text, same inode, no temporary left", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await tempTree({ "a.mcpolicy": OLD }, "mcpolicy-rewrite-");
    const a = join(root, "a.mcpolicy");
    await chown(a, 65534, 65534);
    const before = await stat(a);
    inject.chown = () => {
      throw errno("EPERM");
    };
    await rewriteFile(a, SHORT);
    const after = await stat(a);
    expect(await readFile(a, "utf8")).toBe(SHORT);
    expect([after.ino, after.uid, after.gid]).toEqual([before.ino, 65534, 65534]);
    expect(await readdir(root)).toEqual(["a.mcpolicy"]);
  });

  it("fails, the file unchanged and no temporary left, on any other chown error", async (ctx) => {
    ctx.skip(!isRoot, AS_ROOT);
    const root = await tempTree({ "a.mcpolicy": OLD }, "mcpolicy-rewrite-");
    const a = join(root, "a.mcpolicy");
    await chown(a, 65534, 65534);
    inject.chown = () => {
      throw errno("EIO");
    };
    await expect(rewriteFile(a, SHORT)).rejects.toMatchObject({ code: "EIO" });
    expect(await readFile(a, "utf8")).toBe(OLD);
    expect(await readdir(root)).toEqual(["a.mcpolicy"]);
  });
});
