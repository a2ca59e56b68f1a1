/**
 * Characters that must never be shown raw: a terminal acts on them, or a reader cannot
 * see them. Shared by the CLI's terminal-safe output (src/cli/terminal-safe.ts), code
 * frames (src/source.ts) and the printer, which writes them as `\uXXXX` escapes inside
 * strings so canonical text shows what a string holds ("Trojan Source").
 *
 * The set: control characters other than tab and newline (C0, DEL, C1), bidirectional
 * marks, embeddings, overrides and isolates, zero-width characters and the BOM, and
 * other invisibles (a name holding one would read as another): soft hyphen, combining
 * grapheme joiner, Hangul fillers, Khmer and Mongolian invisibles, invisible operators,
 * line and paragraph separators, variation selectors and tag characters.
 */

// biome-ignore lint/suspicious/noMisleadingCharacterClass: each combining character is matched on its own, to be shown
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const PATTERN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/u;

/**
 * One unsafe character (a tag character or a supplementary variation selector is one
 * match of two code units). Global: for `replace`, which starts at 0 each time; to test
 * a text, use `hasUnsafeCharacter`.
 */
export const UNSAFE_CHARACTER = new RegExp(PATTERN.source, "gu");

/** Whether `text` holds an unsafe character. */
export function hasUnsafeCharacter(text: string): boolean {
  return PATTERN.test(text);
}

/** The first unsafe character of `text` (one or two code units), or null. */
export function firstUnsafeCharacter(text: string): string | null {
  return PATTERN.exec(text)?.[0] ?? null;
}

/** `char` as JSON `\uXXXX` escapes, one per UTF-16 code unit (so JSON reads back the same value). */
export function escapeCodeUnits(char: string): string {
  let escaped = "";
  for (let k = 0; k < char.length; k++) escaped += `\\u${char.charCodeAt(k).toString(16).padStart(4, "0")}`;
  return escaped;
}

/** `text` with every unsafe character written as `\uXXXX` escapes. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_CHARACTER, escapeCodeUnits);
}
