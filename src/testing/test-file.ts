/**
 * Policy test files (`*.test.json`, docs/testing.md): example requests with the
 * expected decision, and invariants checked on generated requests. `loadTestFile`
 * checks the shape and bounds and compiles each `where` condition; never throws.
 */
import type { ReportedDiagnostic } from "../errors.js";
import type { DecisionEffect } from "../model/decision.js";
import type { Policy, SourceFile } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { splitLines } from "../source.js";
import { parse } from "../syntax/parse.js";
import { closest } from "../syntax/suggest.js";

export interface ExampleCase {
  readonly name: string;
  readonly subject: unknown;
  readonly resource: unknown;
  readonly action: unknown;
  readonly env: unknown;
  /** Expected effect; undefined: not checked (then `listed` is given). */
  readonly expect?: DecisionEffect;
  /** Expected deciding policy (`null`: none); undefined: not checked. */
  readonly policy?: string | null;
  /**
   * Whether MCP lists show the item: some `env.arguments` could be allowed
   * (`engine.couldAllow`; the example's own arguments are ignored). Undefined: not checked.
   */
  readonly listed?: boolean;
}

export interface Invariant {
  readonly name: string;
  /** Attributes fixed on every generated request (merged over the generated ones). */
  readonly given: { readonly subject?: Record<string, unknown>; readonly resource?: Record<string, unknown>; readonly env?: Record<string, unknown> };
  /** Generated requests must satisfy this condition (policy language) to count. */
  readonly where: { readonly text: string; readonly set: PolicySet } | null;
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
  /** The decision's effect must never be one of these … */
  readonly never: readonly DecisionEffect[];
  /** … and must always be one of these (empty: no constraint). */
  readonly always: readonly DecisionEffect[];
  /** Overrides the run count for this invariant. */
  readonly runs?: number;
}

export interface TestFile {
  readonly name: string;
  readonly description?: string;
  /** Schema path relative to the test file, if it names one. */
  readonly schema?: string;
  readonly examples: readonly ExampleCase[];
  readonly invariants: readonly Invariant[];
}

const EFFECTS: readonly DecisionEffect[] = ["allow", "deny", "notapplicable"];
const FILE_KEYS = new Set(["$schema", "description", "schema", "examples", "invariants"]);
const EXAMPLE_KEYS = new Set(["name", "subject", "resource", "action", "env", "expect", "policy", "listed"]);
const INVARIANT_KEYS = new Set(["name", "given", "where", "action", "resource", "never", "always", "runs"]);
export const TEST_FILE_LIMITS = Object.freeze({ maxCases: 10_000, maxWhereLength: 4096, maxRuns: 10_000_000 });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Checks a parsed test file (the JSON of a `*.test.json`, docs/testing.md) against its
 * schema and bounds. `file` is null when there are error diagnostics; `name` is used in
 * them. Never throws.
 */
export function loadTestFile(value: unknown, name: string, given?: string): { file: TestFile | null; diagnostics: ReportedDiagnostic[] } {
  try {
    return loadChecked(value, name, given);
  } catch (error) {
    // A JavaScript caller's value that throws when read (a revoked or throwing Proxy).
    const message = `the test file cannot be read: ${errorMessage(error)}`;
    return { file: null, diagnostics: [{ code: "E0901", severity: "error", message, source: name, line: 1, column: 1 }] };
  }
}

/** The message of a thrown value, which may itself throw when inspected. */
function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "a value that threw when inspected";
  }
}

function loadChecked(value: unknown, name: string, given?: string): { file: TestFile | null; diagnostics: ReportedDiagnostic[] } {
  const diagnostics: ReportedDiagnostic[] = [];
  // Never throws: a text that is no string (a JavaScript caller) places nothing, as none.
  const text = typeof given === "string" ? given : undefined;
  // With the text the value was parsed from, a problem is reported where its key or value
  // is (scanned only once there is a problem); else, or if not found, at 1:1.
  let spots: JsonSpots | null | undefined;
  const problem: Problem = (message, code = "E0901", at, help) => {
    if (spots === undefined) spots = text === undefined ? null : scanJson(text);
    const found = spots === null || at === undefined ? undefined : spotOf(spots, at);
    const spot = found === undefined || at?.within === undefined || text === undefined ? found : partOfString(text, found, at.within);
    const place = spot === undefined || text === undefined ? { line: 1, column: 1 } : spanAt(text, spot);
    diagnostics.push({ code, severity: "error", message, source: name, ...place, ...(help === undefined ? {} : { help }) });
  };
  if (!isPlainObject(value)) {
    problem("a test file must be a JSON object with `examples` and/or `invariants`", undefined, { path: [] });
    return { file: null, diagnostics };
  }
  for (const key of Object.keys(value)) if (!FILE_KEYS.has(key)) problem(unknownKey(key, FILE_KEYS, "the test file"), undefined, { path: [key], key: true });
  const description = own(value, "description");
  const schema = own(value, "schema");
  if (schema !== undefined && typeof schema !== "string") problem("`schema` must be a path (string)", undefined, { path: ["schema"] });

  const examples: ExampleCase[] = [];
  const rawExamples = own(value, "examples") ?? [];
  if (!Array.isArray(rawExamples) || rawExamples.length > TEST_FILE_LIMITS.maxCases)
    problem(`\`examples\` must be an array of at most ${TEST_FILE_LIMITS.maxCases} cases`, undefined, { path: ["examples"] });
  // Array.from: a hole is a bad case, not skipped (forEach skips holes of a JavaScript caller's array).
  else Array.from(rawExamples).forEach((raw, i) => {
    const example = loadExample(raw, `examples[${i}]`, ["examples", i], problem);
    if (example !== null) examples.push(example);
  });

  const invariants: Invariant[] = [];
  const rawInvariants = own(value, "invariants") ?? [];
  if (!Array.isArray(rawInvariants) || rawInvariants.length > TEST_FILE_LIMITS.maxCases)
    problem(`\`invariants\` must be an array of at most ${TEST_FILE_LIMITS.maxCases} invariants`, undefined, { path: ["invariants"] });
  else Array.from(rawInvariants).forEach((raw, i) => {
    const invariant = loadInvariant(raw, `invariants[${i}]`, ["invariants", i], problem);
    if (invariant !== null) invariants.push(invariant);
  });

  // A file that tests nothing must not pass as a file whose tests passed.
  if (diagnostics.length === 0 && examples.length === 0 && invariants.length === 0)
    problem("the test file has no examples and no invariants: it tests nothing", undefined, { path: [] });
  // Names of every case, valid or not: a duplicate shows now, not after the first copy is fixed.
  const names = new Set<string>();
  for (const [list, raws] of [
    ["examples", rawExamples],
    ["invariants", rawInvariants],
  ] as const) {
    if (!Array.isArray(raws)) continue;
    raws.forEach((raw: unknown, i) => {
      const name = isPlainObject(raw) ? own(raw, "name") : undefined;
      if (typeof name !== "string") return;
      if (names.has(name)) problem(`two tests are named \`${name}\``, undefined, { path: [list, i, "name"] });
      names.add(name);
    });
  }
  if (diagnostics.length > 0) return { file: null, diagnostics };
  const file: TestFile = {
    name,
    ...(typeof description === "string" ? { description } : {}),
    ...(typeof schema === "string" ? { schema } : {}),
    examples,
    invariants,
  };
  LOADED.add(file);
  return { file, diagnostics };
}

/** The files loadTestFile made: only those are run (a look-alike could hold unchecked cases). */
const LOADED = new WeakSet<object>();

/** Whether `value` is a test file loadTestFile made (its cases checked). */
export function isLoadedTestFile(value: unknown): value is TestFile {
  return typeof value === "object" && value !== null && LOADED.has(value);
}

/**
 * Where in the file a problem is: the value at `path`, or (`key`) the key naming it;
 * `within`: a part of that string value, as offsets in the decoded string.
 */
interface At {
  readonly path: readonly Segment[];
  readonly key?: boolean;
  readonly within?: Spot;
}

/** `help`: the parser's hint for a `where` (`did you mean \`and\`?`), as `mcpolicy check` prints it. */
type Problem = (message: string, code?: string, at?: At, help?: string) => void;

/** "unknown key `x` in WHERE", with "; did you mean `y`?" when a known key is close. */
function unknownKey(key: string, known: ReadonlySet<string>, where: string): string {
  const suggestion = closest(key, [...known]);
  return `unknown key \`${key}\` in ${where}${suggestion === undefined ? "" : `; did you mean \`${suggestion}\`?`}`;
}

function caseName(raw: Record<string, unknown>, where: string, path: readonly Segment[], problem: Problem): string | null {
  const name = own(raw, "name");
  if (typeof name !== "string" || name === "" || name.length > 200) {
    problem(`\`${where}.name\` must be a non-empty string of at most 200 characters`, undefined, { path: name === undefined ? path : [...path, "name"] });
    return null;
  }
  return name;
}

function effects(value: unknown, where: string, path: readonly Segment[], problem: Problem): DecisionEffect[] | null {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((e) => EFFECTS.includes(e as DecisionEffect))) {
    problem(`\`${where}\` must be \`allow\`, \`deny\`, \`notapplicable\` or a list of them`, undefined, { path });
    return null;
  }
  return list as DecisionEffect[];
}

function loadExample(raw: unknown, where: string, path: readonly Segment[], problem: Problem): ExampleCase | null {
  if (!isPlainObject(raw)) {
    problem(`\`${where}\` must be an object`, undefined, { path });
    return null;
  }
  for (const key of Object.keys(raw)) if (!EXAMPLE_KEYS.has(key)) problem(unknownKey(key, EXAMPLE_KEYS, `\`${where}\``), undefined, { path: [...path, key], key: true });
  const name = caseName(raw, where, path, problem);
  // Every problem of the example is reported, not only the first.
  let valid = true;
  const invalid = (message: string, at: At) => {
    problem(message, undefined, at);
    valid = false;
  };
  const expect = own(raw, "expect");
  const listed = own(raw, "listed");
  if (listed !== undefined && typeof listed !== "boolean") invalid(`\`${where}.listed\` must be true or false`, { path: [...path, "listed"] });
  if (expect === undefined && listed === undefined) {
    invalid(`\`${where}\` needs \`expect\` (a decision) or \`listed\` (list visibility), or both`, { path });
  }
  if (expect !== undefined && (typeof expect !== "string" || !EFFECTS.includes(expect as DecisionEffect))) {
    invalid(`\`${where}.expect\` must be \`allow\`, \`deny\` or \`notapplicable\``, { path: [...path, "expect"] });
  }
  const policy = own(raw, "policy");
  if (policy !== undefined && policy !== null && typeof policy !== "string")
    problem(`\`${where}.policy\` must be a policy name or null`, undefined, { path: [...path, "policy"] });
  if (policy !== undefined && expect === undefined) problem(`\`${where}.policy\` needs \`expect\``, undefined, { path: [...path, "policy"], key: true });
  for (const key of ["subject", "resource", "action"]) if (!Object.hasOwn(raw, key)) problem(`\`${where}\` needs \`${key}\``, undefined, { path });
  if (name === null || !valid) return null;
  return {
    name,
    subject: own(raw, "subject"),
    resource: own(raw, "resource"),
    action: own(raw, "action"),
    env: own(raw, "env"),
    ...(expect === undefined ? {} : { expect: expect as DecisionEffect }),
    ...(policy === undefined ? {} : { policy: policy as string | null }),
    ...(listed === undefined ? {} : { listed: listed as boolean }),
  };
}

function stringList(value: unknown, where: string, path: readonly Segment[], problem: Problem): string[] | undefined {
  if (value === undefined) return undefined;
  // A copy with holes made `undefined` (`every` skips holes: a sparse list passed unchecked).
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? Array.from(value) : null;
  if (list === null || list.length === 0 || !list.every((s) => typeof s === "string" && s.length > 0 && s.length <= 1024)) {
    problem(`\`${where}\` must be a string or a non-empty list of strings`, undefined, { path });
    return undefined;
  }
  return list as string[];
}

/** One invariant in the test-file form (for the programmatic API); throws on a bad one. */
export function parseInvariant(raw: unknown, label = "invariant"): Invariant {
  const problems: string[] = [];
  const invariant = loadInvariant(raw, label, [], (message) => problems.push(message));
  if (invariant === null || problems.length > 0) throw new TypeError(`invalid invariant: ${problems.join("; ")}`);
  return invariant;
}

const GIVEN_KEYS = new Set(["subject", "resource", "env"]);

function loadInvariant(raw: unknown, where: string, path: readonly Segment[], problem: Problem): Invariant | null {
  if (!isPlainObject(raw)) {
    problem(`\`${where}\` must be an object`, undefined, { path });
    return null;
  }
  for (const key of Object.keys(raw)) if (!INVARIANT_KEYS.has(key)) problem(unknownKey(key, INVARIANT_KEYS, `\`${where}\``), undefined, { path: [...path, key], key: true });
  const name = caseName(raw, where, path, problem);
  const never = own(raw, "never") === undefined ? [] : effects(own(raw, "never"), `${where}.never`, [...path, "never"], problem);
  const always = own(raw, "always") === undefined ? [] : effects(own(raw, "always"), `${where}.always`, [...path, "always"], problem);
  if (never !== null && always !== null && never.length === 0 && always.length === 0) problem(`\`${where}\` needs \`never\` or \`always\``, undefined, { path });

  const given: Record<string, Record<string, unknown>> = {};
  const rawGiven = own(raw, "given");
  if (rawGiven !== undefined) {
    if (!isPlainObject(rawGiven)) problem(`\`${where}.given\` must be an object with \`subject\`, \`resource\` and/or \`env\``, undefined, { path: [...path, "given"] });
    else {
      for (const [key, v] of Object.entries(rawGiven)) {
        if (!GIVEN_KEYS.has(key)) problem(unknownKey(key, GIVEN_KEYS, `\`${where}.given\``), undefined, { path: [...path, "given", key], key: true });
        else if (!isPlainObject(v)) problem(`\`${where}.given.${key}\` must be an object`, undefined, { path: [...path, "given", key] });
        else given[key] = v;
      }
    }
  }

  let condition: Invariant["where"] = null;
  const text = own(raw, "where");
  if (text !== undefined) {
    if (typeof text !== "string" || text.length === 0 || text.length > TEST_FILE_LIMITS.maxWhereLength) {
      problem(`\`${where}.where\` must be a condition of at most ${TEST_FILE_LIMITS.maxWhereLength} characters`, undefined, { path: [...path, "where"] });
    } else {
      const compiled = compileWhere(text);
      if ("message" in compiled)
        problem(`\`${where}.where\`: ${compiled.message}`, "E0902", { path: [...path, "where"], within: compiled.at }, compiled.help);
      else condition = { text, set: compiled };
    }
  }
  const runs = own(raw, "runs");
  if (runs !== undefined && (typeof runs !== "number" || !Number.isInteger(runs) || runs < 1 || runs > TEST_FILE_LIMITS.maxRuns)) {
    problem(`\`${where}.runs\` must be an integer from 1 to ${TEST_FILE_LIMITS.maxRuns}`, undefined, { path: [...path, "runs"] });
  }
  const actions = stringList(own(raw, "action"), `${where}.action`, [...path, "action"], problem);
  const resources = stringList(own(raw, "resource"), `${where}.resource`, [...path, "resource"], problem);
  if (name === null || never === null || always === null) return null;
  return {
    name,
    given,
    where: condition,
    ...(actions !== undefined ? { actions } : {}),
    ...(resources !== undefined ? { resources } : {}),
    never,
    always,
    ...(typeof runs === "number" ? { runs } : {}),
  };
}

/**
 * A `where` condition becomes a one-policy set `allow … when COND`, decided by the
 * reference interpreter: the condition means exactly what it means in a policy.
 */
function compileWhere(text: string): PolicySet | { message: string; at: Spot; help?: string } {
  const prefix = "policy where {\n  allow\n  subject *\n  action *\n  resource *\n  when ";
  const condition = text.trim();
  // Offsets in the wrapper source become offsets in `text` (where its condition starts).
  const leading = text.length - text.trimStart().length;
  const whole: Spot = { start: leading, end: leading + condition.length };
  const source = `${prefix}${condition}\n}\n`;
  const result = parse(source, "where");
  const first = result.diagnostics.find((d) => d.severity === "error");
  if (first !== undefined) {
    // The `}` the wrapper adds is not the user's: say the condition ended.
    const message = condition.includes("}") ? first.message : first.message.replaceAll("found `}`", "found the end of the condition");
    const clamp = (offset: number) => leading + Math.min(Math.max(offset - prefix.length, 0), condition.length);
    const start = clamp(offsetAt(source, first.line, first.column));
    const end = first.endLine === undefined || first.endColumn === undefined ? start : clamp(offsetAt(source, first.endLine, first.endColumn));
    return { message, at: { start, end }, ...(first.help === undefined ? {} : { help: first.help }) };
  }
  // The text must be one condition and nothing else: `true } policy q { … }` parses too,
  // as a condition followed by a policy of its own.
  const [policy, ...more] = result.ast.declarations;
  const expr = policy?.kind === "Policy" && policy.conditions.length === 1 ? policy.conditions[0]?.expr : undefined;
  if (more.length > 0 || expr === undefined) return { message: "not a single condition", at: whole };
  // Around the expression only the parentheses that enclose it (anything else — `priority 5`,
  // a comment — would be a clause or text the condition does not show).
  const before = condition.slice(0, Math.max(0, expr.span.start.offset - prefix.length));
  const after = condition.slice(Math.max(0, expr.span.end.offset - prefix.length));
  if (!/^[\s(]*$/.test(before) || !/^[\s)]*$/.test(after)) return { message: "not a single condition", at: whole };
  return { sources: [result.ast as SourceFile], policies: [policy as Policy], roles: new Map() };
}

/** The offset of a 1-based line and column, lines counted as the lexer counts them. */
function offsetAt(text: string, line: number, column: number): number {
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let l = 1; l < line; l++) {
    const found = breaks.exec(text);
    if (found === null) return text.length;
    start = found.index + found[0].length;
  }
  return Math.min(start + column - 1, text.length);
}

/**
 * The raw place, in a JSON text, of `part` of the string value at `spot` (offsets in the
 * decoded string): each escape (`\n`, `\u00e9`) is one decoded code unit.
 */
function partOfString(json: string, spot: Spot, part: Spot): Spot {
  const first = spot.start + 1;
  const last = spot.end - 1;
  if (json[spot.start] !== '"' || last < first) return spot;
  const raw = (target: number): number => {
    let i = first;
    for (let k = 0; k < target && i < last; k++) i += json.charCodeAt(i) === 0x5c ? (json[i + 1] === "u" ? 6 : 2) : 1;
    return Math.min(i, last);
  };
  return { start: raw(part.start), end: raw(part.end) };
}


/** A member name or an array index: a place in a JSON document. */
type Segment = string | number;

/** Offsets in a JSON text: `start` inclusive, `end` exclusive. */
interface Spot {
  readonly start: number;
  readonly end: number;
}

/** Where each key and each value of a JSON text is, by path (to MAX_SPOT_DEPTH segments). */
interface JsonSpots {
  readonly keys: Map<string, Spot>;
  readonly values: Map<string, Spot>;
}

/** Deep enough for every path a test-file problem names (`invariants[0].given.subject`). */
const MAX_SPOT_DEPTH = 4;

function pathId(path: readonly Segment[]): string {
  return path.map((s) => (typeof s === "number" ? `#${s}` : `.${s}`)).join("\u0000");
}

function spotOf(spots: JsonSpots, at: At): Spot | undefined {
  const id = pathId(at.path);
  return (at.key === true ? spots.keys.get(id) : undefined) ?? spots.values.get(id);
}

/** 1-based line and column of an offset, lines counted as the lexer and code frames count them. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = splitLines(before);
  return { line: lines.length, column: (lines[lines.length - 1] ?? "").length + 1 };
}

/** The place of a spot; the end only when it is on the same line. */
function spanAt(text: string, spot: Spot): { line: number; column: number; endLine?: number; endColumn?: number } {
  const start = lineColumnAt(text, spot.start);
  const end = lineColumnAt(text, spot.end);
  return end.line === start.line && end.column > start.column ? { ...start, endLine: end.line, endColumn: end.column } : start;
}

/**
 * Scans a JSON text, recording where its keys and values are (`spots`), or the offset of
 * its first syntax error (`error`, for parsers that do not say where). Iterative: a deeply
 * nested document cannot overflow the stack. Duplicate keys: the last one, as JSON.parse.
 */
export function scanJson(text: string): JsonSpots | null {
  const result = scan(text);
  return result.error === null ? result.spots : null;
}

/** Offset of the first syntax error in a JSON text, or null when it is valid. */
export function jsonSyntaxErrorOffset(text: string): number | null {
  return scan(text).error;
}

function scan(text: string): { spots: JsonSpots; error: number | null } {
  const spots: JsonSpots = { keys: new Map(), values: new Map() };
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  /** Moves past a string starting at `i`; false (with `i` at the fault) if it is not one. */
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            while (i < n && /[0-9a-fA-F]/.test(text[i] as string)) i++;
            return false;
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  // Faults where V8 reports them: at the first character where a digit was needed.
  const digits = (): boolean => {
    const from = i;
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    return i > from;
  };
  const number = (): boolean => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else if (!digits()) return false;
    if (text[i] === ".") {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!digits()) return false;
    }
    return true;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  // Paths past MAX_SPOT_DEPTH are not kept (null): a deep document costs no longer paths.
  type Frame = { kind: "object" | "array"; path: Segment[] | null; index: number };
  const stack: Frame[] = [];
  const record = (map: Map<string, Spot>, path: readonly Segment[] | null, start: number, end: number) => {
    if (path !== null) map.set(pathId(path), { start, end });
  };
  const child = (path: Segment[] | null, segment: Segment): Segment[] | null =>
    path === null || path.length >= MAX_SPOT_DEPTH ? null : [...path, segment];
  // One value at `path`; containers push a frame and are finished by the loop below.
  const value = (path: Segment[] | null): boolean => {
    ws();
    const start = i;
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      record(spots.values, path, start, start + 1);
      stack.push({ kind: c === "{" ? "object" : "array", path, index: 0 });
      return true;
    }
    const ok = c === '"' ? string() : c === "-" || (c !== undefined && c >= "0" && c <= "9") ? number() : c === "t" ? literal("true") : c === "f" ? literal("false") : c === "n" ? literal("null") : false;
    if (ok) record(spots.values, path, start, i);
    return ok;
  };
  if (!value([])) return { spots, error: i };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    ws();
    const close = frame.kind === "object" ? "}" : "]";
    if (text[i] === close) {
      i++;
      stack.pop();
      continue;
    }
    if (frame.index > 0) {
      if (text[i] !== ",") return { spots, error: i };
      i++;
      ws();
    }
    let path: Segment[] | null;
    if (frame.kind === "object") {
      const keyStart = i;
      if (!string()) return { spots, error: i };
      path = frame.path === null || frame.path.length >= MAX_SPOT_DEPTH ? null : child(frame.path, JSON.parse(text.slice(keyStart, i)) as string);
      record(spots.keys, path, keyStart, i);
      ws();
      if (text[i] !== ":") return { spots, error: i };
      i++;
    } else path = child(frame.path, frame.index);
    frame.index++;
    if (!value(path)) return { spots, error: i };
  }
  ws();
  return { spots, error: i < n ? i : null };
}
