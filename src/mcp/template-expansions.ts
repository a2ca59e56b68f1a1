/**
 * A resource template (`file:///home/{user}/{name}`) is usable when some URI it expands
 * to could be read. Lists show it then, and a completion of its variables is refused
 * visibly rather than as for an unknown template. Which values to try: those the
 * policies could care about — the subject's values that resource patterns interpolate
 * (`${subject.id}`), the literal words of those patterns, and one neutral word — each
 * combination expanded as RFC 6570 says (levels 1–3; a prefix modifier is honoured, an
 * explode taken as a single value). A template found usable this way is: the witness
 * URI is one a read of would be allowed. One not found usable may still be, with values
 * outside that pool (docs/mcp.md).
 */
import type { PolicySet } from "../model/policy-set.js";
import { splitTemplate } from "../model/template.js";

/** Expansions tried per template at most. */
export const MAX_EXPANSIONS = 256;
/**
 * The longest expansion built: `protect` refuses a longer URI (MAX_NAME in
 * authorizer.ts), so no read could ever carry one. Building stops as soon as a URI
 * passes it: a client's 4,096-character template of a thousand expressions would
 * otherwise expand to URIs of half a million characters each.
 */
export const MAX_EXPANSION_LENGTH = 4096;
/**
 * Characters built for the expansions of one template, in all (≈ 256 URIs of 256
 * characters; `file:///home/{user}/{name}` needs ≈ 8,000 for its 256, ≈ 16,000 with a
 * 256-character id): past it, no more are built, and the template is decided on those
 * built. Each piece of a URI counts as a character too, so a URI of many empty values
 * costs what it takes to build.
 */
export const MAX_EXPANSION_CHARACTERS = 65_536;
/**
 * Variables a template may name (counting each place) to be expanded at all: realistic
 * templates name a few, and each one named costs a step per URI. A template naming more
 * (`{a}{b}{a}{b}…`, a thousand times) gets no expansions: it is shown only when its
 * literal URI template could be read.
 */
export const MAX_TEMPLATE_VARIABLES = 64;
/** Values in the pool at most, and the longest value taken. */
const MAX_POOL = 32;
const MAX_VALUE = 256;
/** The word tried when nothing in the policies suggests one. */
const NEUTRAL = "x";

interface Expression {
  readonly operator: string;
  readonly names: readonly { readonly name: string; readonly prefix: number | null }[];
}

type Part = string | Expression;

const OPERATORS = new Set(["+", "#", ".", "/", ";", "?", "&"]);
const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*$/;

/**
 * The template's literal text and expressions, or null when it is not a valid URI
 * template or names more than MAX_TEMPLATE_VARIABLES (found out before reading the rest).
 */
function parseTemplate(template: string): Part[] | null {
  const parts: Part[] = [];
  let named = 0;
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    const close = template.indexOf("}", i);
    if (open < 0) {
      if (close >= 0) return null;
      parts.push(template.slice(i));
      break;
    }
    if (close >= 0 && close < open) return null;
    if (open > i) parts.push(template.slice(i, open));
    const end = template.indexOf("}", open);
    if (end < 0) return null;
    let body = template.slice(open + 1, end);
    if (body.includes("{")) return null;
    let operator = "";
    if (OPERATORS.has(body.charAt(0))) {
      operator = body.charAt(0);
      body = body.slice(1);
    }
    const names: { name: string; prefix: number | null }[] = [];
    for (const spec of body.split(",")) {
      if (++named > MAX_TEMPLATE_VARIABLES) return null;
      const explode = spec.endsWith("*");
      const [name, prefix] = (explode ? spec.slice(0, -1) : spec).split(":");
      if (name === undefined || !VARNAME.test(name)) return null;
      const length = prefix === undefined ? null : Number(prefix);
      if (length !== null && !(Number.isInteger(length) && length > 0 && length < 10_000)) return null;
      names.push({ name, prefix: length });
    }
    parts.push({ operator, names });
    i = end + 1;
  }
  return parts;
}

/** RFC 6570's encodings: unreserved characters only, or reserved ones allowed too (`+`, `#`). */
function encode(value: string, allowReserved: boolean): string {
  let out = "";
  for (const c of value) {
    if (/[A-Za-z0-9\-._~]/.test(c) || (allowReserved && /[:/?#[\]@!$&'()*+,;=]/.test(c))) out += c;
    else out += [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  }
  return out;
}

/**
 * Text a client may send unencoded in one variable and the SDK's template matching still
 * takes as that variable: URI characters, but none that end a value there (`/`, `,`)
 * or a URI part (`?`, `#`, `&`, `=`, `;`, brackets).
 */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:@!$'()*+]*$/;

/**
 * The expression's text, or null once it would make the URI longer than `room`
 * characters (checked item by item: an expression may name a thousand variables).
 * `text(name)` is the variable's value, encoded as the expression wants it.
 */
function expandExpression(expression: Expression, text: (name: string, prefix: number | null, reserved: boolean) => string, room: number): string | null {
  const { operator } = expression;
  const reserved = operator === "+" || operator === "#";
  const first = operator === "+" || operator === "" ? "" : operator === "?" ? "?" : operator === "&" ? "&" : operator;
  const separator = operator === "" || operator === "+" || operator === "#" ? "," : operator === "?" || operator === "&" ? "&" : operator;
  const named = operator === ";" || operator === "?" || operator === "&";
  const item = (name: string, prefix: number | null): string => {
    const value = text(name, prefix, reserved);
    return !named ? value : value === "" && operator === ";" ? name : `${name}=${value}`;
  };
  const { names } = expression;
  // One variable, the usual case: no list to build.
  if (names.length === 1) {
    const only = names[0] as { readonly name: string; readonly prefix: number | null };
    const result = first + item(only.name, only.prefix);
    return result.length > room ? null : result;
  }
  const items: string[] = [];
  let length = first.length;
  for (const { name, prefix } of names) {
    const next = item(name, prefix);
    length += next.length + (items.length > 0 ? separator.length : 0);
    if (length > room) return null;
    items.push(next);
  }
  return first + items.join(separator);
}

/**
 * URIs `template` expands to with its variables taken from `pool` (the same pool for
 * each variable), at most `limit`, none longer than MAX_EXPANSION_LENGTH, and
 * MAX_EXPANSION_CHARACTERS built in all; the first ones use the first values. Empty for
 * an invalid template.
 */
export function templateExpansions(template: string, pool: readonly string[], limit = MAX_EXPANSIONS): readonly string[] {
  return builtWithin(template, pool, limit, MAX_EXPANSION_CHARACTERS).uris;
}

/** What a budget of characters has left: one search's, or one list's over its templates. */
export interface CharacterBudget {
  left: number;
}

/** What the first round of a search builds (most end there); the next, sixteen times as much. */
const FIRST_ROUND = 4096;

/**
 * Calls `found` on the expansions of `template` (see templateExpansions) in order until
 * it returns true, paying from `budget` the characters built for each URI tried (and for
 * the URIs abandoned before it): once it is spent, the search stops. URIs are built in
 * rounds as they are needed — most searches end at the first URIs — so what is built
 * stays within about twice what is paid.
 */
export function searchExpansions(
  template: string,
  pool: readonly string[],
  limit: number,
  budget: CharacterBudget,
  found: (uri: string) => boolean,
): boolean {
  let tried = 0;
  let paid = 0;
  for (let round = FIRST_ROUND; ; round *= 16) {
    const built = builtWithin(template, pool, limit, Math.min(round, MAX_EXPANSION_CHARACTERS));
    for (; tried < built.uris.length; tried++) {
      if (budget.left <= 0) return false;
      const cost = (built.costs[tried] as number) - paid;
      budget.left -= cost;
      paid += cost;
      if (found(built.uris[tried] as string)) return true;
    }
    if (built.complete) {
      // What was built after the last URI (abandoned ones) is paid too.
      budget.left -= Math.max(0, built.spent - paid);
      return false;
    }
  }
}

/** Expansions built for a budget: the URIs, what was built up to and with each, and in all. */
interface Built {
  readonly uris: readonly string[];
  /** Characters built up to and including each URI, abandoned ones before it too. */
  readonly costs: readonly number[];
  readonly spent: number;
  /** No budget would give more URIs. */
  readonly complete: boolean;
}

const NOTHING: Built = { uris: [], costs: [], spent: 0, complete: true };

/** The expansions built within `characters` (the first ones of every larger budget), remembered. */
function builtWithin(template: string, pool: readonly string[], limit: number, characters: number): Built {
  // The same templates are expanded with the same pool on every list of a subject: kept.
  const key = `${limit}\u0000${template}\u0000${pool.join("\u0000")}`;
  const known = key.length <= MAX_MEMO_KEY ? memo.get(key) : undefined;
  if (known !== undefined && (known.complete || known.spent >= characters)) return known;
  const built = expandAll(template, pool, limit, characters);
  if (key.length <= MAX_MEMO_KEY) {
    // Bounded by what it holds, not only by entries: 512 entries of a client's worst
    // templates were gigabytes (each entry is at most MAX_EXPANSION_CHARACTERS plus its key).
    if (known !== undefined) {
      memo.delete(key);
      memoCharacters -= sizeOf(key, known);
    }
    const size = sizeOf(key, built);
    if (memo.size >= MAX_MEMO || memoCharacters + size > MAX_MEMO_CHARACTERS) {
      memo.clear();
      memoCharacters = 0;
    }
    memo.set(key, built);
    memoCharacters += size;
  }
  return built;
}

function sizeOf(key: string, built: Built): number {
  let size = key.length;
  for (const uri of built.uris) size += uri.length;
  return size;
}

/** Expansions remembered: per template and pool (a subject's), a few hundred lists' worth. */
const memo = new Map<string, Built>();
let memoCharacters = 0;
const MAX_MEMO = 512;
const MAX_MEMO_KEY = 16_384;
/** Characters the memo holds at most, keys and URIs (≈ 4–8 MB: one or two bytes per character). */
export const MAX_MEMO_CHARACTERS = 4_194_304;

/** What the memo holds: entries, and their characters (keys and URIs). For tests. */
export function expansionMemoSize(): { readonly entries: number; readonly characters: number } {
  return { entries: memo.size, characters: memoCharacters };
}

let lastParsed: { readonly template: string; readonly parts: readonly Part[] | null } = { template: "", parts: [] };

/** The expansions in order until `characters` are built (or MAX_EXPANSION_CHARACTERS, or all of them). */
function expandAll(template: string, pool: readonly string[], limit: number, characters: number): Built {
  // A search's later rounds parse the same template again: the last one is kept.
  if (lastParsed.template !== template) lastParsed = { template, parts: parseTemplate(template) };
  const { parts } = lastParsed;
  if (parts === null || pool.length === 0) return NOTHING;
  const names = [...new Set(parts.flatMap((part) => (typeof part === "string" ? [] : part.names.map((n) => n.name))))];
  if (names.length === 0) {
    return template.length <= MAX_EXPANSION_LENGTH
      ? { uris: [template], costs: [template.length], spent: template.length, complete: true }
      : { ...NOTHING, spent: template.length };
  }
  // Each variable gets the first `width` values, so that width^variables stays within the limit.
  const width = Math.max(1, Math.min(pool.length, Math.floor(limit ** (1 / names.length))));
  const uris: string[] = [];
  const costs: number[] = [];
  // Characters built, kept or not: what the budgets pay for.
  let built = 0;
  const keep = (uri: string): boolean => {
    uris.push(uri);
    costs.push(built);
    return uris.length >= limit;
  };
  const done = (): Built => ({ uris, costs, spent: built, complete: true });
  // Each value encoded once per way (pool index × unencoded × reserved), not once per
  // place it appears in each URI; values cut by a prefix modifier are remembered apart.
  const encoded: (string | undefined)[] = [];
  const cutEncoded = new Map<string, string>();
  const encodedAs = (index: number, prefix: number | null, raw: boolean, reserved: boolean): string => {
    const slot = index * 4 + (raw ? 2 : 0) + (reserved ? 1 : 0);
    const key = prefix === null ? "" : `${slot}:${prefix}`;
    let result = prefix === null ? encoded[slot] : cutEncoded.get(key);
    if (result === undefined) {
      const value = pool[index] as string;
      const cut = prefix === null ? value : [...value].slice(0, prefix).join("");
      // Unencoded only where the text is URI characters already (`@`, `:`, not a space).
      result = raw && URI_CHARACTERS.test(cut) ? cut : encode(cut, reserved);
      if (prefix === null) encoded[slot] = result;
      else cutEncoded.set(key, result);
    }
    return result;
  };
  // Values a client could send otherwise than encoded (`@`, `:`): only a combination with
  // one of them has an unencoded URI of its own, so only such a one builds it.
  const sentAsIs = pool.map((value) => URI_CHARACTERS.test(value) && /[^A-Za-z0-9\-._~]/.test(value));
  const choice = new Array<number>(names.length).fill(0);
  for (;;) {
    const values = new Map(names.map((name, i) => [name, choice[i] as number]));
    const expand = (raw: boolean): string | null => {
      const text = (name: string, prefix: number | null, reserved: boolean): string =>
        encodedAs(values.get(name) ?? 0, prefix, raw, reserved);
      // Pieces joined once at the end: one flat string, no rope of a thousand pieces.
      const pieces: string[] = [];
      let length = 0;
      for (const part of parts) {
        const piece = typeof part === "string" ? part : expandExpression(part, text, MAX_EXPANSION_LENGTH - length);
        // Past the longest URI a request may carry: abandoned here, not built to the end.
        if (piece === null || length + piece.length > MAX_EXPANSION_LENGTH) {
          built += MAX_EXPANSION_LENGTH + pieces.length;
          return null;
        }
        pieces.push(piece);
        length += piece.length;
      }
      built += length + pieces.length;
      return pieces.join("");
    };
    const plain = expand(false);
    if (plain !== null && keep(plain)) return done();
    // A client may also send the value unencoded (`alice@example.com`, not `alice%40…`),
    // which the SDK's template matching accepts: that URI is tried too.
    const unencoded = choice.some((index) => sentAsIs[index]) ? expand(true) : null;
    if (unencoded !== null && unencoded !== plain && keep(unencoded)) return done();
    if (built >= MAX_EXPANSION_CHARACTERS) return done();
    let k = names.length - 1;
    while (k >= 0 && (choice[k] as number) + 1 >= width) choice[k--] = 0;
    if (k < 0) return done();
    choice[k] = (choice[k] as number) + 1;
    // This round's characters are built: a later, larger round goes on from the start.
    if (built >= characters) return { uris, costs, spent: built, complete: false };
  }
}

/** What the policy set offers as values, once per set: the subject paths interpolated, and literal words. */
interface PoolSource {
  readonly paths: readonly (readonly string[])[];
  readonly words: readonly string[];
}

const sources = new WeakMap<PolicySet, PoolSource>();
/** What separates the words of a pattern (glob syntax and URI punctuation). */
const WORD_BREAKS = /[/*?{}[\],:.@#!&=;+\\]+/;

function poolSource(set: PolicySet): PoolSource {
  let source = sources.get(set);
  if (source === undefined) {
    const paths = new Map<string, readonly string[]>();
    const words = new Set<string>();
    for (const policy of set.policies) {
      if (policy.resource.kind !== "PatternList") continue;
      for (const pattern of policy.resource.patterns) {
        const split = splitTemplate(pattern.value);
        if (!split.ok) continue;
        for (const part of split.parts) {
          if (part.kind === "subject") paths.set(part.path.join("."), part.path);
          else for (const word of part.text.split(WORD_BREAKS)) if (word !== "" && word !== "resource") words.add(word);
        }
      }
    }
    source = { paths: [...paths.values()], words: [...words].filter((word) => word.length <= MAX_VALUE).slice(0, MAX_POOL) };
    sources.set(set, source);
  }
  return source;
}

/**
 * Values worth trying for a template's variables: the subject's values that resource
 * patterns interpolate, the literal words of every resource pattern, and a neutral word.
 */
export function expansionValues(set: PolicySet, subject: unknown): string[] {
  const source = poolSource(set);
  const fromSubject: string[] = [];
  for (const path of source.paths) {
    const value = subjectValue(subject, path);
    if (value !== null && value.length <= MAX_VALUE) fromSubject.push(value);
  }
  return [...new Set([...fromSubject, ...source.words, NEUTRAL])].slice(0, MAX_POOL);
}

/** A string or finite number at `path` of a plain subject, through own data properties only; null otherwise. */
function subjectValue(subject: unknown, path: readonly string[]): string | null {
  try {
    let value: unknown = subject;
    for (const member of path) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
      const descriptor = Object.getOwnPropertyDescriptor(value, member);
      if (descriptor === undefined || !("value" in descriptor)) return null;
      value = descriptor.value;
    }
    if (typeof value === "string") return value;
    return typeof value === "number" && Number.isFinite(value) ? String(value) : null;
  } catch {
    // A subject whose traps throw offers nothing.
    return null;
  }
}
