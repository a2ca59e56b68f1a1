/**
 * `checkPolicySet`: sources → one checked `PolicySet` (the only way evaluators get one).
 *
 * Runs the whole rule table over the union of the sources in set order, so the
 * cross-source rules hold: policy names unique across the set (naming both places),
 * each role declared once, no `includes` cycle through any number of files. Rules one
 * source can break were reported by `parse` already, which left the offending
 * declarations out; running them again costs little and means a hand-built or JSON
 * `SourceFile` can never smuggle an ill-formed policy into a set.
 */
import { type ReportedDiagnostic, sortDiagnostics } from "../errors.js";
import type { Policy, RoleDecl, SourceFile } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { type CheckedDeclaration, clausesOf, type PolicyClauses } from "./policy-clauses.js";
import { runRules } from "./run-rules.js";
import { sourceFileFromJson } from "../schema/ast-json.js";
import { isVerified } from "./verified.js";
import { isIncomplete } from "./incomplete.js";
import { isWellFormed } from "./well-formed.js";

export interface CheckSetOptions {
  /**
   * Internal: skip the per-policy rules for policies `parse` built and checked (the
   * sources come straight from `parse`, untouched). Cross-source rules always run.
   */
  readonly trustParsed?: boolean;
}

/** Sets this module made (only those reach an evaluator unchecked: see `isCheckedPolicySet`). */
const CHECKED_SETS = new WeakSet<object>();

/**
 * Whether `set` is a PolicySet that `checkPolicySet` returned. `createEngine` re-checks
 * the sources of any other (a hand-built set could hold an `includes` cycle or a glob
 * over the limits that no rule ever saw).
 */
export function isCheckedPolicySet(set: unknown): set is PolicySet {
  return typeof set === "object" && set !== null && CHECKED_SETS.has(set);
}

/**
 * Checks parsed sources (or their JSON form) as one policy set: the single-source rules
 * again for JSON input, then what spans sources — duplicate policy names, role
 * declarations and `includes` cycles. Returns the set and every diagnostic; never throws.
 */
export function checkPolicySet(
  files: readonly SourceFile[],
  options: CheckSetOptions = {},
): { set: PolicySet; diagnostics: ReportedDiagnostic[] } {
  // Never throws: what is not an AST from `parse` or `sourceFileFromJson` (which checks
  // the shape of a hand-built one) is one diagnostic and an empty set.
  const trustParsed = trustOption(options);
  if (trustParsed === null) return notAnAst("checkPolicySet options must be a plain object such as `{}`", "E0012");
  try {
    // Inside the try: `Array.isArray` of a revoked Proxy throws.
    if (!Array.isArray(files)) return notAnAst("checkPolicySet expects an array of source files (from parse or sourceFileFromJson)");
    return checkFiles(files, trustParsed);
  } catch (error) {
    return notAnAst(`checkPolicySet could not read a source file (${detailOf(error)}); read hand-built ASTs with sourceFileFromJson`);
  }
}

/** E0013: a source `parse` reported errors for, given to make a set on its own. */
function incompleteSource(name: unknown): ReportedDiagnostic {
  const source = typeof name === "string" && name !== "" ? name : undefined;
  return {
    code: "E0013",
    severity: "error",
    message: `${source === undefined ? "a source" : `\`${source}\``} has errors (see the diagnostics parse returned): its declarations with errors were left out, so it cannot make a policy set`,
    ...(source === undefined ? {} : { source }),
    line: 1,
    column: 1,
  };
}

/** The message of what a trap threw; a thrown Proxy may throw again when inspected. */
function detailOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "a value that threw when inspected";
  }
}

function notAnAst(message: string, code = "E0010"): { set: PolicySet; diagnostics: ReportedDiagnostic[] } {
  const set: PolicySet = { sources: [], policies: [], roles: new Map() };
  return { set, diagnostics: [{ code, severity: "error", message, line: 1, column: 1 }] };
}

/**
 * `trustParsed` read once from the options, as an own data property; null when the
 * options are not a plain object (`null` would otherwise fail later as if a source had).
 */
function trustOption(options: unknown): boolean | null {
  if (options === undefined) return false;
  try {
    if (typeof options !== "object" || options === null || Array.isArray(options)) return null;
    const proto: unknown = Object.getPrototypeOf(options);
    if (proto !== Object.prototype && proto !== null) return null;
    const descriptor = Object.getOwnPropertyDescriptor(options, "trustParsed");
    return descriptor !== undefined && "value" in descriptor && descriptor.value === true;
  } catch {
    return null;
  }
}

function checkFiles(given: readonly SourceFile[], trustParsed: boolean): { set: PolicySet; diagnostics: ReportedDiagnostic[] } {
  // Files of unknown shape are read as the JSON AST form is (see well-formed.ts).
  const files: SourceFile[] = [];
  const unreadable: ReportedDiagnostic[] = [];
  // Sources parse reported errors for (compile and the CLI report those errors themselves).
  const incomplete: ReportedDiagnostic[] = [];
  for (const file of given) {
    if (isIncomplete(file)) incomplete.push(incompleteSource(file.name));
    if (isWellFormed(file)) {
      files.push(file);
      continue;
    }
    const read = sourceFileFromJson(file);
    unreadable.push(...read.diagnostics.filter((d) => d.severity === "error"));
    if (read.ast !== null) files.push(read.ast);
  }
  if (unreadable.length > 0) {
    return { set: { sources: [], policies: [], roles: new Map() }, diagnostics: unreadable };
  }
  const declarations: CheckedDeclaration[] = [];
  const trusted = new Set<CheckedDeclaration>();
  const policyOfClauses = new Map<PolicyClauses, Policy>();
  for (const file of files) {
    for (const d of file.declarations) {
      if (d.kind === "Policy") {
        const clauses = clausesOf(d);
        policyOfClauses.set(clauses, d);
        if (trustParsed && isVerified(d)) trusted.add(clauses);
        declarations.push(clauses);
      } else if (d.kind === "RoleDecl") {
        declarations.push(d);
      } else {
        throw new Error("a declaration that is neither a policy nor a role");
      }
    }
  }
  const { diagnostics, rejected } = runRules(declarations, trusted);
  const policies: Policy[] = [];
  const roles = new Map<string, RoleDecl>();
  for (const d of declarations) {
    if (rejected.has(d)) continue;
    if (d.kind === "RoleDecl") {
      if (!roles.has(d.name.value)) roles.set(d.name.value, d);
    } else {
      policies.push(policyOfClauses.get(d) as Policy);
    }
  }
  const set: PolicySet = { sources: [...files], policies, roles };
  // Never trusted by createEngine, even when the caller asked to trust parsed sources.
  if (incomplete.length === 0) CHECKED_SETS.add(set);
  else if (!trustParsed) diagnostics.push(...incomplete);
  return {
    set,
    diagnostics: sortDiagnostics(
      diagnostics,
      files.map((f) => f.name),
    ),
  };
}
