/**
 * Candidate values of `env.arguments` for `couldAllow`'s witness search: one value from
 * every region the conditions can tell apart.
 *
 * Each `env.arguments…` path the conditions read is a node of a tree (children: the
 * members read below it, `has` included). What the conditions do with a node's value
 * partitions JSON values into regions on which every test has the same outcome: its
 * type; for numbers and strings, where it falls among the constants it is compared with
 * (`== != < <= > >=`, `in` a known list); for arrays, which constants they hold (`in`,
 * `contains`) and whether they equal one; for strings tested with `contains`, which of
 * those substrings they hold; for objects, the regions of their children. One value per
 * region, combined over the tree, is *complete*: if no candidate is allowed, no value is.
 *
 * What breaks that is flagged `complete: false` (the search then proves nothing and
 * `couldAllow` stays true): `matches` of several globs on one path, or of a glob with
 * ordered or searched strings (globs are sampled, not partitioned; one glob alone is
 * partitioned by a string that matches it and one that does not), a string
 * that is both ordered and searched, an argument compared with another argument, the
 * whole `env` read as a value, more than MAX_SUBSETS constants to combine, or more
 * candidates than the search may try.
 */
import type { CompareOp, Expr, Pattern } from "../model/ast.js";
import { type ArgumentsShape, fitsShape } from "../model/arguments-search.js";
import type { JsonValue } from "../model/request.js";
import { touchesArguments } from "./arguments-touch.js";
import { applyBinary, applyMatches, type BinaryOperator, evaluateExpr } from "./expressions.js";
import { matchPatternMemo, templateOf } from "./partial-template.js";
import { interpolatedValue } from "./patterns.js";
import type { Request } from "./request.js";
import type { Result } from "./result.js";
import { isPlainObject, snapshot } from "./values.js";

/** An argument absent (the key, or `env.arguments` itself). */
export const ABSENT: unique symbol = Symbol("absent");
export type Candidate = JsonValue | typeof ABSENT;

/** A test's outcome on one value: true, false or an error. */
type Outcome = "t" | "f" | "e";

function outcome(result: Result<boolean>): Outcome {
  return result.ok ? (result.value ? "t" : "f") : "e";
}

/** Constants combined as subsets (2^n arrays or strings) at most. */
const MAX_SUBSETS = 4;
/** Members of one argument path, and levels of paths, that take part; past them, no proof. */
const MAX_CHILDREN = 32;
const MAX_DEPTH = 16;
/** Values one path is tried with at most; past it, no proof. */
const MAX_VALUES = 256;
/** Work allowed to sort one path's values by the outcomes of its tests (values × cost of the tests). */
const SIGNATURE_BUDGET = 200_000;
/** Glob samples tried before the regions are worked out. */
const MAX_QUICK = 8;
/** Samples taken from one glob (one per brace alternative). */
const MAX_GLOB_SAMPLES = 4;

/** One `env.arguments…` path and what the conditions do with its value. */
class ArgumentNode {
  readonly children = new Map<string, ArgumentNode>();
  /** Values it is compared with for equality (`==`, `!=`, `in` a known list). */
  readonly equal: JsonValue[] = [];
  /** Numbers and strings it is ordered against. */
  readonly ordered: (number | string)[] = [];
  /** Values tested as elements (`x in P`, `P contains x`). */
  readonly elements: JsonValue[] = [];
  /** Strings tested as substrings (`P contains "s"`). */
  readonly substrings: string[] = [];
  /** Strings worth trying that need not cover a region (glob samples). */
  readonly samples: string[] = [];
  /**
   * Every test the conditions make of this value alone (`x == 1`, `x matches g`, `x` as
   * a boolean …), as its outcome on a value. Two values with the same outcomes are
   * interchangeable: only one of them is tried.
   */
  readonly atoms: ((value: JsonValue) => Outcome)[] = [];
  /** What running every atom once costs, roughly (1 + the size of each known operand). */
  atomWork = 0;
  /** Tested in ways only sampled when it is a string (`matches`, a known string that `contains` it). */
  sampled = false;
  /** Whether a known string is tested to contain it (`"abc" contains P`): sampled only. */
  containedIn = false;
  /** The `matches` tests of this value, by glob text. */
  readonly globs = new Map<string, (value: JsonValue) => Outcome>();
}

/** The tree of argument paths read by some conditions, and whether its candidates are complete. */
export class ArgumentTree {
  readonly root = new ArgumentNode();
  complete = true;
  /** The cost of evaluating every atom once, over the whole tree (for the search's budget). */
  work = 0;

  /**
   * A few arguments worth trying before any region is worked out: each glob sample alone
   * at its path, within `shape` (at most MAX_QUICK). Arguments are an object here; a
   * sample for the arguments themselves is tried as they are.
   */
  sampleCandidates(shape: ArgumentsShape): JsonValue[] {
    const found: JsonValue[] = [];
    const visit = (node: ArgumentNode, path: readonly string[]): void => {
      for (const sample of node.samples) {
        if (found.length >= MAX_QUICK) return;
        let value: JsonValue = sample;
        for (let i = path.length - 1; i >= 0; i--) value = objectOf([[path[i] as string, value]]);
        if (fitsShape(value, shape)) found.push(value);
      }
      for (const [member, child] of node.children) visit(child, [...path, member]);
    };
    visit(this.root, []);
    return found;
  }

  /** Records what `expr` (a condition of a policy that may decide) does with the arguments. */
  add(expr: Expr, request: Request): void {
    switch (expr.kind) {
      case "Literal":
      case "List":
        return;
      case "Path": {
        // A bare argument path used as a value: a test, an operand of `not`, `and`, `or`.
        const node = this.#node(expr);
        if (node !== null) this.#atom(node, 1, (value) => (typeof value === "boolean" ? (value ? "t" : "f") : "e"));
        else if (wholeEnv(expr)) this.complete = false;
        return;
      }
      case "Not":
        this.add(expr.operand, request);
        return;
      case "And":
      case "Or":
        for (const operand of expr.operands) this.add(operand, request);
        return;
      case "Compare":
      case "In":
      case "Contains":
        this.#binary(expr.kind === "Compare" ? expr.op : expr.kind, expr.left, expr.right, request);
        return;
      case "Matches": {
        const node = this.#node(expr.left);
        if (node === null) {
          this.#opaque(expr.left, request);
          return;
        }
        // A glob is sampled, not partitioned: no proof from here on, where a string may stand.
        node.sampled = true;
        node.samples.push(...globSamples(expr.pattern, request));
        const glob = expr.pattern.value;
        const test = (value: JsonValue) => outcome(applyMatches(value, glob, request, matchPatternMemo));
        node.globs.set(glob, test);
        this.#atom(node, 1 + glob.length, test);
        return;
      }
      case "Has": {
        if (expr.left.kind === "Path" && expr.left.root === "env" && expr.left.members.length === 0) return;
        const node = this.#node(expr.left);
        if (node === null) this.#opaque(expr.left, request);
        else this.#child(node, expr.member, depthOf(expr.left) + 1);
        return;
      }
    }
  }

  /** The node of an `env.arguments…` path, created on first use; null for any other expression. */
  #node(expr: Expr): ArgumentNode | null {
    if (expr.kind !== "Path" || expr.root !== "env" || expr.members[0] !== "arguments") return null;
    let node = this.root;
    for (let i = 1; i < expr.members.length; i++) node = this.#child(node, expr.members[i] as string, i);
    return node;
  }

  /**
   * A member's node at `depth` below the arguments. Past MAX_CHILDREN members or
   * MAX_DEPTH levels it is a node of its own, outside the tree: its constraints make no
   * candidates (the member stays absent), so nothing is proved.
   */
  #child(parent: ArgumentNode, member: string, depth: number): ArgumentNode {
    const known = parent.children.get(member);
    if (known !== undefined) return known;
    const node = new ArgumentNode();
    if (parent.children.size >= MAX_CHILDREN || depth > MAX_DEPTH) this.complete = false;
    else parent.children.set(member, node);
    return node;
  }

  #atom(node: ArgumentNode, cost: number, atom: (value: JsonValue) => Outcome): void {
    node.atoms.push(atom);
    node.atomWork += cost;
    this.work += cost;
  }

  /** An operand that is not an argument path: if it reads the arguments anyway, no proof. */
  #opaque(expr: Expr, request: Request): void {
    if (expr.kind === "Path" && !wholeEnv(expr)) return;
    if (expr.kind === "Literal" || expr.kind === "List") return;
    const before = this.complete;
    this.add(expr, request);
    // Nested tests as operands (`(a == 1) == true`) are partitioned like any other; only
    // the whole `env` or an argument compared with an argument breaks completeness.
    this.complete = before && this.complete;
  }

  #binary(op: string, left: Expr, right: Expr, request: Request): void {
    const l = this.#node(left);
    const r = this.#node(right);
    if (l !== null && r !== null) {
      // Two arguments compared with each other: regions are no longer per path.
      this.complete = false;
      return;
    }
    if (l === null && r === null) {
      this.#opaque(left, request);
      this.#opaque(right, request);
      return;
    }
    const node = (l ?? r) as ArgumentNode;
    const other = l !== null ? right : left;
    if (touchesArguments(other)) {
      // The other side depends on the arguments too (`x == (y == 1)`): no constant to split on.
      this.#opaque(other, request);
      this.complete = false;
      return;
    }
    const known = knownValue(other, request);
    if (known === ABSENT) return; // the other side errs whatever the argument: one region
    const operator: BinaryOperator = op === "In" ? "in" : op === "Contains" ? "contains" : (op as CompareOp);
    this.#atom(node, 1 + sizeOf(known), (value) =>
      outcome(l !== null ? applyBinary(operator, value, known) : applyBinary(operator, known, value)),
    );
    if (op === "==" || op === "!=") node.equal.push(known);
    else if (op === "In") {
      if (l !== null) {
        // `P in K`: P equal to one of K's elements.
        if (Array.isArray(known)) node.equal.push(...known);
      } else node.elements.push(known); // `K in P`
    } else if (op === "Contains") {
      if (l !== null) {
        // `P contains K`: an element of an array P, or a substring of a string P.
        node.elements.push(known);
        if (typeof known === "string") node.substrings.push(known);
      } else if (Array.isArray(known)) node.equal.push(...known);
      else if (typeof known === "string") {
        // `K contains P`: P a substring of a known string; sampled only (where a string may stand).
        node.sampled = true;
        node.containedIn = true;
        node.samples.push(known, known.slice(0, 1), known.slice(1));
      }
    } else if (typeof known === "number" || typeof known === "string") node.ordered.push(known);
  }
}

/** How many `env.arguments` members deep a path expression reads (0: the arguments themselves). */
function depthOf(expr: Expr): number {
  return expr.kind === "Path" ? expr.members.length - 1 : 0;
}

/**
 * Roughly what comparing with a value costs, in evaluation steps, counted up to a cap:
 * a step per node, long strings by their length, object members several (each is
 * copied, keyed and compared).
 */
function sizeOf(value: JsonValue, cap = 1_000_000): number {
  let size = 0;
  const stack: JsonValue[] = [value];
  while (stack.length > 0 && size < cap) {
    const item = stack.pop() as JsonValue;
    size++;
    if (typeof item === "string") size += item.length >> 5;
    else if (Array.isArray(item)) {
      size += item.length;
      stack.push(...(item.length > cap ? item.slice(0, cap) : item));
    } else if (item !== null && typeof item === "object") {
      const values = Object.values(item);
      size += 8 * values.length;
      stack.push(...(values.length > cap ? values.slice(0, cap) : values));
    }
  }
  return size;
}

/** Whether a path reads the whole `env` (which holds the arguments) as a value. */
function wholeEnv(expr: Expr): boolean {
  return expr.kind === "Path" && expr.root === "env" && expr.members.length === 0;
}

/** The JSON value of an expression that does not read the arguments, or ABSENT when it errs. */
function knownValue(expr: Expr, request: Request): JsonValue | typeof ABSENT {
  const value = evaluateExpr(expr, request);
  if (!value.ok) return ABSENT;
  const copy = snapshot(value.value);
  return copy.ok ? copy.value : ABSENT;
}

/**
 * Up to `limit` candidates for `env.arguments` (ABSENT first), and whether they are
 * complete: every region of every node, combined, within the limit.
 */
export function candidates(
  tree: ArgumentTree,
  limit: number,
  shape: ArgumentsShape = "any",
): { values: Generator<Candidate>; complete: boolean } {
  const fresh = freshCharacter(tree.root);
  // Without a fresh character the values built with one stand for nothing in particular.
  const plan = new CandidatePlan(fresh ?? "\u0001", tree.root, shape);
  if (fresh === null) plan.complete = false;
  const absent = shape === "any" ? 1 : 0;
  const count = absent + plan.count(tree.root);
  const complete = tree.complete && plan.complete && count <= limit;
  function* values(): Generator<Candidate> {
    if (absent === 1) yield ABSENT;
    let given = absent;
    for (const value of plan.values(tree.root)) {
      if (given++ >= limit) return;
      yield value;
    }
  }
  return { values: values(), complete };
}

/**
 * Region representatives per node (computed once per node) and their combinations,
 * within the values `shape` allows (each region that holds an allowed value keeps an
 * allowed representative: values are filtered before they are sorted into regions).
 */
class CandidatePlan {
  complete = true;
  readonly #fresh: string;
  readonly #shape: ArgumentsShape;
  readonly #root: ArgumentNode;
  readonly #leaves = new Map<ArgumentNode, JsonValue[]>();
  readonly #counts = new Map<ArgumentNode, number>();

  constructor(fresh: string, root: ArgumentNode, shape: ArgumentsShape) {
    this.#fresh = fresh;
    this.#root = root;
    this.#shape = shape;
  }

  /** How many values `values(node)` yields. */
  count(node: ArgumentNode): number {
    let count = this.#counts.get(node);
    if (count === undefined) {
      let objects = 0;
      if (this.#objectsAllowed(node)) {
        objects = this.#objectVariants(node);
        for (const [member, child] of node.children) if (this.#memberAllowed(node, member)) objects *= 1 + this.count(child);
      }
      count = this.#leavesOf(node).length + objects;
      this.#counts.set(node, count);
    }
    return count;
  }

  /** Every representative of `node`: the non-object ones, then objects over the children's. */
  *values(node: ArgumentNode): Generator<JsonValue> {
    // Objects first when members are read: a witness is more likely among them.
    const children = [...node.children].filter(([member]) => this.#memberAllowed(node, member));
    if (children.length === 0) yield* this.#leavesOf(node);
    if (this.#objectsAllowed(node)) {
      const variants = this.#objectVariants(node);
      for (const combination of this.#combinations(children, 0)) {
        yield objectOf(combination);
        // An object equal to a compared constant in every child: one with an extra key is not.
        if (variants === 2) yield objectOf([...combination, [this.#fresh, ""]]);
      }
    }
    if (children.length > 0) yield* this.#leavesOf(node);
  }

  /** Whether `node` may be an object: not a prompt argument (`strings`, below the root). */
  #objectsAllowed(node: ArgumentNode): boolean {
    return !(this.#shape === "strings" && node !== this.#root);
  }

  /**
   * Whether a member of `node` may be present: in MCP arguments a `__proto__` key never
   * arrives (the SDK's parsing drops it), and `empty` arguments have no member at all.
   */
  #memberAllowed(node: ArgumentNode, member: string): boolean {
    if (this.#shape === "any") return true;
    if (this.#shape === "empty") return false;
    return !(node === this.#root && member === "__proto__");
  }

  /** Whether `value` may stand at `node` (before it is sorted into a region). */
  #valueAllowed(node: ArgumentNode, value: JsonValue): boolean {
    if (this.#shape === "any") return true;
    if (node === this.#root) return fitsShape(value, this.#shape);
    return this.#shape !== "strings" || typeof value === "string";
  }

  *#combinations(children: [string, ArgumentNode][], from: number): Generator<[string, JsonValue][]> {
    if (from === children.length) {
      yield [];
      return;
    }
    const [member, child] = children[from] as [string, ArgumentNode];
    for (const rest of this.#combinations(children, from + 1)) {
      yield rest;
      for (const value of this.values(child)) yield [[member, value], ...rest];
    }
  }

  #objectVariants(node: ArgumentNode): number {
    return this.#shape !== "empty" && node.equal.some((value) => isPlainObject(value)) ? 2 : 1;
  }

  /**
   * The node's non-object representatives (and the objects it is compared with): one
   * per distinct outcome of its tests, so `x == 1` costs two candidates, not twenty.
   */
  #leavesOf(node: ArgumentNode): JsonValue[] {
    let leaves = this.#leaves.get(node);
    if (leaves === undefined) {
      const raw = [
        null,
        true,
        false,
        ...this.#numbers(node),
        ...this.#strings(node),
        ...this.#arrays(node),
        ...node.equal,
        ...node.samples,
      ].filter((value) => this.#valueAllowed(node, value));
      const seen = new Set<string>();
      leaves = [];
      // Tests this search only samples (`matches`): no proof either way where a string may
      // stand, so no point in running each test on each value; the samples go first, as
      // likely witnesses. The same when there are too many values, or the tests cost too
      // much to run on each. (Where no string may stand, those tests always err: partitioned.)
      const bounded = raw.length <= MAX_VALUES && raw.length * node.atomWork <= SIGNATURE_BUDGET;
      const stringsAllowed = this.#valueAllowed(node, "");
      const oneGlob = node.sampled && bounded && stringsAllowed ? this.#oneGlob(node) : null;
      if (oneGlob !== null) raw.push(...oneGlob);
      const sampled = node.sampled && stringsAllowed && oneGlob === null;
      if (sampled || !bounded) {
        this.complete = false;
        const samples = node.samples.filter((value) => this.#valueAllowed(node, value));
        for (const value of dedupe([...samples, ...raw]).slice(0, MAX_VALUES)) {
          if (!isPlainObject(value) || node.equal.includes(value)) leaves.push(value);
        }
        this.#leaves.set(node, leaves);
        return leaves;
      }
      for (const value of raw) {
        if (isPlainObject(value)) {
          // Objects compared whole are all kept: their members may differ where these tests don't look.
          if (node.equal.includes(value)) leaves.push(value);
          continue;
        }
        let signature = "";
        for (const atom of node.atoms) signature += atom(value);
        if (seen.has(signature)) continue;
        seen.add(signature);
        leaves.push(value);
      }
      this.#leaves.set(node, leaves);
    }
    return leaves;
  }

  /**
   * One glob, partitioned after all: when the only string tests of `node` besides
   * equality with constants are `matches` of one glob, strings fall into the constants
   * themselves, and the other strings that match it or not. A string of each of those two
   * (found among the samples and a few probes) makes the regions complete; so does a
   * glob that errs (it errs for every string alike: interpolation and compilation do not
   * depend on the input). Returns the strings to add as candidates, or null when this
   * does not apply or a region has no string found (then it is sampled, as before).
   */
  #oneGlob(node: ArgumentNode): string[] | null {
    if (node.containedIn || node.globs.size !== 1 || node.substrings.length > 0) return null;
    if (node.ordered.some((v) => typeof v === "string")) return null;
    const test = [...node.globs.values()][0] as (value: JsonValue) => Outcome;
    const constants = new Set(node.equal.filter((v) => typeof v === "string"));
    const probes = [...node.samples, "", "x", this.#fresh, `${this.#fresh}/${this.#fresh}`, "/", "."];
    const others = probes.filter((v) => !constants.has(v));
    const inside = others.find((v) => test(v) === "t");
    const outside = others.find((v) => test(v) === "f");
    if (others.some((v) => test(v) === "e")) return others.slice(0, 1);
    return inside !== undefined && outside !== undefined ? [inside, outside] : null;
  }

  /** Each numeric constant, one number strictly between each two, and one beyond each end. */
  #numbers(node: ArgumentNode): number[] {
    const constants = [...new Set([...node.equal, ...node.ordered].filter((v) => typeof v === "number"))]
      .map((v) => (Object.is(v, -0) ? 0 : v))
      .sort((a, b) => a - b);
    if (constants.length === 0) return [0];
    const reps: number[] = [...constants];
    const first = constants[0] as number;
    const last = constants[constants.length - 1] as number;
    reps.push(this.#beyond(first, -1), this.#beyond(last, 1));
    for (let i = 0; i + 1 < constants.length; i++) {
      const a = constants[i] as number;
      const b = constants[i + 1] as number;
      const middle = a / 2 + b / 2;
      if (a < middle && middle < b) reps.push(middle);
      // Nothing representable strictly between two adjacent doubles: the region is empty.
      else if (nextUp(a) !== b) this.complete = false;
    }
    return reps;
  }

  #beyond(end: number, direction: 1 | -1): number {
    const step = Math.max(1, Math.abs(end));
    const value = end + direction * step;
    if (Number.isFinite(value) && (direction > 0 ? value > end : value < end)) return value;
    const limit = direction * Number.MAX_VALUE;
    if (direction > 0 ? limit > end : limit < end) return limit;
    return end; // already the largest finite number: nothing lies beyond
  }

  /**
   * Ordered or compared strings: `""`, each constant and its successor `c + "\0"` (the
   * least string above it), which cover every region between constants. Strings searched
   * with `contains`: each subset of the substrings joined by a fresh character, which
   * holds exactly the substrings that subset forces.
   */
  #strings(node: ArgumentNode): string[] {
    const constants = [...new Set([...node.equal, ...node.ordered].filter((v) => typeof v === "string"))];
    const reps: string[] = ["", ...constants];
    if (node.substrings.length === 0) {
      for (const constant of constants) reps.push(`${constant}\u0000`);
      return reps;
    }
    if (node.ordered.some((v) => typeof v === "string")) this.complete = false;
    const substrings = [...new Set(node.substrings)];
    // The substrings themselves first: readable examples when one suffices.
    reps.push(...substrings);
    for (const subset of subsets(substrings, this)) {
      reps.push(subset.join(this.#fresh) + this.#fresh);
    }
    return reps;
  }

  /** Arrays holding each subset of the element constants, and each such with a fresh element too. */
  #arrays(node: ArgumentNode): JsonValue[] {
    const elements = dedupe(node.elements);
    const reps: JsonValue[] = [];
    for (const subset of subsets(elements, this)) reps.push(subset, [...subset, this.#fresh]);
    return reps;
  }
}

/** Every subset when there are at most MAX_SUBSETS values; else singletons, none and all (incomplete). */
function subsets<T>(values: readonly T[], plan: { complete: boolean }): T[][] {
  if (values.length > MAX_SUBSETS) {
    plan.complete = false;
    return [[], ...values.map((v) => [v]), [...values]];
  }
  const all: T[][] = [];
  for (let mask = 0; mask < 1 << values.length; mask++) all.push(values.filter((_, i) => (mask & (1 << i)) !== 0));
  return all;
}

/** The least double above `x` (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  buffer.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return buffer.getFloat64(0);
}

/** A plain object with exactly these own data properties (`__proto__` included as a key). */
function objectOf(entries: readonly (readonly [string, JsonValue])[]): JsonValue {
  const object: Record<string, JsonValue> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Values without repeats (JSON equality, -0 as 0). */
function dedupe(values: readonly JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  const out: JsonValue[] = [];
  for (const value of values) {
    const key = typeof value === "number" && Object.is(value, -0) ? "0" : keyOf(value);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

/** A key equal for JSON-equal values (object keys sorted). */
function keyOf(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(keyOf).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${keyOf(v as JsonValue)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A character that occurs in no string of the tree (constants, samples, member names); null when every code unit does. */
function freshCharacter(root: ArgumentNode): string | null {
  const used = new Set<number>();
  const note = (value: unknown): void => {
    if (typeof value === "string") for (let i = 0; i < value.length; i++) used.add(value.charCodeAt(i));
    else if (Array.isArray(value)) for (const item of value) note(item);
    else if (value !== null && typeof value === "object")
      for (const [key, item] of Object.entries(value)) {
        note(key);
        note(item);
      }
  };
  const visit = (node: ArgumentNode): void => {
    for (const list of [node.equal, node.ordered, node.elements, node.substrings, node.samples]) note(list);
    for (const [member, child] of node.children) {
      note(member);
      visit(child);
    }
  };
  visit(root);
  let code = 1;
  while (used.has(code)) code++;
  return code <= 0xffff ? String.fromCharCode(code) : null;
}

/**
 * Strings a glob matches, best effort: braces expanded, each wildcard filled with `x`, a
 * class by its first character, interpolations by their literal value.
 */
function globSamples(pattern: Pattern, request: Request): string[] {
  const template = templateOf(pattern.value);
  if (template === null || template.alternatives === null) return [];
  const values = new Map<string, string>();
  for (const slot of template.slots) {
    const value = interpolatedValue(request.subject, slot.path);
    if (!value.ok) return [];
    values.set(slot.placeholder, value.value);
  }
  const samples: string[] = [];
  for (const alternative of template.alternatives.slice(0, MAX_GLOB_SAMPLES)) samples.push(fillGlob(alternative, "x", values));
  return samples;
}

function fillGlob(glob: string, fill: string, values: ReadonlyMap<string, string>): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    const value = values.get(c);
    if (value !== undefined) out += value;
    else if (c === "\\" && i + 1 < glob.length) {
      const escaped = glob[++i] as string;
      out += values.get(escaped) ?? escaped;
    } else if (c === "*") {
      while (glob[i + 1] === "*") i++;
      out += fill;
    } else if (c === "?") out += "x";
    else if (c === "[") {
      const first = glob[i + 1];
      // The class closes after its first character (two for an escape: `[\]]` holds `]`).
      const close = glob.indexOf("]", first === "\\" ? i + 3 : i + 2);
      if (close < 0 || first === undefined) out += c;
      else {
        out += first === "!" || first === "^" ? "\u0001" : first === "\\" ? (glob[i + 2] ?? "") : first;
        i = close;
      }
    } else out += c;
  }
  return out;
}
