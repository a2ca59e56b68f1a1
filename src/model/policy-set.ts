/** A checked policy set: what the evaluators receive. Built only by the static checks. */
import type { Policy, RoleDecl, SourceFile } from "./ast.js";

/** A checked policy set: policies in set order and role declarations, from one or more sources (spec §1). */
export interface PolicySet {
  /** Sources in set order (spec §1). */
  readonly sources: readonly SourceFile[];
  /** All policies, in set order (source order, then position in source). Names are unique. */
  readonly policies: readonly Policy[];
  /** Role declarations by name. `includes` is acyclic (checked). */
  readonly roles: ReadonlyMap<string, RoleDecl>;
}
