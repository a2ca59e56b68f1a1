/**
 * Reads an attribute schema file (JSON) and loads it; every problem, I/O included, is
 * a diagnostic naming the file. Never throws.
 */
import type { ReportedDiagnostic } from "../errors.js";
import { readTextFile } from "../load/read-text-file.js";
import { type AttributeSchema, loadAttributeSchema } from "./schema.js";

const MAX_BYTES = 8 * 1024 * 1024;

export async function readAttributeSchemaFile(path: string): Promise<{ schema: AttributeSchema | null; diagnostics: ReportedDiagnostic[] }> {
  const fail = (code: string, message: string) => ({
    schema: null,
    diagnostics: [{ code, severity: "error" as const, message, source: path, line: 1, column: 1 }],
  });
  const read = await readTextFile(path, MAX_BYTES);
  if (!read.ok) {
    // As for a policy file: what is wrong with the content (too large, not UTF-8) is a
    // problem of the file (exit 1); only a file that cannot be read is an I/O error (exit 2).
    if (read.problem === "too-large") return fail("E0752", `the schema file is larger than ${MAX_BYTES} bytes`);
    if (read.problem === "not-utf8") return fail("E0003", "file is not valid UTF-8 text");
    return fail("E0002", `cannot read schema \`${path}\`: ${read.detail}`);
  }
  const text = read.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail("E0750", `the schema is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const loaded = loadAttributeSchema(value);
  return { schema: loaded.schema, diagnostics: loaded.diagnostics.map((d) => ({ ...d, source: d.source ?? path })) };
}
