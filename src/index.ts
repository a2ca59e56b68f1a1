/**
 * The public API of `mcpolicy` — an explicit export list; nothing else is public.
 */
export { compile, loadPolicies, createEngine, Engine, type CompileInput, type NamedSource } from "./engine.js";
export { parse, type ParseResult } from "./syntax/parse.js";
export { formatSource as format, type FormatResult } from "./syntax/format.js";
export { printSourceFile, printExpr } from "./syntax/print-api.js";
export { sourceFileFromJson, type JsonAstResult } from "./schema/ast-json.js";
export { checkPolicySet } from "./check/check-set.js";
export { collectPolicyFiles, type PolicyFile } from "./load/files.js";
export { PolicyError, type Diagnostic, type ReportedDiagnostic, type Severity } from "./errors.js";
export type { CompileOptions, PolicyEngine, SubjectDecider } from "./model/engine.js";
export type { Decision, DecisionEffect, EvaluationError } from "./model/decision.js";
export type { Explanation, PolicyExplanation, ConditionExplanation, TestOutcome } from "./model/explain.js";
export type { ArgumentsSearch, ArgumentsShape, CouldAllowOptions } from "./model/arguments-search.js";
export { mcpArgumentsShape } from "./model/arguments-search.js";
export type { Subject, Resource, Env, JsonValue } from "./model/request.js";
export type * from "./model/ast.js";
export type { Span, Position } from "./model/span.js";
export type { PolicySet } from "./model/policy-set.js";
