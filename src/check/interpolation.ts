/**
 * Spec §4.3: a `resource` pattern and a `matches` glob may contain `${subject.PATH}`;
 * any other `${` in them is an error, and an `action` pattern may contain no `${` at
 * all. Splitting follows the one shared definition, model/template.ts.
 */
import { diagnosticAt } from "../errors.js";
import { splitTemplate } from "../model/template.js";
import { CODES } from "../syntax/codes.js";
import { shorten } from "../syntax/shorten.js";
import type { Rule } from "./rule.js";

// The syntax quoted in the help texts (plain strings: nothing is interpolated here).
// biome-ignore lint/suspicious/noTemplateCurlyInString: quotes the interpolation syntax
const WHERE_ALLOWED = "interpolation `${subject.PATH}` is allowed in `resource` patterns and after `matches` only";
const HOW_TO_WRITE =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: quotes the interpolation syntax
  "write `${subject.PATH}` with PATH names joined by `.`, e.g. `${subject.org.id}`; `$` alone is an ordinary character";

export const interpolation: Rule = {
  name: "interpolation",
  scope: "policy",
  check(declarations, context) {
    for (const d of declarations) {
      if (d.kind !== "PolicyClauses") continue;
      for (const { pattern, use } of context.facts(d).globs) {
        if (!pattern.value.includes("${")) continue;
        const quoted = `\`${shorten(pattern.value)}\``;
        if (use === "action") {
          context.error(
            d,
            diagnosticAt(pattern.span, CODES.actionInterpolation, `action pattern ${quoted} contains \`\${\``, {
              help: WHERE_ALLOWED,
            }),
          );
          continue;
        }
        const split = splitTemplate(pattern.value);
        if (!split.ok) {
          context.error(
            d,
            diagnosticAt(pattern.span, CODES.malformedInterpolation, `malformed interpolation in pattern ${quoted}`, {
              help: HOW_TO_WRITE,
            }),
          );
        }
      }
    }
  },
};
