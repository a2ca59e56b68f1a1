/**
 * One policy compiled at load: glob matchers for its action and resource patterns,
 * compiled conditions, and the Decision it gives when it decides without errors.
 */
import type { Policy, SubjectTarget } from "../model/ast.js";
import type { Decision } from "../model/decision.js";
import { splitTemplate } from "../model/template.js";
import type { SubjectView, Test } from "./expr.js";
import { compileGlob, type GlobMatcher } from "./glob.js";
import { resourceDecidedById } from "./policy-index.js";
import { SharedTests } from "./shared-tests.js";
import type { SubjectSlots } from "./slots.js";
import { Fault } from "./values.js";

/** A resource target: true, false or a Fault (an interpolation that cannot apply). */
export type ResourceTest = (id: string, subject: SubjectView) => boolean | Fault;

export interface CompiledPolicy {
  /** Position in decision order: priority descending, then set order. */
  readonly rank: number;
  readonly name: string;
  readonly deny: boolean;
  readonly priority: number;
  readonly subject: SubjectTarget;
  /** null: `action *`. */
  readonly action: GlobMatcher | null;
  readonly resource: ResourceTest;
  /**
   * Whether the resource target is decided by the resource id alone (no interpolation):
   * then the index decides it once per id (PolicyIndex classes), never per request.
   */
  readonly resourceKnown: boolean;
  /** `resource *`: the target holds for every id. */
  readonly resourceAny: boolean;
  readonly tests: readonly Test[];
  /**
   * Whether deciding this policy may read subject attributes beyond the target fields
   * its bucket was picked by: a condition reading the subject, or a resource target
   * that is not decided by the id (interpolation).
   */
  readonly readsSubject: boolean;
  /** The error-free Decision this policy gives when it decides. */
  readonly decision: Decision;
}

const EMPTY: readonly never[] = Object.freeze([]);
const ANY: ResourceTest = () => true;

/** `shared`: the set's condition table, so policies with the same conditions share closures. */
export function compilePolicy(
  policy: Policy,
  rank: number,
  slots: SubjectSlots,
  shared: SharedTests = new SharedTests(slots),
): CompiledPolicy {
  const name = policy.name.value;
  const deny = policy.effect === "deny";
  const resourceKnown = resourceDecidedById(policy);
  const tests = shared.of(policy.conditions);
  return {
    rank,
    name,
    deny,
    priority: policy.priority,
    subject: policy.subject,
    action: policy.action.kind === "AnyPattern" ? null : anyOf(policy.action.patterns.map((p) => safeGlob(p.value))),
    resource: compileResource(policy, slots),
    resourceKnown,
    resourceAny: policy.resource.kind === "AnyPattern",
    tests,
    readsSubject: !resourceKnown || tests.some((test) => test.readsSubject),
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

/** Any pattern matching wins; else an erring pattern (interpolation) makes the target err. */
function compileResource(policy: Policy, slots: SubjectSlots): ResourceTest {
  if (policy.resource.kind === "AnyPattern") return ANY;
  const plain: GlobMatcher[] = [];
  const interpolated: number[] = [];
  let fault: Fault | null = null;
  for (const pattern of policy.resource.patterns) {
    const split = splitTemplate(pattern.value);
    if (!split.ok) fault ??= new Fault(split.message);
    else if (split.interpolated) interpolated.push(slots.template(split.parts, pattern.value));
    else plain.push(safeGlob(pattern.value));
  }
  const any = plain.length > 0 ? anyOf(plain) : null;
  if (interpolated.length === 0 && fault === null) return any === null ? () => false : (id) => any(id);
  const staticFault = fault;
  return (id, subject) => {
    if (any?.(id)) return true;
    let first: Fault | null = staticFault;
    for (const slot of interpolated) {
      const glob = subject.glob(slot);
      if (glob instanceof Fault) first ??= glob;
      else if (glob(id)) return true;
    }
    return first ?? false;
  };
}
