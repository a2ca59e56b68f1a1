/**
 * The literal values a policy set mentions, by the attribute path they are tested
 * against: generated requests draw from them so that conditions flip both ways (a
 * uniformly random string is never `"oncall"`; a random hour rarely sits at `8`).
 */
import type { Expr, LiteralValue, PathExpr, Policy } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { splitTemplate } from "../model/template.js";
import { pathKey } from "./infer.js";

export interface Hints {
  /** Values compared with (`==`, `<`, `in [..]`) the attribute at a path key. */
  readonly values: ReadonlyMap<string, readonly LiteralValue[]>;
  /** Values looked for inside the array (or string) at a path key (`x in p`, `p contains x`). */
  readonly elements: ReadonlyMap<string, readonly LiteralValue[]>;
  /** Globs the string at a path key is matched against. */
  readonly globs: ReadonlyMap<string, readonly string[]>;
  /** Member names tested with `has` (`p has name`, `p has "name"`) on the object at a path key. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** Whole list literals the array at a path key is compared with (`p == [1, 2]`). */
  readonly lists?: ReadonlyMap<string, readonly (readonly LiteralValue[])[]>;
  readonly roles: readonly string[];
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Action and resource patterns as written (`*` targets excluded). */
  readonly actionPatterns: readonly string[];
  readonly resourcePatterns: readonly string[];
  /** Every string and number literal, for attributes without a hint of their own. */
  readonly strings: readonly string[];
  readonly numbers: readonly number[];
}

const MAX_PER_KEY = 64;

class Collector {
  readonly values = new Map<string, LiteralValue[]>();
  readonly elements = new Map<string, LiteralValue[]>();
  readonly globs = new Map<string, string[]>();
  readonly members = new Map<string, string[]>();
  readonly lists = new Map<string, LiteralValue[][]>();
  readonly strings = new Set<string>();
  readonly numbers = new Set<number>();

  add<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key) ?? [];
    if (list.length < MAX_PER_KEY && !list.includes(value)) list.push(value);
    map.set(key, list);
  }

  addList(key: string, items: LiteralValue[]): void {
    const lists = this.lists.get(key) ?? [];
    const text = JSON.stringify(items);
    if (lists.length < MAX_PER_KEY && !lists.some((l) => JSON.stringify(l) === text)) lists.push(items);
    this.lists.set(key, lists);
  }

  literal(value: LiteralValue): void {
    if (typeof value === "string" && this.strings.size < 4096) this.strings.add(value);
    if (typeof value === "number" && this.numbers.size < 4096) this.numbers.add(value);
  }
}

function key(path: PathExpr): string {
  return pathKey(path.root, path.members);
}

function literalsOf(expr: Expr): LiteralValue[] | null {
  if (expr.kind === "Literal") return [expr.value];
  if (expr.kind === "List") return expr.items.map((i) => i.value);
  return null;
}

function visit(expr: Expr, c: Collector): void {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    switch (e.kind) {
      case "Literal":
        c.literal(e.value);
        break;
      case "List":
        for (const item of e.items) c.literal(item.value);
        break;
      case "Path":
        break;
      case "Not":
        stack.push(e.operand);
        break;
      case "And":
      case "Or":
        stack.push(...e.operands);
        break;
      case "Compare":
        for (const [p, other] of [
          [e.left, e.right],
          [e.right, e.left],
        ] as const) {
          const values = literalsOf(other);
          if (p.kind === "Path" && values !== null) for (const v of values) c.add(c.values, key(p), v);
          // An array equals a list only element for element: random arrays never do.
          if (p.kind === "Path" && other.kind === "List") c.addList(key(p), other.items.map((i) => i.value));
        }
        stack.push(e.left, e.right);
        break;
      case "In":
      case "Contains": {
        const [item, collection] = e.kind === "In" ? [e.left, e.right] : [e.right, e.left];
        const values = literalsOf(item);
        const list = literalsOf(collection);
        if (collection.kind === "Path" && values !== null) for (const v of values) c.add(c.elements, key(collection), v);
        if (item.kind === "Path" && list !== null) for (const v of list) c.add(c.values, key(item), v);
        stack.push(e.left, e.right);
        break;
      }
      case "Matches":
        if (e.left.kind === "Path") c.add(c.globs, key(e.left), e.pattern.value);
        stack.push(e.left);
        break;
      case "Has":
        // Without it, a free-form object never gets the member and `has` is never true.
        if (e.left.kind === "Path") c.add(c.members, key(e.left), e.member);
        stack.push(e.left);
        break;
    }
  }
}

export function collectHints(set: PolicySet): Hints {
  const c = new Collector();
  const roles = new Set<string>();
  const users = new Set<string>();
  const groups = new Set<string>();
  const actions = new Set<string>();
  const resources = new Set<string>();
  for (const [name, decl] of set.roles) {
    roles.add(name);
    for (const included of decl.includes) roles.add(included.value);
  }
  for (const policy of set.policies) collectPolicy(policy, c, { roles, users, groups, actions, resources });
  return {
    values: c.values,
    elements: c.elements,
    globs: c.globs,
    members: c.members,
    lists: c.lists,
    roles: [...roles],
    users: [...users],
    groups: [...groups],
    actionPatterns: [...actions],
    resourcePatterns: [...resources],
    strings: [...c.strings],
    numbers: [...c.numbers],
  };
}

function collectPolicy(
  policy: Policy,
  c: Collector,
  into: { roles: Set<string>; users: Set<string>; groups: Set<string>; actions: Set<string>; resources: Set<string> },
): void {
  if (policy.subject.kind === "SubjectMatchers") {
    for (const alt of policy.subject.alternatives) {
      const target = alt.attribute === "role" ? into.roles : alt.attribute === "user" ? into.users : into.groups;
      for (const name of alt.names) target.add(name.value);
    }
  }
  if (policy.action.kind === "PatternList") for (const p of policy.action.patterns) into.actions.add(p.value);
  if (policy.resource.kind === "PatternList") {
    for (const p of policy.resource.patterns) {
      into.resources.add(p.value);
      const split = splitTemplate(p.value);
      if (split.ok) for (const part of split.parts) if (part.kind === "text") c.literal(part.text);
    }
  }
  for (const condition of policy.conditions) visit(condition.expr, c);
}
