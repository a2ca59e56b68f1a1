/**
 * `${subject.PATH}` in patterns (spec §4.3), resolved against a subject snapshot. A
 * value is a non-empty string or finite number, without `/`, not `.` or `..`, matched
 * literally; anything else makes the pattern err.
 */
import type { TemplatePart } from "../model/template.js";
import { assembleGlob, compileAssembledGlob, type GlobMatcher } from "./glob.js";
import { kindName, resolvePath } from "./paths.js";
import { describePath, Fault } from "./values.js";

export type Interpolation = GlobMatcher | Fault;

/** The matcher for `parts` with this subject's values, or the Fault that makes it err. */
export function interpolate(parts: readonly TemplatePart[], subject: object, where: string): Interpolation {
  const pieces: { text: string; literal: boolean }[] = [];
  let allLiteral = true;
  for (const part of parts) {
    if (part.kind === "text") {
      pieces.push({ text: part.text, literal: false });
      if (/[*?[\]{}\\]/.test(part.text)) allLiteral = false;
      continue;
    }
    const value = resolvePath(subject, "subject", part.path);
    if (value instanceof Fault) return new Fault(`${where}: ${value.message}`);
    const name = describePath("subject", part.path);
    let text: string;
    if (typeof value === "string") text = value;
    else if (typeof value === "number") text = String(value);
    else return new Fault(`${where}: interpolated ${name} must be a string or number, got ${kindName(value)}`);
    if (text === "" || text === "." || text === ".." || text.includes("/")) {
      return new Fault(`${where}: interpolated ${name} must be non-empty, without \`/\`, and not \`.\` or \`..\`, got \`${text}\``);
    }
    pieces.push({ text, literal: true });
  }
  if (allLiteral) {
    // No glob syntax around the values: the whole pattern is one literal string.
    let whole = "";
    for (const piece of pieces) whole += piece.text;
    return literal(whole);
  }
  const matcher = compileAssembledGlob(assembleGlob(pieces));
  return matcher ?? new Fault(`${where}: the interpolated pattern is too long`);
}

/** Literal match with minimatch's one trailing `/` allowance. */
function literal(whole: string): GlobMatcher {
  const withSlash = `${whole}/`;
  return (text) => text === whole || text === withSlash;
}
