/**
 * `mcpolicy fmt [--check] PATH...`: rewrites policy files in canonical form, keeping
 * comments. A file with errors is never written (its diagnostics are printed, exit 1);
 * how a file is replaced — atomically, keeping its mode, owner and group, never when it
 * is read-only — is rewrite-file.ts's. A file that cannot be written is reported and the
 * others are still rewritten (exit 2). `--check` writes nothing and lists the files that
 * are not canonical (exit 1), for CI.
 */
import { type ReportedDiagnostic, sortDiagnostics } from "../errors.js";
import { collectPolicyFiles } from "../load/files.js";
import { formatSource } from "../syntax/format.js";
import { emptySetNotice, foundNothing } from "./empty-set.js";
import { withGlobHint } from "./glob-hint.js";
import { type CliIO, EXIT, palette, parseCommandArgs, UsageError } from "./io.js";
import { renderDiagnostics } from "./render-diagnostics.js";
import { rewriteFile } from "./rewrite-file.js";
import { countProblems, summarizeCount } from "./summary.js";
import { oneLine } from "./terminal-safe.js";
import { cannotWrite } from "./write-problem.js";

export const usage = `usage: mcpolicy fmt [--check] PATH...

Rewrites policy files in canonical form: one clause per line in the order effect,
priority, subject, action, resource, conditions; 2-space indent; minimal parentheses;
comments kept. PATH may be a file or a directory (every *.mcpolicy below it).
A file with errors is left untouched and its problems are printed. A file keeps its
mode, owner and group; a read-only one is not rewritten (reported, exit 2).

options:
  --check      write nothing; list the files that are not canonical and exit 1
  -h, --help   show this help

exit codes: 0 all canonical (or rewritten), 1 errors or (with --check) files to format,
2 usage or I/O error
`;

/**
 * Codes of file-level problems that are I/O or usage errors rather than policy problems
 * (as for `check`: a file that is not UTF-8, E0003, or too large, E0004, is a problem of
 * its content, exit 1).
 */
const IO_CODES = new Set(["E0001", "E0002", "E0005"]);

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseFmtArgs(args);
  const check = parsed.values.check === true;
  if (parsed.positionals.length === 0) throw new UsageError("no policy path given");

  const collected = await collectPolicyFiles(parsed.positionals);
  // A path that cannot be read: nothing is rewritten (the set is not what was named),
  // but the problems of the files that could be read are still reported, and exit 2.
  const unreadable = collected.diagnostics.some((d) => IO_CODES.has(d.code));
  if (foundNothing(collected.files.length, collected.diagnostics)) io.err(emptySetNotice(parsed.positionals, io.color));

  const c = palette(io.color);
  const diagnostics: ReportedDiagnostic[] = collected.diagnostics.map(withGlobHint);
  const texts = new Map(collected.files.map((f) => [f.name, f.text] as const));
  const changed: string[] = [];
  let writeFailed = false;
  for (const file of collected.files) {
    const result = formatSource(file.text, file.name);
    diagnostics.push(...result.diagnostics);
    if (result.text === null || result.text === file.text || unreadable) continue;
    if (check) {
      changed.push(file.name);
      continue;
    }
    try {
      await rewriteFile(file.path, result.text);
      changed.push(file.name);
    } catch (error) {
      writeFailed = true;
      io.err(`mcpolicy fmt: ${cannotWrite(file.name, error)}\n`);
    }
  }

  // Unreadable paths first, as every command lists them.
  const all = sortDiagnostics(diagnostics, collected.files.map((f) => f.name));
  const sorted = [...all.filter((d) => IO_CODES.has(d.code)), ...all.filter((d) => !IO_CODES.has(d.code))];
  const failed = sorted.some((d) => d.severity === "error");
  if (sorted.length > 0) {
    // Closed by a summary line, as check and lint close theirs: what was left alone.
    const files = new Set(sorted.map((d) => d.source)).size;
    const left = !failed ? "" : unreadable ? "; nothing was rewritten" : `; left as ${files === 1 ? "it is" : "they are"}`;
    io.err(
      `${renderDiagnostics(sorted, texts, io.color)}${failed ? c.red("✖") : c.yellow("!")} ${summarizeCount(countProblems(sorted))} in ${files} file${files === 1 ? "" : "s"}${left}\n`,
    );
  }
  if (unreadable) return EXIT.usage;
  if (check) {
    // One name a line: a line break in a name is escaped, never a second entry.
    for (const name of changed) io.out(`${oneLine(name)}\n`);
    if (changed.length > 0) {
      io.err(`${c.red("✖")} ${changed.length} file${changed.length === 1 ? " is" : "s are"} not in canonical form; run \`mcpolicy fmt\` to fix\n`);
    }
    return failed || changed.length > 0 ? EXIT.failed : EXIT.ok;
  }
  for (const name of changed) io.out(`formatted ${oneLine(name)}\n`);
  // A file that could not be written is an I/O error (exit 2), as the usage says.
  return writeFailed ? EXIT.usage : failed ? EXIT.failed : EXIT.ok;
}

function parseFmtArgs(args: string[]) {
  return parseCommandArgs(args, { check: { type: "boolean" } });
}
