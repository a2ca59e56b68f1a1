/**
 * The subject attributes a policy set reads: `id`/`roles`/`groups` when subject targets
 * use them, and every `subject.…` path of conditions and interpolations. From them:
 *  - the cache key: a canonical, injective encoding of exactly those values, so two
 *    subjects share a specialization only when they cannot be told apart (a revoked
 *    role changes the key);
 *  - the snapshot: a deep copy of exactly those values, which the specialization reads
 *    instead of the caller's object (later mutations are not seen).
 */
import { types } from "node:util";
import type { Expr, Policy } from "../model/ast.js";
import { MAX_VALUE_DEPTH } from "../model/limits.js";
import { splitTemplate } from "../model/template.js";
import { type SubjectCheck, subjectCheck } from "./subject-checks.js";
import {
  copyValue,
  Invalid,
  isPartial,
  isPlain,
  MISSING,
  markPartial,
  notJsonReason,
  readOwnOrThrew,
  THREW,
  threwWhenRead,
  UNLISTED_KEYS,
} from "./values.js";

interface ReadNode {
  /** The whole value here is read (a path ends here). */
  whole: boolean;
  readonly children: Map<string, ReadNode>;
}

/** Longest key we cache under; bigger subjects are specialized on each call instead. */
export const MAX_KEY_LENGTH = 16_384;

export interface SubjectReads {
  /** The cache key, or null when the subject cannot be keyed (too big, too deep, hostile). */
  key(subject: object): string | null;
  /** A null-prototype deep copy of the read attributes. */
  snapshot(subject: object): Record<string, unknown>;
  /**
   * The cache key of a snapshot (our own trusted copy: no accessors, no proxies, no
   * holes), equal to `key` of any subject the snapshot was taken from when that subject
   * is well-formed; null when too big to key.
   */
  snapshotKey(snapshot: Record<string, unknown>): string | null;
  /**
   * The top-level attribute values of a snapshot, in a fixed order, for `unchanged`;
   * null when the reads are not all top-level attributes.
   */
  readonly flat: ((snapshot: Record<string, unknown>) => readonly unknown[]) | null;
  /**
   * Whether `subject` still holds the values `flat` took from a snapshot of it —
   * cheaper than a key when the caller passes the same object again. Answers false
   * whenever unsure. (A `check` made for this call.)
   */
  readonly unchanged: ((subject: object, flat: readonly unknown[], part: ReadPart) => boolean) | null;
  /**
   * The re-check of one part of `flat` (`unchanged` is that check, made for one call).
   * The engine keeps checks per remembered subject object: a re-check then reads its
   * own small object, not the plan, its value list and a copy per array attribute —
   * fewer cache lines per call. Null like `unchanged`.
   */
  readonly check: ((flat: readonly unknown[], part: ReadPart) => SubjectCheck) | null;
  /**
   * Whether every read attribute of `subject` can never change: the object is frozen,
   * and so is each array it holds there (of primitives only), and none is a Proxy (whose
   * traps may still throw). Then the plan for it stays right for good. Null when the
   * reads are not all top-level attributes.
   */
  readonly frozen: ((subject: object) => boolean) | null;
}

/**
 * Which attributes `unchanged` compares: all, the target fields (`id`, `roles`,
 * `groups`: what picks the candidates), or the rest (read only by conditions and
 * interpolations, so checked only when a candidate needs them).
 */
export const ReadPart = Object.freeze({ All: 0, Targets: 1, Rest: 2 } as const);
export type ReadPart = (typeof ReadPart)[keyof typeof ReadPart];

const TARGET_FIELDS: ReadonlySet<string> = new Set(["id", "roles", "groups"]);

/** Collects the reads of a policy set. */
export function subjectReads(policies: readonly Policy[]): SubjectReads {
  const root: ReadNode = { whole: false, children: new Map() };
  const add = (members: readonly string[]) => {
    let node = root;
    for (const member of members) {
      let child = node.children.get(member);
      if (child === undefined) {
        child = { whole: false, children: new Map() };
        node.children.set(member, child);
      }
      node = child;
    }
    node.whole = true;
  };
  for (const policy of policies) {
    if (policy.subject.kind === "SubjectMatchers") {
      for (const alternative of policy.subject.alternatives) {
        add([alternative.attribute === "user" ? "id" : alternative.attribute === "role" ? "roles" : "groups"]);
      }
    }
    if (policy.resource.kind === "PatternList")
      for (const pattern of policy.resource.patterns) addTemplate(pattern.value, add);
    for (const condition of policy.conditions) addExpr(condition.expr, add);
  }
  return root.whole ? wholeReads(root) : nodeReads(root);
}

function addTemplate(value: string, add: (members: readonly string[]) => void): void {
  const split = splitTemplate(value);
  if (!split.ok) return;
  for (const part of split.parts) if (part.kind === "subject") add(part.path);
}

function addExpr(expr: Expr, add: (members: readonly string[]) => void): void {
  switch (expr.kind) {
    case "Literal":
    case "List":
      return;
    case "Path":
      if (expr.root === "subject") add(expr.members);
      return;
    case "Not":
      addExpr(expr.operand, add);
      return;
    case "And":
    case "Or":
      for (const operand of expr.operands) addExpr(operand, add);
      return;
    case "Compare":
    case "In":
    case "Contains":
      addExpr(expr.left, add);
      addExpr(expr.right, add);
      return;
    case "Matches":
      addExpr(expr.left, add);
      addTemplate(expr.pattern.value, add);
      return;
    case "Has":
      // `subject.p has name` sees only whether `subject.p` is a plain object with an own
      // data property `name`: a read of `subject.p.name` keeps exactly that (the snapshot
      // of a path keeps a non-object as it is), not the whole of `subject.p`.
      if (expr.left.kind === "Path" && expr.left.root === "subject") add([...expr.left.members, expr.member]);
      else addExpr(expr.left, add);
      return;
  }
}

/** The whole subject is read (`subject == …`, `subject in …`). */
function wholeReads(root: ReadNode): SubjectReads {
  return {
    flat: null,
    unchanged: null,
    check: null,
    frozen: deepFrozen,
    key: (subject) => keyOf(() => encodeWhole(subject, 1, { length: 0 })),
    snapshot: (subject) => snapshotWhole(root, subject) as Record<string, unknown>,
    snapshotKey: (snapshot) => keyOf(() => encodeWhole(snapshot, 1, { length: 0 })),
  };
}

function nodeReads(root: ReadNode): SubjectReads {
  const names = [...root.children.keys()].sort();
  const nodes = names.map((name) => root.children.get(name) as ReadNode);
  const flat = nodes.every((node) => node.whole);
  return {
    key: flat
      ? (subject) =>
          keyOf(() => {
            const budget = { length: 0 };
            let key = "";
            for (let i = 0; i < names.length; i++) {
              const part = encodeWhole(readOwnValue(subject, names[i] as string), 1, budget);
              if (part === null) return null;
              key += part;
            }
            return key;
          })
      : (subject) => keyOf(() => encodeNode(root, subject, 1, { length: 0 })),
    snapshot: (subject) => snapshotNode(root, subject) as Record<string, unknown>,
    snapshotKey: flat
      ? (snapshot) => {
          const budget = { length: 0 };
          let key = "";
          for (let i = 0; i < names.length; i++) {
            const name = names[i] as string;
            const part = encodeTrusted(Object.hasOwn(snapshot, name) ? snapshot[name] : MISSING, 1, budget);
            if (part === null) return null;
            key += part;
          }
          return key;
        }
      : (snapshot) => keyOf(() => encodeNode(root, snapshot, 1, { length: 0 })),
    flat: flat ? (snapshot) => names.map((name) => (Object.hasOwn(snapshot, name) ? snapshot[name] : MISSING)) : null,
    ...(flat ? checksBy(names) : { unchanged: null, check: null }),
    frozen: flat ? (subject) => frozenFlat(names, subject) : null,
  };
}

/** `unchanged` and `check` for top-level attribute `names` (`flat` order). */
function checksBy(names: readonly string[]): Pick<SubjectReads, "unchanged" | "check"> {
  const byPart = [ReadPart.All, ReadPart.Targets, ReadPart.Rest].map((part) => {
    const keep = (name: string) =>
      part === ReadPart.All ? true : part === ReadPart.Targets ? TARGET_FIELDS.has(name) : !TARGET_FIELDS.has(name);
    const slots = names.flatMap((name, i) => (keep(name) ? [i] : []));
    return { names: slots.map((i) => names[i] as string), slots };
  });
  const check = (flat: readonly unknown[], part: ReadPart): SubjectCheck => {
    const { names: kept, slots } = byPart[part] as { names: string[]; slots: number[] };
    return subjectCheck(
      kept,
      slots.map((slot) => flat[slot]),
    );
  };
  return { unchanged: (subject, flat, part) => check(flat, part).holds(subject), check };
}

/** Bounds of the deep-frozen walk: beyond them a subject is simply not treated as frozen. */
const MAX_FROZEN_NODES = 10_000;

/**
 * Whether the whole subject can never change: it and every object or array inside it
 * are frozen plain objects / arrays and no Proxy. Frozen means non-configurable and
 * non-extensible, so neither values nor prototypes nor accessors can change; anything
 * else (a Date's internal time, a class instance) is not trusted. Never runs user code.
 */
function deepFrozen(subject: object): boolean {
  try {
    const pending: { value: object; depth: number }[] = [{ value: subject, depth: 1 }];
    let seen = 0;
    while (pending.length > 0) {
      const { value, depth } = pending.pop() as { value: object; depth: number };
      if (++seen > MAX_FROZEN_NODES || depth > MAX_VALUE_DEPTH + 1) return false;
      if (types.isProxy(value) || !Object.isFrozen(value)) return false;
      if (!Array.isArray(value) && !isPlain(value)) return false;
      for (const key of Reflect.ownKeys(value)) {
        const descriptor = getOwn(value, key);
        if (descriptor === undefined || !("value" in descriptor)) continue;
        const inner: unknown = descriptor.value;
        if (typeof inner === "object" && inner !== null) pending.push({ value: inner, depth: depth + 1 });
        else if (typeof inner === "function") return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

function frozenFlat(names: readonly string[], subject: object): boolean {
  try {
    if (!Object.isFrozen(subject) || types.isProxy(subject)) return false;
    for (const name of names) {
      const descriptor = getOwn(subject, name);
      if (descriptor === undefined || !("value" in descriptor)) continue;
      const value: unknown = descriptor.value;
      if (typeof value !== "object" || value === null) continue;
      if (!Array.isArray(value) || !Object.isFrozen(value) || types.isProxy(value)) return false;
      for (let j = 0; j < value.length; j++) {
        const element = getOwn(value, j);
        if (element !== undefined && "value" in element && typeof element.value === "object" && element.value !== null)
          return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

const getOwn = Object.getOwnPropertyDescriptor;

function keyOf(encode: () => string | null): string | null {
  try {
    return encode();
  } catch {
    return null;
  }
}

function readOwnValue(object: object, key: string | number): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor === undefined || !("value" in descriptor) ? MISSING : descriptor.value;
}

function encodeNode(node: ReadNode, value: unknown, depth: number, budget: { length: number }): string | null {
  if (node.whole || !isPlain(value)) return encodeWhole(value, depth, budget);
  if (charge("{}", budget) === null) return null;
  let key = "{";
  for (const [name, child] of node.children) {
    const part = encodeNode(child, readOwnValue(value, name), depth + 1, budget);
    if (part === null) return null;
    key += part;
  }
  return `${key}}`;
}

/**
 * `part`, counted against the key's budget, or null past MAX_KEY_LENGTH. Every character
 * of a key is counted (a number, `true`, a string's length prefix), so no key is longer:
 * an array of 16,000 numbers keyed as 416,000 characters before, kept in the cache.
 */
function charge(part: string, budget: { length: number }): string | null {
  budget.length += part.length;
  return budget.length > MAX_KEY_LENGTH ? null : part;
}

/** A string's part of a key (`charge`d); a string longer than the budget is never copied into one. */
function encodeString(value: string, budget: { length: number }): string | null {
  return value.length > MAX_KEY_LENGTH ? null : charge(`s${value.length}:${value}`, budget);
}

/** Injective encoding of a value as the snapshot will see it. */
function encodeWhole(value: unknown, depth: number, budget: { length: number }): string | null {
  switch (typeof value) {
    case "string":
      return encodeString(value, budget);
    case "number":
      return charge(Number.isFinite(value) ? `n${value};` : `x${value};`, budget);
    case "boolean":
      return charge(value ? "t" : "f", budget);
    case "symbol":
      return charge(value === MISSING ? "m" : "y", budget);
    case "undefined":
      return charge("u", budget);
    case "function":
      return charge("F", budget);
    case "bigint":
      return charge("b", budget);
  }
  if (value === null) return charge("z", budget);
  if (depth > MAX_VALUE_DEPTH) return null;
  const reason = notJsonReason(value);
  if (reason !== null) return charge(`i${reason.length}:${reason}`, budget);
  budget.length += 8;
  if (budget.length > MAX_KEY_LENGTH) return null;
  if (Array.isArray(value)) {
    const length = readOwnValue(value, "length");
    if (typeof length !== "number" || length > MAX_KEY_LENGTH) return null;
    let key = "[";
    for (let i = 0; i < length; i++) {
      // A hole or an accessor makes the snapshot mark the array invalid: don't key it.
      // (Own data reads only: a getter must never key like the string it returns.)
      const element: unknown = readOwnValue(value, i);
      if (element === MISSING) return null;
      if (typeof element === "string") {
        const part = encodeString(element, budget);
        if (part === null) return null;
        key += part;
        continue;
      }
      const part = encodeWhole(element, depth + 1, budget);
      if (part === null) return null;
      key += part;
    }
    return `${key}]`;
  }
  const object = value as object;
  // A partial snapshot is not what any subject's key describes: never cache it.
  if (isPartial(object)) return null;
  let key = "{";
  for (const name of Reflect.ownKeys(object)) {
    if (typeof name !== "string") continue;
    const inner = readOwnValue(object, name);
    if (inner === MISSING) continue;
    const part = encodeWhole(inner, depth + 1, budget);
    if (part === null) return null;
    const label = charge(`k${name.length}:${name}`, budget);
    if (label === null) return null;
    key += label + part;
  }
  return `${key}}`;
}

/**
 * `encodeWhole` for a snapshot's own values (null-prototype objects and arrays we made,
 * Invalid markers): direct reads, the same encoding for the same JSON content.
 */
function encodeTrusted(value: unknown, depth: number, budget: { length: number }): string | null {
  if (typeof value !== "object" || value === null || value instanceof Invalid) return encodeWhole(value, depth, budget);
  if (depth > MAX_VALUE_DEPTH) return null;
  budget.length += 8;
  if (budget.length > MAX_KEY_LENGTH) return null;
  if (Array.isArray(value)) {
    if (value.length > MAX_KEY_LENGTH) return null;
    let key = "[";
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (typeof element === "string") {
        const part = encodeString(element, budget);
        if (part === null) return null;
        key += part;
        continue;
      }
      const part = encodeTrusted(element, depth + 1, budget);
      if (part === null) return null;
      key += part;
    }
    return `${key}]`;
  }
  const object = value as Record<string, unknown>;
  if (isPartial(object)) return null;
  let key = "{";
  for (const name of Object.keys(object)) {
    const part = encodeTrusted(object[name], depth + 1, budget);
    if (part === null) return null;
    const label = charge(`k${name.length}:${name}`, budget);
    if (label === null) return null;
    key += label + part;
  }
  return `${key}}`;
}

function snapshotNode(node: ReadNode, value: unknown): unknown {
  if (node.whole) return snapshotWhole(node, value);
  if (!isPlainSafe(value)) return copyValue(value);
  return snapshotChildren(node, value as object);
}

/** The attributes read below a plain object, by name; one that throws is an Invalid member. */
function snapshotChildren(node: ReadNode, source: object): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.create(null);
  for (const [name, child] of node.children) {
    const inner = readOwnOrThrew(source, name);
    if (inner === THREW) copy[name] = threwWhenRead();
    else if (inner !== MISSING) copy[name] = snapshotNode(child, inner);
  }
  return copy;
}

/**
 * A value read whole (and maybe by paths below it too). When it cannot be copied
 * because its keys cannot be listed (a Proxy whose `ownKeys` throws), the attributes
 * read by name are still read, as the spec's path-by-path reading gives — a deny on
 * `role suspended` still sees the roles — and the copy is marked partial, so the whole
 * value errs wherever it is compared.
 */
function snapshotWhole(node: ReadNode, value: unknown): unknown {
  const copied = copyValue(value, heightBelow(node));
  if (!(copied instanceof Invalid) || copied.what !== UNLISTED_KEYS || !isPlainSafe(value)) return copied;
  const partial = snapshotChildren(node, value as object);
  markPartial(partial, copied);
  return partial;
}

/** Members on the longest path read below this node (0 when none is). */
function heightBelow(node: ReadNode): number {
  let height = 0;
  for (const child of node.children.values()) height = Math.max(height, 1 + heightBelow(child));
  return height;
}

function isPlainSafe(value: unknown): boolean {
  try {
    return isPlain(value);
  } catch {
    return false;
  }
}
