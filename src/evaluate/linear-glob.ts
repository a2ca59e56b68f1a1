/**
 * minimatch, without its backtracking. The language's globs are defined as minimatch
 * with GLOB_OPTIONS, but minimatch tests each segment with a backtracking RegExp:
 * `*a*a*b` against 4,000 characters takes seconds, and spec §5 says evaluation never
 * hangs. So we let minimatch do everything it does — brace expansion, splitting, its
 * own fast paths — and swap two things only: the `test` of each segment RegExp it
 * built, for a linear-time simulation of that very RegExp (minimatch itself replaces
 * `test` the same way for its fast paths), and its `**` walk, O(segments²), for the
 * same walk remembering what it has walked (globstar-walk.ts).
 *
 * Under GLOB_OPTIONS (`noext`) a segment RegExp is `^` + an optional `.`/`..` guard +
 * a sequence of: literal characters (specials backslash-escaped), `[^/]` (`?`),
 * `[^/]*?` (`*`), `[^/]+?` (a segment of only stars), a character class (or two
 * alternated), or `$.` (an empty class: never matches) + `$` — and a raw `|`: minimatch
 * copies an escaped `\|` into its RegExp unescaped, so the glob `a\|b*` is the RegExp
 * alternation `^a|b[^/]*?$` (kept faithfully: the language is minimatch). Anything
 * else makes the compilation fail, and the caller reports an error rather than hang.
 */
import { GLOBSTAR, Minimatch, type MinimatchOptions, type ParseReturn } from "minimatch";
import { indexOfLinear } from "../model/find-substring.js";
import { matchGlobstar } from "./globstar-walk.js";

type Token =
  | { readonly kind: "literal"; readonly char: string }
  | { readonly kind: "any" }
  | { readonly kind: "star" }
  | { readonly kind: "class"; readonly re: RegExp }
  | { readonly kind: "never" }
  /** A raw `|` (from a glob's `\|`): a top-level alternation. */
  | { readonly kind: "bar" };

const NO_TRAVERSAL = "(?!(?:^|/)\\.\\.?(?:$|/))";
const NO_DOT = "(?!\\.)";

/**
 * minimatch whose `matchOne` walks `**` by globstar-walk.ts. Partial matches, the
 * Windows and level-2 preludes of `matchOne`, and `dot: false` (whose `**` also stops at
 * segments starting with `.`, which globstar-walk.ts does not model) — none of them
 * under GLOB_OPTIONS — stay minimatch's.
 */
class WalkingMinimatch extends Minimatch {
  override matchOne(file: string[], pattern: ParseReturn[], partial = false): boolean {
    const own =
      partial ||
      this.isWindows ||
      this.options.dot !== true ||
      (this.options.optimizationLevel ?? 1) >= 2 ||
      !pattern.includes(GLOBSTAR);
    if (own) return super.matchOne(file, pattern, partial);
    return matchGlobstar(file, pattern, (run, parts) => super.matchOne(run, parts, false), this.maxGlobstarRecursion);
  }
}

/** A matcher equivalent to `minimatch(input, pattern, options)`, or null if unsupported. */
export function compileLinearGlob(pattern: string, options: MinimatchOptions): ((input: string) => boolean) | null {
  const matcher = new WalkingMinimatch(pattern, options);
  for (const alternative of matcher.set) {
    for (const part of alternative) {
      // Parts with an own `test` are minimatch's linear fast paths: keep them as they are.
      if (!(part instanceof RegExp) || Object.hasOwn(part, "test")) continue;
      const test = segmentTester(part);
      if (test === null) return null;
      Reflect.defineProperty(part, "test", { value: test });
    }
  }
  return (input) => matcher.match(input);
}

/** A linear-time `test` for one segment RegExp built by minimatch. */
export function segmentTester(re: RegExp): ((segment: string) => boolean) | null {
  const src: unknown = (re as RegExp & { _src?: unknown })._src;
  if (typeof src !== "string" || re.flags.replace("u", "") !== "") return null;
  const unicode = re.flags.includes("u");
  let rest = src;
  let noTraversal = false;
  let noDot = false;
  if (rest.startsWith(NO_TRAVERSAL)) {
    noTraversal = true;
    rest = rest.slice(NO_TRAVERSAL.length);
  } else if (rest.startsWith(NO_DOT)) {
    noDot = true;
    rest = rest.slice(NO_DOT.length);
  }
  const tokens = tokenize(rest, re.flags, unicode);
  if (tokens === null) return null;
  // `^(?!guard)A|B|C$`: A must match a prefix (guarded), B anywhere, C a suffix.
  const alternatives: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "bar") alternatives.push([]);
    else alternatives[alternatives.length - 1]?.push(token);
  }
  const last = alternatives.length - 1;
  const runs = last === 0 ? starRuns(alternatives[0] as Token[]) : null;
  return (segment) => {
    if (runs !== null) {
      if (noTraversal && (segment === "." || segment === "..")) return false;
      if (noDot && segment.startsWith(".")) return false;
      return matchRuns(runs, segment);
    }
    const chars = unicode ? Array.from(segment) : segment.split("");
    return alternatives.some((alternative, index) => {
      if (index === 0 && noTraversal && (segment === "." || segment === "..")) return false;
      if (index === 0 && noDot && segment.startsWith(".")) return false;
      return simulate(alternative, chars, index === 0, index === last);
    });
  };
}

function tokenize(src: string, flags: string, unicode: boolean): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    if (src.startsWith("[^/]*?", i)) {
      tokens.push({ kind: "star" });
      i += 6;
    } else if (src.startsWith("[^/]+?", i)) {
      tokens.push({ kind: "any" }, { kind: "star" });
      i += 6;
    } else if (src.startsWith("[^/]", i)) {
      tokens.push({ kind: "any" });
      i += 4;
    } else if (src.startsWith("$.", i)) {
      tokens.push({ kind: "never" });
      i += 2;
    } else if (src[i] === "[" || src[i] === "(") {
      const end = classEnd(src, i);
      if (end < 0) return null;
      try {
        // One class matches exactly one character: no backtracking to fear.
        tokens.push({ kind: "class", re: new RegExp(`^(?:${src.slice(i, end)})$`, flags) });
      } catch {
        return null;
      }
      i = end;
    } else if (src[i] === "\\") {
      const char = charAt(src, i + 1, unicode);
      if (char === "") return null;
      tokens.push({ kind: "literal", char });
      i += 1 + char.length;
    } else {
      const char = charAt(src, i, unicode);
      if (char === "|") {
        tokens.push({ kind: "bar" });
        i++;
        continue;
      }
      if ("^$.?*+(){}]".includes(char)) return null;
      tokens.push({ kind: "literal", char });
      i += char.length;
    }
  }
  return tokens;
}

/** The end of `[...]` or `([...]|[...])` starting at `start`, or -1. */
function classEnd(src: string, start: number): number {
  let i = start;
  const grouped = src[i] === "(";
  if (grouped) i++;
  for (;;) {
    if (src[i] !== "[") return -1;
    i++;
    while (i < src.length && src[i] !== "]") i += src[i] === "\\" ? 2 : 1;
    if (i >= src.length) return -1;
    i++;
    if (!grouped) return i;
    if (src[i] === ")") return i + 1;
    if (src[i] !== "|") return -1;
    i++;
  }
}

function charAt(text: string, index: number, unicode: boolean): string {
  if (index >= text.length) return "";
  if (!unicode) return text[index] as string;
  return String.fromCodePoint(text.codePointAt(index) as number);
}

/**
 * Runs the token sequence as an NFA over the characters: O(characters × tokens).
 * Unanchored at the start, a match may begin anywhere; at the end, it may stop early.
 */
function simulate(tokens: readonly Token[], chars: readonly string[], anchorStart: boolean, anchorEnd: boolean): boolean {
  const accept = tokens.length;
  let states = closure(new Set([0]), tokens);
  if (!anchorEnd && states.has(accept)) return true;
  for (const char of chars) {
    const next = new Set<number>(anchorStart ? [] : [0]);
    for (const state of states) {
      const token = tokens[state];
      if (token === undefined) continue;
      switch (token.kind) {
        case "literal":
          if (char === token.char) next.add(state + 1);
          break;
        case "any":
          if (char !== "/") next.add(state + 1);
          break;
        case "star":
          if (char !== "/") next.add(state);
          break;
        case "class":
          if (token.re.test(char)) next.add(state + 1);
          break;
        case "never":
        case "bar":
          break;
      }
    }
    if (next.size === 0) return false;
    states = closure(next, tokens);
    if (!anchorEnd && states.has(accept)) return true;
  }
  return states.has(accept);
}

/** Adds the states reachable by letting a `*` match nothing. */
function closure(states: Set<number>, tokens: readonly Token[]): Set<number> {
  const pending = [...states];
  while (pending.length > 0) {
    const state = pending.pop() as number;
    if (tokens[state]?.kind === "star" && !states.has(state + 1)) {
      states.add(state + 1);
      pending.push(state + 1);
    }
  }
  return states;
}

/**
 * The literal runs between the stars of a sequence made only of literals and stars
 * (`ab*cd*e` → ["ab", "cd", "e"]), or null for any other sequence (or one without a
 * star). Such a sequence is matched run by run, each at its leftmost place — exact for
 * stars, and fast where the NFA is O(characters × tokens): a 1,000-character literal
 * between two stars against a megabyte of text.
 */
function starRuns(tokens: readonly Token[]): string[] | null {
  const runs: string[] = [""];
  for (const token of tokens) {
    if (token.kind === "star") runs.push("");
    else if (token.kind === "literal" && !isLoneSurrogate(token.char)) runs[runs.length - 1] += token.char;
    else return null;
  }
  return runs.length > 1 ? runs : null;
}

/** Whether `segment` is runs[0], then anything, runs[1], … anything, the last run (stars never match `/`). */
function matchRuns(runs: readonly string[], segment: string): boolean {
  if (segment.includes("/")) return false;
  const head = runs[0] as string;
  const tail = runs[runs.length - 1] as string;
  if (segment.length < head.length + tail.length || !segment.startsWith(head) || !segment.endsWith(tail)) return false;
  const stop = segment.length - tail.length;
  let from = head.length;
  for (let r = 1; r < runs.length - 1; r++) {
    const run = runs[r] as string;
    const found = indexOfLinear(segment, run, from);
    if (found < 0 || found + run.length > stop) return false;
    from = found + run.length;
  }
  return true;
}

/** A surrogate on its own could match half of a pair in `indexOf`: those sequences stay with the NFA. */
function isLoneSurrogate(char: string): boolean {
  const code = char.charCodeAt(0);
  return char.length === 1 && code >= 0xd800 && code <= 0xdfff;
}
