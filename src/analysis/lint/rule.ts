/** The shape of a lint rule: a name, the codes it reports, and a pure check over the set. */
import type { AttributeSchema } from "../../attributes/schema.js";
import type { ReportedDiagnostic } from "../../errors.js";
import type { PolicySet } from "../../model/policy-set.js";

export interface LintFinding extends ReportedDiagnostic {
  /** The rule's name, e.g. `shadowed-policy`. */
  readonly rule: string;
}

export interface LintContext {
  readonly set: PolicySet;
  /** Attribute schema, when one is given (some rules need it). */
  readonly schema: AttributeSchema | null;
  /** Source texts by source name, when known (the CLI has them; comments live only there). */
  readonly texts?: ReadonlyMap<string, string>;
}

export interface LintRule {
  readonly name: string;
  /** One line: what the rule finds. */
  readonly description: string;
  readonly check: (ctx: LintContext) => ReportedDiagnostic[];
}
