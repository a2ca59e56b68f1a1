/**
 * `mcpolicy init PATH [--output FILE] [--force]`: writes a starter attribute schema
 * (docs/schemas.md) inferred from the attribute paths, actions and resources the
 * policies under PATH use — `PATH/schema.json` for a directory, stdout for `--output -`.
 * Never overwrites an existing file without --force; with it, a regular file is replaced
 * as `fmt` replaces one (rewrite-file.ts): atomically, keeping its mode, owner and group,
 * never when read-only — a write that fails part-way (a full disk) leaves the old schema,
 * often edited by hand since, whole.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { inferSchemaDocument } from "../analysis/infer-schema.js";
import { loadAttributeSchema } from "../attributes/schema.js";
import { emptySetNotice, foundNothing } from "./empty-set.js";
import { type CliIO, EXIT, palette, parseCommandArgs, UsageError } from "./io.js";
import { loadPolicyInput } from "./policy-input.js";
import { renderDiagnostics } from "./render-diagnostics.js";
import { writeOrReplace } from "./rewrite-file.js";
import { oneLine } from "./terminal-safe.js";
import { cannotWrite } from "./write-problem.js";

export const usage = `usage: mcpolicy init PATH [--output FILE] [--force]

Writes a starter attribute schema for the policies under PATH: every attribute path
their conditions read (typed by how they use it), the actions and the resources they
name. Review it: it only knows what the policies mention. See docs/schemas.md.

options:
  --output FILE   where to write (default: PATH/schema.json, or schema.json beside a file;
                  \`-\`: stdout)
  --force         overwrite an existing file (replaced whole or not at all, its mode,
                  owner and group kept; never a read-only one)
  -h, --help      show this help

exit codes: 0 written, 1 the policy set has errors or the file exists, 2 usage or I/O error
`;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseInitArgs(args);
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? "no policy path given" : "give one policy path");
  const path = positionals[0] as string;
  const c = palette(io.color);

  const input = await loadPolicyInput([path]);
  // Every problem is listed (an unread file does not hide the errors of the others); a
  // path that cannot be read is an I/O error (exit 2) and writes nothing either.
  const errors = input.diagnostics.filter((d) => d.severity === "error");
  if (input.ioProblems.length > 0 || errors.length > 0) {
    const rendered = renderDiagnostics([...input.ioProblems, ...errors], input.texts, io.color);
    io.err(errors.length > 0 ? `${rendered}${c.red("✖")} the policy set has errors; fix them first\n` : rendered);
    return input.ioProblems.length > 0 ? EXIT.usage : EXIT.failed;
  }
  // The schema of an empty set is still written (it is valid), but likely not what was meant.
  if (foundNothing(input.names.length, input.diagnostics)) io.err(emptySetNotice([path], io.color));
  const document = inferSchemaDocument(input.set);
  const check = loadAttributeSchema(document);
  if (check.schema === null) {
    io.err(
      `mcpolicy init: internal error: the inferred schema does not load: ${check.diagnostics[0]?.message ?? ""}\n`,
    );
    return EXIT.usage;
  }
  const json = `${JSON.stringify(document, null, 2)}\n`;
  // `-` is stdout, as for most tools (`mcpolicy init policies --output - | jq`): the
  // schema alone, nothing else, so it can be piped.
  if (values.output === "-") {
    io.out(json);
    return EXIT.ok;
  }
  let output = values.output;
  if (output === undefined) {
    const info = await stat(path);
    output = info.isDirectory() ? join(path, "schema.json") : join(path, "..", "schema.json");
  }
  if (await isDirectory(output)) {
    io.err(`mcpolicy init: \`${oneLine(output)}\` is a directory; --output names the schema file to write\n`);
    return EXIT.usage;
  }
  if (values.force !== true && (await exists(output))) {
    io.err(`mcpolicy init: \`${oneLine(output)}\` exists; pass --force to overwrite it\n`);
    return EXIT.failed;
  }
  try {
    await writeOrReplace(output, json, "overwrite it");
  } catch (error) {
    io.err(`mcpolicy init: ${cannotWrite(output, error)}\n`);
    return EXIT.usage;
  }
  io.out(
    `wrote ${oneLine(output)} (${input.set.policies.length} ${input.set.policies.length === 1 ? "policy" : "policies"}; review it, then \`mcpolicy check --schema ${oneLine(output)} ${oneLine(path)}\`)\n`,
  );
  return EXIT.ok;
}

function parseInitArgs(args: string[]) {
  return parseCommandArgs(args, { output: { type: "string" }, force: { type: "boolean" } });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
