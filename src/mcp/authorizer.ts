/**
 * The decisions behind `protect`: for each protected MCP request, who asks (subject),
 * for what (resource ids and action), in which context (env); then allow, refuse
 * visibly (`policy_denied`), refuse as if the thing did not exist (`hidden`), or filter a
 * list to what the caller could use. Transport- and SDK-agnostic: `protect.ts` plugs it
 * into the SDK's request handlers.
 */
import type { AuthInfo } from "./auth-info.js";
import type { Decision } from "../model/decision.js";
import type { PolicyEngine } from "../model/engine.js";
import {
	type AuditArguments,
	auditArgumentsOf,
	type DecisionOutcome,
	type DecisionRecord,
} from "./audit.js";
import {
	type DenialData,
	denialError,
	denialResult,
	type UnknownAnswers,
} from "./denial.js";
import type { ProtectedMethod } from "./naming.js";
import {
	promptIds,
	resourceReadIds,
	resourceResource,
	toolIds,
} from "./naming.js";
import {
	buildEnv,
	type EnvExtension,
	type RequestInfo,
	type TimeReading,
} from "./request-env.js";
import { INTERNAL_ERROR, INVALID_PARAMS, type ProtocolErrors } from "./protocol-errors.js";
import { ANONYMOUS_SUBJECT, type SubjectResolver } from "./subject.js";
import { type CharacterBudget, expansionValues, MAX_EXPANSION_CHARACTERS, MAX_EXPANSIONS, searchExpansions } from "./template-expansions.js";
import { patternWitnesses, type WitnessBudget, witnessBudget, witnessesFor } from "./template-witnesses.js";
import { type Visibility, visibilityFor } from "./visibility.js";

/** Settings the authorizer runs with (`protect` fills in the defaults). */
export interface AuthorizerSettings {
	readonly engine: PolicyEngine;
	readonly subject: SubjectResolver;
	readonly env: EnvExtension | undefined;
	/** A fixed or test clock; `undefined` is the system clock. */
	readonly now: (() => Date) | undefined;
	readonly denial: "error" | "result";
	readonly revealPolicy: boolean;
	readonly scopes: readonly string[] | undefined;
	readonly onDecision: ((record: DecisionRecord) => unknown) | undefined;
	readonly onAuditError: (error: unknown) => void;
	readonly auditArguments: AuditArguments;
	readonly unknown: UnknownAnswers;
	/** The tool's annotations from the server's own registry (`{}` when it has none). */
	readonly toolAnnotations: (name: string) => unknown;
	/** `env.tool` for a name the server does not have (hidden tools answer as such names do). */
	readonly unknownToolAnnotations: (name: string) => unknown;
	/**
	 * Whether a completion of this `ref/resource` URI could reach something the server has
	 * registered (a template, or a resource the SDK completes with nothing). False only
	 * when the server's registry says so: such a completion answers as an unknown
	 * template, whoever asks, and nothing is expanded for it.
	 */
	readonly resourceTemplateRegistered: (uri: string) => boolean;
	readonly clientInfo: () => RequestInfo["clientInfo"];
	/** The SDK line's JSON-RPC errors. */
	readonly errors: ProtocolErrors;
}

/** The part of the SDK's `RequestHandlerExtra` the authorizer reads. */
export interface RequestExtra {
	readonly authInfo?: AuthInfo;
	readonly sessionId?: string;
}

export type Handler = (request: unknown, extra: RequestExtra) => unknown;

/** What one call-like request is about. */
interface Target {
	/** The action decided on (the MCP method). */
	readonly action: string;
	/** Resource ids; every one must be allowed. */
	readonly ids: readonly string[];
	/** The action and ids that decide whether the caller can see the thing at all. */
	readonly visibleAction: string;
	readonly visibleIds: readonly string[];
	readonly arguments: unknown;
	readonly tool: unknown;
	/** How this server answers for such an unknown thing, and its name (a hidden one answers the same). */
	readonly unknownKind: keyof UnknownAnswers;
	readonly name: string;
	/** Tools may answer a denial with an `isError` result. */
	readonly isTool: boolean;
	/** A task-augmented call (`params.task`): it expects a task back, so a denial is an error. */
	readonly task: boolean;
}

/** Tool, prompt and URI strings longer than this are refused before any decision. */
const MAX_NAME = 4096;
/** Template expansions tried over one list (past it, each remaining template gets its first expansion only, and no witness). */
const MAX_LIST_EXPANSIONS = 20_000;
/**
 * Characters of the URIs tried over one list (20,000 URIs of about 100 characters):
 * past it, no more URIs are tried, and each remaining template is shown only when its
 * literal URI template could be read (fail closed, as for any template no URI shows).
 */
const MAX_LIST_EXPANSION_CHARACTERS = 2_097_152;

export class Authorizer {
	readonly #s: AuthorizerSettings;
	readonly #visibility: Visibility;
	#lastTime = Number.NaN;
	#lastReading: TimeReading = { iso: Number.NaN, hour: Number.NaN };
	#lastRequestInfo: RequestInfo | undefined;
	#lastSubject: unknown;
	#lastSubjectId: string | null = null;
	/** The resource id the last `#decideAll` decided on (what its audit record names). */
	#decidedId: string | null = null;

	constructor(settings: AuthorizerSettings) {
		this.#s = settings;
		this.#visibility = visibilityFor(settings.engine);
	}

	/** The clock, read once per request; formatted only when it has moved. */
	#readClock(): TimeReading {
		const clock = this.#s.now;
		// A clock that throws or returns no Date reads as NaN, which errs wherever a policy reads the time.
		let time: number;
		try {
			if (clock === undefined) time = Date.now();
			else {
				const now: unknown = clock();
				// A Date only (a look-alike with a getTime could say anything); its own time value.
				time = now instanceof Date ? Date.prototype.getTime.call(now) : Number.NaN;
			}
		} catch {
			time = Number.NaN;
		}
		if (time !== this.#lastTime) {
			this.#lastTime = time;
			const date = new Date(time);
			this.#lastReading = Number.isNaN(time)
				? { iso: Number.NaN, hour: Number.NaN }
				: { iso: date.toISOString(), hour: date.getUTCHours() };
		}
		return this.#lastReading;
	}

	/** The subject's id for audit records; remembered for the last subject if frozen (it cannot change). */
	#subjectId(subject: unknown): string | null {
		if (subject === this.#lastSubject) return this.#lastSubjectId;
		const id = subjectIdOf(subject);
		if (typeof subject === "object" && subject !== null && Object.isFrozen(subject)) {
			this.#lastSubject = subject;
			this.#lastSubjectId = id;
		}
		return id;
	}

	/** Resolves the subject; anonymous without identity, `null` (always denied) when the resolver fails. */
	subjectOf(authInfo: AuthInfo | undefined): unknown {
		let subject: unknown;
		try {
			subject = this.#s.subject(authInfo);
		} catch {
			return null;
		}
		return subject === undefined ? ANONYMOUS_SUBJECT : subject;
	}

	/**
	 * Runs `next` if the request is allowed; otherwise answers in its place (a value, or a
	 * thrown error the SDK sends as the JSON-RPC error). Synchronous on the call path.
	 */
	handle(
		method: ProtectedMethod,
		request: unknown,
		extra: RequestExtra,
		next: Handler,
	): unknown {
		if (method.endsWith("/list"))
			return this.#list(method, request, extra, next);
		let answer: Answer;
		try {
			answer = this.#decide(method, request, extra);
		} catch (error) {
			throw this.#contained(error, method, extra);
		}
		// The server's own handler runs outside the guard: its answers and errors are its own.
		return answer === PROCEED ? next(request, extra) : answer.value;
	}

	/**
	 * What to do with a request: PROCEED to the server's handler, or the answer in its
	 * place. Deliberate refusals (denials, unknown-thing answers, audit failures) are
	 * thrown as the JSON-RPC errors the client gets.
	 */
	#decide(method: ProtectedMethod, request: unknown, extra: RequestExtra): Answer {
		// Only an audit record reads the duration.
		const started = this.#s.onDecision === undefined ? 0 : performance.now();
		const target = targetOf(method, paramsField(request), this.#s);
		const time = this.#readClock();
		const subject = this.subjectOf(extra?.authInfo);
		const requestInfo = this.#requestInfo(method, extra);
		const env = buildEnv({
			time,
			request: requestInfo,
			subject,
			extension: this.#s.env,
			arguments: target.arguments,
			tool: target.tool,
		});
		const decision = this.#decideAll(subject, target.ids, target.action, env);
		const decidedId = this.#decidedId;
		if (decision.allowed) {
			// A request about something else — a subscription to a resource, a completion of a
			// prompt's or template's argument — is for what the caller can see only: allowed for
			// a hidden one, it would answer (and notify) as for no unknown name.
			if (target.visibleAction !== target.action && !this.#visible(subject, target, time, extra)) {
				this.#record(time, started, subject, decision, decidedId, "hidden", target, extra);
				return { value: this.#unknownAnswer(target) };
			}
			this.#record(time, started, subject, decision, decidedId, "allowed", target, extra);
			return PROCEED;
		}
		if (target.isTool) {
			// env.tool comes from the registry, so a registered tool and an unknown name of the
			// same name are decided on different annotations. A registered tool the caller
			// cannot see (not listed) answers as the unknown name does — decided on what that
			// name gets — so the answer depends on the policies and the name only.
			const unknownTool = this.#s.unknownToolAnnotations(target.name);
			if (unknownTool !== target.tool && !this.#visible(subject, target, time, extra)) {
				const asUnknown: Target = { ...target, tool: unknownTool };
				const unknownEnv = buildEnv({
					time,
					request: requestInfo,
					subject,
					extension: this.#s.env,
					arguments: target.arguments,
					tool: unknownTool,
				});
				// The record keeps the real decision; the answer is the unknown name's, down to
				// the policy `revealPolicy` names.
				const unknownDecision = this.#decideAll(subject, target.ids, target.action, unknownEnv);
				if (unknownDecision.allowed) {
					// Such a name would reach the server's handler, which knows no such tool.
					this.#record(time, started, subject, decision, decidedId, "hidden", target, extra);
					return { value: this.#unknownAnswer(target) };
				}
				return this.#refuse(time, started, subject, asUnknown, unknownDecision, unknownEnv, extra, {
					decision,
					resource: decidedId,
				});
			}
		}
		return this.#refuse(time, started, subject, target, decision, env, extra, { decision, resource: decidedId });
	}

	/** How the server answers for a thing it does not have (a value, or a thrown JSON-RPC error). */
	#unknownAnswer(target: Target): unknown {
		try {
			return this.#s.unknown[target.unknownKind](target.name);
		} catch (error) {
			throw deliberate(error);
		}
	}

	/**
	 * An unexpected failure while authorizing (a server callback returning an object whose
	 * traps throw, …): the request is refused with a generic internal error — the failure's
	 * own text is server-internal, so it goes to `onAuditError`, never to the client — and
	 * the refusal is recorded. Deliberate refusals pass through as they are.
	 */
	#contained(error: unknown, method: string, extra: RequestExtra | undefined): unknown {
		if (typeof error === "object" && error !== null && DELIBERATE.has(error)) return error;
		this.#auditFailed(error);
		try {
			const sessionId = extra?.sessionId;
			this.#emit({
				time: new Date().toISOString(),
				subjectId: null,
				action: method,
				resource: null,
				effect: "deny",
				policy: null,
				errors: [{ policy: null, message: "authorization failed: internal error" }],
				outcome: "denied",
				durationMs: 0,
				...(typeof sessionId === "string" ? { sessionId } : {}),
			});
		} catch {
			// The hook failed too: already reported, and the request is refused anyway.
		}
		return deliberate(this.#s.errors.make(INTERNAL_ERROR, "Authorization failed; request refused"));
	}

	/**
	 * Whether the caller of `authInfo` sees what a `tools/call`, `resources/read` or
	 * `prompts/get` with these params names (lists show it), for steps the SDK takes
	 * before any handler runs. False for junk and on any failure (fail closed).
	 */
	visibleTo(method: "tools/call" | "resources/read" | "prompts/get", params: unknown, authInfo: AuthInfo | undefined): boolean {
		try {
			const target = targetOf(method, params, this.#s);
			const extra: RequestExtra = authInfo === undefined ? {} : { authInfo };
			return this.#visible(this.subjectOf(authInfo), target, this.#readClock(), extra);
		} catch {
			return false;
		}
	}

	/** Whether the caller could use the thing for some arguments (so lists show it). */
	#visible(subject: unknown, target: Target, time: TimeReading, extra: RequestExtra): boolean {
		const visibleEnv = buildEnv({
			time,
			request: this.#requestInfo(target.visibleAction, extra),
			subject,
			extension: this.#s.env,
			tool: target.tool,
		});
		const template = target.unknownKind === "resourceTemplate";
		// A template the server does not have is visible to no one: its completion answers as
		// the unknown template it is, without expanding the client's text (a 4,096-character
		// template cost up to seconds and megabytes per request). A registered one is
		// decided as lists decide it.
		if (template && !this.#s.resourceTemplateRegistered(target.name)) return false;
		if (this.#couldAllowAll(subject, target.visibleIds, target.visibleAction, visibleEnv)) return true;
		if (!template) return false;
		// A template is usable when some URI it expands to could be read (as lists show it).
		const set = this.#s.engine.policySet;
		const pool = expansionValues(set, subject);
		const mayTarget = this.#visibility.mayTarget(subject, target.visibleAction);
		// The URI as sent first, as lists do: most fail the target index before being parsed.
		const readable = (uri: string) =>
			mayTarget(resourceResource(uri)) &&
			this.#couldAllowAll(subject, resourceReadIds(uri), target.visibleAction, visibleEnv, mayTarget);
		// URIs the policies themselves match first (those this subject could be targeted by, as
		// lists take them), then the pool's combinations.
		const witnesses = patternWitnesses(set, subject).filter((uri) => mayTarget(resourceResource(uri)));
		if (witnessesFor(target.name, witnesses, witnessBudget()).some(readable)) return true;
		return searchExpansions(target.name, pool, MAX_EXPANSIONS, { left: MAX_EXPANSION_CHARACTERS }, readable);
	}

	/**
	 * Answers a refused request: an `insufficient_scope` denial when more scopes would
	 * lift it (even for what the caller cannot see yet), else the unknown thing's answer
	 * when the caller cannot see it at all, else a `policy_denied` denial.
	 */
	#refuse(
		time: TimeReading,
		started: number,
		subject: unknown,
		target: Target,
		decision: Decision,
		env: Record<string, unknown>,
		extra: RequestExtra,
		audited: { readonly decision: Decision; readonly resource: string | null },
	): Answer {
		const scope = this.#missingScopes(subject, target.ids, target.action, env);
		if (scope === undefined && !this.#visible(subject, target, time, extra)) {
			this.#record(time, started, subject, audited.decision, audited.resource, "hidden", target, extra);
			return { value: this.#unknownAnswer(target) };
		}
		const policy = this.#s.revealPolicy ? { policy: decision.policy } : {};
		const data: DenialData =
			scope !== undefined
				? { reason: "insufficient_scope", scope, ...policy }
				: { reason: "policy_denied", ...policy };
		this.#record(time, started, subject, audited.decision, audited.resource, "denied", target, extra);
		// A task-augmented call expects a task, not a tool result: the denial is an error there.
		if (target.isTool && this.#s.denial === "result" && !target.task) return { value: denialResult(data) };
		throw deliberate(denialError(data, this.#s.errors));
	}

	/**
	 * The scopes to ask for when a denial would turn into an allow with more of them
	 * (`insufficientScope` option); `undefined` when more scopes would not help.
	 */
	scopeChallenge(
		method: ProtectedMethod,
		params: unknown,
		authInfo: AuthInfo | undefined,
		sessionId: string | undefined,
	): string | undefined {
		if (this.#s.scopes === undefined || method.endsWith("/list"))
			return undefined;
		let target: Target;
		try {
			target = targetOf(method, params, this.#s);
		} catch {
			return undefined;
		}
		const subject = this.subjectOf(authInfo);
		const time = this.#readClock();
		const extra = { sessionId };
		const envWith = (tool: unknown) =>
			buildEnv({
				time,
				request: this.#requestInfo(method, extra),
				subject,
				extension: this.#s.env,
				arguments: target.arguments,
				tool,
			});
		const started = this.#s.onDecision === undefined ? 0 : performance.now();
		let env = envWith(target.tool);
		const decision = this.#decideAll(subject, target.ids, target.action, env);
		const decidedId = this.#decidedId;
		if (decision.allowed) return undefined;
		// A tool the caller cannot see is challenged as its name unregistered would be (see handle).
		if (target.isTool) {
			const unknownTool = this.#s.unknownToolAnnotations(target.name);
			if (unknownTool !== target.tool && !this.#visible(subject, target, time, extra)) {
				env = envWith(unknownTool);
				if (this.#decideAll(subject, target.ids, target.action, env).allowed) return undefined;
			}
		}
		const scope = this.#missingScopes(subject, target.ids, target.action, env);
		if (scope !== undefined) {
			// The 403 refuses the request before any handler: recorded here, as a denial.
			try {
				this.#record(time, started, subject, decision, decidedId, "denied", target, { sessionId, ...(authInfo !== undefined ? { authInfo } : {}) });
			} catch {
				// an audit failure (already reported): the request is refused with the 403 anyway
			}
		}
		return scope;
	}

	async #list(
		method: ProtectedMethod,
		request: unknown,
		extra: RequestExtra,
		next: Handler,
	): Promise<unknown> {
		const result = await next(request, extra);
		try {
			return this.#filter(method, result, extra);
		} catch (error) {
			throw this.#contained(error, method, extra);
		}
	}

	/** A list result with only what the caller could use. */
	#filter(method: ProtectedMethod, result: unknown, extra: RequestExtra): unknown {
		const started = performance.now();
		const time = this.#readClock();
		const subject = this.subjectOf(extra?.authInfo);
		const field = LIST_FIELD[method];
		const items = field === undefined ? undefined : ownValue(result, field.key);
		if (field === undefined) return result;
		// Not an own array (a getter, an array-like): sent as it is, it would carry every item
		// unfiltered. A failure of authorizing, as any other: refused, reported, recorded.
		if (!Array.isArray(items)) throw new TypeError(`${method}: the result has no ${field.key} array to filter`);
		const requestInfo = this.#requestInfo(field.action, extra);
		const shared = buildEnv({
			time,
			request: requestInfo,
			subject,
			extension: this.#s.env,
		});
		const mayTarget = this.#visibility.mayTarget(subject, field.action);
		// The subject and the shared env are read (and keyed) once for the whole list.
		const could = this.#visibility.forList(subject, field.action, shared);
		const kept: unknown[] = [];
		const isTool = field.action === "tools/call";
		// Plain loops, no closure per item: on a list of a thousand tools the closures of
		// `ids.every(…)` cost as much as the rest of the filtering.
		// Values a template's variables are tried with (resources/templates/list), made once.
		let pool: readonly string[] | null = null;
		let witnesses: readonly string[] | null = null;
		let witnessWork: WitnessBudget | null = null;
		let expansionBudget = MAX_LIST_EXPANSIONS;
		const characters: CharacterBudget = { left: MAX_LIST_EXPANSION_CHARACTERS };
		for (let k = 0; k < items.length; k++) {
			const item: unknown = items[k];
			const id = ownValue(item, field.idKey);
			if (typeof id !== "string" || id.length > MAX_NAME) continue;
			const ids = field.ids(id);
			if (field.template) {
				if (ids.length > 0 && everyId(ids, mayTarget) && everyIdWith(ids, could, undefined)) {
					kept.push(item);
					continue;
				}
				// The list's characters are spent: no more URIs are tried (see MAX_LIST_EXPANSION_CHARACTERS).
				if (characters.left <= 0) continue;
				pool ??= expansionValues(this.#s.engine.policySet, subject);
				// Only those some allow policy could target for this subject: a template tries
				// 32 witnesses at most, and the other tenants' (`t0_*` for role r0, …) must not
				// use them up before the caller's own. Dropped ones `readable` refuses anyway.
				witnesses ??= patternWitnesses(this.#s.engine.policySet, subject).filter((uri) => mayTarget(resourceResource(uri)));
				// URIs the policies themselves match first (`db://tables/alice_x` for
				// `${subject.id}_*`), then the pool's combinations; all within the budgets.
				// Only the URIs tried count against them: a template shown by its first URI
				// leaves the rest for the templates after it.
				witnessWork ??= witnessBudget();
				const readable = (uri: string): boolean => {
					expansionBudget--;
					// The URI as sent is decided first (and is one of the ids): most expansions
					// fail the target index there, before the URI is even parsed.
					if (!mayTarget(resourceResource(uri))) return false;
					const read = resourceReadIds(uri);
					return everyId(read, mayTarget) && everyIdWith(read, could, undefined);
				};
				let shown = false;
				if (expansionBudget > 0) {
					for (const uri of witnessesFor(id, witnesses, witnessWork)) {
						if (expansionBudget <= 0 || characters.left <= 0) break;
						characters.left -= uri.length;
						if (readable(uri)) {
							shown = true;
							break;
						}
					}
				}
				const limit = Math.min(MAX_EXPANSIONS, Math.max(1, expansionBudget));
				if (shown || searchExpansions(id, pool, limit, characters, readable)) kept.push(item);
				continue;
			}
			if (ids.length === 0 || !everyId(ids, mayTarget)) continue;
			const tool = isTool ? this.#s.toolAnnotations(id) : undefined;
			if (everyIdWith(ids, could, tool)) kept.push(item);
		}
		this.#emit({
			time: String(time.iso),
			subjectId: this.#subjectId(subject),
			action: method,
			resource: null,
			effect: "allow",
			policy: null,
			errors: [],
			outcome: "filtered",
			durationMs: performance.now() - started,
			shown: kept.length,
			hidden: items.length - kept.length,
			...(extra?.sessionId !== undefined ? { sessionId: extra.sessionId } : {}),
		});
		return { ...(result as object), [field.key]: kept };
	}

	/**
	 * Every id must be allowed; the first refusal is the decision. Sets `#decidedId` to
	 * the id the decision is about (the refused one, else the first), for the audit record.
	 */
	#decideAll(
		subject: unknown,
		ids: readonly string[],
		action: string,
		env: unknown,
	): Decision {
		let decision: Decision | undefined;
		this.#decidedId = ids[0] ?? null;
		for (const id of ids) {
			decision = this.#s.engine.evaluate(subject, id, action, env);
			if (!decision.allowed) {
				this.#decidedId = id;
				return decision;
			}
		}
		return (
			decision ?? {
				allowed: false,
				effect: "notapplicable",
				policy: null,
				errors: [],
			}
		);
	}

	/** Whether some arguments could make the request allowed, for every id. */
	#couldAllowAll(
		subject: unknown,
		ids: readonly string[],
		action: string,
		env: Record<string, unknown>,
		mayTarget: (id: string) => boolean = this.#visibility.mayTarget(
			subject,
			action,
		),
		could: (id: string, action: string, env: Record<string, unknown>) => boolean = this.#visibility.forSubject(
			subject,
		),
	): boolean {
		if (ids.length === 0) return false;
		for (const id of ids) if (!mayTarget(id)) return false;
		for (const id of ids) if (!could(id, action, env)) return false;
		return true;
	}

	#missingScopes(
		subject: unknown,
		ids: readonly string[],
		action: string,
		env: unknown,
	): string | undefined {
		const offered = this.#s.scopes;
		if (offered === undefined || offered.length === 0) return undefined;
		if (!isPlainObject(subject) || ownValue(subject, "anonymous") === true)
			return undefined;
		const held = ownValue(subject, "scopes");
		// Scopes the subject holds but cannot be read (a malformed or oversized claim): no
		// challenge could name what is missing — it might ask for one already held.
		if (held !== undefined && !Array.isArray(held)) return undefined;
		const have = Array.isArray(held)
			? held.filter((s): s is string => typeof s === "string")
			: [];
		const extra = offered.filter((s) => !have.includes(s));
		if (extra.length === 0) return undefined;
		const withScopes = (added: readonly string[]) => ({
			...subject,
			scopes: [...have, ...added],
		});
		const allows = (added: readonly string[]) => this.#decideAll(withScopes(added), ids, action, env).allowed;
		// A start that allows: all the offered scopes, else — when one of them brings a deny
		// of its own (`"guest" in subject.scopes`) — each one alone, or all but one. A few
		// decisions per scope, never a search over every subset.
		const starts: (readonly string[])[] = [extra];
		if (extra.length > 1) {
			for (const scope of extra) starts.push([scope]);
			if (extra.length > 2) for (const scope of extra) starts.push(extra.filter((s) => s !== scope));
		}
		const start = starts.find(allows);
		if (start === undefined) return undefined;
		// Ask for no more than needed: drop each scope the allow does not depend on.
		let needed = start;
		for (const scope of start) {
			const fewer = needed.filter((s) => s !== scope);
			if (allows(fewer)) needed = fewer;
		}
		return needed.join(" ");
	}

	#requestInfo(method: string, extra: RequestExtra | undefined): RequestInfo {
		const sessionId = extra?.sessionId;
		const clientInfo = this.#s.clientInfo();
		// Consecutive requests of a session mostly share it: reuse the last (frozen) one.
		const last = this.#lastRequestInfo;
		if (
			last !== undefined &&
			last.method === method &&
			last.sessionId === (typeof sessionId === "string" ? sessionId : undefined) &&
			last.clientInfo === clientInfo
		)
			return last;
		const info: { -readonly [K in keyof RequestInfo]: RequestInfo[K] } = { method };
		if (typeof sessionId === "string") info.sessionId = sessionId;
		if (clientInfo !== undefined) info.clientInfo = clientInfo;
		this.#lastRequestInfo = Object.freeze(info);
		return this.#lastRequestInfo;
	}

	/** `resource`: the id the decision is about (of several, the refused one). */
	#record(
		time: TimeReading,
		started: number,
		subject: unknown,
		decision: Decision,
		resource: string | null,
		outcome: DecisionOutcome,
		target: Target,
		extra: RequestExtra | undefined,
	): void {
		if (this.#s.onDecision === undefined) return;
		let args: unknown;
		try {
			args = auditArgumentsOf(this.#s.auditArguments, target.arguments);
		} catch (error) {
			// A redaction function that fails is an audit failure: refuse, as for the hook —
			// recorded still (without the arguments), so no refusal goes unrecorded.
			this.#auditFailed(error);
			try {
				this.#emit({
					time: String(time.iso),
					subjectId: this.#subjectId(subject),
					action: target.action,
					resource,
					effect: "deny",
					policy: null,
					errors: [{ policy: null, message: "audit failed: the arguments could not be prepared" }],
					outcome: "denied",
					durationMs: performance.now() - started,
					...(extra?.sessionId !== undefined ? { sessionId: extra.sessionId } : {}),
				});
			} catch {
				// the hook failed too: already reported, and the request is refused anyway
			}
			throw deliberate(this.#s.errors.make(INTERNAL_ERROR, "Audit failed; request refused"));
		}
		// Built field by field: conditional spreads cost a temporary object each.
		const record: Mutable<DecisionRecord> = {
			time: String(time.iso),
			subjectId: this.#subjectId(subject),
			action: target.action,
			resource,
			effect: decision.effect,
			policy: decision.policy,
			errors: decision.errors,
			outcome,
			durationMs: performance.now() - started,
		};
		if (args !== undefined) record.arguments = args;
		if (extra?.sessionId !== undefined) record.sessionId = extra.sessionId;
		this.#emit(record);
	}

	/** An audit hook that fails refuses the request: no decision goes unrecorded. */
	#emit(record: DecisionRecord): void {
		const hook = this.#s.onDecision;
		if (hook === undefined) return;
		let pending: unknown;
		try {
			pending = hook(record);
		} catch (error) {
			this.#auditFailed(error);
			throw deliberate(this.#s.errors.make(INTERNAL_ERROR, "Audit failed; request refused"));
		}
		// Any thenable, not only this realm's Promise (another realm's, a library's): its
		// rejection must reach onAuditError, never become an unhandled one that ends the process.
		if (typeof pending === "object" && pending !== null) {
			try {
				const then = (pending as { then?: unknown }).then;
				if (typeof then === "function") then.call(pending, undefined, (error: unknown) => this.#auditFailed(error));
			} catch (error) {
				// A `then` that throws: nothing to wait for; reported, the request goes on (it was recorded).
				this.#auditFailed(error);
			}
		}
	}

	/**
	 * Tells `onAuditError`. If that throws too, its error goes nowhere: it must neither
	 * reach the client (server-internal text) nor become an unhandled rejection that
	 * ends the process.
	 */
	#auditFailed(error: unknown): void {
		let reported: unknown;
		try {
			reported = this.#s.onAuditError(error);
		} catch {
			// Nothing more to tell: the request is refused (sync hook) or already answered.
			return;
		}
		// An async reporter that rejects: the same, never an unhandled rejection.
		if (typeof reported === "object" && reported !== null && typeof (reported as { then?: unknown }).then === "function") {
			try {
				(reported as PromiseLike<unknown>).then(undefined, () => {});
			} catch {
				// A thenable whose `then` throws: nothing to wait for.
			}
		}
	}
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** For each list method: the result field, the item's id field, and the call it stands for. */
const LIST_FIELD: Partial<
	Record<
		string,
		{
			key: string;
			idKey: string;
			action: string;
			/** The ids the item's call would be decided on. */
			ids: (id: string) => readonly string[];
			/**
			 * Items are resource templates: shown when their literal URI template could be
			 * read, or some URI they expand to could (template-expansions.ts).
			 */
			template?: true;
		}
	>
> = {
	"tools/list": {
		key: "tools",
		idKey: "name",
		action: "tools/call",
		ids: toolIds,
	},
	"prompts/list": {
		key: "prompts",
		idKey: "name",
		action: "prompts/get",
		ids: promptIds,
	},
	"resources/list": {
		key: "resources",
		idKey: "uri",
		action: "resources/read",
		ids: resourceReadIds,
	},
	"resources/templates/list": {
		key: "resourceTemplates",
		idKey: "uriTemplate",
		action: "resources/read",
		template: true,
		ids: (template) => [resourceResource(template)],
	},
};

function targetOf(
	method: ProtectedMethod,
	params: unknown,
	s: AuthorizerSettings,
): Target {
	switch (method) {
		case "tools/call": {
			const name = checkedName(nameField(params), s);
			return target(method, method, toolIds(name), "tool", name, {
				arguments: argumentsField(params),
				tool: s.toolAnnotations(name),
				task: messageField(params, "task") !== undefined,
			});
		}
		case "prompts/get": {
			const name = checkedName(nameField(params), s);
			return target(method, method, promptIds(name), "prompt", name, {
				arguments: argumentsField(params),
			});
		}
		case "resources/read": {
			const uri = nameParam(params, "uri", s);
			return target(method, method, resourceReadIds(uri), "resource", uri, {});
		}
		case "resources/subscribe":
		case "resources/unsubscribe": {
			// Decided as their own action (fail closed: a policy must allow it), on the ids a
			// read would be; a resource the caller cannot read answers as an unknown one.
			const uri = nameParam(params, "uri", s);
			return target(method, "resources/read", resourceReadIds(uri), "resource", uri, {});
		}
		case "completion/complete": {
			const ref = ownValue(params, "ref");
			const args = completionArguments(params);
			const type = ownValue(ref, "type");
			if (type === "ref/prompt") {
				const name = nameParam(ref, "name", s);
				return target(method, "prompts/get", promptIds(name), "prompt", name, { arguments: args });
			}
			if (type === "ref/resource") {
				const uri = nameParam(ref, "uri", s);
				return target(method, "resources/read", [resourceResource(uri)], "resourceTemplate", uri, {
					arguments: args,
				});
			}
			throw invalidParams(s.errors);
		}
		default:
			throw invalidParams(s.errors);
	}
}

/** A Target whose visibility is decided on the same ids as the request, under `visibleAction`. */
function target(
	action: string,
	visibleAction: string,
	ids: readonly string[],
	unknownKind: keyof UnknownAnswers,
	name: string,
	extra: { readonly arguments?: unknown; readonly tool?: unknown; readonly task?: boolean },
): Target {
	return {
		task: extra.task === true,
		action,
		ids,
		visibleAction,
		visibleIds: ids,
		arguments: extra.arguments,
		tool: extra.tool,
		unknownKind,
		name,
		isTool: unknownKind === "tool",
	};
}

/**
 * `env.arguments` of a completion: the other arguments the client says it has filled in
 * (`context.arguments`) and the argument being completed with its partial value — so a
 * condition on that argument (`env.arguments.path matches "/home/${subject.id}/**"`)
 * also bounds what can be completed. A null-prototype copy: an argument named
 * `__proto__` stays an ordinary key.
 */
function completionArguments(params: unknown): Record<string, unknown> | undefined {
	const context = ownValue(ownValue(params, "context"), "arguments");
	const argument = ownValue(params, "argument");
	const name = ownValue(argument, "name");
	const value = ownValue(argument, "value");
	if (typeof name !== "string") return isPlainObject(context) ? copyEntries(context) : undefined;
	const args = isPlainObject(context) ? copyEntries(context) : Object.create(null);
	Object.defineProperty(args, name, { value, enumerable: true, writable: true, configurable: true });
	return args;
}

function copyEntries(object: Record<string, unknown>): Record<string, unknown> {
	const copy: Record<string, unknown> = Object.create(null);
	for (const key of Object.keys(object)) {
		const value = ownValue(object, key);
		if (value !== undefined) Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
	}
	return copy;
}

function nameParam(params: unknown, key: string, s: AuthorizerSettings): string {
	return checkedName(messageField(params, key), s);
}

function checkedName(value: unknown, s: AuthorizerSettings): string {
	if (typeof value !== "string" || value.length > MAX_NAME)
		throw invalidParams(s.errors);
	return value;
}

function invalidParams(errors: ProtocolErrors): Error {
	return deliberate(errors.make(INVALID_PARAMS, "Invalid request parameters"));
}

/** PROCEED: pass the request on to the server's handler; otherwise the answer in its place. */
const PROCEED: unique symbol = Symbol("proceed");
type Answer = typeof PROCEED | { readonly value: unknown };

/** Errors thrown on purpose, as the client's answer (see `#contained`). */
const DELIBERATE = new WeakSet<object>();

function deliberate<T>(error: T): T {
	if (typeof error === "object" && error !== null) DELIBERATE.add(error);
	return error;
}



function subjectIdOf(subject: unknown): string | null {
	const id = ownValue(subject, "id");
	return typeof id === "string" ? id : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== "object" || value === null) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/**
 * A member of a JSON-RPC message (or of the context object the SDK builds around one):
 * an own property — nothing is read from a prototype, so `__proto__` or `constructor`
 * as a tool name finds nothing — read directly. Messages are JSON parsed by the transport
 * and validated into fresh objects by the SDK, so no accessor can come from the wire;
 * this skips the descriptor object `ownValue` allocates on every read.
 */
export function messageField(object: unknown, key: string): unknown {
	return typeof object === "object" && object !== null && Object.hasOwn(object, key)
		? (object as Record<string, unknown>)[key]
		: undefined;
}

/*
 * The fields every call reads, each by a function of its own: a property access that
 * only ever sees one key stays a fast, monomorphic lookup, where `messageField`'s one
 * site, shared by every key, goes through V8's megamorphic cache. Same rule: own keys only.
 */

/** `request.method`. */
export function methodField(request: unknown): unknown {
	return typeof request === "object" && request !== null && Object.hasOwn(request, "method")
		? (request as { method: unknown }).method
		: undefined;
}

function paramsField(request: unknown): unknown {
	return typeof request === "object" && request !== null && Object.hasOwn(request, "params")
		? (request as { params: unknown }).params
		: undefined;
}

function nameField(params: unknown): unknown {
	return typeof params === "object" && params !== null && Object.hasOwn(params, "name")
		? (params as { name: unknown }).name
		: undefined;
}

function argumentsField(params: unknown): unknown {
	return typeof params === "object" && params !== null && Object.hasOwn(params, "arguments")
		? (params as { arguments: unknown }).arguments
		: undefined;
}

/** `ids.every(test)`, without a closure. */
function everyId(ids: readonly string[], test: (id: string) => boolean): boolean {
	for (let i = 0; i < ids.length; i++) if (!test(ids[i] as string)) return false;
	return true;
}

/** `ids.every((id) => test(id, tool))`, without a closure per call. */
function everyIdWith(ids: readonly string[], test: (id: string, tool: unknown) => boolean, tool: unknown): boolean {
	for (let i = 0; i < ids.length; i++) if (!test(ids[i] as string, tool)) return false;
	return true;
}

/** An own data property of an object; `undefined` for anything else. */
export function ownValue(object: unknown, key: string): unknown {
	if (typeof object !== "object" || object === null) return undefined;
	const descriptor = Object.getOwnPropertyDescriptor(object, key);
	return descriptor !== undefined && "value" in descriptor
		? descriptor.value
		: undefined;
}
