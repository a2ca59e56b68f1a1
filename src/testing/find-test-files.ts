/**
 * Finds policy test files (`*.test.json`) under the paths given to `mcpolicy test`, in
 * sorted order, and the attribute schema beside them (`schema.json` in a directory
 * given). Bounded walk; never throws (problems come back as messages). Linked test
 * files are followed; a link named `*.test.json` that cannot be is a problem.
 */
import { readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";

const MAX_FILES = 10_000;
const MAX_DEPTH = 32;
export const TEST_FILE_SUFFIX = ".test.json";

export interface FoundFiles {
  readonly tests: string[];
  /** `schema.json` of the first directory given (or holding a test file given) that has one. */
  readonly schema: string | null;
  readonly problems: string[];
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function findTestFiles(paths: readonly string[]): Promise<FoundFiles> {
  const tests: string[] = [];
  const problems: string[] = [];
  let schema: string | null = null;
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      problems.push(`cannot read \`${path}\``);
      continue;
    }
    if (info.isFile()) {
      if (!path.endsWith(TEST_FILE_SUFFIX)) continue;
      tests.push(path);
      // A test file named directly runs on the policies beside it: so is their schema.
      schema ??= await schemaIn(dirname(path));
      continue;
    }
    schema ??= await schemaIn(path);
    const pending: { dir: string; depth: number }[] = [{ dir: path, depth: 0 }];
    while (pending.length > 0 && tests.length <= MAX_FILES) {
      const { dir, depth } = pending.shift() as { dir: string; depth: number };
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        problems.push(`cannot read directory \`${dir}\``);
        continue;
      }
      entries.sort((a, b) => byCodeUnits(a.name, b.name));
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.name.endsWith(TEST_FILE_SUFFIX)) {
          if (entry.isFile()) tests.push(full);
          // A linked test file runs like any other; one that cannot be followed, or
          // anything else with a test file's name, is a problem, not a test silently left
          // out. (Linked directories are not walked.)
          else if (entry.isSymbolicLink()) await addLinkedTest(full, tests, problems);
          else problems.push(`\`${full}\` is named like a test file but is not a regular file`);
        } else if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) {
          if (depth < MAX_DEPTH) pending.push({ dir: full, depth: depth + 1 });
          else problems.push(`\`${full}\` is nested more than ${MAX_DEPTH} directories deep: not searched for tests`);
        }
      }
    }
    // Counted after each listing, not only before the next (one directory may hold them
    // all). Nothing is left out silently: a test not run must not look like a test passed.
    if (tests.length > MAX_FILES) {
      problems.push(`more than ${MAX_FILES} test files under \`${path}\`; name fewer paths`);
      break;
    }
  }
  return { tests: [...new Set(tests)], schema, problems };
}

/** `schema.json` in `dir` if it is a file there, else null. */
async function schemaIn(dir: string): Promise<string | null> {
  try {
    return (await stat(join(dir, "schema.json"))).isFile() ? join(dir, "schema.json") : null;
  } catch {
    return null; // no schema beside the policies
  }
}

async function addLinkedTest(path: string, tests: string[], problems: string[]): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    problems.push(`cannot follow the link \`${path}\``);
    return;
  }
  if (isFile) tests.push(path);
  else problems.push(`the link \`${path}\` is named like a test file but does not lead to a regular file`);
}
