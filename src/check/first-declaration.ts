/**
 * Shared by the "declared twice" rules: walks the declarations of one kind in set order
 * and reports every later one that reuses a name, naming the first place (`related`).
 */
import { diagnosticAt } from "../errors.js";
import type { Name } from "../model/ast.js";
import { shorten } from "../syntax/shorten.js";
import type { CheckedDeclaration } from "./policy-clauses.js";
import { relatedAt } from "./related.js";
import type { RuleContext } from "./rule.js";

export interface DuplicateNames {
  readonly kind: CheckedDeclaration["kind"];
  readonly code: string;
  /** "policy" or "role", as the message says it. */
  readonly noun: string;
  /** What to do about it, after the first place. */
  readonly advice: string;
}

export function reportDuplicateNames(
  declarations: readonly CheckedDeclaration[],
  context: RuleContext,
  what: DuplicateNames,
): void {
  const first = new Map<string, Name>();
  for (const d of declarations) {
    if (d.kind !== what.kind) continue;
    const earlier = first.get(d.name.value);
    if (earlier === undefined) {
      first.set(d.name.value, d.name);
      continue;
    }
    const where = earlier.span;
    context.error(
      d,
      diagnosticAt(d.name.span, what.code, `${what.noun} \`${shorten(d.name.value)}\` is declared twice`, {
        help: `first declared at ${where.source !== undefined ? `${where.source}:` : ""}${where.start.line}:${where.start.column}; ${what.advice}`,
        related: [relatedAt(where, "first declared here")],
      }),
    );
  }
}
