/** The public shape of a compiled policy set (spec §6). Implemented by src/engine.ts. */
import type { CouldAllowOptions } from "./arguments-search.js";
import type { Decision } from "./decision.js";
import type { Explanation } from "./explain.js";
import type { PolicySet } from "./policy-set.js";

/** A decision function specialized for one subject (`engine.forSubject`). */
export type SubjectDecider = (resource: unknown, action: unknown, env?: unknown) => Decision;

/** Options of `compile`, `loadPolicies` and `createEngine` (unknown keys are rejected). */
export interface CompileOptions {
  /**
   * Bound of the per-subject cache (number of distinct subjects): an integer from 0 to
   * 1,000,000 (anything else is a PolicyError, E0012). Default 10,000; 0 disables it.
   * The keys held (the content of the attributes the set reads) also total at most 1,024
   * characters per subject of this bound, so subjects with large claims are cached fewer
   * at a time (docs/engine.md).
   */
  readonly maxSubjects?: number;
  /** Validate requests against attribute schemas before deciding (see docs/schemas.md). */
  readonly validateRequests?: boolean;
  /** Attribute schemas (subject, env, resources) for type-checking and validation. */
  readonly schema?: unknown;
}

/** A compiled policy set (spec §6): what `compile` and `loadPolicies` return. Every method is total. */
export interface PolicyEngine {
  /** The checked policy set this engine decides with. */
  readonly policySet: PolicySet;
  /** Decides a request (spec §5). Never throws. */
  evaluate(subject: unknown, resource: unknown, action: unknown, env?: unknown): Decision;
  /** `evaluate(...).allowed`. */
  isAllowed(subject: unknown, resource: unknown, action: unknown, env?: unknown): boolean;
  /** Specializes for the subject as it is now; later changes to that object are not seen. */
  forSubject(subject: unknown): SubjectDecider;
  /** Why the decision is what it is: every policy's targets and conditions. */
  explain(subject: unknown, resource: unknown, action: unknown, env?: unknown): Explanation;
  /**
   * Whether the request could be allowed for *some* value of `env.arguments`
   * (partial evaluation; other env attributes are taken as given). Used to filter
   * MCP lists. Sound: never false when some arguments would be allowed.
   * `options.arguments` says which values they can take (default: any).
   */
  couldAllow(subject: unknown, resource: unknown, action: unknown, env?: unknown, options?: CouldAllowOptions): boolean;
}
