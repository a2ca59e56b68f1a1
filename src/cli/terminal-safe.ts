/**
 * What the CLI writes, made safe for a terminal. Output carries text from policy files,
 * test files and requests (names, patterns, code frames, explained values); a policy
 * file under review must not be able to clear the screen, move the cursor, set the
 * window title or write the clipboard (OSC 52) of whoever runs `mcpolicy check` on it,
 * nor reorder what they read with bidirectional overrides ("Trojan Source").
 *
 * Every control character is written as a `\uXXXX` escape — which keeps JSON output
 * valid JSON with the same value — except newline and tab, the colour sequences
 * (`ESC [ … m`, which only change colours: ours come from picocolors), and a carriage
 * return at the very start or end of a write (the progress bar redraws its line so).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char, offset: number) =>
    char === "\r" && (offset === 0 || offset === text.length - 1) ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
