/**
 * What `protect` takes and returns — the same for both SDK lines — and the Authorizer
 * settings made from it.
 */
import type { PolicyEngine } from "../model/engine.js";
import type { AuditArguments, DecisionRecord } from "./audit.js";
import type { AuthInfo } from "./auth-info.js";
import { Authorizer } from "./authorizer.js";
import { checkProtectArguments } from "./check-options.js";
import { NO_ANNOTATIONS } from "./intercept.js";
import type { UnknownAnswers } from "./denial.js";
import type { ProtocolErrors } from "./protocol-errors.js";
import type { EnvExtension, RequestInfo } from "./request-env.js";
import type { ScopeChallengeOptions, scopeChallengeMiddleware } from "./scope-challenge.js";
import { type SubjectResolver, subjectFromAuthInfo } from "./subject.js";

export interface ProtectOptions {
  /** Maps the request's `authInfo` to a subject. Default `subjectFromAuthInfo()`; for stdio see `subjectFromEnv`. */
  readonly subject?: SubjectResolver;
  /** Adds env attributes (and may replace `now` and `hour`); `arguments`, `tool`, `request` stay ours. */
  readonly env?: EnvExtension;
  /** The clock for `env.now` and `env.hour`. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** How a visible tool's denial is answered: a JSON-RPC error (default) or an `isError` tool result. */
  readonly denial?: "error" | "result";
  /** Put the deciding policy's name into denials (`data.policy`). Default false. */
  readonly revealPolicy?: boolean;
  /**
   * Scopes the server can grant. When a denial would become an allow with some of them,
   * the denial says `insufficient_scope` and which; `protection.scopeChallenge()` turns
   * that into the HTTP 403 challenge of the MCP authorization spec on Streamable HTTP.
   */
  readonly insufficientScope?: { readonly scopes: readonly string[] };
  /** Called with every decision, before the request is answered. If it throws, the request is refused. */
  readonly onDecision?: (record: DecisionRecord) => unknown;
  /** Called when `onDecision` throws or its promise rejects. Default: ignore. */
  readonly onAuditError?: (error: unknown) => void;
  /** Arguments in audit records: `"redact"` (default: names kept, values redacted), `"omit"`, `"full"`, or a function. */
  readonly auditArguments?: AuditArguments;
  /** How this server answers for unknown tools, prompts, resources (hidden ones answer the same). */
  readonly unknown?: Partial<UnknownAnswers>;
  /** A tool's annotations (`env.tool`). Default: from `McpServer`'s registry; `{}` for a low-level `Server`. */
  readonly toolAnnotations?: (name: string) => unknown;
}

/** What `protect` returns. */
export interface Protection {
  readonly engine: PolicyEngine;
  /** The subject `protect` decides for, given a request's `authInfo`. */
  subjectOf(authInfo: AuthInfo | undefined): unknown;
  /** Express/Node middleware answering scope step-ups with HTTP 403 (`insufficientScope` option). */
  scopeChallenge(options?: ScopeChallengeOptions): ReturnType<typeof scopeChallengeMiddleware>;
}

/** What differs between the SDK lines and between `McpServer` and a low-level `Server`. */
export interface ServerFacts {
  /** The server's own answers for unknown items (before `options.unknown`). */
  readonly unknown: UnknownAnswers;
  /** `env.tool` unless `options.toolAnnotations` says otherwise. */
  readonly toolAnnotations: (name: string) => unknown;
  /**
   * Whether a `ref/resource` completion reaches something the server registered (an
   * `McpServer`'s registry). Default: always — a low-level `Server`'s handlers are the
   * author's, so its templates are decided by searching their expansions.
   */
  readonly resourceTemplateRegistered?: (uri: string) => boolean;
  readonly clientInfo: () => RequestInfo["clientInfo"];
  readonly errors: ProtocolErrors;
}

/** The Authorizer for one protected server; throws a TypeError for a bad engine or option. */
export function authorizerFor(given: PolicyEngine, givenOptions: ProtectOptions | undefined, facts: ServerFacts): Authorizer {
  const { engine, options } = checkProtectArguments(given, givenOptions);
  return new Authorizer({
    engine,
    subject: options.subject ?? subjectFromAuthInfo(),
    env: options.env,
    now: options.now,
    denial: options.denial ?? "error",
    revealPolicy: options.revealPolicy === true,
    scopes: options.insufficientScope?.scopes,
    onDecision: options.onDecision,
    onAuditError: options.onAuditError ?? (() => {}),
    auditArguments: options.auditArguments ?? "redact",
    unknown: { ...facts.unknown, ...options.unknown },
    toolAnnotations: options.toolAnnotations === undefined ? facts.toolAnnotations : guardedAnnotations(options.toolAnnotations),
    // What a name the server does not have gets: nothing from the registry (a function of
    // the caller's own depends on the name only, so it is the same for both).
    unknownToolAnnotations: options.toolAnnotations === undefined ? () => NO_ANNOTATIONS : guardedAnnotations(options.toolAnnotations),
    resourceTemplateRegistered: facts.resourceTemplateRegistered ?? (() => true),
    clientInfo: facts.clientInfo,
    errors: facts.errors,
  });
}

/**
 * `env.tool` when the `toolAnnotations` option throws: a marker, as for a failing `env`
 * extension (`envError`). Conditions on the annotations it would have given then err,
 * which counts toward deny.
 */
export const ANNOTATIONS_FAILED: object = Object.freeze({ annotationsError: true });

function guardedAnnotations(read: (name: string) => unknown): (name: string) => unknown {
  return (name) => {
    try {
      return read(name);
    } catch {
      return ANNOTATIONS_FAILED;
    }
  };
}
