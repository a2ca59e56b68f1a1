/**
 * A schema `pattern` is JavaScript regular-expression syntax with the `u` flag (JSON
 * Schema's dialect, and what ajv checks by default). We run it on RE2 (linear time), whose
 * syntax and meaning differ in a few places; this rewrites a JavaScript pattern into the
 * RE2 pattern that matches the same strings:
 *
 * - `.` excludes every line terminator in JavaScript (`\n \r U+2028 U+2029`), only `\n` in RE2;
 * - `\s` and `\S` are Unicode white space in JavaScript (NBSP, U+2000–U+200A, U+FEFF …),
 *   ASCII only in RE2;
 * - `\uXXXX`, `\u{…}` (and surrogate pairs written so), `\cX`, `\0`, `\v`, `[\b]` are
 *   JavaScript escapes RE2 does not know;
 * - `[^]` (anything) and `[]` (nothing) are JavaScript's; RE2 reads `[]…]` as a class
 *   holding `]`; a `[` inside a class is literal in JavaScript, a POSIX class opener in RE2;
 * - `(?<name>…)` is `(?P<name>…)` in RE2.
 *
 * What JavaScript rejects with the `u` flag (`a{,3}`, a lone `{`) is rejected first (by
 * compiling it with `new RegExp`, which runs nothing); what RE2 cannot run (lookaround,
 * backreferences) is rejected by RE2. `\S` inside a class has no RE2 equivalent and is
 * rejected too.
 */

/** JavaScript's `\s` (WhiteSpace and LineTerminator), as the inside of an RE2 class. */
const JS_SPACE =
  "\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";
const ANY_BUT_LINE_TERMINATOR = "[^\\x{A}\\x{D}\\x{2028}\\x{2029}]";

export type PatternTranslation = { readonly ok: true; readonly re2: string } | { readonly ok: false; readonly message: string };

export function translateJsPattern(pattern: string): PatternTranslation {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : "invalid regular expression" };
  }
  let out = "";
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "\\") {
      const escaped = escapeAt(pattern, i, inClass);
      if (!escaped.ok) return escaped;
      out += escaped.re2;
      i = escaped.next;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c === "[" ? "\\[" : c;
      i++;
      continue;
    }
    if (pattern.startsWith("[^]", i)) {
      out += "[\\x{0}-\\x{10FFFF}]";
      i += 3;
    } else if (pattern.startsWith("[]", i)) {
      out += "[^\\x{0}-\\x{10FFFF}]";
      i += 2;
    } else if (c === "[") {
      inClass = true;
      out += c;
      i++;
      if (pattern[i] === "^") {
        out += "^";
        i++;
      }
    } else if (c === ".") {
      out += ANY_BUT_LINE_TERMINATOR;
      i++;
    } else if (pattern.startsWith("(?<", i) && pattern[i + 3] !== "=" && pattern[i + 3] !== "!") {
      out += "(?P<";
      i += 3;
    } else {
      out += c;
      i++;
    }
  }
  return { ok: true, re2: out };
}

type Escape = { readonly ok: true; readonly re2: string; readonly next: number } | { readonly ok: false; readonly message: string };

/** The escape starting at `pattern[at]` (a backslash), valid JavaScript `u` syntax. */
function escapeAt(pattern: string, at: number, inClass: boolean): Escape {
  const d = pattern[at + 1] ?? "";
  switch (d) {
    case "s":
      return { ok: true, re2: inClass ? JS_SPACE : `[${JS_SPACE}]`, next: at + 2 };
    case "S":
      if (inClass) return { ok: false, message: "`\\S` inside a character class is not supported" };
      return { ok: true, re2: `[^${JS_SPACE}]`, next: at + 2 };
    case "u": {
      const unit = unicodeEscape(pattern, at);
      // A surrogate pair written as two `\uXXXX` escapes is one code point with the `u`
      // flag; a `\u{…}` escape on either side pairs with nothing (ECMAScript's
      // RegExpUnicodeEscapeSequence: `u HexLeadSurrogate \u HexTrailSurrogate`).
      if (unit.code >= 0xd800 && unit.code <= 0xdbff && pattern[at + 2] !== "{" && pattern.startsWith("\\u", unit.next) && pattern[unit.next + 2] !== "{") {
        const low = unicodeEscape(pattern, unit.next);
        if (low.code >= 0xdc00 && low.code <= 0xdfff) {
          const code = (unit.code - 0xd800) * 0x400 + (low.code - 0xdc00) + 0x10000;
          return { ok: true, re2: codePoint(code), next: low.next };
        }
      }
      return { ok: true, re2: codePoint(unit.code), next: unit.next };
    }
    case "c":
      return { ok: true, re2: codePoint((pattern.charCodeAt(at + 2) as number) % 32), next: at + 3 };
    case "0":
      return { ok: true, re2: codePoint(0), next: at + 2 };
    case "v":
      return { ok: true, re2: codePoint(0x0b), next: at + 2 };
    case "b":
      return { ok: true, re2: inClass ? codePoint(0x08) : "\\b", next: at + 2 };
    default:
      return { ok: true, re2: `\\${d}`, next: at + 2 };
  }
}

/** `\uXXXX` or `\u{X…}` at `at`: its code (a UTF-16 unit or a code point) and what follows. */
function unicodeEscape(pattern: string, at: number): { code: number; next: number } {
  if (pattern[at + 2] === "{") {
    const close = pattern.indexOf("}", at + 3);
    return { code: Number.parseInt(pattern.slice(at + 3, close), 16), next: close + 1 };
  }
  return { code: Number.parseInt(pattern.slice(at + 2, at + 6), 16), next: at + 6 };
}

function codePoint(code: number): string {
  return `\\x{${code.toString(16).toUpperCase()}}`;
}
