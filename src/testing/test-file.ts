/**
 * Policy test files (`*.test.json`, docs/testing.md): example requests with the
 * expected decision, and invariants checked on generated requests. `loadTestFile`
 * checks the shape and bounds and compiles each `where` condition; never throws.
 */
import type { ReportedDiagnostic } from "../errors.js";
import type { DecisionEffect } from "../model/decision.js";
import type { Policy, SourceFile } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { parse } from "../syntax/parse.js";

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
export function loadTestFile(value: unknown, name: string): { file: TestFile | null; diagnostics: ReportedDiagnostic[] } {
  const diagnostics: ReportedDiagnostic[] = [];
  const problem = (message: string, code = "E0901") => {
    diagnostics.push({ code, severity: "error", message, source: name, line: 1, column: 1 });
  };
  if (!isPlainObject(value)) {
    problem("a test file must be a JSON object with `examples` and/or `invariants`");
    return { file: null, diagnostics };
  }
  for (const key of Object.keys(value)) if (!FILE_KEYS.has(key)) problem(`unknown key \`${key}\` in the test file`);
  const description = own(value, "description");
  const schema = own(value, "schema");
  if (schema !== undefined && typeof schema !== "string") problem("`schema` must be a path (string)");

  const examples: ExampleCase[] = [];
  const rawExamples = own(value, "examples") ?? [];
  if (!Array.isArray(rawExamples) || rawExamples.length > TEST_FILE_LIMITS.maxCases) problem(`\`examples\` must be an array of at most ${TEST_FILE_LIMITS.maxCases} cases`);
  else rawExamples.forEach((raw, i) => {
    const example = loadExample(raw, `examples[${i}]`, problem);
    if (example !== null) examples.push(example);
  });

  const invariants: Invariant[] = [];
  const rawInvariants = own(value, "invariants") ?? [];
  if (!Array.isArray(rawInvariants) || rawInvariants.length > TEST_FILE_LIMITS.maxCases) problem(`\`invariants\` must be an array of at most ${TEST_FILE_LIMITS.maxCases} invariants`);
  else rawInvariants.forEach((raw, i) => {
    const invariant = loadInvariant(raw, `invariants[${i}]`, problem);
    if (invariant !== null) invariants.push(invariant);
  });

  // A file that tests nothing must not pass as a file whose tests passed.
  if (diagnostics.length === 0 && examples.length === 0 && invariants.length === 0)
    problem("the test file has no examples and no invariants: it tests nothing");
  // Names of every case, valid or not: a duplicate shows now, not after the first copy is fixed.
  const names = new Set<string>();
  for (const raw of [...(Array.isArray(rawExamples) ? rawExamples : []), ...(Array.isArray(rawInvariants) ? rawInvariants : [])]) {
    const name = isPlainObject(raw) ? own(raw, "name") : undefined;
    if (typeof name !== "string") continue;
    if (names.has(name)) problem(`two tests are named \`${name}\``);
    names.add(name);
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

type Problem = (message: string, code?: string) => void;

function caseName(raw: Record<string, unknown>, where: string, problem: Problem): string | null {
  const name = own(raw, "name");
  if (typeof name !== "string" || name === "" || name.length > 200) {
    problem(`\`${where}.name\` must be a non-empty string of at most 200 characters`);
    return null;
  }
  return name;
}

function effects(value: unknown, where: string, problem: Problem): DecisionEffect[] | null {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((e) => EFFECTS.includes(e as DecisionEffect))) {
    problem(`\`${where}\` must be \`allow\`, \`deny\`, \`notapplicable\` or a list of them`);
    return null;
  }
  return list as DecisionEffect[];
}

function loadExample(raw: unknown, where: string, problem: Problem): ExampleCase | null {
  if (!isPlainObject(raw)) {
    problem(`\`${where}\` must be an object`);
    return null;
  }
  for (const key of Object.keys(raw)) if (!EXAMPLE_KEYS.has(key)) problem(`unknown key \`${key}\` in \`${where}\``);
  const name = caseName(raw, where, problem);
  // Every problem of the example is reported, not only the first.
  let valid = true;
  const invalid = (message: string) => {
    problem(message);
    valid = false;
  };
  const expect = own(raw, "expect");
  const listed = own(raw, "listed");
  if (listed !== undefined && typeof listed !== "boolean") invalid(`\`${where}.listed\` must be true or false`);
  if (expect === undefined && listed === undefined) {
    invalid(`\`${where}\` needs \`expect\` (a decision) or \`listed\` (list visibility), or both`);
  }
  if (expect !== undefined && (typeof expect !== "string" || !EFFECTS.includes(expect as DecisionEffect))) {
    invalid(`\`${where}.expect\` must be \`allow\`, \`deny\` or \`notapplicable\``);
  }
  const policy = own(raw, "policy");
  if (policy !== undefined && policy !== null && typeof policy !== "string") problem(`\`${where}.policy\` must be a policy name or null`);
  if (policy !== undefined && expect === undefined) problem(`\`${where}.policy\` needs \`expect\``);
  for (const key of ["subject", "resource", "action"]) if (!Object.hasOwn(raw, key)) problem(`\`${where}\` needs \`${key}\``);
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

function stringList(value: unknown, where: string, problem: Problem): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === "string" && s.length > 0 && s.length <= 1024)) {
    problem(`\`${where}\` must be a string or a non-empty list of strings`);
    return undefined;
  }
  return list as string[];
}

/** One invariant in the test-file form (for the programmatic API); throws on a bad one. */
export function parseInvariant(raw: unknown, label = "invariant"): Invariant {
  const problems: string[] = [];
  const invariant = loadInvariant(raw, label, (message) => problems.push(message));
  if (invariant === null || problems.length > 0) throw new TypeError(`invalid invariant: ${problems.join("; ")}`);
  return invariant;
}

function loadInvariant(raw: unknown, where: string, problem: Problem): Invariant | null {
  if (!isPlainObject(raw)) {
    problem(`\`${where}\` must be an object`);
    return null;
  }
  for (const key of Object.keys(raw)) if (!INVARIANT_KEYS.has(key)) problem(`unknown key \`${key}\` in \`${where}\``);
  const name = caseName(raw, where, problem);
  const never = own(raw, "never") === undefined ? [] : effects(own(raw, "never"), `${where}.never`, problem);
  const always = own(raw, "always") === undefined ? [] : effects(own(raw, "always"), `${where}.always`, problem);
  if (never !== null && always !== null && never.length === 0 && always.length === 0) problem(`\`${where}\` needs \`never\` or \`always\``);

  const given: Record<string, Record<string, unknown>> = {};
  const rawGiven = own(raw, "given");
  if (rawGiven !== undefined) {
    if (!isPlainObject(rawGiven)) problem(`\`${where}.given\` must be an object with \`subject\`, \`resource\` and/or \`env\``);
    else {
      for (const [key, v] of Object.entries(rawGiven)) {
        if (!["subject", "resource", "env"].includes(key)) problem(`unknown key \`${key}\` in \`${where}.given\``);
        else if (!isPlainObject(v)) problem(`\`${where}.given.${key}\` must be an object`);
        else given[key] = v;
      }
    }
  }

  let condition: Invariant["where"] = null;
  const text = own(raw, "where");
  if (text !== undefined) {
    if (typeof text !== "string" || text.length === 0 || text.length > TEST_FILE_LIMITS.maxWhereLength) {
      problem(`\`${where}.where\` must be a condition of at most ${TEST_FILE_LIMITS.maxWhereLength} characters`);
    } else {
      const compiled = compileWhere(text);
      if (typeof compiled === "string") problem(`\`${where}.where\`: ${compiled}`, "E0902");
      else condition = { text, set: compiled };
    }
  }
  const runs = own(raw, "runs");
  if (runs !== undefined && (typeof runs !== "number" || !Number.isInteger(runs) || runs < 1 || runs > TEST_FILE_LIMITS.maxRuns)) {
    problem(`\`${where}.runs\` must be a positive integer`);
  }
  const actions = stringList(own(raw, "action"), `${where}.action`, problem);
  const resources = stringList(own(raw, "resource"), `${where}.resource`, problem);
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
function compileWhere(text: string): PolicySet | string {
  const prefix = "policy where {\n  allow\n  subject *\n  action *\n  resource *\n  when ";
  const condition = text.trim();
  const source = `${prefix}${condition}\n}\n`;
  const result = parse(source, "where");
  const first = result.diagnostics.find((d) => d.severity === "error");
  // The `}` the wrapper adds is not the user's: say the condition ended.
  if (first !== undefined) return condition.includes("}") ? first.message : first.message.replaceAll("found `}`", "found the end of the condition");
  // The text must be one condition and nothing else: `true } policy q { … }` parses too,
  // as a condition followed by a policy of its own.
  const [policy, ...more] = result.ast.declarations;
  const expr = policy?.kind === "Policy" && policy.conditions.length === 1 ? policy.conditions[0]?.expr : undefined;
  if (more.length > 0 || expr === undefined) return "not a single condition";
  // Around the expression only the parentheses that enclose it (anything else — `priority 5`,
  // a comment — would be a clause or text the condition does not show).
  const before = condition.slice(0, Math.max(0, expr.span.start.offset - prefix.length));
  const after = condition.slice(Math.max(0, expr.span.end.offset - prefix.length));
  if (!/^[\s(]*$/.test(before) || !/^[\s)]*$/.test(after)) return "not a single condition";
  return { sources: [result.ast as SourceFile], policies: [policy as Policy], roles: new Map() };
}

