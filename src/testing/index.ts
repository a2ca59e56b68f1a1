/**
 * `mcpolicy/testing`: property tests of your own policies from vitest or jest.
 *
 * ```ts
 * import { assertNeverAllowed, expectDecision, requestArbitraries } from "mcpolicy/testing";
 * const engine = await loadPolicies("policies/");
 * const schema = JSON.parse(await readFile("policies/schema.json", "utf8"));
 * it("viewers never delete", () =>
 *   assertNeverAllowed(engine, { schema, given: { subject: { roles: ["viewer"] } },
 *     action: "tools/call", resource: "tool:delete_file" }));
 * ```
 *
 * Failures throw an Error whose message holds the shrunk counterexample, the
 * explanation of its decision and the seed to replay.
 */
import { printValue } from "./print-value.js";
import type fc from "fast-check";
import { collectHints, type Hints } from "../analysis/hints.js";
import { inferSchemaDocument } from "../analysis/infer-schema.js";
import { arbitraryOfType, type GeneratedRequest, requestArbitrary } from "../attributes/arbitraries.js";
import { ANY } from "../attributes/attr-type.js";
import { type AttributeSchema, loadAttributeSchema } from "../attributes/schema.js";
import type { DecisionEffect } from "../model/decision.js";
import type { PolicyEngine } from "../model/engine.js";
import { isPolicyEngine } from "../model/is-policy-engine.js";
import { isPlainObject } from "../evaluate/values.js";
import { closest, unknownOption } from "../syntax/suggest.js";
import { listedProblem } from "./listed.js";
import { formatExplanation } from "./format-explanation.js";
import { Coverage, DEFAULT_RUNS, generationHints, runInvariant, runPolicyTests as runTests, type RunOptions, type TestReport, type TestResult } from "./runner.js";
import { parseInvariant, type TestFile } from "./test-file.js";

export type { GeneratedRequest } from "../attributes/arbitraries.js";
export type { AttributeSchema } from "../attributes/schema.js";
export { loadAttributeSchema } from "../attributes/schema.js";
export type { TestReport, TestResult, RunOptions } from "./runner.js";
export { loadTestFile, type TestFile, type Invariant, type ExampleCase } from "./test-file.js";
export { junitReport } from "./junit.js";

/** A schema document (the JSON of schema.json) or an already loaded schema. */
export type SchemaInput = AttributeSchema | Record<string, unknown>;

/** A TypeError unless `engine` is a policy engine (a wrong argument fails here, not mid-run). */
function checkEngine(engine: unknown, what: string): asserts engine is PolicyEngine {
  if (!isPolicyEngine(engine)) throw new TypeError(`${what} expects a policy engine (from compile() or loadPolicies())`);
}

const INVARIANT_OPTIONS = ["schema", "given", "where", "action", "resource", "runs", "seed"] as const;

/**
 * A TypeError for an unknown option (a typo such as `wehre` would otherwise widen the
 * check silently) or a bad `seed`; the other options are checked with the invariant.
 */
/** "unknown key `x` in WHERE; did you mean `y`?" */
function unknownKey(key: string, known: readonly string[], where: string): string {
  const suggestion = closest(key, known);
  return `unknown key \`${key}\` in ${where}${suggestion === undefined ? "" : `; did you mean \`${suggestion}\`?`}`;
}

const RULE_KEYS: readonly string[] = ["never", "always"];
const REQUEST_KEYS: readonly string[] = ["subject", "resource", "action", "env"];

function checkInvariantOptions(options: unknown, what: string): asserts options is InvariantOptions {
  // A plain object: a Map's entries (`new Map([["runs", 5]])`) are no keys, and would be ignored.
  if (!isPlainObject(options)) throw new TypeError(`${what} options must be a plain object`);
  for (const key of Object.keys(options)) {
    if ((INVARIANT_OPTIONS as readonly string[]).includes(key)) continue;
    throw new TypeError(`${what}: ${unknownOption(key, INVARIANT_OPTIONS)}`);
  }
  const seed = (options as InvariantOptions).seed;
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new TypeError(`${what}: option \`seed\` must be a safe integer (at most 2^53 − 1 in magnitude)`);
}

function resolveSchema(engine: PolicyEngine, schema: SchemaInput | undefined): AttributeSchema {
  // A schema loaded before is reused as is (loadAttributeSchema recognizes its own).
  const document = schema ?? inferSchemaDocument(engine.policySet);
  const loaded = loadAttributeSchema(document);
  if (loaded.schema === null) {
    // E0751's message already starts so: not "invalid attribute schema: invalid attribute schema: …".
    const problems = loaded.diagnostics.map((d) => d.message.replace(/^invalid attribute schema: /, ""));
    throw new TypeError(`invalid attribute schema: ${problems.join("; ")}`);
  }
  return loaded.schema;
}

export interface RequestArbitraries {
  readonly subject: fc.Arbitrary<Record<string, unknown>>;
  readonly env: fc.Arbitrary<Record<string, unknown>>;
  /**
   * Resources: an id string, or an object with a string `id` that fits the schema's
   * entry for that id (the resources of `request`, drawn on their own).
   */
  readonly resource: fc.Arbitrary<string | Record<string, unknown>>;
  /** Whole requests; the resource and `env.arguments` fit each other and the schema. */
  readonly request: fc.Arbitrary<GeneratedRequest>;
}

/**
 * fast-check arbitraries for requests to `engine`, from `schema` (inferred from the
 * policies when absent), biased toward the literals the policies mention.
 */
export function requestArbitraries(engine: PolicyEngine, schema?: SchemaInput): RequestArbitraries {
  checkEngine(engine, "requestArbitraries()");
  const loaded = resolveSchema(engine, schema);
  const hints = collectHints(engine.policySet);
  const gen = generationHints(hints);
  const objectAny = { ...ANY, any: false, types: new Set(["object" as const]), additional: ANY };
  const problems = new Set<string>();
  const arbitraries = {
    subject: arbitraryOfType(loaded.subject?.type ?? objectAny, ["subject"], gen, undefined, 0, problems) as fc.Arbitrary<Record<string, unknown>>,
    env: arbitraryOfType(loaded.env?.type ?? objectAny, ["env"], gen, undefined, 0, problems) as fc.Arbitrary<Record<string, unknown>>,
    request: requestArbitrary(loaded, gen, { actionPatterns: hints.actionPatterns, resourcePatterns: hints.resourcePatterns, problems }),
  };
  // A resource alone is the resource of a whole request: its id and attributes already
  // fit each other (a resource schema is chosen by the id pattern).
  const resource = arbitraries.request.map((request) => request.resource);
  // Arbitraries of values the schema refuses would make every property fail (or pass) for nothing.
  if (problems.size > 0) throw new TypeError(`requestArbitraries(): cannot generate requests the schema accepts: ${[...problems].join("; ")}`);
  return { subject: arbitraries.subject, resource, env: arbitraries.env, request: arbitraries.request };
}

export interface InvariantOptions {
  /** Attribute schema for generation (default: inferred from the policies). */
  readonly schema?: SchemaInput;
  /** Attributes fixed on every generated request. */
  readonly given?: { subject?: Record<string, unknown>; resource?: Record<string, unknown>; env?: Record<string, unknown> };
  /** Only requests satisfying this condition (policy language) count. */
  readonly where?: string;
  readonly action?: string | readonly string[];
  readonly resource?: string | readonly string[];
  /** Generated requests (default 10,000; fast-check's `numRuns`). */
  readonly runs?: number;
  readonly seed?: number;
}

function failure(result: TestResult, seed: number): Error {
  const lines = [`${result.name}: ${result.message ?? "failed"}`];
  if (result.counterexample !== undefined) lines.push(`counterexample: ${printValue(result.counterexample)}`);
  if (result.explanation !== undefined) lines.push(result.explanation);
  lines.push(`seed: ${seed} (pass { seed: ${seed} } to replay)`);
  return new Error(lines.join("\n"));
}

/** Checks that every generated request's effect is never (or always) one of `effects`. */
export function checkInvariant(
  engine: PolicyEngine,
  rule: { never?: DecisionEffect | readonly DecisionEffect[]; always?: DecisionEffect | readonly DecisionEffect[] },
  options: InvariantOptions = {},
): TestResult {
  checkEngine(engine, "checkInvariant()");
  checkInvariantOptions(options, "checkInvariant()");
  if (typeof rule !== "object" || rule === null) throw new TypeError("checkInvariant() expects a rule { never } or { always }");
  // A misspelt rule key (`alwys`) would leave a rule that tests less than it reads.
  for (const key of Object.keys(rule)) {
    if (!RULE_KEYS.includes(key)) throw new TypeError(`checkInvariant(): ${unknownKey(key, RULE_KEYS, "the rule")}`);
  }
  // `runs` goes through the invariant's own check (a positive integer up to 10,000,000).
  const invariant = parseInvariant({
    name: "invariant",
    ...(options.runs !== undefined ? { runs: options.runs } : {}),
    ...(rule.never !== undefined ? { never: rule.never } : {}),
    ...(rule.always !== undefined ? { always: rule.always } : {}),
    ...(options.given !== undefined ? { given: options.given } : {}),
    ...(options.where !== undefined ? { where: options.where } : {}),
    ...(options.action !== undefined ? { action: options.action } : {}),
    ...(options.resource !== undefined ? { resource: options.resource } : {}),
  });
  const schema = resolveSchema(engine, options.schema);
  const hints = collectHints(engine.policySet);
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  return runInvariant(engine, schema, hints, generationHints(hints), "", invariant, options.runs ?? DEFAULT_RUNS, seed, new Coverage(), () => {});
}

function assertInvariant(name: string, engine: PolicyEngine, rule: Parameters<typeof checkInvariant>[1], options: InvariantOptions): void {
  // Named after the function called: "assertNeverAllowed() expects a policy engine", not checkInvariant().
  checkEngine(engine, `${name}()`);
  checkInvariantOptions(options, `${name}()`);
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  const result = checkInvariant(engine, rule, { ...options, seed });
  if (!result.ok) throw failure(result, seed);
}

/** Throws (with a shrunk counterexample) unless no generated request is allowed. */
export function assertNeverAllowed(engine: PolicyEngine, options: InvariantOptions = {}): void {
  assertInvariant("assertNeverAllowed", engine, { never: "allow" }, options);
}

/** Throws unless every generated request is denied (notapplicable counts as a failure). */
export function assertAlwaysDenied(engine: PolicyEngine, options: InvariantOptions = {}): void {
  assertInvariant("assertAlwaysDenied", engine, { always: "deny" }, options);
}

/** Throws unless some policy decides every generated request (none is notapplicable). */
export function assertAlwaysDecided(engine: PolicyEngine, options: InvariantOptions = {}): void {
  assertInvariant("assertAlwaysDecided", engine, { never: "notapplicable" }, options);
}

export interface RequestInput {
  readonly subject: unknown;
  readonly resource: unknown;
  readonly action: unknown;
  readonly env?: unknown;
}

/** A `TypeError` unless `request` is `{ subject, resource, action, env? }` and nothing else. */
function checkRequest(request: RequestInput, caller: string): void {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw new TypeError(`${caller} expects a request { subject, resource, action, env? }`);
  }
  // `{ subjet: … }` would test the decision for no subject at all.
  for (const key of Object.keys(request)) {
    if (!REQUEST_KEYS.includes(key)) throw new TypeError(`${caller}: ${unknownKey(key, REQUEST_KEYS, "the request")}`);
  }
  for (const key of ["subject", "resource", "action"] as const) {
    if (!Object.hasOwn(request, key)) throw new TypeError(`${caller}: the request needs \`${key}\``);
  }
}

/**
 * Throws unless `engine` decides `request` with `effect` (and, when given, by `policy`;
 * `null` for none). The error explains the decision.
 */
export function expectDecision(engine: PolicyEngine, request: RequestInput, effect: DecisionEffect, policy?: string | null): void {
  checkEngine(engine, "expectDecision()");
  checkRequest(request, "expectDecision()");
  if (effect !== "allow" && effect !== "deny" && effect !== "notapplicable") {
    throw new TypeError(`expectDecision(): the effect must be "allow", "deny" or "notapplicable", got ${printValue(effect)}`);
  }
  // Any other value would never equal the deciding policy's name: a test failing for nothing.
  if (policy !== undefined && policy !== null && typeof policy !== "string") {
    throw new TypeError(`expectDecision(): the policy must be a policy name (a string), or null for none, got ${printValue(policy)}`);
  }
  const decision = engine.evaluate(request.subject, request.resource, request.action, request.env);
  if (decision.effect === effect && (policy === undefined || decision.policy === policy)) return;
  const wanted = `${effect}${policy === undefined ? "" : policy === null ? " by no policy" : ` by \`${policy}\``}`;
  const got = `${decision.effect}${decision.policy === null ? "" : ` by \`${decision.policy}\``}`;
  const why = formatExplanation(engine.explain(request.subject, request.resource, request.action, request.env));
  throw new Error(`expected ${wanted}, got ${got}\n${why}`);
}

/**
 * Throws unless MCP lists show the item exactly when `listed` says: whether some
 * `env.arguments` could make `request` allowed (`engine.couldAllow`; the request's own
 * arguments are ignored). The error gives arguments that would be allowed, when known.
 */
export function expectListed(engine: PolicyEngine, request: RequestInput, listed: boolean): void {
  checkEngine(engine, "expectListed()");
  checkRequest(request, "expectListed()");
  if (typeof listed !== "boolean") throw new TypeError(`expectListed(): \`listed\` must be true or false, got ${printValue(listed)}`);
  const problem = listedProblem(engine, request, listed);
  if (problem !== null) throw new Error(problem);
}

export interface PolicyTestOptions extends RunOptions {
  /** Attribute schema every file's invariants generate from (default: inferred from the policies). */
  readonly schema?: SchemaInput;
}

const RUN_OPTIONS = ["schema", "runs", "seed", "filter", "onProgress", "schemaFor"] as const;

/**
 * Runs test files (from `loadTestFile`) against `engine`, as `mcpolicy test` does:
 *
 * ```ts
 * const { file } = loadTestFile(JSON.parse(await readFile("policies/policies.test.json", "utf8")), "policies.test.json");
 * const report = runPolicyTests(engine, [file], { schema, runs: 1000, seed: 1 });
 * ```
 *
 * Also `runPolicyTests(engine, schema, hints, files, options)`, where `hints` may be
 * `undefined` (they are read from the engine's policies) and `schema` a document or a
 * loaded schema (`undefined`: inferred). Every argument is checked first (a TypeError).
 */
export function runPolicyTests(engine: PolicyEngine, files: readonly TestFile[], options?: PolicyTestOptions): TestReport;
export function runPolicyTests(
  engine: PolicyEngine,
  schema: SchemaInput | undefined,
  hints: unknown,
  files: readonly TestFile[],
  options?: RunOptions,
): TestReport;
export function runPolicyTests(engine: PolicyEngine, ...args: unknown[]): TestReport {
  checkEngine(engine, "runPolicyTests()");
  const short = Array.isArray(args[0]);
  if (short && args.length > 2) throw new TypeError("runPolicyTests() expects (engine, files, options?) or (engine, schema, hints, files, options?)");
  // A `null` where options go is an error below, not "no options".
  const [schemaInput, hints, files, options = {}] = short ? [(args[1] as PolicyTestOptions | null | undefined)?.schema, undefined, args[0], args[1]] : args;
  if (!isPlainObject(options)) throw new TypeError("runPolicyTests() options must be a plain object");
  const known: readonly string[] = short ? RUN_OPTIONS : RUN_OPTIONS.filter((k) => k !== "schema");
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`runPolicyTests(): ${unknownOption(key, known)}`);
  }
  if (schemaInput !== undefined && (typeof schemaInput !== "object" || schemaInput === null || Array.isArray(schemaInput))) {
    throw new TypeError("runPolicyTests() expects the attribute schema as an object (the JSON of schema.json, or loadAttributeSchema's schema)");
  }
  const schema = resolveSchema(engine, schemaInput as SchemaInput | undefined);
  const { schema: _schema, ...runOptions } = options as PolicyTestOptions;
  // Hints given are checked by the runner (a `{}` is a TypeError there, not a crash mid-run).
  return runTests(engine, schema, (hints ?? collectHints(engine.policySet)) as Hints, files as readonly TestFile[], runOptions);
}
