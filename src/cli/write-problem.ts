/**
 * "cannot write `out/report.xml`: no such directory `out` (ENOENT)": a file the CLI
 * could not write, said in words as the files it cannot read are (no such file or
 * directory, permission denied), with the system's code kept for searching.
 */
import { dirname } from "node:path";
import { oneLine } from "./terminal-safe.js";

/** What each common failure of writing a file means to whoever ran the command. */
const MEANINGS: Readonly<Record<string, (path: string) => string>> = {
  // Writing creates the file, so what is missing is its directory.
  ENOENT: (path) => `no such directory \`${oneLine(dirname(path))}\``,
  ENOTDIR: () => "a part of the path is not a directory",
  EISDIR: () => "it is a directory",
  EACCES: () => "permission denied",
  EPERM: () => "operation not permitted",
  EROFS: () => "read-only file system",
  ENOSPC: () => "no space left on the device",
  EDQUOT: () => "disk quota exceeded",
  EFBIG: () => "file too large",
};

export function cannotWrite(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const meaning = code !== undefined && Object.hasOwn(MEANINGS, code) ? (MEANINGS[code] as (path: string) => string)(path) : undefined;
  const detail =
    meaning !== undefined ? `${meaning} (${code})` : error instanceof Error ? error.message : String(error ?? "error");
  return `cannot write \`${oneLine(path)}\`: ${oneLine(detail)}`;
}
