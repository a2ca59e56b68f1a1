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

/** The template's literal text and expressions, or null when it is not a valid URI template. */
function parseTemplate(template: string): Part[] | null {
  const parts: Part[] = [];
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

function expandExpression(expression: Expression, variable: (name: string) => string, unencoded = false): string {
  const { operator } = expression;
  const reserved = operator === "+" || operator === "#";
  const first = operator === "+" || operator === "" ? "" : operator === "?" ? "?" : operator === "&" ? "&" : operator;
  const separator = operator === "" || operator === "+" || operator === "#" ? "," : operator === "?" || operator === "&" ? "&" : operator;
  const named = operator === ";" || operator === "?" || operator === "&";
  const items = expression.names.map(({ name, prefix }) => {
    const raw = variable(name);
    const text = prefix === null ? raw : [...raw].slice(0, prefix).join("");
    // Unencoded only where the text is URI characters already (`@`, `:`, not a space).
    const value = unencoded && URI_CHARACTERS.test(text) ? text : encode(text, reserved);
    if (!named) return value;
    return value === "" && operator === ";" ? name : `${name}=${value}`;
  });
  return first + items.join(separator);
}

/**
 * URIs `template` expands to with its variables taken from `pool` (the same pool for
 * each variable), at most `limit`; the first ones use the first values. Empty for an
 * invalid template.
 */
export function templateExpansions(template: string, pool: readonly string[], limit = MAX_EXPANSIONS): readonly string[] {
  // The same templates are expanded with the same pool on every list of a subject: kept.
  const key = `${limit}\u0000${template}\u0000${pool.join("\u0000")}`;
  const known = key.length <= MAX_MEMO_KEY ? memo.get(key) : undefined;
  if (known !== undefined) return known;
  const expansions = expandAll(template, pool, limit);
  if (key.length <= MAX_MEMO_KEY) {
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, expansions);
  }
  return expansions;
}

/** Expansions remembered: per template and pool (a subject's), a few hundred lists' worth. */
const memo = new Map<string, readonly string[]>();
const MAX_MEMO = 512;
const MAX_MEMO_KEY = 16_384;

function expandAll(template: string, pool: readonly string[], limit: number): readonly string[] {
  const parts = parseTemplate(template);
  if (parts === null || pool.length === 0) return [];
  const names = [...new Set(parts.flatMap((part) => (typeof part === "string" ? [] : part.names.map((n) => n.name))))];
  if (names.length === 0) return [template];
  // Each variable gets the first `width` values, so that width^variables stays within the limit.
  const width = Math.max(1, Math.min(pool.length, Math.floor(limit ** (1 / names.length))));
  const out: string[] = [];
  const choice = new Array<number>(names.length).fill(0);
  for (;;) {
    const values = new Map(names.map((name, i) => [name, pool[choice[i] as number] as string]));
    const expand = (raw: boolean) =>
      parts.map((part) => (typeof part === "string" ? part : expandExpression(part, (name) => values.get(name) ?? "", raw))).join("");
    const encoded = expand(false);
    out.push(encoded);
    if (out.length >= limit) return out;
    // A client may also send the value unencoded (`alice@example.com`, not `alice%40…`),
    // which the SDK's template matching accepts: that URI is tried too.
    const unencoded = expand(true);
    if (unencoded !== encoded) {
      out.push(unencoded);
      if (out.length >= limit) return out;
    }
    let k = names.length - 1;
    while (k >= 0 && (choice[k] as number) + 1 >= width) choice[k--] = 0;
    if (k < 0) return out;
    choice[k] = (choice[k] as number) + 1;
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
