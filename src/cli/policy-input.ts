/**
 * The policy set named on a command line (PATH...), parsed and checked, with the texts
 * for code frames — shared by `check`, `eval`, `lint`, `test` and `init`. I/O problems
 * are separated from policy problems so commands can exit 2 for the former and 1 for
 * the latter; a path that cannot be read does not stop the others from being read, so
 * every problem is reported at once.
 */
import { checkPolicySet } from "../check/check-set.js";
import type { ReportedDiagnostic } from "../errors.js";
import { collectPolicyFiles } from "../load/files.js";
import type { SourceFile } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { parse } from "../syntax/parse.js";
import { withGlobHint } from "./glob-hint.js";
import { UsageError } from "./io.js";

// Problems reaching the files (exit 2, like a missing path). A file that is not UTF-8
// (E0003) or too large (E0004) is a problem of its content: reported like a syntax error.
const IO_CODES = new Set(["E0001", "E0002", "E0005"]);

export interface PolicyInput {
  readonly set: PolicySet;
  readonly names: readonly string[];
  readonly texts: ReadonlyMap<string, string>;
  readonly ioProblems: readonly ReportedDiagnostic[];
  readonly diagnostics: readonly ReportedDiagnostic[];
}

export async function loadPolicyInput(paths: readonly string[]): Promise<PolicyInput> {
  const collected = await collectPolicyFiles(paths);
  const diagnostics: ReportedDiagnostic[] = collected.diagnostics.filter((d) => !IO_CODES.has(d.code));
  const asts: SourceFile[] = [];
  for (const file of collected.files) {
    const result = parse(file.text, file.name);
    diagnostics.push(...result.diagnostics);
    asts.push(result.ast);
  }
  const checked = checkPolicySet(asts, { trustParsed: true });
  diagnostics.push(...checked.diagnostics);
  return {
    set: checked.set,
    names: collected.files.map((f) => f.name),
    texts: new Map(collected.files.map((f) => [f.name, f.text] as const)),
    ioProblems: collected.diagnostics.filter((d) => IO_CODES.has(d.code)).map(withGlobHint),
    diagnostics,
  };
}

/** Validates the options every PATH... command shares; returns the output format. */
export function outputFormat(format: string | undefined, positionals: readonly string[]): "text" | "json" {
  const chosen = format ?? "text";
  if (chosen !== "text" && chosen !== "json") throw new UsageError(`unknown format \`${chosen}\` (expected text or json)`);
  if (positionals.length === 0) throw new UsageError("no policy path given");
  return chosen;
}
