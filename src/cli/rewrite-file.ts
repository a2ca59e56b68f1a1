/**
 * How `mcpolicy fmt` replaces a policy file with its canonical text, so that the file
 * is the same file afterwards to everyone but a reader of its text:
 *
 * - atomically: a temporary file next to it, then a rename, so a crash never leaves half
 *   a policy behind;
 * - with the same mode, owner and group: the temporary file is given them before the
 *   rename (as root, a file of `nobody`'s stays `nobody`'s — else its owner would be
 *   locked out of a 0640 file);
 * - in place (same inode, not atomic) when a rename cannot keep the file as it was: a
 *   file with other hard links (they would keep the old text), or one whose owner or
 *   group this process cannot give to a new file (chown not permitted);
 * - never when it is read-only: this process may not write it (`access` W_OK — a rename
 *   needs only the directory to be writable, and would bypass the file's own mode), or
 *   nobody may (no write bit at all, `0444`: read-only on purpose, which root's
 *   permissions would otherwise override). The caller reports it as a write failure.
 */
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { access, chmod, chown, type FileHandle, lstat, open, realpath, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes a generated file (`init`'s schema, `test`'s JUnit report): an existing regular
 * file is replaced as `rewriteFile` replaces one — whole or not at all, the file a link
 * names rather than the link, never a read-only one — so a write failing part-way (a
 * full disk) leaves the old file whole, and a new file is made whole or not at all; a
 * device or a FIFO is written to.
 */
export async function writeOrReplace(path: string, text: string, purpose: string): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile()) await rewriteFile(await realpath(path), text, purpose);
  else if (existing === null && (await lstat(path).catch(() => null)) === null) await createWhole(path, text);
  // A device, a FIFO, a directory (EISDIR), or a dangling link (its target is created).
  else await writeFile(path, text);
}

/**
 * A new file, whole or not at all: a temporary file beside it (mode 0666 less the
 * umask, as `writeFile` makes one), then a rename; a failed write leaves nothing behind.
 */
async function createWhole(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: "utf8", flag: "wx" });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces the text of the file at `path`; throws (the file unchanged) when it cannot.
 * `purpose` ends the message for a read-only file ("make it writable to format it").
 */
export async function rewriteFile(path: string, text: string, purpose = "format it"): Promise<void> {
  const info = await stat(path);
  await assertWritable(path, info.mode, purpose);
  if (info.nlink > 1 || !(await writeAtomically(path, text, info))) await writeInPlace(path, text);
}

/** A file that is read-only, for this process or for everyone: not rewritten. */
async function assertWritable(path: string, mode: number, purpose: string): Promise<void> {
  if ((mode & 0o222) === 0) {
    const shown = (mode & 0o777).toString(8).padStart(4, "0");
    throw new Error(`the file is read-only (mode ${shown}); make it writable to ${purpose}`);
  }
  await access(path, constants.W_OK);
}
/**
 * Overwrites the file itself (same inode, so every link sees the new text); not atomic.
 * A write that fails part-way (disk full, a file size limit) would leave a prefix of the
 * new text, which may still load without the policies cut off — a deny among them — so
 * the old bytes are put back over what was overwritten. They go to blocks the file
 * already had, so that write does not need the space that just ran out; only if it
 * fails too is the file reported as damaged.
 */
async function writeInPlace(path: string, text: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    const original = await handle.readFile();
    const next = Buffer.from(text, "utf8");
    const progress = { written: 0 };
    try {
      await writeAt(handle, next, next.length, progress);
      // Cut to length: a longer old text leaves no tail.
      await handle.truncate(next.length);
    } catch (error) {
      try {
        // Only the bytes overwritten so far: past them the file still holds the old text.
        await writeAt(handle, original, Math.min(progress.written, original.length), { written: 0 });
        await handle.truncate(original.length);
      } catch {
        throw new Error(`${errorText(error)}; the old text could not be put back: the file may be damaged`);
      }
      throw error;
    }
  } finally {
    await handle.close();
  }
}

/** Writes `bytes[0..end)` from offset 0, counting what is written (a write may take only part). */
async function writeAt(handle: FileHandle, bytes: Buffer, end: number, progress: { written: number }): Promise<void> {
  while (progress.written < end) {
    const { bytesWritten } = await handle.write(bytes, progress.written, end - progress.written, progress.written);
    progress.written += bytesWritten;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes `text` to `path` through a temporary sibling and a rename, with the mode, owner
 * and group of `info`. False (nothing changed) when the owner or group cannot be given.
 */
async function writeAtomically(path: string, text: string, info: Stats): Promise<boolean> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: "utf8", flag: "wx", mode: 0o600 });
    // The new file is this process's user's and group's (or the directory's group).
    // Before chmod: chown clears the setuid and setgid bits.
    const made = await stat(temporary);
    if (made.uid !== info.uid || made.gid !== info.gid) {
      try {
        await chown(temporary, info.uid, info.gid);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
        await unlink(temporary);
        return false;
      }
    }
    await chmod(temporary, info.mode & 0o7777);
    await rename(temporary, path);
    return true;
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
