/**
 * What the CLI writes, made safe for a terminal. Output carries text from policy files,
 * test files and requests (names, patterns, code frames, explained values); a policy
 * file under review must not be able to clear the screen, move the cursor, set the
 * window title or write the clipboard (OSC 52) of whoever runs `mcpolicy check` on it,
 * nor reorder what they read with bidirectional overrides ("Trojan Source"), nor hide
 * characters from them (zero-width characters and a BOM in a policy name are shown).
 *
 * Every character of the unsafe set (src/model/unsafe-characters.ts: controls,
 * bidirectional and invisible characters) is written as a `\uXXXX` escape — which keeps
 * JSON output valid JSON with the same value — except newline and tab (not in the set),
 * our own colour sequences, and a carriage return at the very start or end of a write
 * (the progress bar redraws its line so). Ours are told apart from text that merely looks like one (a policy named
 * `"\u001b[8m…"` would hide what follows): the palette marks each escape it writes with
 * a random per-process mark, which terminalSafe takes off; every other escape is shown.
 */
import { randomBytes } from "node:crypto";
import pc from "picocolors";
import { escapeCodeUnits, escapeUnsafe, UNSAFE_CHARACTER } from "../model/unsafe-characters.js";

/** Precedes each escape our palette writes; unguessable, so no user text can carry it. */
const MARK = `\ue000${randomBytes(12).toString("hex")}\ue001`;
const MARKED_ESCAPE = `${MARK}\x1b`;

export function terminalSafe(text: string): string {
  const parts = text.split(MARKED_ESCAPE);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const start = offset;
    parts[i] = part.replace(UNSAFE_CHARACTER, (char, at: number) => {
      const position = start + at;
      if (char === "\r" && (position === 0 || position === text.length - 1)) return char;
      // Each UTF-16 unit as a `\uXXXX` escape (a tag character as its surrogate pair): JSON keeps its value.
      return escapeCodeUnits(char);
    });
    offset += part.length + MARKED_ESCAPE.length;
  }
  return parts.join("\x1b");
}

/**
 * Text printed within one line of output — a file name in `file:line:col: message`, a
 * message: line breaks are escaped too (as `\u000a`, `\u000d`), so a file named
 * `x<LF>forged.mcpolicy:1:1: …` cannot print a line of its choosing. For text output
 * only: JSON output keeps the raw value (JSON escapes it there).
 */
export function oneLine(text: string): string {
  return escapeUnsafe(text).replaceAll("\n", "\\u000a");
}

/** The palette's colour functions (those the CLI uses). */
export type Palette = Readonly<Record<(typeof COLOURS)[number], (text: string | number) => string>>;

const COLOURS = ["red", "green", "yellow", "cyan", "dim", "bold"] as const;

/**
 * Colour helpers, the identity when colour is off. Each wraps its text in picocolors'
 * opening and closing sequences, marked as ours for terminalSafe.
 */
export function markedPalette(enabled: boolean): Palette {
  const colours = pc.createColors(true);
  const palette = {} as Record<(typeof COLOURS)[number], (text: string | number) => string>;
  for (const name of COLOURS) {
    const [open = "", close = ""] = colours[name]("\u0000").split("\u0000");
    const markedOpen = open.replaceAll("\x1b", MARKED_ESCAPE);
    const markedClose = close.replaceAll("\x1b", MARKED_ESCAPE);
    palette[name] = enabled ? (text) => `${markedOpen}${text}${markedClose}` : (text) => String(text);
  }
  return Object.freeze(palette);
}
