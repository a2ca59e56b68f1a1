/**
 * The JSON form of the AST (grammar/ast.schema.json) → a checked SourceFile.
 *
 * Steps: copy the untrusted value into bounded plain JSON; validate it with ajv; fill
 * missing spans with a synthetic span; then hold it to exactly the rules of source text
 * by printing it and parsing the print (so there is one implementation of the static
 * rules). Diagnostics from that parse point at the offending declaration by JSON pointer.
 * Never throws.
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type { Declaration, SourceFile } from "../model/ast.js";
import type { Span } from "../model/span.js";
import { markWellFormed } from "../check/well-formed.js";
import { isIncomplete, markIncomplete } from "../check/incomplete.js";
import type { ReportedDiagnostic } from "../errors.js";
import { CODES } from "../syntax/codes.js";
import { parse } from "../syntax/parse.js";
import { declarationSeparator, printDeclaration } from "../syntax/printer.js";
import { stripSpans } from "../syntax/strip-spans.js";
import { AST_SCHEMA } from "./ast-schema.js";
import { ajv2020Class } from "./lazy-ajv.js";
import { pointerToken, toPlainJson } from "./plain-json.js";

/** Bounds checked before validation. Depth allows the 64-level expression limit with room. */
export const JSON_AST_LIMITS = Object.freeze({
  maxDepth: 400,
  maxNodes: 2_000_000,
  maxStringUnits: 8 * 1024 * 1024,
  /** Schema errors reported at most (the rest are summarized). */
  maxErrors: 50,
  /** Above this many values, only the first schema error is collected. */
  maxNodesForAllErrors: 20_000,
});

/** What `sourceFileFromJson` returns: the validated source file (null when invalid) and every problem found. */
export interface JsonAstResult {
  readonly ast: SourceFile | null;
  readonly diagnostics: ReportedDiagnostic[];
}

let firstError: ValidateFunction | undefined;
let everyError: ValidateFunction | undefined;

/**
 * Validates against grammar/ast.schema.json. Collecting every error costs memory in
 * proportion to the input, so only inputs of modest size get the full list; larger ones
 * get the first error.
 */
function validate(value: unknown, nodes: number): readonly ErrorObject[] {
  const compile = (allErrors: boolean) => {
    const Ajv2020 = ajv2020Class();
    return new Ajv2020({ allErrors, strict: true, allowUnionTypes: true, discriminator: true }).compile(AST_SCHEMA);
  };
  firstError ??= compile(false);
  if (firstError(value)) return [];
  if (nodes > JSON_AST_LIMITS.maxNodesForAllErrors) return firstError.errors ?? [];
  everyError ??= compile(true);
  everyError(value);
  return everyError.errors ?? [];
}

function at(source: string, code: string, message: string, span?: Span, help?: string): ReportedDiagnostic {
  return {
    code,
    severity: "error",
    message,
    source,
    line: span?.start.line ?? 1,
    column: span?.start.column ?? 1,
    ...(help !== undefined ? { help } : {}),
  };
}

/** Validates the JSON form of one source and applies every single-source static rule. */
export function sourceFileFromJson(value: unknown, name?: string): JsonAstResult {
  try {
    const result = fromJson(value, name);
    // parse's AST of a source with errors, passed on as JSON: its copy is as incomplete.
    if (result.ast !== null && isIncomplete(value)) markIncomplete(result.ast);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ast: null, diagnostics: [at(name ?? "<json>", "E0600", `internal error reading the JSON AST: ${message}`)] };
  }
}

function fromJson(value: unknown, givenName: string | undefined): JsonAstResult {
  const fallbackName = givenName ?? "<json>";
  const copied = toPlainJson(value, JSON_AST_LIMITS);
  if (!copied.ok) {
    return {
      ast: null,
      diagnostics: [at(fallbackName, "E0600", `invalid JSON AST at \`${copied.pointer || "/"}\`: ${copied.message}`)],
    };
  }
  const errors = validate(copied.value, copied.nodes);
  if (errors.length > 0) return { ast: null, diagnostics: schemaDiagnostics(errors, fallbackName) };

  const json = copied.value as { name?: string };
  const name = givenName ?? json.name ?? "<json>";
  const ast = withSpans(copied.value, name) as SourceFile;
  return checkByReparsing(ast, name);
}

function schemaDiagnostics(errors: readonly ErrorObject[], source: string): ReportedDiagnostic[] {
  const shown = errors.slice(0, JSON_AST_LIMITS.maxErrors).map((e) => {
    const detail = e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")})` : "";
    const extra = e.keyword === "additionalProperties" ? ` \`${String(e.params.additionalProperty)}\`` : "";
    return at(source, "E0601", `invalid JSON AST at \`${e.instancePath || "/"}\`: ${e.message ?? e.keyword}${extra}${detail}`);
  });
  if (errors.length > shown.length) {
    shown.push(at(source, "E0601", `invalid JSON AST: ${errors.length - shown.length} more schema errors`));
  }
  return shown;
}

const SPANNED = new Set(["SourceFile", "Name", "RoleDecl", "Policy", "AnySubject", "SubjectMatchers", "SubjectAlternative",
  "AnyPattern", "PatternList", "Pattern", "Condition", "Literal", "List", "Path", "Not", "And", "Or", "Compare", "In",
  "Contains", "Matches", "Has"]);

/**
 * Builds the AST from validated JSON: each node gets a span (its own, with `source` set
 * to the source name, or a synthetic one at 1:1). The JSON is a validated tree of bounded
 * depth, so recursion here is bounded by JSON_AST_LIMITS.maxDepth.
 */
function withSpans(value: unknown, source: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withSpans(item, source));
  if (value === null || typeof value !== "object") return value;
  const node: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== "span") node[key] = withSpans(item, source);
  }
  const kind = node.kind;
  if (typeof kind === "string" && SPANNED.has(kind)) {
    const given = (value as { span?: Span }).span;
    node.span = given === undefined ? syntheticSpan(source) : { ...given, source };
  }
  if (kind === "SourceFile") node.name = source;
  // `priority -0` has no canonical spelling; it means priority 0.
  if (kind === "Policy" && Object.is(node.priority, -0)) node.priority = 0;
  return node;
}

function syntheticSpan(source: string): Span {
  const start = { offset: 0, line: 1, column: 1 };
  return { source, start, end: start };
}

/**
 * Prints the AST, parses the print and reports what parse reports, each diagnostic
 * pointed at the declaration it falls in (`/declarations/N`). Also guards the printer:
 * an AST that does not read back as itself is rejected rather than trusted.
 */
function checkByReparsing(ast: SourceFile, name: string): JsonAstResult {
  const ranges: { start: number; end: number; declaration: Declaration }[] = [];
  let text = "";
  let previous: Declaration | undefined;
  for (const declaration of ast.declarations) {
    if (previous !== undefined) text += declarationSeparator(previous, declaration);
    const start = text.length;
    text += printDeclaration(declaration);
    ranges.push({ start, end: text.length, declaration });
    previous = declaration;
  }
  if (text !== "") text += "\n";
  const parsed = parse(text, name);
  const diagnostics = parsed.diagnostics.map((d) => {
    // A too-large print is about the whole source, not the declaration at offset 0.
    const index = d.code === CODES.sourceTooLarge ? -1 : ranges.findIndex((r) => d.offset !== undefined && r.start <= d.offset && d.offset <= r.end);
    const range = ranges[index];
    if (range === undefined) return at(name, d.code, d.message, undefined, d.help);
    const label = range.declaration.kind === "Policy" ? "policy" : "role";
    const where = `\`/declarations/${pointerToken(index)}\` (${label} \`${range.declaration.name.value}\`)`;
    return {
      ...at(name, d.code, `${d.message}, in ${where}`, range.declaration.span, d.help),
      severity: d.severity,
    };
  });
  if (diagnostics.some((d) => d.severity === "error")) return { ast: null, diagnostics };
  if (!sameTree(stripSpans(parsed.ast.declarations), stripSpans(ast.declarations))) {
    diagnostics.push(at(name, "E0602", "the JSON AST does not read back as itself when printed"));
    return { ast: null, diagnostics };
  }
  markWellFormed(ast);
  return { ast, diagnostics };
}

/** Deep equality of span-free JSON trees; numbers by Object.is (so `-0` differs from `0`). */
function sameTree(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameTree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
