/**
 * What both entry points (`mcpolicy/mcp` for the v1 SDK, `mcpolicy/mcp/v2`) export besides
 * their own `protect` and unknown-item answers.
 */
export type { ProtectOptions, Protection } from "./options.js";
export {
	ANONYMOUS_SUBJECT,
	subjectFromAuthInfo,
	subjectFromEnv,
	type AuthInfoClaims,
	type EnvironmentNames,
	type McpSubject,
	type SubjectResolver,
} from "./subject.js";
export {
	jsonLinesAuditLogger,
	redactArguments,
	type AuditArguments,
	type DecisionOutcome,
	type DecisionRecord,
} from "./audit.js";
export {
	INSUFFICIENT_SCOPE_MESSAGE,
	POLICY_DENIED_CODE,
	POLICY_DENIED_MESSAGE,
	type DenialData,
	type UnknownAnswers,
} from "./denial.js";
export type { AuthInfo } from "./auth-info.js";
export {
	PROTECTED_METHODS,
	promptResource,
	resourceResource,
	toolResource,
	type ProtectedMethod,
} from "./naming.js";
export type { EnvContext, EnvExtension } from "./request-env.js";
export type { ScopeChallengeOptions } from "./scope-challenge.js";
