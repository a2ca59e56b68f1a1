/**
 * Finds policy sources on disk (spec §1): files as given, directories recursively
 * (`*.mcpolicy` below them, in sorted path order relative to that root, joined with
 * `/`, compared by code units). A file reached twice (through links) loads once.
 * Never throws and never hangs: every I/O problem becomes a diagnostic.
 *
 * Fail closed: nothing below a directory is skipped silently when it could hold
 * policies. A link that cannot be followed, an unreadable directory, or an entry named
 * `*.mcpolicy` that is not a regular file (a FIFO, a device, a socket) is an error — a
 * deny policy behind a broken link must not just disappear from the set. Files are
 * read by read-text-file.ts (regular files only, bounded, never blocking on a FIFO).
 */
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { sep } from "node:path";
import type { ReportedDiagnostic } from "../errors.js";
import { SOURCE_LIMITS } from "../model/limits.js";
import { entryKind, readTextFile } from "./read-text-file.js";

/** One `.mcpolicy` file found by `collectPolicyFiles`: its name as given, its path and its text. */
export interface PolicyFile {
  /** Source name used in diagnostics: the path as given, joined with the relative path. */
  readonly name: string;
  /** Real path on disk. */
  readonly path: string;
  readonly text: string;
}

export interface CollectResult {
  readonly files: PolicyFile[];
  readonly diagnostics: ReportedDiagnostic[];
}

/** Stop walking after this many files: a guard against pointing the loader at `/`. */
const MAX_FILES = 100_000;
/** Stop walking after listing directories already listed under another path this often (links can repeat a tree exponentially). */
const MAX_REPEATED_DIRECTORIES = 10_000;
const EXTENSION = ".mcpolicy";

function fileDiagnostic(code: string, source: string, message: string, help?: string): ReportedDiagnostic {
  return { code, severity: "error", message, source, line: 1, column: 1, ...(help !== undefined ? { help } : {}) };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A file found by `walk`: its path relative to the root, and its identity on disk. */
interface Found {
  readonly rel: string;
  readonly identity: string;
}

/** A directory still to list, and the real paths of the directories above it (links may form cycles). */
interface PendingDir {
  readonly rel: string;
  readonly above: PendingChain | null;
}
interface PendingChain {
  readonly real: string;
  readonly parent: PendingChain | null;
}

/**
 * Lists `*.mcpolicy` files below `root` as paths relative to it, sorted. Follows links;
 * a directory reached again through a link is listed again under that path (the
 * caller keeps each file once, at its first path in set order), except inside itself
 * (a cycle). Bounded: MAX_FILES files found, MAX_REPEATED_DIRECTORIES repeats listed.
 */
async function walk(root: string, diagnostics: ReportedDiagnostic[], display: string): Promise<Found[]> {
  const found: Found[] = [];
  const pending: PendingDir[] = [{ rel: "", above: null }];
  const listed = new Set<string>();
  let repeats = 0;
  while (pending.length > 0 && found.length <= MAX_FILES) {
    const { rel, above } = pending.pop() as PendingDir;
    const dir = below(root, rel);
    const where = rel === "" ? display : nameBelow(display, rel);
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      diagnostics.push(fileDiagnostic("E0002", where, `cannot read directory: ${reason(error)}`));
      continue;
    }
    if (isAbove(above, real)) continue; // a link back to a directory containing it
    if (listed.has(real) && ++repeats > MAX_REPEATED_DIRECTORIES) {
      diagnostics.push(
        fileDiagnostic("E0005", display, `links reach the directories below this directory more than ${MAX_REPEATED_DIRECTORIES} times over`),
      );
      return [];
    }
    listed.add(real);
    let entries: Buffer[];
    try {
      entries = await readdir(dir, { encoding: "buffer" });
    } catch (error) {
      diagnostics.push(fileDiagnostic("E0002", where, `cannot read directory: ${reason(error)}`));
      continue;
    }
    const chain: PendingChain = { real, parent: above };
    for (const raw of entries) {
      const entry = raw.toString("utf8");
      const childRel = rel === "" ? entry : `${rel}/${entry}`;
      if (!Buffer.from(entry, "utf8").equals(raw)) {
        // A name that is not UTF-8 has no string path: no policy can be named through it.
        const problem = await undecodableEntry(Buffer.concat([Buffer.from(`${dir}${sep}`), raw]), raw);
        if (problem !== null) diagnostics.push(fileDiagnostic("E0002", nameBelow(display, childRel), problem, BROKEN_ENTRY_HELP));
        continue;
      }
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(below(root, childRel), { bigint: true }); // follows links
      } catch (error) {
        // A dangling link may have pointed at policies (a missing mount, a moved file).
        diagnostics.push(
          fileDiagnostic("E0002", nameBelow(display, childRel), `cannot follow this entry: ${reason(error)}`, BROKEN_ENTRY_HELP),
        );
        continue;
      }
      if (info.isDirectory()) pending.push({ rel: childRel, above: chain });
      else if (!entry.endsWith(EXTENSION)) continue;
      else if (info.isFile()) found.push({ rel: childRel, identity: identityOf(info) });
      else diagnostics.push(fileDiagnostic("E0002", nameBelow(display, childRel), `not a regular file (${entryKind(info)})`, BROKEN_ENTRY_HELP));
    }
  }
  if (found.length > MAX_FILES) {
    diagnostics.push(fileDiagnostic("E0005", display, `more than ${MAX_FILES} policy files below this directory`));
    return [];
  }
  return found.sort((a, b) => byCodeUnits(a.rel, b.rel));
}

/**
 * `rel` below `root`, joined without normalizing: `path.join("T/link/..", "a")` would be
 * `T/a`, while the directory listed is the link's target's parent (the system resolves
 * the link before the `..`).
 */
function below(root: string, rel: string): string {
  if (rel === "") return root;
  return root.endsWith("/") || root.endsWith(sep) ? `${root}${rel}` : `${root}${sep}${rel}`;
}

/**
 * The source name of `rel` below a directory named `display`: joined by one `/`, also
 * below the root (`/` + `etc/p.mcpolicy` is `/etc/p.mcpolicy`, not `//etc/p.mcpolicy`).
 */
function nameBelow(display: string, rel: string): string {
  return `${display.replace(/[\\/]+$/, "")}/${rel}`;
}

/**
 * What is wrong with an entry whose name is not UTF-8, or null when it can be ignored: a
 * file not named `*.mcpolicy`. A directory (it may hold policies), a policy file, or an
 * entry that cannot be followed is reported (fail closed: a policy would be skipped).
 */
async function undecodableEntry(path: Buffer, name: Buffer): Promise<string | null> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    return `cannot follow this entry: ${reason(error)}`;
  }
  if (info.isDirectory()) return "a directory whose name is not valid UTF-8: the policies below it cannot be named";
  if (name.toString("latin1").endsWith(EXTENSION)) return "a policy file whose name is not valid UTF-8";
  return null;
}

function isAbove(chain: PendingChain | null, real: string): boolean {
  for (let at = chain; at !== null; at = at.parent) if (at.real === real) return true;
  return false;
}

/** A file's identity: device and inode, so a file reached through a symbolic or a hard link is the same file. */
function identityOf(info: { readonly dev: bigint; readonly ino: bigint }): string {
  return `${info.dev}:${info.ino}`;
}

const BROKEN_ENTRY_HELP = "policy directories must hold only readable files and links that resolve; fix or remove it";

/** An I/O error's message (errors from `fs` carry the path and the errno name). */
function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A policy file's text, or undefined after a diagnostic (see read-text-file.ts). */
async function readPolicyFile(name: string, path: string, diagnostics: ReportedDiagnostic[]): Promise<string | undefined> {
  const max = SOURCE_LIMITS.maxSourceBytes;
  const read = await readTextFile(path, max, { keepByteOrderMark: true });
  if (read.ok) return read.text;
  switch (read.problem) {
    case "too-large":
      diagnostics.push(fileDiagnostic("E0004", name, `file is larger than the ${max / (1024 * 1024)} MiB limit (${read.detail})`));
      break;
    case "not-utf8":
      diagnostics.push(fileDiagnostic("E0003", name, "file is not valid UTF-8 text"));
      break;
    case "not-file":
      diagnostics.push(fileDiagnostic("E0002", name, `cannot read file: not a regular file (${read.detail})`));
      break;
    case "io":
      diagnostics.push(fileDiagnostic("E0002", name, `cannot read file: ${read.detail}`));
      break;
  }
  return undefined;
}

/**
 * Why a path given (whose `stat` failed with `error`) cannot be read: E0001 only when
 * nothing is there; a path that is there but cannot be followed (a link loop, ELOOP; a
 * dangling link) or reached (EACCES) is E0002 with the reason, as the same entry below a
 * directory would be. Also for the test files `mcpolicy test` is given.
 */
export async function unreachablePath(given: string, error: unknown, missingHelp?: string): Promise<ReportedDiagnostic> {
  let link = false;
  try {
    link = (await lstat(given)).isSymbolicLink();
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return fileDiagnostic("E0001", given, "no such file or directory", missingHelp);
    return fileDiagnostic("E0002", given, `cannot read: ${reason(problem)}`);
  }
  return fileDiagnostic("E0002", given, link ? `cannot follow this link: ${reason(error)}` : `cannot read: ${reason(error)}`);
}

/**
 * The paths of a (JavaScript) caller, copied once: a list that cannot be read (a revoked
 * or throwing Proxy) is one bad path, reported as such rather than thrown.
 */
function givenPaths(paths: unknown): readonly unknown[] {
  try {
    return Array.isArray(paths) ? Array.from(paths) : [paths];
  } catch {
    return [paths];
  }
}

/** Where a bad path is reported: a primitive as written; an object is never converted (that runs its code, or throws). */
function pathLabel(given: unknown): string {
  return (typeof given === "object" && given !== null) || typeof given === "function" ? "<arguments>" : String(given);
}

/** Collects policy files from files and directories, in set order. */
export async function collectPolicyFiles(paths: string | readonly string[]): Promise<CollectResult> {
  const diagnostics: ReportedDiagnostic[] = [];
  const files: PolicyFile[] = [];
  const list = givenPaths(paths);
  // Each file once, at its first path in set order (a symbolic or hard link reaches it again).
  const seenFiles = new Set<string>();
  if (list.length === 0) diagnostics.push(fileDiagnostic("E0001", "<arguments>", "no policy path given"));
  for (const given of list) {
    if (typeof given !== "string" || given === "") {
      diagnostics.push(fileDiagnostic("E0001", pathLabel(given), "a policy path must be a non-empty string"));
      continue;
    }
    const display = given.replace(/[\\/]+$/, "") || given;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(given, { bigint: true });
    } catch (error) {
      diagnostics.push(await unreachablePath(given, error, "check the path; directories are searched for `*.mcpolicy` files"));
      continue;
    }
    const candidates = info.isDirectory()
      ? (await walk(given, diagnostics, display)).map(({ rel, identity }) => ({ name: nameBelow(display, rel), path: below(given, rel), identity }))
      : [{ name: given, path: given, identity: identityOf(info) }];
    for (const candidate of candidates) {
      if (seenFiles.has(candidate.identity)) continue;
      seenFiles.add(candidate.identity);
      let real: string;
      try {
        real = await realpath(candidate.path);
      } catch {
        real = candidate.path;
      }
      const text = await readPolicyFile(candidate.name, candidate.path, diagnostics);
      if (text !== undefined) files.push({ name: candidate.name, path: real, text });
    }
  }
  return { files, diagnostics };
}
