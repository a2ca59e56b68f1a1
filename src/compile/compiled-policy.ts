/**
 * One policy compiled at load: glob matchers for its action and resource patterns,
 * condition specializers, and the Decision objects it can produce without errors.
 */
import type { Policy, SubjectTarget } from "../model/ast.js";
import type { Decision } from "../model/decision.js";
import { splitTemplate, type TemplatePart } from "../model/template.js";
import { compileTest, type Specializer } from "./expr.js";
import { compileGlob, type GlobMatcher } from "./glob.js";
import { interpolate } from "./interpolate.js";
import { Fault } from "./values.js";

/** Resource target for one subject: true, false or a Fault (interpolation). */
export type ResourceTest = (id: string) => boolean | Fault;

export interface CompiledPolicy {
  /** Position in decision order: priority descending, then set order. */
  readonly rank: number;
  readonly name: string;
  readonly deny: boolean;
  readonly priority: number;
  readonly subject: SubjectTarget;
  /** null: `action *`. */
  readonly action: GlobMatcher | null;
  /** Specializes the resource target (interpolations) for a subject snapshot. */
  readonly resource: (subject: object) => ResourceTest;
  readonly tests: readonly Specializer[];
  /** The error-free Decision this policy gives when it decides. */
  readonly decision: Decision;
}

const EMPTY: readonly never[] = Object.freeze([]);
const ANY: ResourceTest = () => true;

export function compilePolicy(policy: Policy, rank: number): CompiledPolicy {
  const name = policy.name.value;
  const deny = policy.effect === "deny";
  return {
    rank,
    name,
    deny,
    priority: policy.priority,
    subject: policy.subject,
    action: policy.action.kind === "AnyPattern" ? null : anyOf(policy.action.patterns.map((p) => safeGlob(p.value))),
    resource: compileResource(policy),
    tests: policy.conditions.map((condition) => compileTest(condition.mode, condition.expr)),
    decision: Object.freeze({ allowed: !deny, effect: deny ? "deny" : "allow", policy: name, errors: EMPTY }),
  };
}

function safeGlob(pattern: string): GlobMatcher {
  try {
    return compileGlob(pattern);
  } catch {
    // Statically checked; should minimatch still refuse it, it matches nothing.
    return () => false;
  }
}

function anyOf(matchers: readonly GlobMatcher[]): GlobMatcher {
  if (matchers.length === 1) return matchers[0] as GlobMatcher;
  return (text) => {
    for (let i = 0; i < matchers.length; i++) if ((matchers[i] as GlobMatcher)(text)) return true;
    return false;
  };
}

type ResourcePattern = { readonly glob: GlobMatcher | Fault } | { readonly parts: readonly TemplatePart[] };

function compileResource(policy: Policy): (subject: object) => ResourceTest {
  if (policy.resource.kind === "AnyPattern") return () => ANY;
  const patterns: ResourcePattern[] = policy.resource.patterns.map((pattern) => {
    const split = splitTemplate(pattern.value);
    if (!split.ok) return { glob: new Fault(split.message) };
    return split.interpolated ? { parts: split.parts } : { glob: safeGlob(pattern.value) };
  });
  if (patterns.every((p) => "glob" in p)) {
    const shared = combine(patterns.map((p) => (p as { glob: GlobMatcher | Fault }).glob));
    return () => shared;
  }
  return (subject) =>
    combine(patterns.map((p) => ("glob" in p ? p.glob : interpolate(p.parts, subject, "resource pattern"))));
}

/** Any pattern matching wins; else an erring pattern makes the target err. */
function combine(globs: readonly (GlobMatcher | Fault)[]): ResourceTest {
  const matchers = globs.filter((g): g is GlobMatcher => !(g instanceof Fault));
  const fault = globs.find((g): g is Fault => g instanceof Fault) ?? null;
  if (fault === null) {
    const any = anyOf(matchers);
    return any;
  }
  if (matchers.length === 0) return () => fault;
  const any = anyOf(matchers);
  return (id) => any(id) || fault;
}
