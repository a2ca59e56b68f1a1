/**
 * How many strings minimatch's brace expansion (the `brace-expansion` package) makes of a
 * glob, computed arithmetically: `{a,b}` thirty times is 2^30, found in 30 steps and
 * never expanded. Follows brace-expansion's structure: escapes (`\{ \} \, \\ \.`), a
 * leading `{}` kept literal, `${…}` left alone, comma sets (nested sets summed), numeric
 * and alphabetic sequences with optional step (`{1..10..2}`, `{a..z}`), the `{a},b}`
 * rewrite, and a set with no comma and no sequence kept literal.
 *
 * The count is exact except that empty top-level results, which brace-expansion drops,
 * are counted: it may overshoot, never undershoot, which is the safe side for a limit.
 */

/** Stand-in for an escaped character: not special to the expansion grammar. */
const ESCAPED = "\u0001";
const NUMERIC_SEQUENCE = /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/;
const ALPHA_SEQUENCE = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/;
const MAX_DEPTH = 1000;
const MAX_REWRITES = 1000;

export function countBraceExpansions(glob: string): number {
  let str = glob.startsWith("{}") ? `${ESCAPED}${ESCAPED}${glob.slice(2)}` : glob;
  str = str.replace(/\\[\\{},.]/g, ESCAPED);
  return count(str, 0);
}

function count(input: string, depth: number): number {
  if (depth > MAX_DEPTH) return 1;
  let str = input;
  let total = 1;
  let rewrites = 0;
  for (;;) {
    const r = range(str);
    if (r === undefined) return total;
    const [open, close] = r;
    const pre = str.slice(0, open);
    const body = str.slice(open + 1, close);
    const post = str.slice(close + 1);
    if (pre.endsWith("$")) {
      // `${…}` is not a brace set.
      if (post === "") return total;
      str = post;
      continue;
    }
    const isNumeric = NUMERIC_SEQUENCE.test(body);
    const isAlpha = ALPHA_SEQUENCE.test(body);
    const isOptions = body.includes(",");
    if (!isNumeric && !isAlpha && !isOptions) {
      // `{a},b}`: bash drops this `}` and rescans, so the outer set may still expand.
      if (rewrites < MAX_REWRITES && commaSetFollows(post)) {
        rewrites++;
        str = `${pre}{${body}${ESCAPED}${post}`;
        continue;
      }
      return total;
    }
    let values: number;
    if (isNumeric || isAlpha) {
      values = sequenceLength(body, isAlpha);
    } else {
      const parts = commaParts(body);
      if (parts.length === 1) {
        // `x{{a,b}}y` → x{a}y x{b}y: the single part's expansions, each kept braced.
        values = count(parts[0] as string, depth + 1);
      } else {
        values = 0;
        for (const part of parts) values += count(part, depth + 1);
      }
    }
    total *= values;
    if (post === "") return total;
    str = post;
  }
}

/**
 * Length of a `{x..y[..step]}` sequence, as brace-expansion generates it: a float loop
 * `for (i = x; i <= y; i += step)`. Arithmetic where the loop is exact; past 2^53 a step
 * can leave `i` unchanged and the loop runs to brace-expansion's own cap (100,000
 * strings), so short loops are counted by running them, up to just past our limit.
 */
function sequenceLength(body: string, alpha: boolean): number {
  const [a = "", b = "", step] = body.split("..");
  const value = (s: string): number => (alpha ? s.charCodeAt(0) : Number.parseInt(s, 10));
  const x = value(a);
  const y = value(b);
  const increment = step === undefined ? 1 : Math.max(Math.abs(Number.parseInt(step, 10)), 1);
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(increment)) return Number.POSITIVE_INFINITY;
  const arithmetic = Math.floor(Math.abs(y - x) / increment) + 1;
  if (arithmetic > SEQUENCE_RUN_LIMIT) {
    const exact = Number.isSafeInteger(x) && Number.isSafeInteger(y);
    return exact ? arithmetic : Math.max(arithmetic, BRACE_EXPANSION_MAX);
  }
  const signed = y < x ? -increment : increment;
  let values = 0;
  for (let i = x; y < x ? i >= y : i <= y; i += signed) {
    if (++values > SEQUENCE_RUN_LIMIT) return Math.max(arithmetic, BRACE_EXPANSION_MAX);
  }
  return values;
}

/** Sequences this short are counted by running brace-expansion's loop (above every limit we set). */
const SEQUENCE_RUN_LIMIT = 10_000;
/** brace-expansion's cap on the strings of one expansion (`EXPANSION_MAX`). */
const BRACE_EXPANSION_MAX = 100_000;

/** Splits a set body at its top-level commas (commas inside nested sets stay). */
function commaParts(body: string): string[] {
  const parts: string[] = [];
  let carry = "";
  let str = body;
  for (;;) {
    const r = range(str);
    if (r === undefined) {
      const tail = str.split(",");
      tail[0] = carry + tail[0];
      parts.push(...tail);
      return parts;
    }
    const [open, close] = r;
    const p = str.slice(0, open).split(",");
    p[0] = carry + p[0];
    p[p.length - 1] += str.slice(open, close + 1);
    const post = str.slice(close + 1);
    if (post === "") {
      parts.push(...p);
      return parts;
    }
    carry = p.pop() as string;
    parts.push(...p);
    str = post;
  }
}

/** `/,(?!,).*\}/` without the regexp's quadratic backtracking. */
function commaSetFollows(str: string): boolean {
  let close = false;
  for (let i = str.length - 1; i >= 0; i--) {
    const c = str.charCodeAt(i);
    if (c === 0x7d) close = true;
    else if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) close = false;
    else if (c === 0x2c && close && str.charCodeAt(i + 1) !== 0x2c) return true;
  }
  return false;
}

/** balanced-match's `range("{", "}", str)`: the first balanced pair, as it finds it. */
function range(str: string): [number, number] | undefined {
  let ai = str.indexOf("{");
  let bi = str.indexOf("}", ai + 1);
  let i = ai;
  if (ai < 0 || bi <= 0) return undefined;
  const begs: number[] = [];
  let left = str.length;
  let right: number | undefined;
  let result: [number, number] | undefined;
  while (i >= 0 && result === undefined) {
    if (i === ai) {
      begs.push(i);
      ai = str.indexOf("{", i + 1);
    } else if (begs.length === 1) {
      const r = begs.pop();
      if (r !== undefined) result = [r, bi];
    } else {
      const beg = begs.pop();
      if (beg !== undefined && beg < left) {
        left = beg;
        right = bi;
      }
      bi = str.indexOf("}", i + 1);
    }
    i = ai < bi && ai >= 0 ? ai : bi;
  }
  if (result === undefined && begs.length > 0 && right !== undefined) result = [left, right];
  return result;
}
