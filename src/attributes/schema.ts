/**
 * Attribute schemas (docs/schemas.md): JSON Schemas for `subject`, `env` and resources
 * (by id or id glob, with per-action schemas of `env.arguments`), plus the declared
 * actions. `loadAttributeSchema` checks the document's shape and bounds, compiles every
 * JSON Schema with ajv (strict mode) once, and never throws.
 */
import type { ValidateFunction } from "ajv";
import type { ReportedDiagnostic } from "../errors.js";
import type { AttrType } from "./attr-type.js";
import { globLimitProblem } from "./glob-check.js";
import { refProblems } from "./schema-refs.js";
import { type JsonSchema, schemaTyper } from "./schema-type.js";
import { ajvClass } from "../schema/lazy-ajv.js";
import { linearRegExp } from "../schema/linear-regexp.js";
import { equalityKeywords } from "./equality-keywords.js";
import { STEP_KEYWORD, stepKeyword, withBudget } from "./validation-budget.js";

export interface ArgumentsSchema {
  /** Action glob, e.g. `tools/call`. */
  readonly action: string;
  readonly schema: JsonSchema;
  readonly type: AttrType;
  readonly validate: ValidateFunction;
}

export interface ResourceEntry {
  /** The id glob; for an `id` entry, the id itself (compared with `===`, never as a glob). */
  readonly pattern: string;
  /** Declared with `id`: names exactly one resource. */
  readonly exact: boolean;
  /** Schema of the resource object; absent: only `id` is known. */
  readonly schema?: JsonSchema;
  readonly type: AttrType | null;
  readonly validate: ValidateFunction | null;
  readonly arguments: readonly ArgumentsSchema[];
  /** JSON pointer of the entry in the document, for messages. */
  readonly pointer: string;
}

export interface AttributeSchema {
  readonly kind: "AttributeSchema";
  /** Shared definitions, referenced as `#/$defs/NAME`. */
  readonly defs: Readonly<Record<string, JsonSchema>>;
  readonly subject: { readonly schema: JsonSchema; readonly type: AttrType; readonly validate: ValidateFunction } | null;
  readonly env: { readonly schema: JsonSchema; readonly type: AttrType; readonly validate: ValidateFunction } | null;
  /** Declared actions; null when the schema does not list them (any action). */
  readonly actions: readonly string[] | null;
  /** Declared resources; null when the schema does not list them (any resource). */
  readonly resources: readonly ResourceEntry[] | null;
}

/** Bounds on the schema document itself. */
export const SCHEMA_LIMITS = Object.freeze({ maxNodes: 200_000, maxDepth: 64, maxStringLength: 65_536, maxResources: 10_000 });

const TOP_KEYS = new Set(["$schema", "$comment", "description", "version", "$defs", "subject", "env", "actions", "resources"]);
const ENTRY_KEYS = new Set(["id", "pattern", "description", "schema", "arguments"]);
const ROOT_ID = "urn:mcpolicy:attributes";
const DEF_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

function problem(code: string, message: string, help?: string): ReportedDiagnostic {
  return { code, severity: "error", message, line: 1, column: 1, ...(help !== undefined ? { help } : {}) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Checks the document is bounded JSON data (own data properties only), iteratively. */
/** Keywords whose value maps names (attribute, definition) to schemas or lists. */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependentRequired", "dependencies"]);

function jsonProblem(value: unknown): string | null {
  const stack: { value: unknown; depth: number; at: string }[] = [{ value, depth: 0, at: "" }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: v, depth, at } = stack.pop() as { value: unknown; depth: number; at: string };
    if (++nodes > SCHEMA_LIMITS.maxNodes) return `the schema has more than ${SCHEMA_LIMITS.maxNodes} values`;
    if (depth > SCHEMA_LIMITS.maxDepth) return `\`${at}\` is nested deeper than ${SCHEMA_LIMITS.maxDepth}`;
    if (typeof v === "string") {
      if (v.length > SCHEMA_LIMITS.maxStringLength) return `\`${at}\` is a string longer than ${SCHEMA_LIMITS.maxStringLength}`;
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) return `\`${at}\` is not a finite number`;
    } else if (v === null || typeof v === "boolean") {
      // fine
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const d = Object.getOwnPropertyDescriptor(v, i);
        if (d === undefined || !("value" in d)) return `\`${at}/${i}\` is not a JSON value`;
        stack.push({ value: d.value, depth: depth + 1, at: `${at}/${i}` });
      }
    } else if (isPlainObject(v)) {
      for (const key of Object.keys(v)) {
        const d = Object.getOwnPropertyDescriptor(v, key);
        if (d === undefined || !("value" in d)) return `\`${at}/${key}\` is not a JSON value`;
        if (key === "$async") return `\`${at}/$async\`: asynchronous schemas are not supported`;
        // As a keyword, `__proto__` slips past ajv's strict check (its keyword table is an
        // object, where `__proto__` is found on the prototype); as an attribute name under
        // `properties` and the like it is an ordinary name.
        if (key === "__proto__" && !NAME_MAPS.has(at.slice(at.lastIndexOf("/") + 1)))
          return `\`${at}/__proto__\`: \`__proto__\` is not a JSON Schema keyword`;
        stack.push({ value: d.value, depth: depth + 1, at: `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}` });
      }
    } else {
      return `\`${at || "/"}\` is not a JSON value`;
    }
  }
  return null;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "boolean" || isPlainObject(value);
}

/** Schemas this module built: passing one back to `loadAttributeSchema` reuses it. */
const LOADED = new WeakSet<object>();

/**
 * Loads and compiles an attribute schema document (the parsed JSON of
 * policies/schema.json). An AttributeSchema it returned before is accepted as is.
 */
export function loadAttributeSchema(value: unknown): { schema: AttributeSchema | null; diagnostics: ReportedDiagnostic[] } {
  if (typeof value === "object" && value !== null && LOADED.has(value)) return { schema: value as AttributeSchema, diagnostics: [] };
  try {
    return load(value);
  } catch (error) {
    // ajv or a limit we did not foresee: report, never throw.
    return { schema: null, diagnostics: [problem("E0751", `invalid attribute schema: ${oneLine(error)}`)] };
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]?.slice(0, 300) ?? "";
}

function load(value: unknown): { schema: AttributeSchema | null; diagnostics: ReportedDiagnostic[] } {
  const diagnostics: ReportedDiagnostic[] = [];
  if (!isPlainObject(value)) {
    return { schema: null, diagnostics: [problem("E0750", "an attribute schema must be a JSON object")] };
  }
  const bad = jsonProblem(value);
  if (bad !== null) return { schema: null, diagnostics: [problem("E0752", bad)] };

  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.has(key)) {
      diagnostics.push(
        problem("E0750", `unknown key \`${key}\` in the attribute schema`, "expected $defs, subject, env, actions or resources"),
      );
    }
  }
  if (Object.hasOwn(value, "version") && value.version !== 1) diagnostics.push(problem("E0750", "`version` must be 1"));

  const defs: Record<string, JsonSchema> = Object.create(null);
  if (Object.hasOwn(value, "$defs")) {
    const given = value.$defs;
    if (!isPlainObject(given)) diagnostics.push(problem("E0750", "`$defs` must be an object of JSON Schemas"));
    else {
      for (const [name, schema] of Object.entries(given)) {
        if (!DEF_NAME.test(name) || name === "__proto__") diagnostics.push(problem("E0750", `\`$defs/${name}\`: a definition name is letters, digits, \`_\`, \`.\` and \`-\``));
        else if (!isSchema(schema)) diagnostics.push(problem("E0750", `\`$defs/${name}\` must be a JSON Schema (object or boolean)`));
        else defs[name] = schema;
      }
    }
  }

  const section = (key: "subject" | "env"): JsonSchema | null => {
    if (!Object.hasOwn(value, key)) return null;
    const schema = value[key];
    if (!isSchema(schema)) {
      diagnostics.push(problem("E0750", `\`${key}\` must be a JSON Schema (object or boolean)`));
      return null;
    }
    return schema;
  };
  const subject = section("subject");
  const env = section("env");

  let actions: string[] | null = null;
  if (Object.hasOwn(value, "actions")) {
    const given = value.actions;
    if (!Array.isArray(given) || !given.every((a) => typeof a === "string")) {
      diagnostics.push(problem("E0750", "`actions` must be an array of strings"));
    } else if (new Set(given).size !== given.length) {
      diagnostics.push(problem("E0750", "`actions` lists an action twice"));
    } else actions = given as string[];
  }

  const rawEntries: { pattern: string; exact: boolean; schema?: JsonSchema; arguments: [string, JsonSchema][]; pointer: string }[] = [];
  let hasResources = false;
  if (Object.hasOwn(value, "resources")) {
    hasResources = true;
    const given = value.resources;
    if (!Array.isArray(given)) diagnostics.push(problem("E0750", "`resources` must be an array of resource entries"));
    else if (given.length > SCHEMA_LIMITS.maxResources) {
      diagnostics.push(problem("E0752", `\`resources\` has more than ${SCHEMA_LIMITS.maxResources} entries`));
    } else {
      given.forEach((entry, i) => {
        const parsed = resourceEntry(entry, `/resources/${i}`, diagnostics);
        if (parsed !== null) rawEntries.push(parsed);
      });
    }
  }
  if (diagnostics.length > 0) return { schema: null, diagnostics };
  const sectionSchemas: [string, unknown][] = [];
  if (subject !== null) sectionSchemas.push(["/subject", subject]);
  if (env !== null) sectionSchemas.push(["/env", env]);
  for (const entry of rawEntries) {
    if (entry.schema !== undefined) sectionSchemas.push([`${entry.pointer}/schema`, entry.schema]);
    for (const [action, schema] of entry.arguments) sectionSchemas.push([`${entry.pointer}/arguments/${action}`, schema]);
  }
  const refs = refProblems(sectionSchemas, defs);
  if (refs.length > 0) return { schema: null, diagnostics: refs.map((message) => problem("E0751", message)) };

  // One ajv instance per schema document; every section lives in one root so that
  // `#/$defs/NAME` resolves the same way everywhere.
  const Ajv = ajvClass();
  const ajv = new Ajv({
    strict: true,
    // `then: { required: ["agency"] }` beside `if` is the usual JSON Schema idiom for a
    // conditional field declared in the enclosing `properties`; strict mode's
    // strictRequired would refuse it.
    strictRequired: false,
    allowUnionTypes: true,
    ownProperties: true,
    allErrors: false,
    validateFormats: true,
    // Linear-time matching of `pattern`s: request data must never hang a validator.
    code: { regExp: linearRegExp },
  });
  // `uniqueItems`, `const`, `enum` on canonical JSON keys: see equality-keywords.ts.
  for (const definition of equalityKeywords()) {
    ajv.removeKeyword(definition.keyword as string);
    ajv.addKeyword(definition);
  }
  ajv.addKeyword(stepKeyword);
  // Every definition counts its visits against one validation's budget (validation-budget.ts).
  const sections: Record<string, JsonSchema> = {};
  for (const [name, definition] of Object.entries(defs)) {
    sections[name] =
      typeof definition === "object" && definition !== null ? { ...definition, [STEP_KEYWORD]: true } : definition;
  }
  const key = (name: string) => `mcpolicy:${name}`;
  if (subject !== null) sections[key("subject")] = subject;
  if (env !== null) sections[key("env")] = env;
  rawEntries.forEach((entry, i) => {
    if (entry.schema !== undefined) sections[key(`resource:${i}`)] = entry.schema;
    entry.arguments.forEach(([, schema], j) => {
      sections[key(`arguments:${i}:${j}`)] = schema;
    });
  });
  try {
    ajv.addSchema({ $id: ROOT_ID, $defs: sections });
  } catch (error) {
    return { schema: null, diagnostics: [problem("E0751", `invalid JSON Schema: ${describeAjvError(error)}`)] };
  }
  const compile = (name: string, where: string): ValidateFunction | null => {
    try {
      return withBudget(ajv.compile({ $ref: `${ROOT_ID}#/$defs/${key(name)}` }));
    } catch (error) {
      const message = describeCompileError(error);
      diagnostics.push(
        problem(
          "E0751",
          `invalid JSON Schema at \`${where}\`: ${message}`,
          message.startsWith("unknown format") ? "no `format` is known to the validator: use `pattern` (or `minLength`, `enum`) instead" : undefined,
        ),
      );
      return null;
    }
  };

  // One typer for the document: sections referring to the same definitions share types.
  const attrTypeOf = schemaTyper(defs);
  const subjectValidate = subject !== null ? compile("subject", "/subject") : null;
  const envValidate = env !== null ? compile("env", "/env") : null;
  const entries: ResourceEntry[] = rawEntries.map((entry, i) => ({
    pattern: entry.pattern,
    exact: entry.exact,
    ...(entry.schema !== undefined ? { schema: entry.schema } : {}),
    type: entry.schema !== undefined ? attrTypeOf(entry.schema) : null,
    validate: entry.schema !== undefined ? compile(`resource:${i}`, `${entry.pointer}/schema`) : null,
    arguments: entry.arguments.map(([action, schema], j) => ({
      action,
      schema,
      type: attrTypeOf(schema),
      validate: compile(`arguments:${i}:${j}`, `${entry.pointer}/arguments/${action}`) as ValidateFunction,
    })),
    pointer: entry.pointer,
  }));
  if (diagnostics.length > 0) return { schema: null, diagnostics };

  const schema: AttributeSchema = {
    kind: "AttributeSchema",
    defs,
    subject:
      subject !== null && subjectValidate !== null
        ? { schema: subject, type: attrTypeOf(subject), validate: subjectValidate }
        : null,
    env: env !== null && envValidate !== null ? { schema: env, type: attrTypeOf(env), validate: envValidate } : null,
    actions,
    resources: hasResources ? entries : null,
  };
  Object.freeze(schema);
  LOADED.add(schema);
  return { schema, diagnostics: [] };
}

/**
 * An ajv compile error in the author's terms: the pointer into their document, not into
 * the root we compile in (`urn:mcpolicy:attributes#/$defs/mcpolicy:subject/…`), and no
 * "ignored" for what is in fact an error here (strict mode: an unknown format fails).
 */
function describeCompileError(error: unknown): string {
  // ajv compiles nested definitions by recursion: a long `$ref` chain whose definitions
  // each nest deeply can exhaust the stack within the other bounds (fail closed, said so).
  if (error instanceof RangeError) {
    return "too deeply nested for the validator to compile (definitions nested within definitions through `$ref`): shorten the chain of definitions or the nesting inside them";
  }
  const text = oneLine(error).replace(/ ignored in schema at path "([^"]*)"/, (_all, path: string) => ` at \`${userPointer(path)}\``);
  return text.replaceAll(`${ROOT_ID}#`, "");
}

function userPointer(path: string): string {
  return path
    .replace(`${ROOT_ID}#`, "")
    .replace(/^\/\$defs\/mcpolicy:(subject|env)/, "/$1")
    .replace(/^\/\$defs\/mcpolicy:resource:(\d+)/, "/resources/$1/schema")
    .replace(/^\/\$defs\/mcpolicy:arguments:(\d+):\d+/, "/resources/$1/arguments");
}

function describeAjvError(error: unknown): string {
  const text = oneLine(error);
  // "schema is invalid: data/$defs/mcpolicy:subject/type must be ..." → the user's pointer.
  return text
    .replace(/data\/\$defs\/mcpolicy:(subject|env)/g, "/$1")
    .replace(/data\/\$defs\/mcpolicy:resource:(\d+)/g, "/resources/$1/schema")
    .replace(/data\/\$defs\/mcpolicy:arguments:(\d+):\d+/g, "/resources/$1/arguments")
    .replace(/data\/\$defs\//g, "/$defs/");
}

function resourceEntry(
  entry: unknown,
  pointer: string,
  diagnostics: ReportedDiagnostic[],
): { pattern: string; exact: boolean; schema?: JsonSchema; arguments: [string, JsonSchema][]; pointer: string } | null {
  if (!isPlainObject(entry)) {
    diagnostics.push(problem("E0750", `\`${pointer}\` must be an object with \`id\` or \`pattern\``));
    return null;
  }
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key)) diagnostics.push(problem("E0750", `unknown key \`${key}\` in \`${pointer}\``, "expected id, pattern, schema or arguments"));
  }
  const id = Object.hasOwn(entry, "id") ? entry.id : undefined;
  const pattern = Object.hasOwn(entry, "pattern") ? entry.pattern : undefined;
  if ((id === undefined) === (pattern === undefined)) {
    diagnostics.push(problem("E0750", `\`${pointer}\` needs exactly one of \`id\` and \`pattern\``));
    return null;
  }
  const glob = id ?? pattern;
  if (typeof glob !== "string" || glob === "") {
    diagnostics.push(problem("E0750", `\`${pointer}/${id !== undefined ? "id" : "pattern"}\` must be a non-empty string`));
    return null;
  }
  const limit = globLimitProblem(glob);
  if (limit !== null) diagnostics.push(problem("E0753", `\`${pointer}\`: the pattern is ${limit}`));
  let schema: JsonSchema | undefined;
  if (Object.hasOwn(entry, "schema")) {
    if (!isSchema(entry.schema)) diagnostics.push(problem("E0750", `\`${pointer}/schema\` must be a JSON Schema`));
    else schema = entry.schema;
  }
  const args: [string, JsonSchema][] = [];
  if (Object.hasOwn(entry, "arguments")) {
    const given = entry.arguments;
    if (!isPlainObject(given)) diagnostics.push(problem("E0750", `\`${pointer}/arguments\` must map action globs to JSON Schemas`));
    else {
      for (const [action, s] of Object.entries(given)) {
        const actionLimit = globLimitProblem(action);
        if (actionLimit !== null) diagnostics.push(problem("E0753", `\`${pointer}/arguments\`: the action glob \`${action.slice(0, 40)}\` is ${actionLimit}`));
        if (!isSchema(s)) diagnostics.push(problem("E0750", `\`${pointer}/arguments/${action}\` must be a JSON Schema`));
        else args.push([action, s]);
      }
    }
  }
  return { pattern: glob, exact: id !== undefined, ...(schema !== undefined ? { schema } : {}), arguments: args, pointer };
}
