/**
 * Interpolated patterns (`${subject.PATH}`, spec §4.3) for `couldAllow`, with the work
 * that does not depend on the subject done once per pattern: the reference's
 * `matchPattern` replaces each interpolation by a placeholder and brace-expands the
 * result on every call, but neither the placeholders nor the expansion depend on the
 * values. So they are computed here once; per call only the values are read, escaped
 * and substituted, exactly as `matchPattern` does, and each resulting glob is compiled
 * through a bounded memo (the same subject asks about many items in a list).
 */
import { splitTemplate, type TemplatePart } from "../model/template.js";
import { expandTemplate } from "../model/template-brackets.js";
import { compileLinearGlob } from "./linear-glob.js";
import { BoundedMemo } from "./bounded-memo.js";
import { matchGlobMemo } from "./partial-globs.js";
import {
  EXPANDED_OPTIONS,
  escapeLiteral,
  interpolatedValue,
  MAX_GLOB_LENGTH,
  matchPattern,
  substitute,
} from "./patterns.js";
import { fail, ok, type Result } from "./result.js";

type Matcher = (input: string) => boolean;

/** A pattern's subject-independent part: the values to read, then how to expand them. */
export interface Template {
  readonly pattern: string;
  /** Each interpolation in order: the path read and the placeholder that stands for it. */
  readonly slots: readonly { readonly path: readonly string[]; readonly placeholder: string }[];
  /** The brace-expanded alternatives, or null when minimatch refuses to expand. */
  readonly alternatives: readonly string[] | null;
}

/** Splits as `matchPattern` does: each placeholder a character found in no text part. */
export function compileTemplate(pattern: string, parts: readonly TemplatePart[]): Template {
  const texts = parts.flatMap((part) => (part.kind === "text" ? [part.text] : []));
  const slots: { path: readonly string[]; placeholder: string }[] = [];
  let template = "";
  let next = 0xe000;
  for (const part of parts) {
    if (part.kind === "text") {
      template += part.text;
      continue;
    }
    while (texts.some((text) => text.includes(String.fromCharCode(next)))) next++;
    const placeholder = String.fromCharCode(next++);
    slots.push({ path: part.path, placeholder });
    template += placeholder;
  }
  let alternatives: string[] | null;
  try {
    const placeholders = new Set(slots.map((slot) => slot.placeholder));
    alternatives = expandTemplate(template, (c) => placeholders.has(c));
  } catch {
    alternatives = null;
  }
  return { pattern, slots, alternatives };
}

/** The reference's `matchPattern` on an interpolated pattern, its template precomputed. */
export function matchTemplate(input: string, template: Template, subject: object): Result<boolean> {
  const values = new Map<string, string>();
  for (const slot of template.slots) {
    const value = interpolatedValue(subject, slot.path);
    if (!value.ok) return value;
    values.set(slot.placeholder, escapeLiteral(value.value));
  }
  if (template.alternatives === null) return fail(`cannot match glob ${JSON.stringify(template.pattern)}`);
  // As the reference: alternatives too long together, or one not a glob, make the whole
  // pattern err.
  const globs: string[] = [];
  let total = 0;
  for (const alternative of template.alternatives) {
    const glob = substitute(alternative, values);
    total += glob.length;
    if (total > MAX_GLOB_LENGTH) {
      return fail(`pattern ${JSON.stringify(template.pattern)} is too long to match once interpolated`);
    }
    globs.push(glob);
  }
  const matchers: Matcher[] = [];
  for (const glob of globs) {
    const matcher = expandedMatcher(glob);
    if (matcher === null) return fail(`cannot match glob ${JSON.stringify(glob)}`);
    matchers.push(matcher);
  }
  return ok(matchers.some((matcher) => matcher(input)));
}

const MAX_ENTRIES = 4096;
const MAX_KEY = 1024;
const memo = new BoundedMemo<Matcher | null>(MAX_ENTRIES);

/** `compileLinearGlob(glob, EXPANDED_OPTIONS)`, memoized (bounded; long globs not kept). */
function expandedMatcher(glob: string): Matcher | null {
  const known = memo.get(glob);
  if (known !== undefined) return known;
  let matcher: Matcher | null;
  try {
    matcher = compileLinearGlob(glob, EXPANDED_OPTIONS);
  } catch {
    matcher = null;
  }
  if (glob.length <= MAX_KEY) memo.set(glob, matcher);
  return matcher;
}

/** Templates by pattern (null: an invalid interpolation), for `templateOf`. */
const templates = new BoundedMemo<Template | null>(MAX_ENTRIES);

/** The template of any pattern (interpolated or not), memoized; null when its interpolation is invalid. */
export function templateOf(pattern: string): Template | null {
  let template = templates.get(pattern);
  if (template === undefined) {
    const split = splitTemplate(pattern);
    template = split.ok ? compileTemplate(pattern, split.parts) : null;
    if (pattern.length <= MAX_KEY) templates.set(pattern, template);
  }
  return template;
}

/**
 * The reference's `matchPattern` (same outcome: true, false or an error), with the
 * split, the brace expansion and the compiled globs memoized per pattern: the witness
 * search asks one `matches` about many candidate strings.
 */
export function matchPatternMemo(input: string, pattern: string, subject: object): Result<boolean> {
  const template = templateOf(pattern);
  // An invalid interpolation: rare, and the reference's message is wanted.
  if (template === null) return matchPattern(input, pattern, subject);
  return template.slots.length === 0 ? matchGlobMemo(input, pattern) : matchTemplate(input, template, subject);
}
