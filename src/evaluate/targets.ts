/**
 * Targets (spec §4.1): the `subject`, `action` and `resource` clauses. Each is true,
 * false, or an error — only through a malformed `id`/`roles`/`groups` field or an
 * interpolation (§4.3). A list of alternatives (subject alternatives joined by `or`,
 * or a clause's patterns) is true when any is true, else an error when any errs.
 */
import type { PatternTarget, RoleDecl, SubjectAlternative, SubjectTarget } from "../model/ast.js";
import { matchGlob, matchPattern } from "./patterns.js";
import { ok, type Result } from "./result.js";
import { SubjectFacts } from "./subject-facts.js";
import type { PlainObject } from "./values.js";

export { roleClosure, stringList } from "./subject-facts.js";

/**
 * The `subject` target. `facts` reads the subject's `id`, `roles` and `groups` once per
 * decision when one is shared by every policy (decide.ts).
 */
export function matchSubject(
  target: SubjectTarget,
  subject: PlainObject,
  roles: ReadonlyMap<string, RoleDecl>,
  facts: SubjectFacts = new SubjectFacts(subject, roles),
): Result<boolean> {
  if (target.kind === "AnySubject") return ok(true);
  return any(target.alternatives.map((alternative) => matchAlternative(alternative, facts)));
}

/** The `action` target. Action patterns never interpolate (a compile error). */
export function matchAction(target: PatternTarget, action: string): Result<boolean> {
  if (target.kind === "AnyPattern") return ok(true);
  return any(target.patterns.map((pattern) => matchGlob(action, pattern.value)));
}

/** The `resource` target, against the resource id. */
export function matchResource(target: PatternTarget, resourceId: string, subject: PlainObject): Result<boolean> {
  if (target.kind === "AnyPattern") return ok(true);
  return any(target.patterns.map((pattern) => matchPattern(resourceId, pattern.value, subject)));
}

/** True if any is true; else the first error; else false. */
function any(results: readonly Result<boolean>[]): Result<boolean> {
  if (results.some((result) => result.ok && result.value)) return ok(true);
  return results.find((result) => !result.ok) ?? ok(false);
}

function matchAlternative(alternative: SubjectAlternative, facts: SubjectFacts): Result<boolean> {
  const names = alternative.names.map((name) => name.value);
  switch (alternative.attribute) {
    case "user": {
      const id = facts.id();
      if (!id.ok || id.value === null) return id.ok ? ok(false) : id;
      return ok(names.includes(id.value));
    }
    case "role": {
      const closure = facts.roleClosure();
      if (!closure.ok || closure.value === null) return closure.ok ? ok(false) : closure;
      return ok(names.some((name) => closure.value?.has(name)));
    }
    case "group": {
      const held = facts.list("groups");
      if (!held.ok || held.value === null) return held.ok ? ok(false) : held;
      return ok(names.some((name) => held.value?.includes(name)));
    }
  }
}
