/**
 * URIs worth trying for a resource template, read off the policies themselves: for each
 * `resource "resource:…"` pattern, one URI it matches (`${subject.id}` filled in with the
 * subject's value, each `*` or `?` as `x`, a class or a brace group as its first
 * choice), kept when the template could have produced it. So `db://tables/{table}` is
 * tried with `db://tables/alice_x` for `resource "resource:db://tables/${subject.id}_*"`
 * — a value no pool of whole words (template-expansions.ts) holds.
 *
 * Only a hint of where to look: a template is still listed only when the read of such a
 * URI could be allowed, decided by the engine like any other.
 */
import type { PolicySet } from "../model/policy-set.js";
import { splitTemplate, type TemplatePart } from "../model/template.js";

/** Patterns read per policy set, and witnesses tried per template, at most. */
const MAX_PATTERNS = 256;
export const MAX_WITNESSES = 32;
const MAX_VALUE = 256;
/** Longest witness kept: longer URIs are no realistic expansion, and matching costs their length. */
const MAX_WITNESS_LENGTH = 2048;
/** Templates with more variables get no witnesses (each adds a pass over the URI). */
const MAX_VARIABLES = 16;
/**
 * Matching work (template weight × URI characters, see TemplateShape) one list may spend on witnesses, in
 * all: a few milliseconds. A list of many templates shares it; what is left over after
 * it is spent gets no witnesses (the expansions of template-expansions.ts still apply).
 */
export const MAX_WITNESS_WORK = 2_000_000;

/** What one list (or one request) may still spend on witness matching. */
export interface WitnessBudget {
  left: number;
}

export function witnessBudget(): WitnessBudget {
  return { left: MAX_WITNESS_WORK };
}
const PREFIX = "resource:";

/** The resource patterns of a set that name MCP resources, split once per set. */
const patternsBySet = new WeakMap<PolicySet, readonly (readonly TemplatePart[])[]>();

function resourcePatterns(set: PolicySet): readonly (readonly TemplatePart[])[] {
  let patterns = patternsBySet.get(set);
  if (patterns === undefined) {
    const found: (readonly TemplatePart[])[] = [];
    for (const policy of set.policies) {
      if (policy.resource.kind !== "PatternList") continue;
      for (const pattern of policy.resource.patterns) {
        if (found.length >= MAX_PATTERNS) break;
        const split = splitTemplate(pattern.value);
        const first = split.ok ? split.parts[0] : undefined;
        if (split.ok && first?.kind === "text" && first.text.startsWith(PREFIX)) found.push(split.parts);
      }
    }
    patterns = found;
    patternsBySet.set(set, patterns);
  }
  return patterns;
}

/**
 * One URI per resource pattern of `set` (without the `resource:` prefix), for `subject`:
 * deduplicated, in set order. A pattern whose glob has no simple witness (a negated
 * class, a POSIX class, a numeric range) or whose interpolated value is unusable is left out.
 */
export function patternWitnesses(set: PolicySet, subject: unknown): string[] {
  const out = new Set<string>();
  for (const parts of resourcePatterns(set)) {
    let uri = "";
    for (const part of parts) {
      const piece = part.kind === "text" ? globWitness(part.text) : interpolatedValue(subject, part.path);
      // Too long already (a pattern interpolating a 256-character id many times): not built further.
      if (piece === null || uri.length + piece.length > PREFIX.length + MAX_WITNESS_LENGTH) {
        uri = "";
        break;
      }
      uri += piece;
    }
    if (uri.startsWith(PREFIX) && uri.length > PREFIX.length && uri.length <= PREFIX.length + MAX_WITNESS_LENGTH) out.add(uri.slice(PREFIX.length));
  }
  return [...out];
}

/**
 * The witnesses `template` could have produced (at most MAX_WITNESSES), each match paid
 * from `budget` (its weight × URI length, before it runs): none once the budget is spent.
 */
export function witnessesFor(template: string, witnesses: readonly string[], budget: WitnessBudget): string[] {
  if (witnesses.length === 0 || budget.left <= 0) return [];
  const shape = templateShape(template);
  if (shape === null) return [];
  const out: string[] = [];
  for (const uri of witnesses) {
    // The literal prefix first: most witnesses fail there, for the cost of a comparison.
    if (!uri.startsWith(shape.prefix)) continue;
    const work = shape.weight * (uri.length + 1);
    if (work > budget.left) {
      budget.left = 0;
      break;
    }
    budget.left -= work;
    if (shape.test(uri)) out.push(uri);
    if (out.length >= MAX_WITNESSES) break;
  }
  return out;
}

/**
 * A text that the glob `text` matches (minimatch, spec §4.1), or null when there is no
 * simple one. `*`, `**` and `?` become `x`; `[abc]` and `[a-z]` their first character;
 * `{a,b}` its first alternative; `\c` the character.
 */
export function globWitness(text: string): string | null {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) return null;
      out += next;
      i++;
    } else if (c === "*") {
      while (text[i + 1] === "*") i++;
      out += "x";
    } else if (c === "?") {
      out += "x";
    } else if (c === "[") {
      const first = text[i + 1];
      const close = text.indexOf("]", i + 2);
      // Negations and POSIX classes have no obvious member: no witness.
      if (first === undefined || first === "!" || first === "^" || first === "[" || first === "\\" || close < 0) return null;
      out += first;
      i = close;
    } else if (c === "{") {
      const close = text.indexOf("}", i + 1);
      if (close < 0) return null;
      const body = text.slice(i + 1, close);
      // Nested groups, ranges (`{1..3}`) and escapes: no witness (rare in resource patterns).
      if (body.includes("{") || body.includes("..") || body.includes("\\")) return null;
      const alternative = body.split(",")[0] as string;
      const inner = globWitness(alternative);
      if (inner === null) return null;
      out += inner;
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

/** Spec §4.3: a non-empty string or finite number, no `/`, not `.` or `..`. */
function interpolatedValue(subject: unknown, path: readonly string[]): string | null {
  let value: unknown = subject;
  try {
    for (const member of path) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
      const descriptor = Object.getOwnPropertyDescriptor(value, member);
      if (descriptor === undefined || !("value" in descriptor)) return null;
      value = descriptor.value;
    }
  } catch {
    // A subject whose traps throw offers nothing.
    return null;
  }
  const text = typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : null;
  if (text === null || text === "" || text.length > MAX_VALUE || text.includes("/") || text === "." || text === "..") return null;
  return text;
}

/**
 * What the SDKs' template matching (v1 and v2 `UriTemplate.match`) takes as one variable:
 * a simple one (`{name}`) any characters but `/` and `,`; a reserved one (`{+name}`) any
 * characters. A witness is tried only where a read of it would reach this template.
 */
const SIMPLE_CHARACTERS = /^[^/,\n\r\u2028\u2029]$/;
const RESERVED_CHARACTERS = /^[^\n\r\u2028\u2029]$/;

/** A template as literal text and variables (each one or more characters of a class). */
type Piece = string | RegExp;

const shapes = new Map<string, TemplateShape | null>();
const MAX_SHAPES = 1024;
/** Template characters the shapes are kept for, in all (each shape holds about its template's text). */
const MAX_SHAPE_CHARACTERS = 1_048_576;
let shapeCharacters = 0;

interface TemplateShape {
  /** The literal text before the first variable: most witnesses fail on it, cheaply. */
  readonly prefix: string;
  /**
   * Variables plus literal characters: a match costs at most this many steps per URI
   * character (a literal is compared at each reachable position).
   */
  readonly weight: number;
  test(uri: string): boolean;
}

/**
 * The URIs a template can expand to, for templates made of literal text and one-variable
 * simple (`{a}`) or reserved (`{+a}`) expressions; null for any other template (no
 * witness is tried for it). Matched position by position, in time linear in the URI
 * per piece: no backtracking, however the variables sit.
 */
function templateShape(template: string): TemplateShape | null {
  if (shapes.has(template)) return shapes.get(template) ?? null;
  const pieces: Piece[] = [];
  let ok = template.length <= 4096;
  let variables = 0;
  for (let i = 0; ok && i < template.length; ) {
    const open = template.indexOf("{", i);
    const literal = open < 0 ? template.slice(i) : template.slice(i, open);
    if (literal.includes("}")) ok = false;
    if (literal !== "") pieces.push(literal);
    if (open < 0) break;
    const close = template.indexOf("}", open);
    const body = close < 0 ? "" : template.slice(open + 1, close);
    const reserved = body.startsWith("+");
    if (!/^[A-Za-z0-9_]+$/.test(reserved ? body.slice(1) : body)) ok = false;
    pieces.push(reserved ? RESERVED_CHARACTERS : SIMPLE_CHARACTERS);
    // Too many to be tried: known before reading the rest (a client's template may name a thousand).
    if (++variables > MAX_VARIABLES) ok = false;
    i = close + 1;
  }
  const prefix = typeof pieces[0] === "string" ? pieces[0] : "";
  const weight = pieces.reduce((sum: number, piece) => sum + (typeof piece === "string" ? piece.length : 1), 0);
  const shape = ok ? { prefix, weight, test: (uri: string) => uri.startsWith(prefix) && matchesPieces(pieces, uri) } : null;
  // Bounded by entries and by text: templates come from clients too (completions).
  if (shapes.size >= MAX_SHAPES || shapeCharacters + template.length > MAX_SHAPE_CHARACTERS) {
    shapes.clear();
    shapeCharacters = 0;
  }
  shapes.set(template, shape);
  shapeCharacters += template.length;
  return shape;
}

/** Whether `text` is the pieces in a row: the positions reachable after each piece, left to right. */
function matchesPieces(pieces: readonly Piece[], text: string): boolean {
  const n = text.length;
  let reach = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  reach[0] = 1;
  for (const piece of pieces) {
    next.fill(0);
    let any = false;
    if (typeof piece === "string") {
      for (let p = 0; p + piece.length <= n; p++) {
        if (reach[p] === 1 && text.startsWith(piece, p)) {
          next[p + piece.length] = 1;
          any = true;
        }
      }
    } else {
      // One or more characters of the class, from any reachable position.
      let active = false;
      for (let p = 1; p <= n; p++) {
        active = (active || reach[p - 1] === 1) && piece.test(text.charAt(p - 1));
        if (active) {
          next[p] = 1;
          any = true;
        }
      }
    }
    // Nothing reachable: no later piece can match.
    if (!any) return false;
    [reach, next] = [next, reach];
  }
  return reach[n] === 1;
}
