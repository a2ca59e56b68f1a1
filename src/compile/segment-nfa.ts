/**
 * A linear-time test for one path segment, equivalent to the segment RegExp minimatch
 * builds. minimatch's segment regexes are a small, closed dialect: anchors, the
 * "not `.`/`..`" lookahead, `[^/]*?` stars, `[^/]` and `[…]` single characters, escaped
 * and plain literals. Run by a backtracking engine, a few stars take exponential time
 * (`*a*a*a*a*b` on `aaaa…`); here the source is read into tokens and simulated as an
 * NFA (a set of token positions), O(tokens × text). Anything outside the dialect is
 * refused (throws), which makes the pattern err rather than risk a hang.
 */
import { indexOfLinear } from "../model/find-substring.js";

/** One token: a single character, a run of characters, or a zero-width assertion. */
type Token =
  | { readonly kind: "char"; readonly test: (unit: string) => boolean; readonly literal?: string }
  | { readonly kind: "star"; readonly notSlash?: boolean }
  | { readonly kind: "assert"; readonly test: (text: string, at: number) => boolean };

export type SegmentTest = (segment: string) => boolean;

/** The segment test for a RegExp from a Minimatch `set`. Throws outside the dialect. */
export function compileSegmentTest(re: RegExp): SegmentTest {
  // minimatch's own fast paths (`*`, `*.ext`, `?`…) replace `test` with a linear check
  // that is what minimatch actually runs, whatever the source says.
  const own = Object.getOwnPropertyDescriptor(re, "test");
  if (own !== undefined) {
    const test = own.value;
    if (typeof test !== "function") throw new Error("unsupported segment test");
    return (segment) => test.call(re, segment) === true;
  }
  const flags = re.flags.replace(/[gy]/g, "");
  const unicode = flags.includes("u");
  const branches = alternatives(re.source).map((branch) => branchTest(anchorless(tokenize(branch, flags)), unicode));
  if (branches.length === 1) return branches[0] as SegmentTest;
  return (segment) => {
    for (const test of branches) if (test(segment)) return true;
    return false;
  };
}

const STARS = ["[^/]*?", "[^/]*", "[^/]+?", "[^/]+"] as const;
const QUANTIFIER = /[*+?{]/;

function unsupported(source: string): never {
  throw new Error(`unsupported segment regex ${JSON.stringify(source)}`);
}

/** Top-level alternatives of the source (minimatch can leave a bare `|`: `[a-c]\\|`). */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  let j = 0;
  while (j < source.length) {
    const c = source.charAt(j);
    if (c === "\\") {
      j += 2;
      continue;
    }
    if (c === "[") {
      j = classEnd(source, j);
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(source.slice(from, j));
      from = j + 1;
    }
    j++;
  }
  out.push(source.slice(from));
  return out;
}

const ANY_RUN: Token = { kind: "star" };
const AT_START: Token = { kind: "assert", test: (_text, at) => at === 0 };
const AT_END: Token = { kind: "assert", test: (text, at) => at === text.length };

/**
 * One alternative's tokens. `^` and `$` are assertions and every alternative is
 * wrapped in runs, so an alternative left unanchored by a bare `|` searches, as
 * RegExp.test does.
 */
function tokenize(source: string, flags: string): Token[] {
  const tokens: Token[] = [ANY_RUN];
  const unicode = flags.includes("u");
  let i = 0;
  const atom = (text: string, next: number) => {
    if (QUANTIFIER.test(source.charAt(next))) unsupported(source);
    const literal = literalOf(text);
    tokens.push(literal === null ? { kind: "char", test: singleCharTest(text, flags) } : { kind: "char", test: (unit) => unit === literal, literal });
    i = next;
  };
  while (i < source.length) {
    const c = source.charAt(i);
    const star = STARS.find((s) => source.startsWith(s, i));
    if (star !== undefined) {
      if (star.startsWith("[^/]+")) tokens.push({ kind: "char", test: notSlash });
      tokens.push({ kind: "star", notSlash: true });
      i += star.length;
      continue;
    }
    if (source.startsWith("[^/]", i)) {
      atom("[^/]", i + 4);
      continue;
    }
    if (c === "[") {
      const end = classEnd(source, i);
      atom(source.slice(i, end), end);
      continue;
    }
    if (source.startsWith("(?!", i) || source.startsWith("(?=", i)) {
      const end = groupEnd(source, i);
      tokens.push({ kind: "assert", test: lookahead(source.slice(i, end), flags) });
      i = end;
      continue;
    }
    if (c === "(") {
      // A bracket expression mixing POSIX classes minimatch writes with Unicode property
      // escapes (`[[[:graph:]]`) becomes a group of one-character alternatives,
      // `([\[]|[^\p{Z}\p{C}])`: itself one character, tested as such.
      const end = groupEnd(source, i);
      if (!isCharAlternation(source.slice(i + 1, end - 1), unicode)) unsupported(source);
      atom(source.slice(i, end), end);
      continue;
    }
    if (c === "\\") {
      const x = source.charAt(i + 1);
      // `RegExp.source` writes a line terminator (U+2028, U+2029) as `\uXXXX`: one character.
      if (x === "u" && /^[0-9A-Fa-f]{4}$/.test(source.slice(i + 2, i + 6))) {
        atom(source.slice(i, i + 6), i + 6);
        continue;
      }
      if (x === "" || /[bBkcxupP0-9]/.test(x)) unsupported(source);
      atom(source.slice(i, i + 2), i + 2);
      continue;
    }
    if (c === "^" || c === "$") {
      tokens.push(c === "^" ? AT_START : AT_END);
      i++;
      continue;
    }
    if ("*+?{}()|".includes(c)) unsupported(source);
    const width = unicode && isPair(source, i) ? 2 : 1;
    atom(source.slice(i, i + width), i + width);
  }
  tokens.push(ANY_RUN);
  return tokens;
}

/**
 * Drops a leading run + `^` and a trailing `$` + run: starting only at 0 and
 * accepting only at the end say the same, and the NFA can then die early.
 */
function anchorless(tokens: Token[]): Token[] {
  let from = 0;
  let to = tokens.length;
  if (tokens[1] === AT_START) from = 2;
  if (to - from >= 2 && tokens[to - 2] === AT_END) to -= 2;
  return tokens.slice(from, to);
}

/** The one character a literal atom matches (`a`, `\\.`), or null for a class, `.` or a surrogate. */
function literalOf(text: string): string | null {
  if (text.length === 1 && text !== ".") return isSurrogate(text.charCodeAt(0)) ? null : text;
  if (text.length === 2 && text.startsWith("\\") && !/[A-Za-z0-9]/.test(text.charAt(1))) return text.charAt(1);
  return null;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/**
 * Stars and literals only (with at most a leading assertion, minimatch's "not a dot
 * segment" lookahead): matched by finding each literal run leftmost with `indexOf`,
 * which is exact for such patterns and about linear however long the literals are —
 * the NFA is O(tokens × text), seconds for a long interpolated value against a long id.
 */
function starLiteralTest(tokens: readonly Token[]): SegmentTest | null {
  let lead: Token | null = null;
  const runs: string[] = [""];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind === "assert") {
      if (k !== 0) return null;
      lead = token;
    } else if (token.kind === "star") {
      if (token.notSlash !== true) return null;
      runs.push("");
    } else {
      if (token.literal === undefined) return null;
      runs[runs.length - 1] += token.literal;
    }
  }
  if (runs.length === 1) return null; // no star: the NFA is already linear
  const first = runs[0] as string;
  const last = runs[runs.length - 1] as string;
  const middle = runs.slice(1, -1).filter((run) => run !== "");
  const fixed = first.length + last.length;
  return (text) => {
    if (lead !== null && lead.kind === "assert" && !lead.test(text, 0)) return false;
    // Stars here never cross a `/`: such a text goes to the general simulation.
    if (text.includes("/")) return false;
    if (text.length < fixed || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const run of middle) {
      const found = indexOfLinear(text, run, at);
      if (found < 0 || found + run.length > end) return false;
      at = found + run.length;
    }
    return true;
  };
}

/** Bit-parallel simulation for short token lists, the array one otherwise. */
function branchTest(tokens: readonly Token[], unicode: boolean): SegmentTest {
  const starLiteral = starLiteralTest(tokens);
  if (starLiteral !== null) {
    const general = tokens.length > 30 ? (segment: string) => simulate(tokens, segment, unicode) : bitParallel(tokens, unicode);
    return (segment) => (segment.includes("/") ? general(segment) : starLiteral(segment));
  }
  if (tokens.length > 30) return (segment) => simulate(tokens, segment, unicode);
  return bitParallel(tokens, unicode);
}

function bitParallel(tokens: readonly Token[], unicode: boolean): SegmentTest {
  let starMask = 0;
  let assertMask = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind === "star") starMask |= 1 << k;
    else if (token.kind === "assert") assertMask |= 1 << k;
  }
  const accept = 1 << tokens.length;
  // Per unit: which char tokens accept it, and which stars may loop on it.
  const masks = new Map<string, number>();
  const maskOf = (unit: string): number => {
    let mask = masks.get(unit);
    if (mask !== undefined) return mask;
    mask = 0;
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k] as Token;
      if (token.kind === "char" && token.test(unit)) mask |= 1 << k;
    }
    if (masks.size >= 256) masks.clear();
    masks.set(unit, mask);
    return mask;
  };
  const close = (state: number, text: string, at: number): number => {
    for (;;) {
      let open = state & starMask;
      const asserts = state & assertMask;
      if (asserts !== 0) {
        for (let k = 0; k < tokens.length; k++) {
          const token = tokens[k] as Token;
          if ((asserts & (1 << k)) !== 0 && token.kind === "assert" && token.test(text, at)) open |= 1 << k;
        }
      }
      const grown = state | (open << 1);
      if (grown === state) return state;
      state = grown;
    }
  };
  return (text) => {
    let state = close(1, text, 0);
    let at = 0;
    while (at < text.length) {
      const width = unicode && isPair(text, at) ? 2 : 1;
      const unit = width === 1 ? text.charAt(at) : text.slice(at, at + 2);
      const loops = unit === "/" ? starMask & ~slashStars(tokens) : starMask;
      state = ((state & maskOf(unit)) << 1) | (state & loops);
      if (state === 0) return false;
      at += width;
      state = close(state, text, at);
    }
    return (state & accept) !== 0;
  };
}

function slashStars(tokens: readonly Token[]): number {
  let mask = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind === "star" && token.notSlash === true) mask |= 1 << k;
  }
  return mask;
}

function notSlash(unit: string): boolean {
  return unit !== "/";
}

/** A test of exactly one unit (code point under `u`) against a one-character atom. */
function singleCharTest(text: string, flags: string): (unit: string) => boolean {
  if (text === "[^/]") return notSlash;
  if (text.length <= 2 && !text.startsWith("\\") && !text.startsWith("[") && text !== ".")
    return (unit) => unit === text;
  if (text.length === 2 && text.startsWith("\\") && !/[A-Za-z0-9]/.test(text.charAt(1))) {
    const literal = text.charAt(1);
    return (unit) => unit === literal;
  }
  const re = new RegExp(`^(?:${text})$`, flags);
  return (unit) => re.test(unit);
}

/** Whether every top-level alternative of a group's inside is exactly one character: a class, an escape or a plain character. */
function isCharAlternation(inner: string, unicode: boolean): boolean {
  if (inner === "" || inner.startsWith("?")) return false;
  return alternatives(inner).every((part) => {
    if (part.startsWith("[")) {
      try {
        return classEnd(part, 0) === part.length;
      } catch {
        return false;
      }
    }
    if (part.startsWith("\\")) return part.length === 2 && !/[bBkcxupP0-9]/.test(part.charAt(1));
    const width = unicode && isPair(part, 0) ? 2 : 1;
    return part.length === width && !"*+?{}()|.^$[]".includes(part);
  });
}

/** The index just past the `]` closing the class that opens at `start`. */
function classEnd(source: string, start: number): number {
  let j = start + 1;
  while (j < source.length) {
    const c = source.charAt(j);
    if (c === "\\") j += 2;
    else if (c === "]") return j + 1;
    else j++;
  }
  return unsupported(source);
}

/** The index just past the `)` closing the group that opens at `start`. */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  let j = start;
  while (j < source.length) {
    const c = source.charAt(j);
    if (c === "\\") {
      j += 2;
      continue;
    }
    if (c === "[") {
      j = classEnd(source, j);
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j + 1;
    else if (c === "*" || c === "+" || c === "{") unsupported(source);
    j++;
  }
  return unsupported(source);
}

/** A bounded lookahead (no unbounded quantifier, checked above), run sticky at one position. */
function lookahead(text: string, flags: string): (text: string, at: number) => boolean {
  const re = new RegExp(text, `${flags}y`);
  return (input, at) => {
    re.lastIndex = at;
    return re.test(input);
  };
}

function isPair(text: string, i: number): boolean {
  const hi = text.charCodeAt(i);
  const lo = text.charCodeAt(i + 1);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/**
 * Thompson simulation over a sparse set: `active` lists the token positions `k` such
 * that the tokens before `k` can have matched the text read so far (each once: `mark`
 * holds the step that added it). Epsilon moves (a star matching nothing, an assertion
 * that holds) only go forward, so closing in increasing position order is one pass.
 * Each step costs the active positions, not the whole pattern: a long literal pattern
 * keeps one or two alive.
 */
function simulate(tokens: readonly Token[], text: string, unicode: boolean): boolean {
  const n = tokens.length;
  const mark = new Int32Array(n + 1).fill(-1);
  let active: number[] = [];
  let next: number[] = [];
  let step = 0;
  const add = (list: number[], k: number) => {
    if (mark[k] === step) return;
    mark[k] = step;
    list.push(k);
  };
  add(active, 0);
  let at = 0;
  for (;;) {
    // Close: follow stars (matching nothing) and holding assertions forward.
    active.sort((a, b) => a - b);
    for (let i = 0; i < active.length; i++) {
      const k = active[i] as number;
      if (k >= n) continue;
      const token = tokens[k] as Token;
      if (token.kind === "star" || (token.kind === "assert" && token.test(text, at))) {
        if (mark[k + 1] !== step) {
          mark[k + 1] = step;
          // k + 1 is larger than every position before it in this sorted pass: insert in order.
          insertSorted(active, k + 1, i + 1);
        }
      }
    }
    if (at >= text.length) return mark[n] === step;
    const width = unicode && isPair(text, at) ? 2 : 1;
    const unit = text.slice(at, at + width);
    step++;
    next.length = 0;
    for (const k of active) {
      if (k >= n) continue;
      const token = tokens[k] as Token;
      if (token.kind === "star") {
        if (token.notSlash === true && unit === "/") continue;
        add(next, k);
      } else if (token.kind === "char" && token.test(unit)) {
        add(next, k + 1);
      }
    }
    if (next.length === 0) return false;
    const swap = active;
    active = next;
    next = swap;
    at += width;
  }
}

/** Inserts `value` into the sorted `list` at or after `from`, keeping it sorted. */
function insertSorted(list: number[], value: number, from: number): void {
  let j = from;
  while (j < list.length && (list[j] as number) < value) j++;
  list.splice(j, 0, value);
}
