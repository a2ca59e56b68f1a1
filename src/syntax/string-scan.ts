/**
 * Hand-written scanners for quoted strings, used as chevrotain custom token patterns.
 * A regexp over a multi-megabyte string literal can exhaust the regexp engine's
 * backtracking stack; these loops are linear and use no stack, whatever the input.
 */
import type { CustomPatternMatcherReturn } from "chevrotain";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function match(text: string, from: number, to: number): CustomPatternMatcherReturn {
  return [text.slice(from, to)];
}

/** Exactly a JSON string at `offset`, or null. */
export function scanJsonString(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== QUOTE) return null;
  for (let i = offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return match(text, offset, i + 1);
    if (c < 0x20) return null;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75 /* u */) {
        if (!(isHex(text.charCodeAt(i + 2)) && isHex(text.charCodeAt(i + 3)) && isHex(text.charCodeAt(i + 4)) && isHex(text.charCodeAt(i + 5)))) {
          return null;
        }
        i += 5;
      } else if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 0x2f /* / */ ||
        e === 0x62 /* b */ ||
        e === 0x66 /* f */ ||
        e === 0x6e /* n */ ||
        e === 0x72 /* r */ ||
        e === 0x74 /* t */
      ) {
        i += 1;
      } else {
        return null;
      }
    }
  }
  return null;
}

/**
 * A quoted string that is not valid (tried after `scanJsonString` failed): up to the
 * closing quote, or to the end of the line; a backslash escapes the next character.
 */
export function scanQuotedToLineEnd(quote: number): (text: string, offset: number) => CustomPatternMatcherReturn | null {
  return (text, offset) => {
    if (text.charCodeAt(offset) !== quote) return null;
    let i = offset + 1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === quote) return match(text, offset, i + 1);
      if (c === CR || c === LF) break;
      if (c === BACKSLASH) {
        const e = text.charCodeAt(i + 1);
        if (Number.isNaN(e) || e === CR || e === LF) {
          i++;
          break;
        }
        i += 2;
      } else {
        i++;
      }
    }
    return match(text, offset, Math.min(i, text.length));
  };
}
