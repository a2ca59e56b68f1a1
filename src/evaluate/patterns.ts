/**
 * Glob patterns (spec §4.1) with `${subject.PATH}` interpolation (§4.3).
 *
 * A plain pattern is handed to minimatch with GLOB_OPTIONS. An interpolated value is an
 * atomic literal: it must not take part in brace expansion (its `{`, `,`, `}`, `..`, a
 * trailing `$`, a newline must not change how the pattern's own braces expand) and
 * every character matches only itself. So each interpolation is first replaced by a
 * private-use placeholder character that occurs nowhere else in the pattern, the
 * pattern is brace-expanded exactly as minimatch would, and only then is each
 * placeholder replaced, in each alternative, by the value escaped to match only
 * itself (`escapeLiteral`); the alternatives are matched with brace expansion off.
 * A `[` whose bracket expression would hold a value is made literal first
 * (model/template-brackets.ts), so that no value can close or change a class.
 * Matching itself is minimatch's, run without backtracking (linear-glob.ts).
 */
import { escapeInSegment } from "../model/segment-escape.js";
import type { MinimatchOptions } from "minimatch";
import { GLOB_OPTIONS } from "../model/glob.js";
import { splitTemplate } from "../model/template.js";
import { expandTemplate } from "../model/template-brackets.js";
import { formatPath, resolveFrom } from "./paths.js";
import { compileLinearGlob } from "./linear-glob.js";
import { fail, ok, type Result } from "./result.js";
import { describeValue, type PlainObject } from "./values.js";

export const EXPANDED_OPTIONS = Object.freeze({ ...GLOB_OPTIONS, nobrace: true });
/**
 * minimatch refuses longer patterns (it throws); an interpolated pattern whose
 * alternatives are that long together errs.
 */
export const MAX_GLOB_LENGTH = 64 * 1024;

/** Whether `input` matches a glob without interpolation. */
export function matchGlob(input: string, glob: string): Result<boolean> {
  return run(input, glob, GLOB_OPTIONS);
}

/** minimatch's answer, computed without backtracking (see linear-glob.ts). */
function run(input: string, glob: string, options: MinimatchOptions): Result<boolean> {
  const matcher = compiled(glob, options);
  if (matcher === null) return fail(`cannot match glob ${JSON.stringify(glob)}`);
  return ok(matcher(input));
}

/** The linear matcher of a glob, or null when minimatch refuses it. */
function compiled(glob: string, options: MinimatchOptions): ((input: string) => boolean) | null {
  try {
    return compileLinearGlob(glob, options);
  } catch {
    return null;
  }
}

/** Whether `input` matches a pattern that may interpolate `${subject.PATH}`. */
export function matchPattern(input: string, pattern: string, subject: PlainObject): Result<boolean> {
  const split = splitTemplate(pattern);
  if (!split.ok) return fail(`invalid pattern ${JSON.stringify(pattern)}: ${split.message}`);
  if (!split.interpolated) return matchGlob(input, pattern);

  const texts = split.parts.flatMap((part) => (part.kind === "text" ? [part.text] : []));
  const values = new Map<string, string>();
  let template = "";
  let next = 0xe000;
  for (const part of split.parts) {
    if (part.kind === "text") {
      template += part.text;
      continue;
    }
    const value = interpolatedValue(subject, part.path);
    if (!value.ok) return value;
    while (texts.some((text) => text.includes(String.fromCharCode(next)))) next++;
    const placeholder = String.fromCharCode(next++);
    values.set(placeholder, escapeLiteral(value.value));
    template += placeholder;
  }
  let alternatives: string[];
  try {
    alternatives = expandTemplate(template, (c) => values.has(c));
  } catch {
    return fail(`cannot match glob ${JSON.stringify(pattern)}`);
  }
  // The pattern as a whole errs when its alternatives are too long together (each is
  // compiled, per subject) or one is not a glob, whatever the input (as a plain pattern
  // does when minimatch refuses it): checked before matching.
  const globs: string[] = [];
  let total = 0;
  for (const alternative of alternatives) {
    const glob = substitute(alternative, values);
    total += glob.length;
    if (total > MAX_GLOB_LENGTH) {
      return fail(`pattern ${JSON.stringify(pattern)} is too long to match once interpolated`);
    }
    globs.push(glob);
  }
  const matchers: ((input: string) => boolean)[] = [];
  for (const glob of globs) {
    const matcher = compiled(glob, EXPANDED_OPTIONS);
    if (matcher === null) return fail(`cannot match glob ${JSON.stringify(glob)}`);
    matchers.push(matcher);
  }
  return ok(matchers.some((matcher) => matcher(input)));
}

/**
 * The text an interpolation stands for (spec §4.3): a non-empty string or a finite
 * number, without `/`, and neither `.` nor `..`. Anything else makes the pattern err.
 */
export function interpolatedValue(subject: PlainObject, path: readonly string[]): Result<string> {
  const name = formatPath("subject", path);
  const resolved = resolveFrom(subject, "subject", path);
  if (!resolved.ok) return fail(`cannot interpolate \`\${${name}}\`: ${resolved.message}`);
  const value = resolved.value;
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number") text = String(value);
  else return fail(`cannot interpolate \`\${${name}}\`: expected a string or a number, got ${describeValue(value)}`);
  if (text === "") return fail(`cannot interpolate \`\${${name}}\`: it is empty`);
  if (text.includes("/")) return fail(`cannot interpolate \`\${${name}}\`: it contains \`/\``);
  if (text === "." || text === "..") return fail(`cannot interpolate \`\${${name}}\`: it is \`${text}\``);
  return ok(text);
}

/**
 * The value as a glob matching only itself. `* ? [` are backslash-escaped and `\` is
 * the class `[\\]`: minimatch's segment fast paths (`*.ext`, `?x`) compare the rest
 * of a segment with `endsWith`, taking a backslash literally, and skip any segment
 * holding `* ? [` — so only escapes made of those characters are safe. Every other
 * character is already literal once braces are expanded (`noext`, `nonegate`).
 */
export function escapeLiteral(text: string): string {
  return text.replace(/[*?[\\]/g, (c) => (c === "\\" ? "[\\\\]" : `\\${c}`));
}

/**
 * Replaces placeholders by their escaped values. A placeholder the pattern itself
 * escaped (`\` right before `${…}`) is still the literal value: the backslash goes.
 */
export function substitute(alternative: string, values: ReadonlyMap<string, string>): string {
  let out = "";
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative[i] as string;
    const value = values.get(c);
    if (value !== undefined) {
      out += escapeInSegment(value, alternative, i);
    } else if (c === "\\" && i + 1 < alternative.length) {
      const escaped = alternative[i + 1] as string;
      const escapedValue = values.get(escaped);
      out += escapedValue !== undefined ? escapeInSegment(escapedValue, alternative, i) : c + escaped;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}
