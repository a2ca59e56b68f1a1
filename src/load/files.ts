/**
 * Finds policy sources on disk (spec §1): files as given, directories recursively
 * (`*.mcpolicy` below them, in sorted path order relative to that root, joined with
 * `/`, compared by code units). A file reached twice (through links) loads once.
 * Never throws: every I/O problem becomes a diagnostic.
 */
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Diagnostic } from "../errors.js";
import { SOURCE_LIMITS } from "../model/limits.js";

export interface PolicyFile {
  /** Source name used in diagnostics: the path as given, joined with the relative path. */
  readonly name: string;
  /** Real path on disk. */
  readonly path: string;
  readonly text: string;
}

export interface CollectResult {
  readonly files: PolicyFile[];
  readonly diagnostics: Diagnostic[];
}

/** Stop walking after this many files: a guard against pointing the loader at `/`. */
const MAX_FILES = 100_000;
const EXTENSION = ".mcpolicy";

function fileDiagnostic(code: string, source: string, message: string, help?: string): Diagnostic {
  return { code, severity: "error", message, source, line: 1, column: 1, ...(help !== undefined ? { help } : {}) };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lists `*.mcpolicy` files below `root` as paths relative to it, sorted; follows links once. */
async function walk(root: string, seenDirs: Set<string>, diagnostics: Diagnostic[], display: string): Promise<string[]> {
  const found: string[] = [];
  const pending: string[] = [""];
  while (pending.length > 0 && found.length <= MAX_FILES) {
    const rel = pending.pop() as string;
    const dir = rel === "" ? root : join(root, rel);
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      continue;
    }
    if (seenDirs.has(real)) continue; // a link cycle or a directory reached twice
    seenDirs.add(real);
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (error) {
      diagnostics.push(fileDiagnostic("E0002", rel === "" ? display : `${display}/${rel}`, `cannot read directory: ${(error as Error).message}`));
      continue;
    }
    for (const entry of entries) {
      const childRel = rel === "" ? entry : `${rel}/${entry}`;
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(join(root, childRel)); // follows links
      } catch {
        continue; // a dangling link is not a policy file
      }
      if (info.isDirectory()) pending.push(childRel);
      else if (info.isFile() && entry.endsWith(EXTENSION)) found.push(childRel);
    }
  }
  if (found.length > MAX_FILES) {
    diagnostics.push(fileDiagnostic("E0005", display, `more than ${MAX_FILES} policy files below this directory`));
    return [];
  }
  return found.sort(byCodeUnits);
}

async function readPolicyFile(name: string, path: string, diagnostics: Diagnostic[]): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.size > SOURCE_LIMITS.maxSourceBytes) {
      diagnostics.push(
        fileDiagnostic("E0004", name, `file is larger than the ${SOURCE_LIMITS.maxSourceBytes / (1024 * 1024)} MiB limit (${info.size} bytes)`),
      );
      return undefined;
    }
    const bytes = await readFile(path);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      diagnostics.push(fileDiagnostic("E0003", name, "file is not valid UTF-8 text"));
      return undefined;
    }
  } catch (error) {
    diagnostics.push(fileDiagnostic("E0002", name, `cannot read file: ${(error as Error).message}`));
    return undefined;
  }
}

/** Collects policy files from files and directories, in set order. */
export async function collectPolicyFiles(paths: string | readonly string[]): Promise<CollectResult> {
  const diagnostics: Diagnostic[] = [];
  const files: PolicyFile[] = [];
  const list: readonly unknown[] = typeof paths === "string" ? [paths] : Array.isArray(paths) ? paths : [paths];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  if (list.length === 0) diagnostics.push(fileDiagnostic("E0001", "<arguments>", "no policy path given"));
  for (const given of list) {
    if (typeof given !== "string" || given === "") {
      diagnostics.push(fileDiagnostic("E0001", String(given), "a policy path must be a non-empty string"));
      continue;
    }
    const display = given.replace(/[\\/]+$/, "") || given;
    let isDirectory: boolean;
    try {
      await lstat(given);
      isDirectory = (await stat(given)).isDirectory();
    } catch {
      diagnostics.push(fileDiagnostic("E0001", given, "no such file or directory", "check the path; directories are searched for `*.mcpolicy` files"));
      continue;
    }
    const candidates = isDirectory
      ? (await walk(given, seenDirs, diagnostics, display)).map((rel) => ({ name: `${display}/${rel}`, path: join(given, rel) }))
      : [{ name: given, path: given }];
    for (const candidate of candidates) {
      let real: string;
      try {
        real = await realpath(candidate.path);
      } catch {
        real = candidate.path;
      }
      if (seenFiles.has(real)) continue;
      seenFiles.add(real);
      const text = await readPolicyFile(candidate.name, candidate.path, diagnostics);
      if (text !== undefined) files.push({ name: candidate.name, path: real, text });
    }
  }
  return { files, diagnostics };
}
