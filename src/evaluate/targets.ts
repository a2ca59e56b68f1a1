/**
 * Targets (spec §4.1): the `subject`, `action` and `resource` clauses. Each is true,
 * false, or an error — only through a malformed `id`/`roles`/`groups` field or an
 * interpolation (§4.3). A list of alternatives (subject alternatives joined by `or`,
 * or a clause's patterns) is true when any is true, else an error when any errs.
 */
import type { PatternTarget, RoleDecl, SubjectAlternative, SubjectTarget } from "../model/ast.js";
import { matchGlob, matchPattern } from "./patterns.js";
import { fail, ok, type Result } from "./result.js";
import { arrayElements, describeValue, kindOf, type PlainObject, readOwn } from "./values.js";

/** The `subject` target. */
export function matchSubject(
  target: SubjectTarget,
  subject: PlainObject,
  roles: ReadonlyMap<string, RoleDecl>,
): Result<boolean> {
  if (target.kind === "AnySubject") return ok(true);
  return any(target.alternatives.map((alternative) => matchAlternative(alternative, subject, roles)));
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

function matchAlternative(
  alternative: SubjectAlternative,
  subject: PlainObject,
  roles: ReadonlyMap<string, RoleDecl>,
): Result<boolean> {
  const names = alternative.names.map((name) => name.value);
  switch (alternative.attribute) {
    case "user": {
      const id = readOwn(subject, "id");
      if (!id.ok) return fail(`malformed subject.id: ${id.message}`);
      if (!id.value.found) return ok(false);
      if (typeof id.value.value !== "string") {
        return fail(`malformed subject.id: must be a string, got ${describeValue(id.value.value)}`);
      }
      return ok(names.includes(id.value.value));
    }
    case "role": {
      const held = stringList(subject, "roles");
      if (!held.ok || held.value === null) return held.ok ? ok(false) : held;
      const closure = roleClosure(held.value, roles);
      return ok(names.some((name) => closure.has(name)));
    }
    case "group": {
      const held = stringList(subject, "groups");
      if (!held.ok || held.value === null) return held.ok ? ok(false) : held;
      return ok(names.some((name) => held.value?.includes(name)));
    }
  }
}

/** `subject.roles` / `subject.groups`: `null` when missing, an error when malformed. */
export function stringList(subject: PlainObject, field: "roles" | "groups"): Result<string[] | null> {
  const malformed = `malformed subject.${field}: must be an array of strings`;
  const read = readOwn(subject, field);
  if (!read.ok) return fail(`${malformed}, got ${read.message}`);
  if (!read.value.found) return ok(null);
  const kind = kindOf(read.value.value);
  if (!kind.ok || kind.value !== "array") return fail(`${malformed}, got ${describeValue(read.value.value)}`);
  const elements = arrayElements(read.value.value);
  if (!elements.ok) return fail(`${malformed}, got ${elements.message}`);
  const strings: string[] = [];
  for (const element of elements.value) {
    if (typeof element !== "string") return fail(`${malformed}, got an element that is ${describeValue(element)}`);
    strings.push(element);
  }
  return ok(strings);
}

/** The held roles and every role they include, transitively (`role editor includes viewer`). */
export function roleClosure(held: readonly string[], roles: ReadonlyMap<string, RoleDecl>): Set<string> {
  const closure = new Set<string>();
  const pending = [...held];
  while (pending.length > 0) {
    const role = pending.pop() as string;
    if (closure.has(role)) continue;
    closure.add(role);
    for (const included of roles.get(role)?.includes ?? []) pending.push(included.value);
  }
  return closure;
}
