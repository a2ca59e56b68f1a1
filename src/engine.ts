/**
 * The engine: compile once, cache per subject, decide (spec §6).
 *
 * `compile` / `loadPolicies` turn sources into a checked PolicySet (parser, static
 * checks) and hand it to `createEngine`, which compiles it (src/compile/) and keeps a
 * bounded per-subject cache keyed by the *content* of the subject attributes the set
 * reads. `explain` and `couldAllow` use the reference interpreter (src/evaluate/).
 */
import { LRUCache } from "lru-cache";
import { loadAttributeSchema } from "./attributes/schema.js";
import { createRequestValidator, type RequestValidator } from "./attributes/validate-request.js";
import { typecheckPolicySet } from "./analysis/typecheck.js";
import { checkPolicySet, isCheckedPolicySet } from "./check/check-set.js";
import { CompiledSet, failClosed } from "./compile/compiled-set.js";
import { Doorkeeper, doorkeeperSlots } from "./compile/doorkeeper.js";
import { malformed, requestProblems } from "./compile/request.js";
import type { PlanSource, SubjectPlan } from "./compile/subject-plan.js";
import { NEVER, type SubjectCheck } from "./compile/subject-checks.js";
import { MAX_KEY_LENGTH, ReadPart, type SubjectReads } from "./compile/subject-reads.js";
import { copyValue, isPlain } from "./compile/values.js";
import { type ReportedDiagnostic, PolicyError, sortDiagnostics } from "./errors.js";
import { couldAllowReference, explainReference, searchArgumentsReference } from "./evaluate/index.js";
import { explainEvaluation } from "./evaluate/explain.js";
import { collectPolicyFiles } from "./load/files.js";
import type { SourceFile } from "./model/ast.js";
import { type ArgumentsSearch, type ArgumentsShape, type CouldAllowOptions, fitsShape } from "./model/arguments-search.js";
import type { Decision, EvaluationError } from "./model/decision.js";
import type { CompileOptions, PolicyEngine, SubjectDecider } from "./model/engine.js";
import type { Explanation } from "./model/explain.js";
import type { PolicySet } from "./model/policy-set.js";
import type { JsonValue } from "./model/request.js";
import { sourceFileFromJson } from "./schema/ast-json.js";
import { parse } from "./syntax/parse.js";
import { unknownOption } from "./syntax/suggest.js";
import { shorten } from "./syntax/shorten.js";

/** Default bound of the per-subject cache. */
export const DEFAULT_MAX_SUBJECTS = 10_000;
/**
 * Characters of cache keys per subject of `maxSubjects`, on average: the cache is bounded
 * in their sum too. A key is the content the set reads (up to 16 Ki characters) and its
 * plan holds about as much again (snapshot, interpolated globs): 10,000 subjects of
 * 15,000-character ids held ≈ 490 MB. Subjects of ordinary size never reach it.
 */
export const KEY_CHARACTERS_PER_SUBJECT = 1024;

/** Diagnostic codes of the API layer (docs/diagnostics.md). */
export const ENGINE_CODES = Object.freeze({
  badSource: "E0010",
  badSourceElement: "E0011",
  badOption: "E0012",
});

/** A named source for `compile`. */
export interface NamedSource {
  readonly name: string;
  readonly text: string;
}

/** What `compile` accepts: text, named texts, or the JSON AST form (one SourceFile or a list). */
export type CompileInput = string | readonly (NamedSource | SourceFile)[] | SourceFile;

/**
 * Compiles policy sources into an engine. Throws PolicyError carrying every diagnostic
 * for any bad input: a non-string source, a bad list element, a syntax or static error.
 */
export function compile(source: CompileInput, options?: CompileOptions): Engine {
  try {
    return compileChecked(source, options);
  } catch (error) {
    throw asPolicyError(error, "cannot read the policy source");
  }
}

function compileChecked(source: unknown, options?: CompileOptions): Engine {
  const files: SourceFile[] = [];
  const diagnostics: ReportedDiagnostic[] = [];
  const names: string[] = [];
  const addText = (text: unknown, name?: string) => {
    const result = parse(text, name);
    files.push(result.ast);
    diagnostics.push(...result.diagnostics);
    if (name !== undefined) names.push(name);
  };
  /** Adds a JSON AST source; returns its name, if it is valid. */
  const addJson = (value: unknown, name?: string): string | undefined => {
    const result = sourceFileFromJson(value, name);
    diagnostics.push(...result.diagnostics);
    if (result.ast === null) return undefined;
    files.push(result.ast);
    names.push(result.ast.name);
    return result.ast.name;
  };
  if (typeof source === "string") addText(source);
  else if (Array.isArray(source)) {
    // Own data elements only: a hole or an accessor is a bad element, not skipped.
    const length = source.length;
    if (!Number.isSafeInteger(length) || length > MAX_SOURCES) {
      diagnostics.push(
        apiProblem(ENGINE_CODES.badSource, `expected at most ${MAX_SOURCES} sources, got ${String(length)}`),
      );
    }
    // Source name → index of the first source of that name: diagnostics and explanations
    // tell sources apart by name, so two of one name would make them ambiguous.
    const firstNamed = new Map<string, number>();
    const named = (name: string | undefined, i: number) => {
      if (name === undefined) return;
      const first = firstNamed.get(name);
      if (first === undefined) firstNamed.set(name, i);
      else
        diagnostics.push(
          apiProblem(
            ENGINE_CODES.badSourceElement,
            `source ${i} is named ${JSON.stringify(name)}, as source ${first} is: each source needs a name of its own`,
          ),
        );
    };
    for (let i = 0; i < length && i < MAX_SOURCES; i++) {
      const descriptor = Object.getOwnPropertyDescriptor(source, i);
      const element: unknown = descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
      if (descriptor !== undefined && isSourceFileJson(element)) named(addJson(element), i);
      else if (descriptor !== undefined && isNamedSource(element)) {
        const name = ownString(element, "name");
        addText(ownString(element, "text"), name);
        named(name, i);
      } else
        diagnostics.push(
          apiProblem(
            ENGINE_CODES.badSourceElement,
            `source ${i} must be \`{ name, text }\` with string name and text, or a SourceFile object`,
          ),
        );
    }
  } else if (isSourceFileJson(source)) addJson(source);
  else {
    diagnostics.push(
      apiProblem(
        ENGINE_CODES.badSource,
        `expected policy text, a list of \`{ name, text }\` sources, or the JSON AST form, got ${describe(source)}`,
      ),
    );
  }
  return fromFiles(files, diagnostics, names, options);
}

/**
 * Loads `*.mcpolicy` files and directories (spec §1) and compiles them. Rejects with
 * PolicyError for a missing path, an unreadable file, or any policy error.
 */
export async function loadPolicies(paths: string | readonly string[], options?: CompileOptions): Promise<Engine> {
  try {
    return await loadChecked(paths, options);
  } catch (error) {
    throw asPolicyError(error, "cannot load the policy paths");
  }
}

async function loadChecked(input: unknown, options?: CompileOptions): Promise<Engine> {
  const paths = pathList(input);
  if (typeof paths === "object" && "problem" in paths) {
    throw new PolicyError([apiProblem(ENGINE_CODES.badSource, paths.problem), ...optionProblems(options)]);
  }
  const collected = await collectPolicyFiles(paths);
  const diagnostics: ReportedDiagnostic[] = [...collected.diagnostics];
  const files: SourceFile[] = [];
  for (const file of collected.files) {
    const result = parse(file.text, file.name);
    files.push(result.ast);
    diagnostics.push(...result.diagnostics);
  }
  const names = collected.files.map((file) => file.name);
  return fromFiles(files, diagnostics, names, options);
}

/**
 * Checks the parsed sources as a set and makes the engine. The set is checked even when
 * a source has syntax errors (as `mcpolicy check` does), so that the PolicyError carries
 * every diagnostic: duplicate names and role cycles across sources too.
 */
function fromFiles(files: SourceFile[], diagnostics: ReportedDiagnostic[], names: string[], options?: CompileOptions): Engine {
  // Parsed sources come straight from `parse` (JSON ASTs are fresh copies, so re-checked).
  let checked: ReturnType<typeof checkPolicySet>;
  try {
    checked = checkPolicySet(files, { trustParsed: true });
  } catch (error) {
    // A recovered AST the checks cannot take: the parse errors already say what is wrong.
    if (hasErrors(diagnostics)) throw new PolicyError(sortDiagnostics([...diagnostics, ...optionProblems(options)], names));
    throw error;
  }
  const all = [...diagnostics, ...checked.diagnostics];
  if (hasErrors(all)) throw new PolicyError(sortDiagnostics([...all, ...optionProblems(options)], names));
  return createEngine(checked.set, options, all);
}

/**
 * An engine for a checked PolicySet. Throws PolicyError for bad options (unknown ones
 * included), schema type errors, or a set that fails its checks. A set that
 * `checkPolicySet` did not make (hand-built, or a copy) is checked again from its
 * sources first; a set's AST must not be changed after `checkPolicySet` made it.
 * `warnings` collects the non-error diagnostics of compilation.
 */
export function createEngine(set: PolicySet, given: CompileOptions = {}, warnings: readonly ReportedDiagnostic[] = []): Engine {
  try {
    return createChecked(set, given, warnings);
  } catch (error) {
    throw asPolicyError(error, "cannot read the compile options");
  }
}

/** The compile options read and checked on their own (no policy set needed). */
interface ReadOptions {
  readonly maxSubjects: unknown;
  readonly validateRequests: unknown;
  /** The loaded `schema` option, when given. */
  readonly loaded: ReturnType<typeof loadAttributeSchema> | null;
  /** Errors in the options (the schema's included). */
  readonly problems: readonly ReportedDiagnostic[];
}

function checkOptions(rawOptions: unknown): ReadOptions {
  const problems: ReportedDiagnostic[] = [];
  const options = readOptions(rawOptions, problems);
  // Absent (undefined) takes the default; null is a value, and not a number.
  const maxSubjects = options.maxSubjects === undefined ? DEFAULT_MAX_SUBJECTS : options.maxSubjects;
  if (
    typeof maxSubjects !== "number" ||
    !Number.isSafeInteger(maxSubjects) ||
    maxSubjects < 0 ||
    maxSubjects > MAX_SUBJECTS_LIMIT
  ) {
    problems.push(
      apiProblem(
        ENGINE_CODES.badOption,
        `\`maxSubjects\` must be an integer from 0 to ${MAX_SUBJECTS_LIMIT}, got ${describeOption(options.maxSubjects)}`,
      ),
    );
  }
  if (options.validateRequests !== undefined && typeof options.validateRequests !== "boolean") {
    problems.push(apiProblem(ENGINE_CODES.badOption, `\`validateRequests\` must be a boolean, got ${describeOption(options.validateRequests)}`));
  }
  const loaded = options.schema === undefined ? null : loadAttributeSchema(options.schema);
  if (loaded !== null) problems.push(...loaded.diagnostics.filter((d) => d.severity === "error"));
  else if (options.validateRequests === true) {
    problems.push(apiProblem(ENGINE_CODES.badOption, "`validateRequests` needs a `schema` to validate against"));
  }
  return { maxSubjects, validateRequests: options.validateRequests, loaded, problems };
}

/**
 * The problems of the options, for a PolicyError thrown over the sources' errors: every
 * diagnostic of the call, not only the first kind met. Never throws.
 */
function optionProblems(rawOptions: unknown): readonly ReportedDiagnostic[] {
  try {
    return checkOptions(rawOptions).problems;
  } catch (error) {
    return asPolicyError(error, "cannot read the compile options").diagnostics;
  }
}

function createChecked(given: PolicySet, rawOptions: unknown, warnings: readonly ReportedDiagnostic[]): Engine {
  const set = checkedSet(given);
  const options = checkOptions(rawOptions);
  const problems: ReportedDiagnostic[] = [...options.problems];
  // They become `engine.warnings`: a string would be read as a list of one-letter "diagnostics".
  const listed = Array.isArray(warnings) && Array.from(warnings).every((d) => typeof d === "object" && d !== null);
  if (!listed) {
    problems.push(apiProblem(ENGINE_CODES.badOption, `\`warnings\` must be a list of diagnostics (objects), got ${describe(warnings)}`));
  }
  const maxSubjects = options.maxSubjects;
  let validator: RequestValidator | null = null;
  const notes: ReportedDiagnostic[] = listed ? [...warnings] : [];
  const loaded = options.loaded;
  if (loaded !== null) {
    notes.push(...loaded.diagnostics.filter((d) => d.severity !== "error"));
    if (loaded.schema !== null) {
      const typed = typecheckPolicySet(set, loaded.schema);
      problems.push(...typed.filter((d) => d.severity === "error"));
      notes.push(...typed.filter((d) => d.severity !== "error"));
      if (options.validateRequests === true) validator = createRequestValidator(loaded.schema);
    }
  }
  if (problems.length > 0)
    throw new PolicyError(
      sortDiagnostics(
        problems,
        set.sources.map((s) => s.name),
      ),
    );
  return new Engine(set, new CompiledSet(set), maxSubjects as number, validator, notes);
}

/**
 * The set to compile: one `checkPolicySet` made, or else the result of checking the given
 * set's sources again (a hand-built PolicySet never reaches the compiler unchecked).
 */
function checkedSet(given: unknown): PolicySet {
  if (isCheckedPolicySet(given)) return given;
  const sources = isPlainSafe(given) ? ownValue(given, "sources") : undefined;
  if (!Array.isArray(sources)) {
    throw new PolicyError([apiProblem(ENGINE_CODES.badSource, "createEngine expects a PolicySet (the `set` that checkPolicySet returns)")]);
  }
  // checkPolicySet reads a source of unknown shape as the JSON AST form is read.
  const checked = checkPolicySet(sources);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new PolicyError(errors);
  return checked.set;
}

/** Upper bound of `maxSubjects`: lru-cache preallocates by it (10,000,000 takes seconds). */
export const MAX_SUBJECTS_LIMIT = 1_000_000;
/** Longer resource ids get no class (`resourceClass`): the index remembers ids. */
const MAX_CLASSED_ID = 4096;
/** Upper bound of the number of sources in one `compile` call. */
const MAX_SOURCES = 100_000;
const OPTION_NAMES = ["maxSubjects", "validateRequests", "schema"] as const;

/**
 * The options as own data properties of a plain object (or undefined); anything else,
 * an accessor included, is an E0012 problem and reads as absent.
 */
function readOptions(
  given: unknown,
  problems: ReportedDiagnostic[],
): { maxSubjects?: unknown; validateRequests?: unknown; schema?: unknown } {
  if (given === undefined) return {};
  if (!isPlainSafe(given)) {
    problems.push(
      apiProblem(ENGINE_CODES.badOption, `expected the options to be a plain object, got ${describe(given)}`),
    );
    return {};
  }
  const out: Record<string, unknown> = {};
  // A misspelled option (`maxSubject`) must not silently mean "the default".
  for (const key of Reflect.ownKeys(given)) {
    if (typeof key === "string" && (OPTION_NAMES as readonly string[]).includes(key)) continue;
    problems.push(apiProblem(ENGINE_CODES.badOption, unknownOption(shorten(typeof key === "string" ? key : String(key)), OPTION_NAMES)));
  }
  for (const name of OPTION_NAMES) {
    const descriptor = Object.getOwnPropertyDescriptor(given, name);
    if (descriptor === undefined) continue;
    if (!("value" in descriptor)) {
      problems.push(apiProblem(ENGINE_CODES.badOption, `option \`${name}\` must be a data property, not an accessor`));
      continue;
    }
    if (descriptor.value !== undefined) out[name] = descriptor.value;
  }
  return out;
}

/**
 * A string or an array of strings, read through own data elements only; else what is
 * wrong with it (a list is named as one, with the element that is not a path).
 */
function pathList(input: unknown): string | string[] | { problem: string } {
  if (typeof input === "string") return input;
  if (!Array.isArray(input)) return { problem: `expected a path or a list of paths, got ${describe(input)}` };
  const length = input.length;
  if (!Number.isSafeInteger(length) || length > MAX_SOURCES) return { problem: `expected at most ${MAX_SOURCES} paths, got ${String(length)}` };
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    const descriptor = Object.getOwnPropertyDescriptor(input, i);
    const element: unknown = descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
    if (typeof element !== "string") {
      const what = descriptor === undefined ? "a hole" : "value" in descriptor ? describe(element) : "an accessor";
      return { problem: `path ${i} of the list must be a string, got ${what}` };
    }
    out.push(element);
  }
  return out;
}

/** Any failure while reading hostile input becomes a PolicyError (spec §6). */
function asPolicyError(error: unknown, what: string): PolicyError {
  let detail = "unexpected failure";
  try {
    // A trap may throw anything, even a revoked Proxy: `instanceof` itself can throw.
    if (error instanceof PolicyError) return error;
    if (error instanceof Error && typeof error.message === "string") detail = error.message.slice(0, 200);
  } catch {
    // A hostile error object: keep the generic detail.
  }
  return new PolicyError([apiProblem(ENGINE_CODES.badSource, `${what}: ${detail}`)]);
}

function describeOption(value: unknown): string {
  return typeof value === "number" ? `\`${String(value)}\`` : describe(value);
}

/** A compiled policy set (spec §6). Every method is total: none throws. */
export class Engine implements PolicyEngine {
  /** The checked policy set this engine was compiled from. */
  readonly policySet: PolicySet;
  /** Non-error diagnostics of compilation (e.g. schema warnings). */
  readonly warnings: readonly ReportedDiagnostic[];
  readonly #compiled: CompiledSet;
  readonly #cache: LRUCache<string, SubjectPlan> | null;
  /** Admits a subject's plan to the cache on the second sight of its content. */
  readonly #doorkeeper: Doorkeeper;
  /**
   * The plan last used with each subject object, re-checked against the object's
   * current attributes on every use (never trusted blindly) unless the object and its
   * read arrays are deep-frozen (and no Proxy): then it is valid for good. One map, so
   * a call costs one lookup. Weak: it lives no longer than the caller's objects.
   */
  readonly #recent: WeakMap<object, KnownSubject> | null;
  readonly #validate: RequestValidator | null;
  /** Whether frozen subjects are recognized (the reads are all top-level attributes). */
  readonly #freezable: boolean;
  /** `reads.unchanged`, or "never unchanged" when the reads cannot be re-checked piecewise. */
  readonly #unchanged: NonNullable<SubjectReads["unchanged"]>;
  /** How a remembered subject object is re-checked (shared by every KnownSubject). */
  readonly #recheck: Recheck;

  /** Use `compile`, `loadPolicies` or `createEngine`. */
  constructor(
    set: PolicySet,
    compiled: CompiledSet,
    maxSubjects: number,
    validate: RequestValidator | null,
    warnings: readonly ReportedDiagnostic[],
  ) {
    if (!(compiled instanceof CompiledSet)) throw new TypeError("an Engine is made by compile(), loadPolicies() or createEngine()");
    this.policySet = set;
    this.#compiled = compiled;
    this.#cache =
      maxSubjects > 0
        ? new LRUCache({
            max: maxSubjects,
            // Never less than one key of the longest length: any subject can be cached.
            maxSize: Math.max(maxSubjects * KEY_CHARACTERS_PER_SUBJECT, MAX_KEY_LENGTH),
            // At least 1: lru-cache throws on a size of 0 (an empty key).
            sizeCalculation: (_plan, key) => Math.max(1, key.length),
          })
        : null;
    this.#doorkeeper = new Doorkeeper(doorkeeperSlots(maxSubjects));
    // Remember subject objects when they can be re-checked cheaply, or when frozen ones
    // can be recognized (whole-subject reads: only deep-frozen objects are remembered).
    this.#recent =
      maxSubjects > 0 && (compiled.reads.unchanged !== null || compiled.reads.frozen !== null) ? new WeakMap() : null;
    this.#freezable = this.#recent !== null && compiled.reads.frozen !== null;
    this.#validate = validate;
    this.warnings = warnings;
    this.#unchanged = compiled.reads.unchanged ?? (() => false);
    this.#recheck = {
      // Without piecewise reads (`unchanged` is null) no object is remembered unfrozen.
      check: compiled.reads.check ?? (() => NEVER),
      replan: (subject) => this.#planFor(subject, true),
    };
  }

  /** Number of specialized subjects currently cached (0 when read off another object: never a throw). */
  get cachedSubjects(): number {
    return #cache in this ? (this.#cache?.size ?? 0) : 0;
  }

  /** Decides a request (spec §5); sees the subject as it is now. Never throws. */
  evaluate(subject: unknown, resource: unknown, action: unknown, env?: unknown): Decision {
    try {
      if (this.#validate !== null) {
        const invalid = this.#validate(subject, resource, action, env);
        if (invalid.length > 0) return malformed(invalid);
      }
      const recent = this.#recent;
      let stale = false;
      if (recent !== null && typeof subject === "object" && subject !== null) {
        const known = recent.get(subject);
        if (known !== undefined) {
          const plan = known.plan;
          plan.noteReturn();
          // A frozen subject already matched to a plan: it cannot have changed.
          if (known.frozen) return this.#compiled.decide(plan, resource, action, env);
          // The same object again: re-check only the fields that pick candidates now;
          // the rest is re-checked (known.refresh) only if a candidate's conditions run.
          if (isPlain(subject) && known.targetsUnchanged(subject)) {
            return this.#compiled.decide(plan, resource, action, env, subject, known);
          }
          stale = true;
        }
      }
      if (!isPlain(subject)) return malformed(requestProblems(subject, resource, action, env));
      // `stale`: a remembered plan just failed its re-check; don't check it again.
      return this.#compiled.decide(this.#planFor(subject, stale), resource, action, env);
    } catch (error) {
      return failClosed(error);
    }
  }

  /** `evaluate(...).allowed`. Never throws (false even when called detached from its engine). */
  isAllowed(subject: unknown, resource: unknown, action: unknown, env?: unknown): boolean {
    try {
      return this.evaluate(subject, resource, action, env).allowed === true;
    } catch {
      return false;
    }
  }

  /**
   * Specializes for the subject as it is now: the returned function reads a deep
   * snapshot and never sees later changes to the object, at any depth.
   */
  forSubject(subject: unknown): SubjectDecider {
    try {
      return this.#forSubject(subject);
    } catch (error) {
      // Only a call detached from its engine gets here: every request is denied.
      const denial = failClosed(error);
      return () => denial;
    }
  }

  #forSubject(subject: unknown): SubjectDecider {
    let plan: SubjectPlan | null = null;
    let copy: unknown = null;
    try {
      if (isPlain(subject)) {
        plan = this.#planFor(subject);
        if (this.#validate !== null) copy = copyValue(subject);
      }
    } catch {
      plan = null;
    }
    const compiled = this.#compiled;
    if (plan === null) {
      return (resource, action, env) => {
        try {
          return malformed(requestProblems(null, resource, action, env));
        } catch (error) {
          return failClosed(error);
        }
      };
    }
    const specialized = plan;
    const validate = this.#validate;
    if (validate !== null) {
      return (resource, action, env) => {
        try {
          const invalid = validate(copy, resource, action, env);
          return invalid.length > 0 ? malformed(invalid) : compiled.decide(specialized, resource, action, env);
        } catch (error) {
          return failClosed(error);
        }
      };
    }
    return (resource, action, env) => compiled.decide(specialized, resource, action, env);
  }

  /**
   * Why the decision is what it is, policy by policy (reference interpreter). With
   * `validateRequests`, a request the schema refuses is explained as `evaluate` decides
   * it: denied before any policy is looked at.
   */
  explain(subject: unknown, resource: unknown, action: unknown, env?: unknown): Explanation {
    try {
      return this.#explain(subject, resource, action, env);
    } catch (error) {
      const decision = failClosed(error);
      return { decision, policies: [], summary: `denied: ${decision.errors[0]?.message ?? "evaluation failed"}` };
    }
  }

  #explain(subject: unknown, resource: unknown, action: unknown, env: unknown): Explanation {
    // A request the schema refuses, or a malformed one, gets the Decision `evaluate` gives
    // it: every problem, worded alike.
    const problems = this.#invalid(subject, resource, action, env, false) ?? requestProblems(subject, resource, action, env);
    if (problems.length > 0) {
      return explainEvaluation(this.policySet, { decision: malformed(problems), outcomes: null, decisive: -1 });
    }
    return explainReference(this.policySet, subject, resource, action, env);
  }

  /** The schema's problems with a request (`validateRequests`), or null when there are none or no schema. Never throws. */
  #invalid(subject: unknown, resource: unknown, action: unknown, env: unknown, argumentsUnknown: boolean): readonly EvaluationError[] | null {
    if (this.#validate === null) return null;
    try {
      const problems = this.#validate(subject, resource, action, env, argumentsUnknown);
      return problems.length > 0 ? problems : null;
    } catch (error) {
      return failClosed(error).errors;
    }
  }

  /**
   * A number shared by resource ids that no request can tell apart — the same targets from
   * every policy, no interpolated pattern that could match them, no condition reading
   * `resource` — or null when the id must be decided on its own. Callers may memoize
   * answers per class instead of per id (MCP list filtering does). Never throws.
   */
  resourceClass(id: unknown): number | null {
    try {
      return typeof id === "string" && id.length <= MAX_CLASSED_ID ? this.#compiled.resourceClass(id) : null;
    } catch {
      return null;
    }
  }

  /**
   * Whether some `env.arguments` could make the request allowed (reference interpreter
   * and witness search). `options.arguments`: which values they can take (default any;
   * see ArgumentsShape — `protect` passes the MCP method's). Invalid options (another key,
   * an unknown shape, a non-object) answer false: fail closed, never a throw.
   */
  couldAllow(subject: unknown, resource: unknown, action: unknown, env?: unknown, options?: CouldAllowOptions): boolean {
    try {
      // A request the schema refuses whatever its arguments is never allowed (`validateRequests`).
      if (this.#invalid(subject, resource, action, env, true) !== null) return false;
      const shape = shapeOption(options);
      if (shape === null) return false;
      return couldAllowReference(this.policySet, subject, resource, action, env, shape);
    } catch {
      // Detached from its engine: nothing could be allowed.
      return false;
    }
  }

  /**
   * Which `env.arguments` make the request allowed: an example (confirmed by `evaluate`
   * with those arguments), `never` when it is proved that none do (then `couldAllow` is
   * false), or `unknown` when the search cannot tell (then `couldAllow` is true).
   * The request's own `env.arguments`, if any, are ignored. Invalid options answer `never`
   * (as `couldAllow` answers false). Never throws.
   */
  argumentsFor(subject: unknown, resource: unknown, action: unknown, env?: unknown, options?: CouldAllowOptions): ArgumentsSearch {
    try {
      return this.#argumentsFor(subject, resource, action, env, options);
    } catch {
      // Detached from its engine: as `couldAllow`, nothing could be allowed.
      return { outcome: "never" };
    }
  }

  #argumentsFor(subject: unknown, resource: unknown, action: unknown, env: unknown, options: CouldAllowOptions | undefined): ArgumentsSearch {
    if (this.#invalid(subject, resource, action, env, true) !== null) return { outcome: "never" };
    const shape = shapeOption(options);
    if (shape === null) return { outcome: "never" };
    const search = searchArgumentsReference(this.policySet, subject, resource, action, env, shape);
    if (search.outcome !== "allowed") return search;
    // The example must be of the shape asked for (the search only makes such; checked anyway).
    if (!fitsShape(search.arguments, shape)) return { outcome: "unknown" };
    // `validateRequests` may still refuse these arguments; the example must hold as given.
    const probe = envWithArguments(env, search.arguments);
    if (probe === null || !this.evaluate(subject, resource, action, probe).allowed) return { outcome: "unknown" };
    // Values copied from the request (`env.arguments.o == subject.o`) are null-prototype
    // snapshots: hand back ordinary objects.
    return search.arguments === undefined ? search : { outcome: "allowed", arguments: ordinaryJson(search.arguments) };
  }

  /**
   * The plan for a plain-object subject: cached by the content the set reads. `stale`:
   * the caller just found the object's remembered plan out of date.
   */
  #planFor(subject: object, stale = false): SubjectPlan {
    const cache = this.#cache;
    if (cache === null) return this.#compiled.plan(subject);
    const reads = this.#compiled.reads;
    const recent = this.#recent;
    if (recent !== null && !stale) {
      const known = recent.get(subject)?.plan;
      if (known?.flat != null && this.#unchanged(subject, known.flat, ReadPart.All)) return known;
    }
    // Key our copy, not the caller's object: one pass of own-data reads, and the key is
    // exactly the content the plan sees (accessors, holes and proxies are resolved in it).
    const snapshot = reads.snapshot(subject);
    const key = reads.snapshotKey(snapshot);
    if (key === null) return this.#compiled.planFrom(snapshot);
    let plan = cache.get(key);
    if (plan === undefined) {
      // New content: cached only the second time it is seen (Doorkeeper), and the object
      // remembered only once it comes back (a WeakMap entry per one-off subject object
      // costs more in GC than the identity path ever saves).
      plan = this.#compiled.planFrom(snapshot);
      if (this.#doorkeeper.admit(key)) cache.set(key, plan);
      return plan;
    }
    // Content seen before (the key is exact): remember this object with its plan.
    // Not every object: only while objects of this content do come back (admitObject).
    if (recent !== null && plan.admitObject()) {
      const frozen = this.#freezable && reads.frozen?.(subject) === true;
      if (frozen || reads.unchanged !== null) recent.set(subject, new KnownSubject(plan, frozen, this.#recheck));
    }
    return plan;
  }
}

/** What every KnownSubject shares: the engine's re-check of one object, and its fallback. */
interface Recheck {
  readonly check: NonNullable<SubjectReads["check"]>;
  /** The plan for a subject whose remembered plan is out of date. */
  readonly replan: (subject: object) => SubjectPlan;
}

/**
 * A subject object's last plan. `frozen`: the object cannot change, no re-check needed.
 * Otherwise each use re-checks the object against checks of the plan's values (made
 * on the first re-check, so a one-off object never pays for them): the fields that pick
 * candidates on every call, the rest (`refresh`, as the plan's PlanSource) only when a
 * candidate may read them.
 */
class KnownSubject implements PlanSource {
  readonly #check: Recheck;
  #targets: SubjectCheck | null = null;
  #rest: SubjectCheck | null = null;

  constructor(
    readonly plan: SubjectPlan,
    readonly frozen: boolean,
    check: Recheck,
  ) {
    this.#check = check;
  }

  /** Whether `subject` still holds the target fields (`id`, `roles`, `groups`) of the plan. */
  targetsUnchanged(subject: object): boolean {
    let targets = this.#targets;
    if (targets === null) {
      const flat = this.plan.flat;
      if (flat === null) return false;
      targets = this.#check.check(flat, ReadPart.Targets);
      this.#targets = targets;
    }
    return targets.holds(subject);
  }

  /** The plan, if `subject` still holds the rest of its values too; else a new one. */
  refresh(plan: SubjectPlan, subject: object): SubjectPlan {
    const flat = plan.flat;
    if (plan === this.plan && flat !== null) {
      this.#rest ??= this.#check.check(flat, ReadPart.Rest);
      if (this.#rest.holds(subject)) return plan;
    }
    return this.#check.replan(subject);
  }
}

/** A JSON value with ordinary objects (prototype Object.prototype) throughout; keys kept as own data. */
function ordinaryJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(ordinaryJson);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const item = ordinaryJson((value as Record<string, JsonValue>)[key] as JsonValue);
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const SHAPES: readonly ArgumentsShape[] = ["any", "object", "strings", "empty"];

/**
 * The `arguments` option, read defensively: `undefined`, `{}` or `{ arguments: undefined }`
 * is "any". Anything else that is not `{ arguments: <one of SHAPES> }` — a typo in the key
 * or the value, another key, a non-object, a getter — is null: these methods cannot throw,
 * so they answer as for a request nothing could allow (fail closed: a typo hides an item
 * rather than widen what is listed).
 */
function shapeOption(options: unknown): ArgumentsShape | null {
  if (options === undefined) return "any";
  if (!isPlainSafe(options)) return null;
  let keys: (string | symbol)[];
  try {
    keys = Reflect.ownKeys(options);
  } catch {
    return null;
  }
  if (keys.some((key) => key !== "arguments")) return null;
  if (keys.length === 0) return "any";
  const descriptor = ownDescriptor(options, "arguments");
  if (descriptor === undefined || !("value" in descriptor)) return null;
  const shape: unknown = descriptor.value;
  if (shape === undefined) return "any";
  return SHAPES.includes(shape as ArgumentsShape) ? (shape as ArgumentsShape) : null;
}

/** An own property's descriptor, or undefined when absent or when inspecting throws. */
function ownDescriptor(value: object, key: string): PropertyDescriptor | undefined {
  try {
    return Object.getOwnPropertyDescriptor(value, key);
  } catch {
    return undefined;
  }
}

/** `env`'s own data properties with `arguments` replaced (dropped when undefined); null if `env` cannot be read. */
function envWithArguments(env: unknown, args: unknown): Record<string, unknown> | null {
  const copy: Record<string, unknown> = {};
  const define = (key: string, value: unknown) =>
    Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  if (env !== undefined) {
    if (!isPlainSafe(env)) return null;
    try {
      for (const key of Reflect.ownKeys(env)) {
        if (typeof key !== "string" || key === "arguments") continue;
        const descriptor = Object.getOwnPropertyDescriptor(env, key);
        if (descriptor !== undefined && "value" in descriptor) define(key, descriptor.value);
      }
    } catch {
      return null;
    }
  }
  if (args !== undefined) define("arguments", args);
  return copy;
}

function hasErrors(diagnostics: readonly ReportedDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

function apiProblem(code: string, message: string): ReportedDiagnostic {
  return { code, severity: "error", message, line: 1, column: 1 };
}

function isPlainSafe(value: unknown): value is object {
  try {
    return isPlain(value);
  } catch {
    return false;
  }
}

/** An own data property's value (undefined for an accessor, or when inspecting throws). */
function ownValue(value: object, key: string): unknown {
  try {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
  } catch {
    return undefined;
  }
}

function ownString(value: object, key: string): string | undefined {
  try {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor !== undefined && typeof descriptor.value === "string" ? descriptor.value : undefined;
  } catch {
    return undefined;
  }
}

function isSourceFileJson(value: unknown): boolean {
  return isPlainSafe(value) && ownString(value, "kind") === "SourceFile";
}

function isNamedSource(value: unknown): value is NamedSource {
  return isPlainSafe(value) && ownString(value, "name") !== undefined && ownString(value, "text") !== undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  try {
    if (Array.isArray(value)) return "an array";
  } catch {
    return "a revoked Proxy";
  }
  return typeof value === "object" ? "an object" : typeof value;
}
