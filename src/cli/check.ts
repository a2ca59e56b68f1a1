/**
 * `mcpolicy check PATH... [--format text|json] [--schema FILE]` (spec §7): parse and
 * check a policy set; silent and exit 0 when clean, every problem (on stdout) and exit 1
 * when not, exit 2 on usage errors (unknown flag, no path) and I/O errors (a path that
 * does not exist or cannot be read, on stderr) — after reporting the problems of the
 * paths that could be read.
 */
import { typecheckPolicySet } from "../analysis/typecheck.js";
import { readAttributeSchemaFile } from "../attributes/read-schema-file.js";
import { type ReportedDiagnostic, sortDiagnostics } from "../errors.js";
import { emptySetNotice, foundNothing } from "./empty-set.js";
import { type CliIO, EXIT, palette, parseCommandArgs } from "./io.js";
import { loadPolicyInput, outputFormat } from "./policy-input.js";
import { renderDiagnostics } from "./render-diagnostics.js";
import { capPerFile } from "./print-cap.js";
import { countProblems, summarizeCount, TOO_MANY_ERRORS } from "./summary.js";
import { oneLine } from "./terminal-safe.js";

export const usage = `usage: mcpolicy check PATH... [--format text|json] [--schema FILE] [--quiet]

Parses and checks the policy set made of PATH... (files, or directories searched
recursively for *.mcpolicy). Prints nothing and exits 0 when it is clean; prints the
problems (file:line:col: message, a code frame and a hint; at most 200 per file, the
summary line counts all) on stdout and exits 1 when one is an error (warnings alone, as
--schema finds them, are printed and exit 0). A path that cannot be read is reported on
stderr (exit 2).

options:
  --format text|json   output for people (default) or machines
  --schema FILE        also type-check attribute paths against an attribute schema
  --quiet              print only the summary line (and the notice that PATH... holds
                       no policy file: a wrong path must not pass unsaid)
  -h, --help           show this help

exit codes: 0 no error (clean, or warnings only), 1 errors found, 2 usage or I/O error
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseCheckArgs(args);
  const { values, positionals } = parsed;
  const format = outputFormat(values.format, positionals);

  // A path that cannot be read does not hide the problems of the others: all are
  // reported, and the exit code is 2 (an I/O error wins over problems found).
  const input = await loadPolicyInput(positionals);
  const { set, texts, names } = input;
  const unreadable: ReportedDiagnostic[] = [...input.ioProblems];
  const diagnostics: ReportedDiagnostic[] = [...input.diagnostics];

  if (values.schema !== undefined) {
    // As `lint` and `test` read it: a file that cannot be read is an I/O error (exit 2);
    // one that is not a valid schema is a problem like any other (E0750, exit 1).
    const loaded = await readAttributeSchemaFile(values.schema);
    unreadable.push(...loaded.diagnostics.filter((d) => d.code === "E0002"));
    diagnostics.push(...loaded.diagnostics.filter((d) => d.code !== "E0002"));
    if (loaded.schema !== null && unreadable.length === 0 && !diagnostics.some((d) => d.severity === "error")) {
      diagnostics.push(...typecheckPolicySet(set, loaded.schema));
    }
  }

  // I/O problems first, in the order met, then the rest in set order.
  const sorted = [...unreadable, ...sortDiagnostics(diagnostics, names)];
  const failed = sorted.some((d) => d.severity === "error");
  const exit = unreadable.length > 0 ? EXIT.usage : failed ? EXIT.failed : EXIT.ok;
  // A file found but not read (not UTF-8, too large: E0003, E0004) is still a policy file.
  const unread = input.diagnostics
    .filter((d) => d.code === "E0003" || d.code === "E0004")
    .map((d) => d.source ?? "<input>");
  if (foundNothing(names.length, [...unread, ...unreadable]) && format === "text") {
    io.err(emptySetNotice(positionals, io.color));
  }
  if (format === "json") {
    // A person reading a terminal still sees why the exit code is 2.
    if (unreadable.length > 0) io.err(renderDiagnostics(unreadable, new Map(), io.color));
    io.out(
      `${JSON.stringify(
        {
          ok: !failed,
          files: [...names, ...unread.filter((name) => !names.includes(name))],
          policies: set.policies.length,
          diagnostics: sorted,
        },
        null,
        2,
      )}\n`,
    );
    return exit;
  }
  if (sorted.length > 0) {
    // The problems found are the command's result: stdout, as `lint`'s findings (and as
    // tsc and eslint print theirs), so `check dir | less` shows them. Only a path that
    // could not be read — why the exit code is 2, not a problem of the policies — goes
    // to stderr, as every command reports I/O errors.
    const c = palette(io.color);
    let shownProblems = 0;
    if (values.quiet !== true) {
      if (unreadable.length > 0) io.err(renderDiagnostics(unreadable, new Map(), io.color));
      const { printed, omitted } = capPerFile(sorted.slice(unreadable.length));
      if (printed.length > 0) io.out(renderDiagnostics(printed, texts, io.color));
      for (const [file, more] of omitted) {
        io.out(
          `\n${c.dim(`… ${more} more problem${more === 1 ? "" : "s"} in ${oneLine(file)} not printed (--format json lists every one)`)}\n`,
        );
      }
      shownProblems = unreadable.length + printed.filter((d) => d.code !== TOO_MANY_ERRORS).length;
    }
    const files = new Set(sorted.map((d) => d.source)).size;
    const count = countProblems(sorted);
    // Problems counted but not printed: left out by the front end (E0499) or by the cap.
    const shown =
      values.quiet !== true && shownProblems < count.errors + count.warnings ? ` (${shownProblems} shown)` : "";
    io.out(
      `${failed ? c.red("✖") : c.yellow("!")} ${summarizeCount(count)} in ${files} file${files === 1 ? "" : "s"}${shown}\n`,
    );
  }
  return exit;
}

function parseCheckArgs(args: string[]) {
  return parseCommandArgs(args, {
    format: { type: "string" },
    schema: { type: "string" },
    quiet: { type: "boolean" },
  });
}
