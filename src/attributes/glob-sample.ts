/**
 * Strings a glob matches, for generated requests: `tool:read_*` gives `tool:read_x`,
 * `/home/${subject.id}/**` gives `/home/alice/a/b` for a subject id `alice`. Best effort:
 * every sample of a glob without interpolation is checked against the glob itself.
 */
import { globMatches } from "./resource-match.js";

const FILLERS = [
  { star: "x", globstar: "x" },
  { star: "data", globstar: "a/b" },
];

/** Up to a few strings matching `glob`; `${subject.PATH}` is replaced by `interpolate(PATH)`. */
export function sampleGlob(glob: string, interpolate: (path: string) => string = () => "x"): string[] {
  if (glob.length > 1024) return [];
  const out = new Set<string>();
  for (const [n, filler] of FILLERS.entries()) {
    const text = expand(glob, filler, n, interpolate);
    if (text === null) continue;
    if (glob.includes("${") || globMatches(text, glob)) out.add(text);
  }
  return [...out];
}

function expand(glob: string, filler: { star: string; globstar: string }, variant: number, interpolate: (path: string) => string): string | null {
  let out = "";
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i] as string;
    if (glob.startsWith("${", i)) {
      const end = glob.indexOf("}", i);
      if (end < 0) return null;
      out += interpolate(glob.slice(i + 2, end).replace(/^subject\./, ""));
      i = end + 1;
    } else if (glob.startsWith("**", i)) {
      out += filler.globstar;
      i += 2;
    } else if (ch === "*" || ch === "?") {
      out += ch === "*" ? filler.star : "x";
      i++;
    } else if (ch === "\\") {
      out += glob[i + 1] ?? "";
      i += 2;
    } else if (ch === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) return null;
      const body = glob.slice(i + 1, end);
      if (body.startsWith("!") || body.startsWith("^")) return null;
      out += body[0] ?? "";
      i = end + 1;
    } else if (ch === "{") {
      const end = matchingBrace(glob, i);
      if (end < 0) return null;
      const alternatives = splitTop(glob.slice(i + 1, end));
      const pick = variant === 0 ? alternatives[0] : alternatives[alternatives.length - 1];
      const inner = expand(pick ?? "", filler, variant, interpolate);
      if (inner === null) return null;
      out += inner;
      i = end + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function splitTop(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body[i] === "{") depth++;
    else if (body[i] === "}") depth--;
    else if (body[i] === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
