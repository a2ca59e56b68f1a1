/**
 * `mcpolicy/mcp`: authorize every tool, resource and prompt of an MCP server
 * (`@modelcontextprotocol/sdk` v1) with `.mcpolicy` policies. See docs/mcp.md.
 */
export { protect, type ProtectOptions, type Protection } from "./protect.js";
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
export { MCP_SERVER_UNKNOWN_ANSWERS, SPEC_UNKNOWN_ANSWERS } from "./v1-answers.js";
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
