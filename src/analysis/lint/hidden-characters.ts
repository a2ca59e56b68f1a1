/**
 * W0809 hidden-characters: a name, pattern or string in the policies holds a character
 * a reviewer cannot see — a bidirectional control ("Trojan Source" reorders what is
 * displayed), a zero-width or other invisible character, or a control character
 * (tab and line breaks included) written as a JSON escape: every character of the
 * shared unsafe set (src/model/unsafe-characters.ts, which the printer escapes), plus
 * tab, LF and CR. The policy then reads one way in review and matches another way.
 * Comments too, from the source texts when known: a comment ends only at CR or LF, but
 * an editor may show a line separator (U+2028, U+0085) as a line break — a policy after
 * it looks in force and is commented out — and bidi controls reorder what is displayed.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import type { Span } from "../../model/span.js";
import { firstUnsafeCharacter } from "../../model/unsafe-characters.js";
import { LineIndex } from "../../syntax/lines.js";
import { scanComments } from "../../syntax/print-comments.js";
import type { LintRule } from "./rule.js";

/** Tab and line breaks: shown raw by terminals, but in a name or a string they hide. */
const WHITESPACE_CONTROL = /[\t\n\r]/;

function firstHidden(text: string): string | null {
  return WHITESPACE_CONTROL.exec(text)?.[0] ?? firstUnsafeCharacter(text);
}

export const hiddenCharacters: LintRule = {
  name: "hidden-characters",
  description: "names, patterns and strings holding invisible or bidirectional-control characters",
  check: ({ set, texts }) => {
    const out: ReportedDiagnostic[] = [];
    const report = (text: string, span: Span, what: string) => {
      const found = firstHidden(text);
      if (found === null) return;
      const code = codePoint(found);
      out.push(
        diagnosticAt(span, "W0809", `${what} holds an invisible or bidirectional-control character (${code})`, {
          severity: "warning",
          help: "what a reviewer reads is not what is matched; write the text without it (or spell it as a visible escape where the language allows)",
        }),
      );
    };
    for (const [, role] of set.roles) {
      report(role.name.value, role.name.span, `role \`${role.name.value}\``);
      for (const included of role.includes) report(included.value, included.span, "an included role name");
    }
    for (const policy of set.policies) {
      walk(policy, policy.span, (text, span) => report(text, span, `policy \`${policy.name.value}\``));
    }
    for (const source of set.sources) {
      const text = texts?.get(source.name);
      if (text !== undefined) out.push(...hiddenInComments(text, source.name));
    }
    return out;
  },
};

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A finding at the first hidden character of each comment of a source (tabs are fine there). */
function hiddenInComments(text: string, source: string): ReportedDiagnostic[] {
  const out: ReportedDiagnostic[] = [];
  let lines: LineIndex | null = null;
  for (const comment of scanComments(text)) {
    const found = firstUnsafeCharacter(comment.text);
    if (found === null) continue;
    lines ??= new LineIndex(text, source);
    const at = comment.offset + comment.text.indexOf(found);
    out.push(
      diagnosticAt(lines.span(at, at + found.length), "W0809", `a comment holds an invisible or bidirectional-control character (${codePoint(found)})`, {
        severity: "warning",
        help: "an editor may show it as a line break or reorder the text around it, so what a reviewer reads is not what is in force; remove it",
      }),
    );
  }
  return out;
}

/** Every string of a node, with the span of the nearest node that has one (bounded by the AST's depth limits). */
function walk(node: unknown, span: Span, visit: (text: string, span: Span) => void): void {
  if (typeof node === "string") {
    visit(node, span);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, span, visit);
    return;
  }
  const own = (node as { span?: Span }).span;
  const here = own ?? span;
  for (const [key, value] of Object.entries(node)) {
    // Node kinds, operators and effects are the grammar's words, not the author's text.
    if (key === "span" || key === "kind" || key === "op" || key === "mode" || key === "effect" || key === "root" || key === "attribute") continue;
    walk(value, here, visit);
  }
}
