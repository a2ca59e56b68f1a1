/**
 * Runs policy tests (`mcpolicy test`): each example is decided once; each invariant is
 * tried on generated requests with fast-check (deterministic from the seed), and a
 * failure is shrunk to a minimal counterexample and explained. Records which policies
 * decided something (coverage). Synchronous and bounded by the run counts.
 */
import fc from "fast-check";
import { type GenerationHints, requestArbitrary, type GeneratedRequest } from "../attributes/arbitraries.js";
import type { AttributeSchema } from "../attributes/schema.js";
import { createRequestValidator } from "../attributes/validate-request.js";
import type { Hints } from "../analysis/hints.js";
import { createEngine } from "../engine.js";
import { collectHints } from "../analysis/hints.js";
import type { Decision, DecisionEffect } from "../model/decision.js";
import type { PolicyEngine } from "../model/engine.js";
import { isPolicyEngine } from "../model/is-policy-engine.js";
import type { Expr } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { pathKey } from "../attributes/attr-type.js";
import { defineOwn } from "../attributes/define-own.js";
import { formatExplanation } from "./format-explanation.js";
import { listedProblem } from "./listed.js";
import { type ExampleCase, type Invariant, isLoadedTestFile, type TestFile } from "./test-file.js";

export interface TestRequest {
  readonly subject: unknown;
  readonly resource: unknown;
  readonly action: unknown;
  readonly env: unknown;
}

export interface TestResult {
  readonly file: string;
  readonly kind: "example" | "invariant";
  readonly name: string;
  readonly ok: boolean;
  /** One line: what was expected and what happened. */
  readonly message?: string;
  /** For failures: the (shrunk) request that fails. */
  readonly counterexample?: TestRequest;
  /** For failures: the decision's explanation, as text. */
  readonly explanation?: string;
  /** Generated requests tried (invariants). */
  readonly runs?: number;
  /** Generated requests rejected by `where`. */
  readonly skipped?: number;
  /** Generated requests the schema refuses (they test nothing, so they are not run). */
  readonly refused?: number;
  /**
   * Invariants that pass: set when the policies decided fewer than half of the requests
   * asked for (`runs`): most generated requests were refused by the schema (or by the
   * engine). The test passed on fewer requests than it reads.
   */
  readonly warning?: string;
  /** Invariants: the seed the requests were generated from (pass it as `seed` to replay). */
  readonly seed?: number;
  readonly durationMs: number;
}

export interface PolicyCoverage {
  readonly policy: string;
  readonly source?: string;
  readonly line: number;
  /** How many tested requests this policy decided. */
  readonly decisive: number;
}

export interface TestReport {
  readonly seed: number;
  readonly results: readonly TestResult[];
  readonly coverage: readonly PolicyCoverage[];
  readonly durationMs: number;
}

export interface RunOptions {
  /** Generated requests per invariant (default 10,000). */
  readonly runs?: number;
  /** Seed for generation; the report repeats it for replay. */
  readonly seed?: number;
  /** Called as invariant runs progress (`done` of `total` generated requests). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Only run tests whose name contains this text. */
  readonly filter?: string;
  /**
   * The schema a file's invariants generate from, when files name their own (`"schema"`
   * in a test file); files it gives no schema for use `schema`.
   */
  readonly schemaFor?: (file: TestFile) => AttributeSchema | undefined;
}

export const DEFAULT_RUNS = 10_000;
/** The most generated requests per invariant (as the CLI's `--runs` and a test file's `runs`). */
const MAX_RUNS = 10_000_000;

/** A TypeError for arguments `runPolicyTests` cannot run with (never a crash mid-run, never an endless run). */
function checkRunArguments(engine: unknown, schema: unknown, hints: unknown, files: unknown, options: unknown): void {
  if (!isPolicyEngine(engine)) throw new TypeError("runPolicyTests() expects a policy engine (from compile() or loadPolicies())");
  if (typeof schema !== "object" || schema === null) throw new TypeError("runPolicyTests() expects a loaded attribute schema (loadAttributeSchema)");
  if (!isHints(hints)) throw new TypeError("runPolicyTests() expects the policies' hints (or leave them out: they are read from the engine's policies)");
  if (!Array.isArray(files)) throw new TypeError("runPolicyTests() expects an array of test files (loadTestFile)");
  files.forEach((file: unknown, i) => {
    // Only what loadTestFile made: a look-alike's cases were never checked (an example
    // without a request would pass without testing).
    if (!isLoadedTestFile(file)) {
      throw new TypeError(`runPolicyTests(): files[${i}] is not a test file (use the \`file\` loadTestFile returns)`);
    }
  });
  if (typeof options !== "object" || options === null) throw new TypeError("runPolicyTests() options must be an object");
  const { runs, seed, onProgress, filter } = options as RunOptions;
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1 && runs <= MAX_RUNS)) {
    throw new TypeError(`runPolicyTests(): option \`runs\` must be an integer from 1 to ${MAX_RUNS}`);
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new TypeError("runPolicyTests(): option `seed` must be a safe integer (at most 2^53 − 1 in magnitude)");
  if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError("runPolicyTests(): option `onProgress` must be a function");
  if (filter !== undefined && typeof filter !== "string") throw new TypeError("runPolicyTests(): option `filter` must be a string");
  const { schemaFor } = options as RunOptions;
  if (schemaFor !== undefined && typeof schemaFor !== "function") throw new TypeError("runPolicyTests(): option `schemaFor` must be a function");
}

const HINT_MAPS = ["values", "elements", "globs", "members"] as const;
const HINT_LISTS = ["roles", "users", "groups", "actionPatterns", "resourcePatterns", "strings", "numbers"] as const;

/** Whether `value` has the shape of the policies' hints (collectHints): a `{}` would fail mid-run. */
function isHints(value: unknown): value is Hints {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return HINT_MAPS.every((k) => record[k] instanceof Map) && HINT_LISTS.every((k) => Array.isArray(record[k]));
}

/** Consecutive generated requests a `where` may reject before the invariant fails. */
const MAX_STREAK = 2_000;

/** Turns the policy-literal hints into generation hints, with subject targets folded in. */
export function generationHints(hints: Hints): GenerationHints {
  const elements = new Map(hints.elements);
  const values = new Map(hints.values);
  const addAll = (map: Map<string, readonly (string | number | boolean | null)[]>, key: string, list: readonly string[]) => {
    map.set(key, [...new Set([...(map.get(key) ?? []), ...list])]);
  };
  addAll(elements, pathKey("subject", ["roles"]), hints.roles);
  addAll(elements, pathKey("subject", ["groups"]), hints.groups);
  addAll(values, pathKey("subject", ["id"]), hints.users.length > 0 ? hints.users : ["alice"]);
  return { values, elements, globs: hints.globs, members: hints.members, lists: hints.lists ?? new Map(), strings: hints.strings, numbers: hints.numbers };
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (typeof over !== "object" || over === null || Array.isArray(over)) return over;
  if (typeof base !== "object" || base === null || Array.isArray(base)) return { ...over };
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const key of Object.keys(over)) {
    const value = (over as Record<string, unknown>)[key];
    defineOwn(out, key, Object.hasOwn(out, key) ? deepMerge(out[key], value) : value);
  }
  return out;
}

function describeDecision(d: Decision): string {
  const by = d.policy === null ? "" : ` by \`${d.policy}\``;
  const errors = d.errors.length > 0 ? ` (errors: ${d.errors.map((e) => e.message).join("; ")})` : "";
  return `${d.effect}${by}${errors}`;
}

function effects(list: readonly DecisionEffect[]): string {
  return list.join(" or ");
}

export class Coverage {
  readonly counts = new Map<string, number>();
  record(decision: Decision): void {
    if (decision.policy !== null) this.counts.set(decision.policy, (this.counts.get(decision.policy) ?? 0) + 1);
  }
}

/** Runs every test of `files` against `engine`. */
export function runPolicyTests(
  engine: PolicyEngine,
  schema: AttributeSchema,
  hints: Hints,
  files: readonly TestFile[],
  options: RunOptions = {},
): TestReport {
  checkRunArguments(engine, schema, hints, files, options);
  const started = performance.now();
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
  const runs = options.runs ?? DEFAULT_RUNS;
  const coverage = new Coverage();
  const results: TestResult[] = [];
  const gen = generationHints(hints);
  const selected = (name: string) => options.filter === undefined || name.includes(options.filter);
  const invariants = files.flatMap((f) => f.invariants.filter((i) => selected(i.name)));
  const total = invariants.reduce((sum, i) => sum + (i.runs ?? runs), 0);
  let done = 0;

  for (const file of files) {
    for (const example of file.examples) {
      if (selected(example.name)) results.push(runExample(engine, file.name, example, coverage));
    }
    for (const invariant of file.invariants) {
      if (!selected(invariant.name)) continue;
      const count = invariant.runs ?? runs;
      const base = done;
      const fileSchema = options.schemaFor?.(file) ?? schema;
      const result = runInvariant(engine, fileSchema, hints, gen, file.name, invariant, count, seed, coverage, (n) => {
        options.onProgress?.(base + n, total);
      });
      done = base + count;
      options.onProgress?.(done, total);
      results.push(result);
    }
  }
  const policyCoverage = engine.policySet.policies.map((p) => ({
    policy: p.name.value,
    ...(p.span.source !== undefined ? { source: p.span.source } : {}),
    line: p.span.start.line,
    decisive: coverage.counts.get(p.name.value) ?? 0,
  }));
  return { seed, results, coverage: policyCoverage, durationMs: performance.now() - started };
}

export function runExample(engine: PolicyEngine, file: string, example: ExampleCase, coverage: Coverage): TestResult {
  const started = performance.now();
  const request = { subject: example.subject, resource: example.resource, action: example.action, env: example.env };
  const problems: string[] = [];
  let decisionWrong = false;
  if (example.expect !== undefined) {
    const decision = engine.evaluate(example.subject, example.resource, example.action, example.env);
    coverage.record(decision);
    const effectOk = decision.effect === example.expect;
    const policyOk = example.policy === undefined || decision.policy === example.policy;
    if (!effectOk || !policyOk) {
      const wanted = `${example.expect}${example.policy === undefined ? "" : example.policy === null ? " by no policy" : ` by \`${example.policy}\``}`;
      problems.push(`expected ${wanted}, got ${describeDecision(decision)}`);
      decisionWrong = true;
    }
  }
  if (example.listed !== undefined) {
    const problem = listedProblem(engine, request, example.listed);
    if (problem !== null) problems.push(problem);
  }
  if (problems.length === 0) return { file, kind: "example", name: example.name, ok: true, durationMs: performance.now() - started };
  return {
    file,
    kind: "example",
    name: example.name,
    ok: false,
    message: problems.join("; "),
    counterexample: request,
    // The explanation is of this request's decision: it says nothing about list visibility.
    ...(decisionWrong
      ? { explanation: formatExplanation(engine.explain(example.subject, example.resource, example.action, example.env)) }
      : {}),
    durationMs: performance.now() - started,
  };
}

function violates(invariant: Invariant, decision: Decision): boolean {
  return invariant.never.includes(decision.effect) || (invariant.always.length > 0 && !invariant.always.includes(decision.effect));
}

/**
 * Generation hints for one invariant: the policies' literals, plus the `where`
 * condition's own literals repeated so that generated requests satisfy it more often.
 */
function invariantHints(base: GenerationHints, invariant: Invariant): GenerationHints {
  if (invariant.where === null) return base;
  const own = collectHints(positivePart(invariant.where.set));
  const boost = <T>(a: ReadonlyMap<string, readonly T[]>, b: ReadonlyMap<string, readonly T[]>) => {
    const out = new Map(a);
    for (const [key, list] of b) out.set(key, [...(a.get(key) ?? []), ...list, ...list, ...list]);
    return out;
  };
  return {
    values: boost(base.values, own.values),
    elements: boost(base.elements, own.elements),
    globs: boost(base.globs, own.globs),
    // `where env has x`: the member must be generated for the filter to pass at all.
    members: boost(base.members ?? new Map(), own.members),
    lists: boost(base.lists ?? new Map(), own.lists ?? new Map()),
    strings: base.strings,
    numbers: base.numbers,
  };
}

/**
 * The `where` condition without its negated parts: literals under `not` describe what
 * the requests must avoid, and favouring them would make the filter reject more.
 */
function positivePart(set: PolicySet): PolicySet {
  const keep: Expr[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === "Not") return;
    if (e.kind === "And" || e.kind === "Or") e.operands.forEach(visit);
    else keep.push(e);
  };
  for (const policy of set.policies) for (const c of policy.conditions) visit(c.expr);
  const [first] = set.policies;
  if (first === undefined) return set;
  const conditions = keep.map((expr) => ({ kind: "Condition" as const, mode: "when" as const, expr, span: expr.span }));
  return { ...set, policies: [{ ...first, conditions }] };
}

/** `where` decided by an engine of its own one-policy set, exactly as a policy would. */
function whereTest(invariant: Invariant): (r: GeneratedRequest) => boolean {
  if (invariant.where === null) return () => true;
  const engine = createEngine(invariant.where.set, { maxSubjects: 0 });
  return (r) => engine.evaluate(r.subject, r.resource, r.action, r.env).effect === "allow";
}

export function runInvariant(
  engine: PolicyEngine,
  schema: AttributeSchema,
  hints: Hints,
  gen: GenerationHints,
  file: string,
  invariant: Invariant,
  runs: number,
  seed: number,
  coverage: Coverage,
  progress: (n: number) => void,
): TestResult {
  const started = performance.now();
  const given = invariant.given;
  const whereHolds = whereTest(invariant);
  // A request the schema refuses tests nothing: it is skipped, never a counterexample.
  const validate = createRequestValidator(schema);
  let refused = 0;
  let refusal = "";
  const problems = new Set<string>();
  const generated = requestArbitrary(schema, invariantHints(gen, invariant), {
    ...(invariant.actions !== undefined ? { actions: invariant.actions } : {}),
    ...(invariant.resources !== undefined ? { resources: invariant.resources } : {}),
    actionPatterns: hints.actionPatterns,
    resourcePatterns: hints.resourcePatterns,
    problems,
  });
  if (problems.size > 0) {
    // The schema asks for values that cannot be generated: say so rather than run
    // requests it would refuse (and blame the invariant for them).
    return {
      file,
      kind: "invariant",
      name: invariant.name,
      ok: false,
      runs: 0,
      seed,
      message: `cannot generate requests the schema accepts: ${[...problems].join("; ")}`,
      durationMs: performance.now() - started,
    };
  }
  const arbitrary = generated.map((r): GeneratedRequest => {
    const resourceObject = typeof r.resource === "string" ? { id: r.resource } : r.resource;
    return {
      subject: given.subject !== undefined ? (deepMerge(r.subject, given.subject) as Record<string, unknown>) : r.subject,
      resource: given.resource !== undefined ? (deepMerge(resourceObject, given.resource) as Record<string, unknown>) : r.resource,
      action: r.action,
      env: given.env !== undefined ? (deepMerge(r.env, given.env) as Record<string, unknown>) : r.env,
    };
  });
  // `where` filters during generation (fast-check's `filter` retries without the cost of
  // a thrown precondition). A `where` that rejects MAX_STREAK requests in a row starves
  // the run: it stops and fails instead of looping.
  let tried = 0;
  let skipped = 0;
  let streak = 0;
  let starved = false;
  let shrinking = false;
  // Requests some policy was looked at for: when none is, the run tested nothing.
  let reached = 0;
  const filtered = arbitrary.filter((r) => {
    if (starved) return true;
    if (whereHolds(r)) {
      streak = 0;
      return true;
    }
    if (!shrinking) {
      skipped++;
      if (++streak >= MAX_STREAK) starved = true;
    }
    return starved;
  });
  const property = fc.property(filtered, (r) => {
    if (starved) return true;
    const problems = validate(r.subject, r.resource, r.action, r.env);
    if (problems.length > 0) {
      if (!shrinking) {
        refused++;
        refusal ||= (problems[0] as { message: string }).message;
      }
      return true;
    }
    if (!shrinking) {
      tried++;
      if ((tried & 255) === 0) progress(tried);
    }
    const decision = engine.evaluate(r.subject, r.resource, r.action, r.env);
    if (!shrinking) {
      coverage.record(decision);
      if (!refusedUnread(decision)) reached++;
    }
    if (violates(invariant, decision)) {
      shrinking = true;
      return false;
    }
    return true;
  });
  const details = fc.check(property, { numRuns: runs, seed });
  const generatedCount = tried + skipped + refused;
  // Requests `where` skips are replaced (fast-check draws again); refused ones are not, so
  // they are what leaves a run deciding fewer requests than it asked for.
  const warning =
    reached < runs / 2
      ? `only ${reached} of the ${runs} requests asked for were decided by the policies (${generatedCount} generated: ${[refused > 0 ? `${refused} refused by the schema` : "", skipped > 0 ? `${skipped} skipped by \`where\`` : "", tried > reached ? `${tried - reached} refused by the engine` : ""].filter((t) => t !== "").join(", ")})`
      : undefined;
  const base = { file, kind: "invariant" as const, name: invariant.name, runs: tried, skipped, refused, seed };
  if (!details.failed && tried === 0 && refused > 0) {
    return {
      ...base,
      ok: false,
      message: `every one of the ${refused} generated requests is refused by the schema (${refusal}): the invariant tests nothing; check its \`action\`, \`resource\` and \`given\` against the schema`,
      durationMs: performance.now() - started,
    };
  }
  if (starved) {
    return {
      ...base,
      ok: false,
      message: `\`where\` rejected too many generated requests (${MAX_STREAK} in a row after ${tried} accepted); fix attributes with \`given\` instead`,
      durationMs: performance.now() - started,
    };
  }
  if (!details.failed && tried > 0 && reached === 0) {
    // Every request was refused before any policy was read (malformed, or invalid for an
    // engine with `validateRequests`): "never allow" held without testing the policies.
    return {
      ...base,
      ok: false,
      message: `every one of the ${tried} generated requests was refused before any policy was looked at (malformed, or invalid for the engine's schema): check the schema and \`given\``,
      durationMs: performance.now() - started,
    };
  }
  const needed = minimumDecided(runs);
  if (!details.failed && reached < needed) {
    // A test that tests nothing is a failure: passing on a handful of requests says
    // nothing about the thousands it reads as.
    return {
      ...base,
      ok: false,
      message: `only ${reached} of the ${generatedCount} generated requests were decided by the policies (at least ${needed} of ${runs} runs must be: 1%, and at least 10)${refused > 0 ? `; ${refused} were refused by the schema (${refusal})` : ""}${skipped > 0 ? `; ${skipped} were skipped by \`where\`` : ""}: the invariant tests almost nothing; check the schema, \`given\` and \`where\``,
      durationMs: performance.now() - started,
    };
  }
  if (!details.failed) return { ...base, ok: true, ...(warning !== undefined ? { warning } : {}), durationMs: performance.now() - started };
  const counter = details.counterexample?.[0];
  if (counter === undefined) {
    const why = details.errorInstance instanceof Error ? details.errorInstance.message.split("\n")[0] : "";
    return { ...base, ok: false, message: `could not run: ${why || "fast-check gave up"}`, durationMs: performance.now() - started };
  }
  const decision = engine.evaluate(counter.subject, counter.resource, counter.action, counter.env);
  // The counterexample is a tested request, printed with its deciding policy: count it,
  // or coverage would call that policy never decisive (shrinking can move the decision
  // away from the policy that decided the request first found failing).
  coverage.record(decision);
  // Name the rule the counterexample breaks (an invariant may state both).
  const breaksNever = invariant.never.includes(decision.effect);
  const rule =
    breaksNever || invariant.always.length === 0 ? `never ${effects(invariant.never)}` : `always ${effects(invariant.always)}`;
  return {
    ...base,
    ok: false,
    message: `expected ${rule}, got ${describeDecision(decision)} after ${details.numRuns} generated requests (shrunk ${details.numShrinks} times)`,
    counterexample: counter,
    explanation: formatExplanation(engine.explain(counter.subject, counter.resource, counter.action, counter.env)),
    durationMs: performance.now() - started,
  };
}

/** Fewest decided requests an invariant passes with: 1% of its runs, at least 10 (never more than its runs). */
export function minimumDecided(runs: number): number {
  return Math.min(runs, Math.max(10, Math.ceil(runs / 100)));
}

/** A deny given before any policy was read: a malformed request, or one the engine's schema refused. */
function refusedUnread(decision: Decision): boolean {
  return decision.effect === "deny" && decision.policy === null && decision.errors.length > 0 && decision.errors.every((e) => e.policy === null);
}
