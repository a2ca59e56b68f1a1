/**
 * `${subject.PATH}` in patterns (spec §4.3), resolved against a subject snapshot. A
 * value is a non-empty string or finite number, without `/`, not `.` or `..`, matched
 * literally; anything else makes the pattern err.
 *
 * A value must not take part in brace expansion: its `{ , }`, `..`, a `$` before the
 * pattern's own `{`, a newline — none may change how the pattern's braces expand. So
 * each template is brace-expanded once, at first use, with every interpolation standing
 * as one private-use character absent from the pattern text; per subject, those
 * characters become the values escaped to match only themselves, and the alternatives
 * are matched with brace expansion off. A `\` right before `${…}` escapes nothing more:
 * the value is literal either way, and the backslash goes. A `[` whose bracket
 * expression would hold a value is made literal (model/template-brackets.ts).
 */
import { escapeInSegment } from "../model/segment-escape.js";
import { GLOB_OPTIONS } from "../model/glob.js";
import type { TemplatePart } from "../model/template.js";
import { expandTemplate } from "../model/template-brackets.js";
import { type GlobMatcher, isLiteralPattern } from "./glob.js";
import { fastGlobMatcher } from "./glob-fast-paths.js";
import { compileLinearMinimatch } from "./minimatch-linear.js";
import { kindWithArticle, resolvePath } from "./paths.js";
import { describePath, Fault } from "./values.js";

export type Interpolation = GlobMatcher | Fault;

/** The expanded alternatives have had their braces: the values must not get any. */
const EXPANDED_OPTIONS = Object.freeze({ ...GLOB_OPTIONS, nobrace: true });
/**
 * minimatch refuses patterns longer than this (it throws); an interpolated pattern whose
 * alternatives are longer than this together errs.
 */
const MAX_ASSEMBLED_LENGTH = 64 * 1024;

/** A template brace-expanded around its placeholders, or null when minimatch refuses it. */
interface Expanded {
  /** Alternatives, with each interpolation as its placeholder character. */
  readonly alternatives: readonly string[];
  /** Placeholder character → index of the interpolation (in template order). */
  readonly placeholders: ReadonlyMap<string, number>;
  /** Whether the text around the values has no glob syntax at all. */
  readonly literal: boolean;
}

const expansions = new WeakMap<readonly TemplatePart[], Expanded | null>();

/** The matcher for `parts` with this subject's values, or the Fault that makes it err. */
export function interpolate(parts: readonly TemplatePart[], subject: object, pattern: string): Interpolation {
  const values: string[] = [];
  for (const part of parts) {
    if (part.kind === "text") continue;
    const value = resolvePath(subject, "subject", part.path);
    if (value instanceof Fault) return cannotInterpolate(part.path, value.message);
    let text: string;
    if (typeof value === "string") text = value;
    else if (typeof value === "number") text = String(value);
    else return cannotInterpolate(part.path, `expected a string or a number, got ${kindWithArticle(value)}`);
    if (text === "") return cannotInterpolate(part.path, "it is empty");
    if (text.includes("/")) return cannotInterpolate(part.path, "it contains `/`");
    if (text === "." || text === "..") return cannotInterpolate(part.path, `it is \`${text}\``);
    values.push(text);
  }
  const expanded = expand(parts);
  if (expanded === null) return new Fault(`cannot match glob ${JSON.stringify(pattern)}`);
  if (expanded.literal) {
    // No glob syntax around the values: the whole pattern is one literal string. It is
    // bounded as the glob it stands for would be (values escaped), so it errs exactly
    // when that glob would be too long to match.
    let whole = "";
    let globLength = 0;
    let next = 0;
    for (const part of parts) {
      if (part.kind === "text") {
        whole += part.text;
        globLength += part.text.length;
      } else {
        const value = values[next++] as string;
        whole += value;
        globLength += escapeValue(value).length;
      }
    }
    if (globLength > MAX_ASSEMBLED_LENGTH) return tooLong(pattern);
    return literal(whole);
  }
  const escaped = values.map(escapeValue);
  const globs: string[] = [];
  // Bounded over all the alternatives together: each is compiled per subject, and
  // `{1..1000}` beside a 60,000-character value made 1,000 globs of 60 KB (seconds).
  let total = 0;
  for (const alternative of expanded.alternatives) {
    const glob = substitute(alternative, expanded.placeholders, escaped);
    total += glob.length;
    if (total > MAX_ASSEMBLED_LENGTH) return tooLong(pattern);
    globs.push(glob);
  }
  return compileAlternatives(globs) ?? new Fault(`cannot match glob ${JSON.stringify(pattern)} once interpolated`);
}

// Messages are worded as the reference interpreter words them: `evaluate` and `explain` agree.

function tooLong(pattern: string): Fault {
  return new Fault(`pattern ${JSON.stringify(pattern)} is too long to match once interpolated`);
}

function cannotInterpolate(path: readonly string[], why: string): Fault {
  return new Fault(`cannot interpolate \`\${${describePath("subject", path)}}\`: ${why}`);
}

function expand(parts: readonly TemplatePart[]): Expanded | null {
  const known = expansions.get(parts);
  if (known !== undefined) return known;
  let texts = "";
  for (const part of parts) if (part.kind === "text") texts += part.text;
  const placeholders = new Map<string, number>();
  let template = "";
  let code = 0xe000;
  let index = 0;
  let expanded: Expanded | null;
  for (const part of parts) {
    if (part.kind === "text") {
      template += part.text;
      continue;
    }
    while (texts.includes(String.fromCharCode(code))) code++;
    const placeholder = String.fromCharCode(code++);
    placeholders.set(placeholder, index++);
    template += placeholder;
  }
  try {
    expanded = { alternatives: expandTemplate(template, (c) => placeholders.has(c)), placeholders, literal: isLiteralPattern(texts) };
  } catch {
    expanded = null;
  }
  expansions.set(parts, expanded);
  return expanded;
}

/**
 * Each placeholder becomes its escaped value; `\` + placeholder too (the value is
 * literal already). Other `\x` pairs are kept whole so that `\\` stays an escape.
 */
function substitute(
  alternative: string,
  placeholders: ReadonlyMap<string, number>,
  escaped: readonly string[],
): string {
  let out = "";
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative.charAt(i);
    const at = placeholders.get(c);
    if (at !== undefined) {
      out += escapeInSegment(escaped[at] as string, alternative, i);
    } else if (c === "\\" && i + 1 < alternative.length) {
      const following = alternative.charAt(i + 1);
      const value = placeholders.get(following);
      out += value !== undefined ? escapeInSegment(escaped[value] as string, alternative, i) : c + following;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * A value as glob text matching only itself once braces are off (`noext`, `nonegate`,
 * `nocomment` leave `( ) | + @ ! #` literal): `* ? [` are backslash-escaped and `\` is
 * the class `[\\]`, because minimatch's segment fast paths (`*.ext`) compare the rest
 * with `endsWith` and would take an escaping backslash literally; they skip any
 * segment holding `* ? [`.
 */
function escapeValue(value: string): string {
  return value.replace(/[*?[\\]/g, (c) => (c === "\\" ? "[\\\\]" : `\\${c}`));
}

/** Interpolated patterns compile per subject; a bounded cache keeps that off the hot path. */
const CACHE_MAX = 4096;
/**
 * Characters of keys held at most (each matcher holds about as much again). The values
 * come from subjects, up to 64 Ki characters per pattern's alternatives together: 4,096
 * globs of 30,000-character ids held ≈ 240 MB.
 */
const CACHE_MAX_CHARACTERS = 4_194_304;
const compiled = new Map<string, GlobMatcher | null>();
let compiledCharacters = 0;

/** What the cache holds: entries, and the characters of their keys (counted afresh). For tests. */
export function interpolationCacheSize(): { readonly entries: number; readonly characters: number } {
  let characters = 0;
  for (const key of compiled.keys()) characters += key.length;
  return { entries: compiled.size, characters };
}

function compileAlternatives(globs: readonly string[]): GlobMatcher | null {
  const key = globs.join("\u0000");
  const known = compiled.get(key);
  if (known !== undefined) return known;
  let matcher: GlobMatcher | null;
  try {
    // Fast paths apply only to globs with no magic characters in their literal parts
    // (so `nobrace` makes no difference to them); anything else takes the general matcher.
    const matchers = globs.map((glob) => fastGlobMatcher(glob) ?? compileLinearMinimatch(glob, EXPANDED_OPTIONS));
    matcher =
      matchers.length === 1
        ? (matchers[0] as GlobMatcher)
        : (text) => {
            for (const one of matchers) if (one(text)) return true;
            return false;
          };
  } catch {
    matcher = null;
  }
  // Defensive: a key is at most 64 Ki characters (and separators) since the alternatives
  // are bounded together (interpolate).
  if (key.length > CACHE_MAX_CHARACTERS) return matcher;
  if (compiled.size >= CACHE_MAX || compiledCharacters + key.length > CACHE_MAX_CHARACTERS) {
    compiled.clear();
    compiledCharacters = 0;
  }
  compiled.set(key, matcher);
  compiledCharacters += key.length;
  return matcher;
}

/** Literal match with minimatch's one trailing `/` allowance. */
function literal(whole: string): GlobMatcher {
  const withSlash = `${whole}/`;
  return (text) => text === whole || text === withSlash;
}
