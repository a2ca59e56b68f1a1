/**
 * Interpolated values match only themselves (spec §4.3), so a value must never land
 * inside a bracket expression of the pattern: there its `]` (or the `]` of the class
 * `[\\]` a backslash is escaped as) would close the class early, and its `!`, `^` or
 * `-` would change what the class holds. `"/h/[x${subject.id}"` with the id `]` must
 * match `/h/[x]`, not `/h/x`.
 *
 * So, in each brace-expanded alternative (interpolations still placeholders), a `[`
 * whose bracket expression would hold a placeholder is made the literal `\[`:
 * - a `[` left open before a placeholder of its segment is literal for minimatch
 *   anyway (an unclosed class is); escaping it only keeps a value from closing it;
 * - a class the pattern closes after a placeholder (`"[${subject.id}]"`) cannot hold a
 *   value literally: its brackets are literal characters instead (docs/language.md).
 * Classes that close before any placeholder are left as they are.
 *
 * Where a class ends is found as minimatch 10's `parseClass` finds it, within one
 * `/`-separated segment (minimatch splits a pattern into segments first): after an
 * optional `!`/`^`, the first `]` that is not the class's first character nor escaped,
 * skipping POSIX classes such as `[:alpha:]`.
 */

import { braceExpand } from "minimatch";
import { GLOB_OPTIONS } from "./glob.js";

/**
 * A template's brace-expanded alternatives (GLOB_OPTIONS), each with the brackets around
 * its placeholders made literal. Throws where minimatch's `braceExpand` throws.
 */
export function expandTemplate(template: string, isPlaceholder: (c: string) => boolean): string[] {
  return braceExpand(template, GLOB_OPTIONS).map((alternative) => literalBracketsAroundValues(alternative, isPlaceholder));
}

/** The POSIX class names minimatch recognizes inside a bracket expression. */
const POSIX_CLASSES = [
  "[:alnum:]",
  "[:alpha:]",
  "[:ascii:]",
  "[:blank:]",
  "[:cntrl:]",
  "[:digit:]",
  "[:graph:]",
  "[:lower:]",
  "[:print:]",
  "[:punct:]",
  "[:space:]",
  "[:upper:]",
  "[:word:]",
  "[:xdigit:]",
] as const;

/** `alternative` with every `[` whose class would hold a placeholder written `\[`. */
export function literalBracketsAroundValues(alternative: string, isPlaceholder: (c: string) => boolean): string {
  if (!alternative.includes("[")) return alternative;
  let out = "";
  let i = 0;
  while (i < alternative.length) {
    const c = alternative.charAt(i);
    if (c === "\\") {
      // An escape pair, kept whole (`\` + placeholder is the literal value: `substitute`).
      out += alternative.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "[") {
      const end = bracketEnd(alternative, i);
      const spanEnd = end < 0 ? segmentEnd(alternative, i) : end;
      if (holdsPlaceholder(alternative, i + 1, spanEnd, isPlaceholder)) {
        out += "\\[";
        i++;
        continue;
      }
      if (end > 0) {
        out += alternative.slice(i, end);
        i = end;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** Where the class opened at `open` ends (the index after its `]`), or -1 when it does not close in its segment. */
function bracketEnd(text: string, open: number): number {
  let i = open + 1;
  const first = text.charAt(i);
  if (first === "!" || first === "^") i++;
  let sawStart = false;
  let escaping = false;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "/") return -1;
    if (c === "]" && sawStart && !escaping) return i + 1;
    sawStart = true;
    if (c === "\\" && !escaping) {
      escaping = true;
      i++;
      continue;
    }
    if (c === "[" && !escaping) {
      const posix = POSIX_CLASSES.find((name) => text.startsWith(name, i));
      if (posix !== undefined) {
        i += posix.length;
        continue;
      }
    }
    escaping = false;
    i++;
  }
  return -1;
}

function segmentEnd(text: string, from: number): number {
  const slash = text.indexOf("/", from);
  return slash < 0 ? text.length : slash;
}

function holdsPlaceholder(text: string, from: number, to: number, isPlaceholder: (c: string) => boolean): boolean {
  for (let i = from; i < to; i++) if (isPlaceholder(text.charAt(i))) return true;
  return false;
}
