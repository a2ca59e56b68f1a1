/**
 * Interpolation in patterns (spec §4.3): `${subject.PATH}` where PATH is identifier
 * members joined by `.`. Splitting is part of the language, not of evaluation, so both
 * evaluators and the static checks use this one definition.
 */
export type TemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "subject"; readonly path: readonly string[] };

export type TemplateSplit =
  | { readonly ok: true; readonly parts: readonly TemplatePart[]; readonly interpolated: boolean }
  | { readonly ok: false; readonly message: string; /** offset in the decoded value */ readonly offset: number };

const INTERPOLATION = /^\$\{subject((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\}/;

/** Splits a decoded pattern into literal text and `${subject.…}` references. */
export function splitTemplate(value: string): TemplateSplit {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf("${", i);
    if (at < 0) {
      text += value.slice(i);
      break;
    }
    text += value.slice(i, at);
    const match = INTERPOLATION.exec(value.slice(at, at + 4096));
    if (match === null || match[1] === undefined) {
      return {
        ok: false,
        offset: at,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the policy language's `${`, not a JS template
        message: "`${` must start an interpolation of the form `${subject.PATH}`",
      };
    }
    if (text !== "") parts.push({ kind: "text", text });
    text = "";
    parts.push({ kind: "subject", path: match[1].slice(1).split(".") });
    i = at + match[0].length;
  }
  if (text !== "" || parts.length === 0) parts.push({ kind: "text", text });
  return { ok: true, parts, interpolated: parts.some((p) => p.kind === "subject") };
}
