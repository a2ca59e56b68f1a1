/**
 * W0809 hidden-characters: a name, pattern or string in the policies holds a character
 * a reviewer cannot see — a bidirectional control ("Trojan Source" reorders what is
 * displayed), a zero-width or other invisible character, or a control character
 * (tab and line breaks included) written as a JSON escape: every character of the
 * shared unsafe set (src/model/unsafe-characters.ts, which the printer escapes), plus
 * tab, LF and CR. The policy then reads one way in review and matches another way.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import type { Span } from "../../model/span.js";
import { firstUnsafeCharacter } from "../../model/unsafe-characters.js";
import type { LintRule } from "./rule.js";

/** Tab and line breaks: shown raw by terminals, but in a name or a string they hide. */
const WHITESPACE_CONTROL = /[\t\n\r]/;

function firstHidden(text: string): string | null {
  return WHITESPACE_CONTROL.exec(text)?.[0] ?? firstUnsafeCharacter(text);
}

export const hiddenCharacters: LintRule = {
  name: "hidden-characters",
  description: "names, patterns and strings holding invisible or bidirectional-control characters",
  check: ({ set }) => {
    const out: ReportedDiagnostic[] = [];
    const report = (text: string, span: Span, what: string) => {
      const found = firstHidden(text);
      if (found === null) return;
      const code = `U+${(found.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`;
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
    return out;
  },
};

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
