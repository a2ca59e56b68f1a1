/**
 * "unknown command `chek`; did you mean `check`?" and "unknown option `--fromat`; did you
 * mean `--format`?": a misspelled name says which one was meant, in the words and quotes
 * every other CLI message uses (not Node's parseArgs text).
 */
import { closest } from "../syntax/suggest.js";
import { oneLine } from "./terminal-safe.js";

export function unknownCommand(name: string, known: readonly string[]): string {
  return `unknown command \`${oneLine(name)}\`${didYouMean(name, known)}`;
}

/**
 * `raw` as typed (`--fromat`, `-x`); `known` the spellings accepted; `otherwise`, said
 * when none is close (a command's: how to pass a path that starts with `-`).
 */
export function unknownOption(raw: string, known: readonly string[], otherwise = ""): string {
  // Only long names: every one-letter option is one edit from every other (`-x`, `-h`) —
  // but a one-letter option typed with two dashes (`--h`) is the one-letter option meant.
  const near = raw.startsWith("--") ? didYouMean(raw, known.filter((k) => k.startsWith("--") || `-${k}` === raw)) : "";
  return `unknown option \`${oneLine(raw)}\`${near === "" ? otherwise : near}`;
}

function didYouMean(word: string, known: readonly string[]): string {
  const near = closest(word, known);
  return near === undefined ? "" : `; did you mean \`${near}\`?`;
}
