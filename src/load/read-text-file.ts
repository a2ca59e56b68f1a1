/**
 * Reads a text file the way every file the project reads (policies, schemas, tests)
 * must be read: never hanging, never unbounded. Only a regular file is read, through a
 * handle opened non-blocking (opening a FIFO by name would otherwise wait for a writer
 * forever) and checked on that handle (the path cannot be swapped between the check and
 * the read), and never past `maxBytes` (`/dev/zero`, or a file that grows while read).
 * Never throws: every problem is a result.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";

export type TextFileResult =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      /** `io`: cannot open or read; `not-file`: a FIFO, device, socket or directory. */
      readonly problem: "io" | "not-file" | "too-large" | "not-utf8";
      /** For people: the errno message, the kind of entry, or the size. */
      readonly detail: string;
    };

/** What a non-regular entry is, for messages. */
export function entryKind(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  return "not a regular file";
}

/**
 * `keepByteOrderMark`: leave a leading BOM in the text (policy files: the parser ignores
 * exactly one, so a second is an error whether the text came from a file or a string).
 * By default one leading BOM is dropped (JSON files: `JSON.parse` refuses it).
 */
export async function readTextFile(
  path: string,
  maxBytes: number,
  options: { readonly keepByteOrderMark?: boolean } = {},
): Promise<TextFileResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, problem: "not-file", detail: entryKind(info) };
    if (info.size > maxBytes) return { ok: false, problem: "too-large", detail: `${info.size} bytes` };
    // Read up to one byte past the limit: a file that grew since `stat` is still refused.
    let buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length > maxBytes) break;
        const bigger = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, problem: "too-large", detail: `more than ${maxBytes} bytes when read` };
    try {
      return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: options.keepByteOrderMark === true }).decode(buffer.subarray(0, length)) };
    } catch {
      return { ok: false, problem: "not-utf8", detail: "not valid UTF-8" };
    }
  } catch (error) {
    return { ok: false, problem: "io", detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
