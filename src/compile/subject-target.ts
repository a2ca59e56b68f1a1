/**
 * Subject targets (spec §4.1) resolved once per subject: the `id`, the effective roles
 * (declared roles plus every role they include, transitively) and the groups. A missing
 * field matches nothing; a malformed one makes every alternative that reads it err.
 */
import type { RoleDecl, SubjectTarget } from "../model/ast.js";
import { Fault, Invalid, MISSING } from "./values.js";

/** A field of the subject as targets see it. */
export type Field<T> = T | typeof MISSING | Fault;

export interface SubjectFacts {
  readonly id: Field<string>;
  /** Effective roles: held roles and everything they include. */
  readonly roles: Field<ReadonlySet<string>>;
  readonly groups: Field<ReadonlySet<string>>;
}

/**
 * Transitive `includes` for a subject's held roles: one walk from all of them at once,
 * each role and include seen once (O(roles + includes) per subject), and nothing kept
 * between subjects — a closure memoized per role would hold N²/2 names for a chain of
 * N roles. The static checks guarantee there is no cycle; the walk would end anyway.
 */
export class RoleClosure {
  readonly #roles: ReadonlyMap<string, RoleDecl>;

  constructor(roles: ReadonlyMap<string, RoleDecl>) {
    this.#roles = roles;
  }

  /** Whether any role includes another (else a subject's roles are already closed). */
  get hasDeclarations(): boolean {
    return this.#roles.size > 0;
  }

  /** The held roles and every role they include, directly or not. */
  of(held: ReadonlySet<string>): Set<string> {
    const all = new Set<string>(held);
    const pending = [...held];
    while (pending.length > 0) {
      const decl = this.#roles.get(pending.pop() as string);
      if (decl === undefined) continue;
      for (const included of decl.includes) {
        if (!all.has(included.value)) {
          all.add(included.value);
          pending.push(included.value);
        }
      }
    }
    return all;
  }
}

/**
 * Reads `id`, `roles` and `groups` from a subject snapshot: our own null-prototype copy
 * of data properties, so plain reads are own-data reads.
 */
export function subjectFacts(snapshot: Record<string, unknown>, closure: RoleClosure): SubjectFacts {
  const id = Object.hasOwn(snapshot, "id") ? snapshot.id : MISSING;
  const roles = stringList(Object.hasOwn(snapshot, "roles") ? snapshot.roles : MISSING, "roles");
  let effective: Field<ReadonlySet<string>> = roles;
  if (roles instanceof Set && closure.hasDeclarations) effective = closure.of(roles);
  return {
    id: id === MISSING || typeof id === "string" ? id : new Fault(`malformed subject.id: must be a string, got ${described(id)}`),
    roles: effective,
    groups: stringList(Object.hasOwn(snapshot, "groups") ? snapshot.groups : MISSING, "groups"),
  };
}

function stringList(value: unknown, name: string): Field<ReadonlySet<string>> {
  if (value === MISSING) return MISSING;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return new Set(value as string[]);
  const bad = Array.isArray(value) ? `an element that is ${described(value.find((item) => typeof item !== "string"))}` : described(value);
  return new Fault(`malformed subject.${name}: must be an array of strings, got ${bad}`);
}

/** A snapshot value's kind for a message, worded as the reference interpreter words it ("a string"). */
function described(value: unknown): string {
  if (value instanceof Invalid) return value.what;
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/**
 * The subject target of a policy for these facts: true, false, or the Fault of a
 * malformed field. Alternatives are joined by `or`: any true alternative matches;
 * otherwise an erring one makes the target err.
 */
export function subjectTarget(target: SubjectTarget, facts: SubjectFacts): boolean | Fault {
  if (target.kind === "AnySubject") return true;
  let fault: Fault | null = null;
  for (const alternative of target.alternatives) {
    const field =
      alternative.attribute === "user" ? facts.id : alternative.attribute === "role" ? facts.roles : facts.groups;
    if (field === MISSING) continue;
    if (field instanceof Fault) {
      fault ??= field;
      continue;
    }
    for (const name of alternative.names) {
      if (typeof field === "string" ? field === name.value : field.has(name.value)) return true;
    }
  }
  return fault ?? false;
}
