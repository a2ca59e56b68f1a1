/**
 * What `couldAllow` derives from a policy set once instead of per call: for each role a
 * subject target names, the held roles that imply it (role inclusion resolved); each
 * resource pattern already split into plain or interpolated; and, per action, the
 * policies whose action target is not plainly false, allows and denies apart, highest
 * priority first. Memoized per PolicySet (a checked set is never changed).
 *
 * Every test computed here gives exactly the reference's answer (targets.ts,
 * patterns.ts); only the work is shared. The differential test in
 * test/evaluate/partial-plan.test.ts holds it to that.
 */
import type { PatternTarget, Policy, SubjectTarget } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { splitTemplate } from "../model/template.js";
import { matchGlobMemo } from "./partial-globs.js";
import { compileTemplate, matchTemplate, type Template } from "./partial-template.js";
import type { Request } from "./request.js";
import { fail, ok, type Result } from "./result.js";
import type { SubjectFacts } from "./subject-facts.js";

/** One subject alternative with the names it accepts. */
interface Alternative {
  readonly attribute: "user" | "role" | "group";
  /** `user`: the ids; `group`: the groups; `role`: the named roles (matched against the subject's role closure). */
  readonly accepts: ReadonlySet<string>;
}

type ResourcePattern =
  | { readonly kind: "plain"; readonly glob: string }
  | { readonly kind: "interpolated"; readonly template: Template }
  | { readonly kind: "invalid"; readonly message: string };

export interface PlannedPolicy {
  readonly policy: Policy;
  /** `null`: `subject *`. */
  readonly subject: readonly Alternative[] | null;
  /** `null`: `resource *`. Plain patterns come first (cheap, and a true one decides). */
  readonly resource: readonly ResourcePattern[] | null;
}

/** The policies an action may select, each list by priority, highest first. */
export interface ActionView {
  /** Allows whose action target is true (an erring or false one never applies). */
  readonly allows: readonly PlannedPolicy[];
  /** Denies whose action target is not false (an erring one may still apply). */
  readonly denies: readonly PlannedPolicy[];
}

/** Actions remembered per set; actions are method names, so few. */
const MAX_ACTIONS = 256;
const MAX_ACTION_KEY = 256;

export class PartialPlan {
  readonly #policies: readonly PlannedPolicy[];
  readonly #byAction = new Map<string, ActionView>();
  /** What the plan was built from, to notice a set changed after all (it should not be). */
  readonly source: { readonly policies: readonly Policy[]; readonly count: number; readonly roles: number };

  constructor(set: PolicySet) {
    this.source = { policies: set.policies, count: set.policies.length, roles: set.roles.size };
    this.#policies = set.policies.map((policy) => ({
      policy,
      subject: planSubject(policy.subject),
      resource: planResource(policy.resource),
    }));
  }

  /** The policies whose action target is not false for `action` (memoized per action). */
  forAction(action: string): ActionView {
    const known = this.#byAction.get(action);
    if (known !== undefined) return known;
    const allows: PlannedPolicy[] = [];
    const denies: PlannedPolicy[] = [];
    for (const planned of this.#policies) {
      const test = matchActionMemo(planned.policy.action, action);
      if (planned.policy.effect === "allow" ? test.ok && test.value : !test.ok || test.value) {
        (planned.policy.effect === "allow" ? allows : denies).push(planned);
      }
    }
    // Stable: policies of equal priority keep set order.
    const byPriority = (a: PlannedPolicy, b: PlannedPolicy) => b.policy.priority - a.policy.priority;
    const view = { allows: allows.sort(byPriority), denies: denies.sort(byPriority) };
    if (action.length <= MAX_ACTION_KEY) {
      if (this.#byAction.size >= MAX_ACTIONS) this.#byAction.clear();
      this.#byAction.set(action, view);
    }
    return view;
  }
}

const plans = new WeakMap<PolicySet, PartialPlan>();

/** The plan of a set, built on first use. */
export function planFor(set: PolicySet): PartialPlan {
  let plan = plans.get(set);
  const source = plan?.source;
  const stale =
    source !== undefined &&
    (source.policies !== set.policies || source.count !== set.policies.length || source.roles !== set.roles.size);
  if (plan === undefined || stale) {
    plan = new PartialPlan(set);
    plans.set(set, plan);
  }
  return plan;
}

/** The reference's `matchAction`, with compiled globs shared. */
export function matchActionMemo(target: PatternTarget, action: string): Result<boolean> {
  if (target.kind === "AnyPattern") return ok(true);
  let error: Result<boolean> | undefined;
  for (const pattern of target.patterns) {
    const result = matchGlobMemo(action, pattern.value);
    if (result.ok && result.value) return result;
    if (!result.ok) error ??= result;
  }
  return error ?? ok(false);
}

/** The reference's `matchSubject` (true, else the first error, else false). */
export function matchSubjectPlanned(planned: PlannedPolicy, subject: SubjectFacts): Result<boolean> {
  if (planned.subject === null) return ok(true);
  let error: Result<boolean> | undefined;
  for (const alternative of planned.subject) {
    const result = matchAlternative(alternative, subject);
    if (result.ok && result.value) return result;
    if (!result.ok) error ??= result;
  }
  return error ?? ok(false);
}

/** The reference's `matchResource` (true, else the first error, else false). */
export function matchResourcePlanned(planned: PlannedPolicy, request: Request): Result<boolean> {
  if (planned.resource === null) return ok(true);
  let error: Result<boolean> | undefined;
  for (const pattern of planned.resource) {
    const result =
      pattern.kind === "plain"
        ? matchGlobMemo(request.resourceId, pattern.glob)
        : pattern.kind === "interpolated"
          ? matchTemplate(request.resourceId, pattern.template, request.subject)
          : fail<boolean>(pattern.message);
    if (result.ok && result.value) return result;
    if (!result.ok) error ??= result;
  }
  return error ?? ok(false);
}

function matchAlternative(alternative: Alternative, subject: SubjectFacts): Result<boolean> {
  if (alternative.attribute === "role") {
    const closure = subject.roleClosure();
    if (!closure.ok || closure.value === null) return closure.ok ? ok(false) : closure;
    for (const name of alternative.accepts) if (closure.value.has(name)) return ok(true);
    return ok(false);
  }
  const held = alternative.attribute === "user" ? subject.id() : subject.list("groups");
  if (!held.ok || held.value === null) return held.ok ? ok(false) : held;
  if (typeof held.value === "string") return ok(alternative.accepts.has(held.value));
  return ok(held.value.some((name) => alternative.accepts.has(name)));
}

function planSubject(target: SubjectTarget): Alternative[] | null {
  if (target.kind === "AnySubject") return null;
  return target.alternatives.map((alternative) => ({
    attribute: alternative.attribute,
    accepts: new Set(alternative.names.map(({ value }) => value)),
  }));
}

function planResource(target: PatternTarget): ResourcePattern[] | null {
  if (target.kind === "AnyPattern") return null;
  const planned = target.patterns.map((pattern): ResourcePattern => {
    const split = splitTemplate(pattern.value);
    if (!split.ok)
      return { kind: "invalid", message: `invalid pattern ${JSON.stringify(pattern.value)}: ${split.message}` };
    return split.interpolated
      ? { kind: "interpolated", template: compileTemplate(pattern.value, split.parts) }
      : { kind: "plain", glob: pattern.value };
  });
  // Only true/false/error matters to couldAllow, not which error: order freely.
  const rank = (p: ResourcePattern) => (p.kind === "plain" ? 0 : p.kind === "invalid" ? 1 : 2);
  return planned.sort((a, b) => rank(a) - rank(b));
}

