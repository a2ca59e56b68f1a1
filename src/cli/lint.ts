/**
 * `mcpolicy lint PATH... [--schema FILE] [--format text|json]`: static analysis of a
 * policy set (docs/lint.md) — shadowed policies, unreachable targets, conditions that
 * always err or are constant by type, unused roles, allow-everything policies. Exit 1
 * when a finding is an error (or any finding with --strict), 2 on usage or I/O errors.
 */
import { lintPolicySet } from "../analysis/lint/lint-policy-set.js";
import type { LintFinding } from "../analysis/lint/rule.js";
import { readAttributeSchemaFile } from "../attributes/read-schema-file.js";
import type { AttributeSchema } from "../attributes/schema.js";
import type { ReportedDiagnostic } from "../errors.js";
import { emptySetNotice, foundNothing } from "./empty-set.js";
import { type CliIO, EXIT, palette, parseCommandArgs } from "./io.js";
import { loadPolicyInput, outputFormat } from "./policy-input.js";
import { renderDiagnostics, summarize } from "./render-diagnostics.js";
import { countProblems, summarizeCount } from "./summary.js";

export const usage = `usage: mcpolicy lint PATH... [--schema FILE] [--format text|json] [--strict]

Looks for policies that say something other than what was meant: policies that can
never be decisive (shadowed), patterns that match nothing the schema declares,
conditions that always err or are always true or false by type, unused roles and
unconditional allow-everything policies. See docs/lint.md.

options:
  --schema FILE        attribute schema: enables the checks that need declared types,
                       resources and actions
  --format text|json   output for people (default) or machines
  --strict             exit 1 on warnings too
  -h, --help           show this help

exit codes: 0 no error-level finding, 1 an error (or, with --strict, any finding) or an
invalid policy set, 2 usage or I/O error
`;

const MAX_FRAMES = 100;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseLintArgs(args);
  const { values, positionals } = parsed;
  const format = outputFormat(values.format, positionals);

  const input = await loadPolicyInput(positionals);
  const unreadable = [...input.ioProblems];
  let schema: AttributeSchema | null = null;
  const problems = input.diagnostics.filter((d) => d.severity === "error");
  if (values.schema !== undefined) {
    const loaded = await readAttributeSchemaFile(values.schema);
    unreadable.push(...loaded.diagnostics.filter((d) => d.code === "E0002"));
    problems.push(...loaded.diagnostics.filter((d) => d.code !== "E0002"));
    schema = loaded.schema;
  }
  if (unreadable.length > 0 || problems.length > 0) {
    // Lint reasons about a whole, checked set; a broken one is `check`'s to explain, and
    // a part of one (a path unread) would give findings the rest may contradict. Every
    // problem is reported; one reading the files is an I/O error (exit 2).
    const all = [...unreadable, ...problems];
    if (format === "json") {
      if (unreadable.length > 0) io.err(renderDiagnostics(unreadable, new Map(), io.color));
      io.out(`${jsonReport(false, input.set.policies.length, [], all)}\n`);
    } else io.err(`${renderDiagnostics(all, input.texts, io.color)}${palette(io.color).red("✖")} cannot lint: ${summarizeCount(countProblems(all))}\n`);
    return unreadable.length > 0 ? EXIT.usage : EXIT.failed;
  }

  if (foundNothing(input.names.length, input.diagnostics) && format === "text") io.err(emptySetNotice(positionals, io.color));
  const findings = lintPolicySet(input.set, schema, input.texts);
  const failed = findings.some((f) => f.severity === "error") || (values.strict === true && findings.length > 0);
  if (format === "json") {
    io.out(`${jsonReport(!failed, input.set.policies.length, findings, [])}\n`);
    return failed ? EXIT.failed : EXIT.ok;
  }
  if (findings.length > 0) {
    const c = palette(io.color);
    const labelled = findings.map((f) => ({ ...f, code: `${f.code} ${f.rule}` }));
    // Code frames for the first findings only: thousands of them help nobody and cost
    // a pass over the source each.
    io.out(renderDiagnostics(labelled.slice(0, MAX_FRAMES), input.texts, io.color));
    if (labelled.length > MAX_FRAMES) io.out(`\n${renderDiagnostics(labelled.slice(MAX_FRAMES), new Map(), io.color)}`);
    io.out(`${failed ? c.red("✖") : c.yellow("!")} ${summarize(findings)} in ${input.set.policies.length} ${input.set.policies.length === 1 ? "policy" : "policies"}\n`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}

/**
 * `--format json`: always the same four members (docs/lint.md), so a script reads
 * `.policies` or `.diagnostics` without asking first whether the set could be linted.
 * `policies` counts those loaded (as `check` does), `diagnostics` why the set could not
 * be linted (empty when it was).
 */
function jsonReport(ok: boolean, policies: number, findings: readonly LintFinding[], diagnostics: readonly ReportedDiagnostic[]): string {
  return JSON.stringify({ ok, policies, findings, diagnostics }, null, 2);
}

function parseLintArgs(args: string[]) {
  return parseCommandArgs(args, {
    format: { type: "string" },
    schema: { type: "string" },
    strict: { type: "boolean" },
  });
}
