/**
 * `mcpolicy test PATH...`: runs the policy tests (`*.test.json`, docs/testing.md) found
 * under PATH... against the policy set found there — examples once, invariants on
 * generated requests — and prints failures with a shrunk counterexample, its
 * explanation, the seed to replay, and which policies no test ever exercised.
 */

import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { collectHints } from "../analysis/hints.js";
import { inferSchemaDocument } from "../analysis/infer-schema.js";
import { readAttributeSchemaFile } from "../attributes/read-schema-file.js";
import { type AttributeSchema, loadAttributeSchema } from "../attributes/schema.js";
import { createEngine } from "../engine.js";
import type { ReportedDiagnostic } from "../errors.js";
import { unreachablePath } from "../load/files.js";
import { readTextFile } from "../load/read-text-file.js";
import { findTestFiles, TEST_FILE_SUFFIX } from "../testing/find-test-files.js";
import { junitErrorReport, junitReport } from "../testing/junit.js";
import { printValue } from "../testing/print-value.js";
import { DEFAULT_RUNS, runPolicyTests, type TestReport, type TestResult } from "../testing/runner.js";
import { jsonSyntaxErrorOffset, lineColumnAt, loadTestFile, scanJson, type TestFile } from "../testing/test-file.js";
import { withGlobHint } from "./glob-hint.js";
import { type CliIO, EXIT, palette, parseCommandArgs, UsageError } from "./io.js";
import { loadPolicyInput } from "./policy-input.js";
import { renderDiagnostic, type SourceTexts } from "./render-diagnostics.js";
import { countProblems, summarizeCount } from "./summary.js";
import { oneLine } from "./terminal-safe.js";
import { writeOrReplace } from "./rewrite-file.js";
import { cannotWrite } from "./write-problem.js";

export const usage = `usage: mcpolicy test PATH... [options]

Runs the policy tests (*.test.json) found under PATH... against the policy set found
there: every example is decided once, every invariant is tried on generated requests.
A test file given by name brings the policies of its directory, unless policy files or
directories are named too: then the policy set is only those.
A failing invariant is shrunk to a minimal counterexample and explained.

options:
  --schema FILE            attribute schema (default: schema.json in the first directory given or holding a test file given,
                           or the one a test file names; without one, inferred from the policies)
  --runs N                 generated requests per invariant (default ${DEFAULT_RUNS})
  --seed N                 replay a run: the seed is printed with every report
  --filter TEXT            only tests whose name contains TEXT
  --reporter text|junit    output for people (default) or JUnit XML for CI
  --output FILE            write the JUnit XML to FILE instead of stdout (an existing
                           file is replaced whole or not at all)
  -h, --help               show this help

exit codes: 0 every test passed, 1 a test failed or a file is invalid, 2 usage or I/O error
`;

const MAX_TEST_FILE_BYTES = 16 * 1024 * 1024;

function parseTestArgs(args: string[]) {
  return parseCommandArgs(args, {
    schema: { type: "string" },
    runs: { type: "string" },
    seed: { type: "string" },
    filter: { type: "string" },
    reporter: { type: "string" },
    output: { type: "string" },
  });
}

function integer(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`\`--${flag}\` must be an integer from ${min} to ${max}`);
  return Number(text);
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseTestArgs(args);
  const reporter = values.reporter ?? "text";
  if (reporter !== "text" && reporter !== "junit")
    throw new UsageError(`unknown reporter \`${reporter}\` (expected text or junit)`);
  if (values.output !== undefined && reporter !== "junit") throw new UsageError("`--output` needs `--reporter junit`");
  if (positionals.length === 0) throw new UsageError("no policy path given");
  // With JUnit, a run that cannot start still leaves a report, with the reason as an error.
  const junitFailure = async (text: string): Promise<boolean> => {
    if (reporter !== "junit") return true;
    const xml = junitErrorReport(stripAnsi(text));
    if (values.output === undefined) {
      io.out(xml);
      return true;
    }
    try {
      await writeOrReplace(values.output, xml, "overwrite it");
      return true;
    } catch (error) {
      io.err(`mcpolicy test: ${cannotWrite(values.output, error)}\n`);
      return false;
    }
  };
  const runs = integer(values.runs, "runs", 1, 10_000_000);
  const seed = integer(values.seed, "seed", 0, 0xffffffff);
  const c = palette(io.color);
  // A test file named directly brings the policies of its directory (unless others are named).
  const testFiles = positionals.filter((p) => p.endsWith(TEST_FILE_SUFFIX));
  const policyPaths = positionals.filter((p) => !p.endsWith(TEST_FILE_SUFFIX));
  // A test file named is looked at before any policy is loaded: a missing one must be
  // reported as itself, not bring the policies of `.` (its directory) and their problems.
  const unreadable: ReportedDiagnostic[] = [];
  for (const path of testFiles) {
    const problem = await namedTestFileProblem(path);
    if (problem !== null) unreadable.push(withGlobHint(problem));
  }
  const present = testFiles.filter((path) => !unreadable.some((d) => d.source === path));
  const paths = policyPaths.length > 0 ? policyPaths : [...new Set(present.map((f) => dirname(f)))];
  const input = paths.length > 0 ? await loadPolicyInput(paths) : undefined;
  // Every problem at once (an unread path does not hide the errors of the others); one
  // reading the files is an I/O error (exit 2), else the policy set's errors are exit 1.
  unreadable.push(...(input?.ioProblems ?? []));
  const policyErrors = input?.diagnostics.filter((d) => d.severity === "error") ?? [];
  if (input === undefined || unreadable.length > 0 || policyErrors.length > 0) {
    const all = [...unreadable, ...policyErrors];
    const texts = input?.texts ?? new Map<string, string>();
    io.err(renderDiagnostics(all, texts, io.color));
    if (policyErrors.length > 0) io.err(`${c.red("✖")} the policy set has errors; run \`mcpolicy check\`\n`);
    const plain = renderDiagnostics(all, texts, false);
    const written = await junitFailure(policyErrors.length > 0 ? `the policy set has errors\n${plain}` : plain);
    return unreadable.length > 0 || !written ? EXIT.usage : EXIT.failed;
  }

  // No policy at all: every test would run against a set that denies everything (an
  // example expecting deny passes, an invariant's requests are refused by a schema
  // inferred from nothing). More often a mistyped path: an error, not a pass.
  if (input.names.length === 0) {
    const text = `no *.mcpolicy files under ${paths.map((p) => `\`${p}\``).join(", ")}: the policy set is empty, nothing to test`;
    io.err(`mcpolicy test: ${oneLine(text)}\n`);
    if (!(await junitFailure(text))) return EXIT.usage;
    return EXIT.failed;
  }

  const found = await findTestFiles(positionals);
  if (found.problems.length > 0) {
    io.err(found.problems.map((p) => `mcpolicy test: ${oneLine(p)}\n`).join(""));
    await junitFailure(found.problems.join("\n"));
    return EXIT.usage;
  }
  const problems: ReportedDiagnostic[] = [];
  const files: TestFile[] = [];
  // Texts of the test files whose problems are placed in them, for code frames.
  const testTexts = new Map<string, string>();
  for (const path of found.tests) {
    const loaded = await readTestFile(path, path);
    problems.push(...loaded.diagnostics);
    if (loaded.located !== undefined) testTexts.set(path, loaded.located);
    if (loaded.file !== null) files.push(loaded.file);
  }

  // `--schema` for every file; else each file's own `"schema"` (relative to it); else
  // schema.json beside the first test file; else one inferred from the policies.
  const schemaPath = values.schema ?? found.schema;
  let schema: AttributeSchema | null = null;
  if (schemaPath !== null) {
    const loaded = await readAttributeSchemaFile(schemaPath);
    problems.push(...loaded.diagnostics);
    schema = loaded.schema;
  } else {
    schema = loadAttributeSchema(inferSchemaDocument(input.set)).schema;
  }
  const fileSchemas = new Map<TestFile, AttributeSchema>();
  if (values.schema === undefined) {
    const byPath = new Map<string, AttributeSchema | null>();
    for (const file of files) {
      if (file.schema === undefined) continue;
      const path = join(dirname(file.name), file.schema);
      if (!byPath.has(path)) {
        const loaded = await readAttributeSchemaFile(path);
        problems.push(...loaded.diagnostics);
        byPath.set(path, loaded.schema);
      }
      const own = byPath.get(path);
      if (own !== null && own !== undefined) fileSchemas.set(file, own);
    }
  }
  if (problems.length > 0) {
    // Closed by a summary line, as a run that fails and as check close theirs.
    const sources = new Set(problems.map((p) => p.source)).size;
    const mark = problems.some((p) => p.severity === "error") ? c.red("✖") : c.yellow("!");
    const summary = `${mark} ${summarizeCount(countProblems(problems))} in ${sources} file${sources === 1 ? "" : "s"}; no test was run\n`;
    io.err(`${renderDiagnostics(problems, testTexts, io.color)}${summary}`);
    // A report that cannot be written is an I/O error (exit 2), whatever else went wrong.
    if (!(await junitFailure(renderDiagnostics(problems, testTexts, false)))) return EXIT.usage;
    return problems.some((p) => p.code === "E0002") ? EXIT.usage : EXIT.failed;
  }
  if (files.length === 0) {
    const text = `no test files (*.test.json) under ${positionals.map((p) => `\`${p}\``).join(", ")}`;
    io.err(`mcpolicy test: ${oneLine(text)}\n`);
    if (!(await junitFailure(text))) return EXIT.usage;
    return EXIT.failed;
  }
  if (schema === null) {
    const text = "could not derive an attribute schema from the policies; pass --schema";
    io.err(`mcpolicy test: ${text}\n`);
    if (!(await junitFailure(text))) return EXIT.usage;
    return EXIT.failed;
  }

  // No subject cache: generated subjects are all different (decisions are the same).
  const engine = createEngine(input.set, { maxSubjects: 0 });
  const progress = io.interactive ? progressBar(io) : undefined;
  const report = runPolicyTests(engine, schema, collectHints(input.set), files, {
    ...(runs !== undefined ? { runs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.filter !== undefined ? { filter: values.filter } : {}),
    ...(progress !== undefined ? { onProgress: progress.update } : {}),
    schemaFor: (file) => fileSchemas.get(file),
  });
  progress?.clear();

  if (report.results.length === 0) {
    // Every file has tests (checked when loaded): only the filter can leave none.
    const text = `no test name contains \`${values.filter ?? ""}\`: nothing was tested`;
    io.err(`mcpolicy test: ${text}\n`);
    if (!(await junitFailure(text))) return EXIT.usage;
    return EXIT.failed;
  }
  const failed = report.results.filter((r) => !r.ok).length;
  if (reporter === "junit") {
    const xml = junitReport(report);
    if (values.output !== undefined) {
      try {
        await writeOrReplace(values.output, xml, "overwrite it");
      } catch (error) {
        io.err(`mcpolicy test: ${cannotWrite(values.output, error)}\n`);
        return EXIT.usage;
      }
    } else io.out(xml);
    io.err(`${summaryLine(report, failed, io.color)}\n`);
  } else {
    io.out(textReport(report, io.color));
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

/**
 * Diagnostics one after another: a blank line between those with a code frame (as
 * `mcpolicy check` prints them), none between one-line ones.
 */
function renderDiagnostics(diagnostics: readonly ReportedDiagnostic[], texts: SourceTexts, color: boolean): string {
  let out = "";
  let framed = false;
  for (const [k, d] of diagnostics.entries()) {
    const block = renderDiagnostic(d, texts, color);
    const multiline = block.indexOf("\n") < block.length - 1;
    if (k > 0 && (multiline || framed)) out += "\n";
    out += block;
    framed = multiline;
  }
  return out;
}

/** V8's "… in JSON at position N" (Node 20 and later); null when the message gives none. */
function jsonErrorPosition(message: string): number | null {
  const m = /\bat position (\d+)/.exec(message);
  return m === null ? null : Number(m[1]);
}

/**
 * A test file read and checked. `located`: its text, when its diagnostics are placed in
 * it (line and column of the problem, not 1:1), for code frames.
 */
async function readTestFile(
  path: string,
  name: string,
): Promise<{ file: TestFile | null; diagnostics: ReportedDiagnostic[]; located?: string }> {
  const fail = (code: string, message: string) => ({
    file: null,
    diagnostics: [{ code, severity: "error" as const, message, source: name, line: 1, column: 1 }],
  });
  const read = await readTextFile(path, MAX_TEST_FILE_BYTES);
  if (!read.ok) {
    // As for a policy file: what is wrong with the content (too large, not UTF-8) is a
    // problem of the file (exit 1); only a file that cannot be read is an I/O error (exit 2).
    if (read.problem === "too-large") return fail("E0901", `the test file is larger than ${MAX_TEST_FILE_BYTES} bytes`);
    if (read.problem === "not-utf8") return fail("E0003", "file is not valid UTF-8 text");
    return fail("E0002", `cannot read \`${name}\`: ${read.detail}`);
  }
  const text = read.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = `the test file is not valid JSON: ${(error as Error).message.split("\n")[0]}`;
    // Where the parser stopped: from its message, else found by scanning the text.
    const offset = jsonErrorPosition(message) ?? jsonSyntaxErrorOffset(text);
    if (offset === null || offset > text.length) return fail("E0901", message);
    const diagnostic = { code: "E0901", severity: "error" as const, message, source: name, ...lineColumnAt(text, offset) };
    return { file: null, diagnostics: [diagnostic], located: text };
  }
  const loaded = loadTestFile(value, name, text);
  // Placed only if the text could be scanned (it always can once JSON.parse took it).
  return loaded.diagnostics.length > 0 && scanJson(text) !== null ? { ...loaded, located: text } : loaded;
}

/** Why a test file named on the command line cannot be read, or null when it is there. */
async function namedTestFileProblem(path: string): Promise<ReportedDiagnostic | null> {
  try {
    await stat(path);
    return null;
  } catch (error) {
    return unreachablePath(path, error);
  }
}

function progressBar(io: CliIO) {
  let last = -1;
  return {
    update: (done: number, total: number) => {
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      if (filled === last) return;
      last = filled;
      io.err(`\r  [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} generated requests`);
    },
    clear: () => io.err(`\r${" ".repeat(72)}\r`),
  };
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

function resultLines(r: TestResult, color: boolean): string {
  const c = palette(color);
  const mark = r.ok ? c.green("✓") : c.red("✗");
  const runs =
    r.kind === "invariant" && r.runs !== undefined
      ? c.dim(
          ` (${r.runs} requests${r.skipped ? `, ${r.skipped} skipped by where` : ""}${r.refused ? `, ${r.refused} refused by the schema` : ""})`,
        )
      : "";
  let out = `  ${mark} ${r.kind}: ${oneLine(r.name)}${runs}\n`;
  // A pass on a fraction of the requests generated must not read as a full one.
  if (r.ok && r.warning !== undefined) out += `      ${c.yellow(`warning: ${oneLine(r.warning)}`)}\n`;
  if (r.ok) return out;
  out += `      ${c.red(oneLine(r.message ?? "failed"))}\n`;
  if (r.counterexample !== undefined) {
    const ce = r.counterexample;
    out += `      ${r.kind === "invariant" ? "counterexample (shrunk)" : "request"}:\n`;
    out += `        subject:  ${printValue(ce.subject)}\n        resource: ${printValue(ce.resource)}\n        action:   ${printValue(ce.action)}\n        env:      ${printValue(ce.env ?? {})}\n`;
  }
  if (r.explanation !== undefined) out += `      why:\n${indent(r.explanation, "        ")}\n`;
  return out;
}

function summaryLine(report: TestReport, failed: number, color: boolean): string {
  const c = palette(color);
  const total = report.results.length;
  const time = `${(report.durationMs / 1000).toFixed(2)}s`;
  return failed > 0
    ? `${c.red("✖")} ${failed} of ${total} tests failed in ${time} (seed ${report.seed}: replay with \`--seed ${report.seed}\`)`
    : `${c.green("✔")} ${total} tests passed in ${time} (seed ${report.seed})${warned(report, c)}`;
}

/** `, 1 with a warning` when passing invariants decided fewer than half of their requests. */
function warned(report: TestReport, c: ReturnType<typeof palette>): string {
  const n = report.results.filter((r) => r.ok && r.warning !== undefined).length;
  return n === 0
    ? ""
    : c.yellow(`, ${n} with a warning (fewer than half of ${n === 1 ? "its" : "their"} requests decided)`);
}

function textReport(report: TestReport, color: boolean): string {
  const c = palette(color);
  let out = "";
  let file: string | null = null;
  for (const r of report.results) {
    if (r.file !== file) {
      file = r.file;
      out += `${c.bold(oneLine(file))}\n`;
    }
    out += resultLines(r, color);
  }
  const never = report.coverage.filter((p) => p.decisive === 0);
  const decided = report.coverage.length - never.length;
  out += `\ncoverage: ${decided} of ${report.coverage.length} policies decided at least one tested request\n`;
  for (const p of never)
    out += `  ${c.yellow("never decisive")}: \`${oneLine(p.policy)}\` (${oneLine(p.source ?? "<source>")}:${p.line})\n`;
  const failed = report.results.filter((r) => !r.ok).length;
  return `${out}\n${summaryLine(report, failed, color)}\n`;
}

/** Text without terminal colour sequences (for the XML report). */
function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
