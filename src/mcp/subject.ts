/**
 * Who is calling: a policy subject built from the transport's identity (the verified
 * `authInfo` of Streamable HTTP) or, for stdio servers, from the process environment.
 */
import { LRUCache } from "lru-cache";
import type { AuthInfo } from "./auth-info.js";
import { admitsObject } from "../compile/object-admission.js";
import { checkOptions, isString, isStringArray } from "./check-options.js";

/** A policy subject as `protect` builds it. */
export interface McpSubject {
	readonly id: string;
	readonly roles: readonly string[];
	readonly groups: readonly string[];
	readonly scopes?: readonly string[];
	readonly anonymous?: true;
	readonly [attribute: string]: unknown;
}

/** The subject of a request that carries no identity. Policies can allow or deny it. */
export const ANONYMOUS_SUBJECT: McpSubject = Object.freeze({
	id: "anonymous",
	roles: Object.freeze([]) as readonly string[],
	groups: Object.freeze([]) as readonly string[],
	anonymous: true,
});

/** Maps a request's identity to a subject; `undefined` means anonymous. */
export type SubjectResolver = (authInfo: AuthInfo | undefined) => unknown;

export interface AuthInfoClaims {
	/** Claim in `authInfo.extra` holding the subject id. Default `sub`; falls back to `clientId`. */
	readonly idClaim?: string;
	/** Claim in `authInfo.extra` holding the roles. Default `roles`. */
	readonly rolesClaim?: string;
	/** Claim in `authInfo.extra` holding the groups. Default `groups`. */
	readonly groupsClaim?: string;
	/** Further claims copied to the subject under the same name (JSON values only). */
	readonly attributes?: readonly string[];
}

const NO_SUBJECT = Symbol("no subject");

/** The members the resolver builds itself; `attributes` cannot name them. */
const BUILT_MEMBERS: ReadonlySet<string> = new Set(["id", "roles", "groups", "scopes"]);

/** Checked when the resolver is made: a typo must not silently mean "no roles". */
const CLAIM_OPTIONS = {
	idClaim: [isString, "a claim name (string)"],
	rolesClaim: [isString, "a claim name (string)"],
	groupsClaim: [isString, "a claim name (string)"],
	attributes: [
		(value: unknown) => isStringArray(value) && (value as string[]).every(copiableAttribute),
		"an array of claim names, none of them id, roles, groups, scopes or an Object.prototype key such as constructor or __proto__",
	],
} as const;

/** A claim name `attributes` can copy: not a member the resolver builds, nor one every object already answers. */
function copiableAttribute(name: string): boolean {
	return !BUILT_MEMBERS.has(name) && !(name in Object.prototype);
}

const ENV_NAME_OPTIONS = {
	subject: [isString, "an environment variable name"],
	id: [isString, "an environment variable name"],
	roles: [isString, "an environment variable name"],
	groups: [isString, "an environment variable name"],
} as const;

/** Upper bounds on identity data, so one odd token cannot make every decision slow. */
const MAX_LIST = 256;
const MAX_STRING = 1024;

/**
 * The default subject resolver: `id` from `authInfo.extra[idClaim]` (else `clientId`),
 * `roles` and `groups` from their claims (an array of strings, or one space- or
 * comma-separated string), `scopes` from `authInfo.scopes`. The raw token is never copied.
 * A missing claim gives `[]`; a claim of the wrong type is passed on as it is, so the
 * engine reports it as malformed and an erring `deny` still applies (fail closed).
 * No id and no `clientId` is anonymous, unless roles or groups are claimed: then every
 * request is refused (a broken identity whose roles anonymity would drop).
 */
export function subjectFromAuthInfo(
	given: AuthInfoClaims = {},
): SubjectResolver {
	const claims: AuthInfoClaims = checkOptions("subjectFromAuthInfo()", given, CLAIM_OPTIONS);
	const idClaim = claims.idClaim ?? "sub";
	const rolesClaim = claims.rolesClaim ?? "roles";
	const groupsClaim = claims.groupsClaim ?? "groups";
	const attributes = [...new Set(claims.attributes ?? [])];
	// One subject per AuthInfo object: transports hand the same AuthInfo to every request
	// of a connection (stdio, in-memory), so this costs nothing in freshness, and a stable,
	// frozen subject is the engine's fastest path. Streamable HTTP makes a new AuthInfo per
	// request: those are remembered only while AuthInfo objects do come back
	// (`admitsObject`; an entry per request would cost ≈ 1 µs in the collector).
	// `NO_SUBJECT` stands for a derived `undefined` (anonymous): one lookup per request.
	const derived = new WeakMap<object, unknown>();
	const sameClaims = new LRUCache<string, object>({ max: SAME_CLAIMS_MAX });
	let objects = 0;
	let returns = 0;
	return (authInfo) => {
		if (!isObject(authInfo)) return undefined;
		const known = derived.get(authInfo);
		if (known !== undefined) {
			returns++;
			return known === NO_SUBJECT ? undefined : known;
		}
		const subject = derive(authInfo);
		if (admitsObject(++objects, returns)) derived.set(authInfo, subject === undefined ? NO_SUBJECT : subject);
		return subject;
	};

	function derive(authInfo: object): unknown {
		// Each claim is read once (a descriptor per read).
		const extraValue = ownValue(authInfo, "extra");
		const extra = isObject(extraValue) ? extraValue : {};
		// Only an absent id claim falls back to the client's id: a present one that is not
		// a string of at most MAX_STRING characters is a broken identity, and every request
		// is refused (`null`) rather than decided as the OAuth client.
		const claimed = ownValue(extra, idClaim);
		if (claimed !== undefined && boundedId(claimed) === undefined) return null;
		const id = boundedId(claimed) ?? boundedId(ownValue(authInfo, "clientId"));
		const rolesValue = ownValue(extra, rolesClaim);
		const groupsValue = ownValue(extra, groupsClaim);
		// No identity: anonymous, unless roles or groups were claimed — served as anonymous,
		// they would be dropped (a deny on `role suspended` with them): a broken identity.
		if (id === undefined) return claimsSomething(rolesValue) || claimsSomething(groupsValue) ? null : undefined;
		const scopesValue = ownValue(authInfo, "scopes");
		const roles = listClaim(rolesValue);
		const groups = listClaim(groupsValue);
		const scopes = listClaim(scopesValue);
		const extraValues: unknown[] = [];
		for (const name of attributes) extraValues.push(ownValue(extra, name));
		// The same claims give the same (frozen) subject object, so the engine recognizes it
		// by identity; a caller-owned value (a malformed claim, an object attribute) is never shared.
		const key = contentKey(id, roles, rolesValue, groups, groupsValue, scopes, scopesValue, extraValues);
		const known = key === null ? undefined : sameClaims.get(key);
		if (known !== undefined) return known;
		const subject: Record<string, unknown> = {
			id,
			roles: builtList(roles, rolesValue),
			groups: builtList(groups, groupsValue),
			scopes: builtList(scopes, scopesValue),
		};
		for (let i = 0; i < attributes.length; i++) {
			const value = extraValues[i];
			if (value !== undefined) subject[attributes[i] as string] = value;
		}
		Object.freeze(subject);
		if (key !== null) sameClaims.set(key, subject);
		return subject;
	}
}

/** Subjects remembered by the content of their claims, per resolver (a new AuthInfo per HTTP request). */
const SAME_CLAIMS_MAX = 1024;
/** Longest content key kept (UTF-16 code units): at most 1,024 × 4 Ki units of keys per resolver. */
const SAME_CLAIMS_MAX_KEY = 4096;

/**
 * The exact content of a derived subject as a string, or null when it holds a value the
 * resolver did not build (a malformed claim passed on, an object or odd-number attribute):
 * those subjects are never shared between requests.
 */
function contentKey(
	id: string,
	roles: unknown,
	rolesValue: unknown,
	groups: unknown,
	groupsValue: unknown,
	scopes: unknown,
	scopesValue: unknown,
	extraValues: readonly unknown[],
): string | null {
	if (roles === rolesValue || groups === groupsValue || scopes === scopesValue) return null;
	if (!Array.isArray(roles) || !Array.isArray(groups) || !Array.isArray(scopes)) return null;
	// Every string is length-prefixed and every list counted, so no two contents share a key.
	let key = `${id.length}:${id}`;
	for (const list of [roles, groups, scopes] as const) {
		key += `|${list.length}`;
		for (const item of list as string[]) key += `|${item.length}:${item}`;
	}
	for (const value of extraValues) {
		if (value === undefined) key += "|-";
		else if (typeof value === "string") key += `|s${value.length}:${value}`;
		else if (!sharable(value)) return null;
		else key += `|${String(value)}`; // true, false, null or a finite number other than -0
	}
	// A subject of many long claims is rare: not worth keeping a long key for.
	return key.length <= SAME_CLAIMS_MAX_KEY ? key : null;
}

/** A primitive whose text tells it apart from every other value (not NaN, ±Infinity or -0). */
function sharable(value: unknown): boolean {
	if (typeof value === "boolean" || value === null) return true;
	return typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0);
}

/** A list claim that names at least one entry (or is malformed): absent, `[]` and `""` name none. */
function claimsSomething(value: unknown): boolean {
	return value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0);
}

/** Freezes a list this module built; a malformed claim passed on as it is stays the caller's, unfrozen. */
function builtList(list: unknown, claim: unknown): unknown {
	if (list !== claim && Array.isArray(list)) Object.freeze(list);
	return list;
}

export interface EnvironmentNames {
	/** Variable holding the whole subject as JSON. Default `MCPOLICY_SUBJECT`. */
	readonly subject?: string;
	/** Variable holding the id. Default `MCPOLICY_SUBJECT_ID`. */
	readonly id?: string;
	/** Variable holding comma-separated roles. Default `MCPOLICY_SUBJECT_ROLES`. */
	readonly roles?: string;
	/** Variable holding comma-separated groups. Default `MCPOLICY_SUBJECT_GROUPS`. */
	readonly groups?: string;
}

/**
 * For stdio servers, whose one client is whoever started the process: the subject is read
 * once from the environment, either as JSON (`MCPOLICY_SUBJECT='{"id":"alice","roles":["viewer"]}'`)
 * or as `MCPOLICY_SUBJECT_ID`, `MCPOLICY_SUBJECT_ROLES`, `MCPOLICY_SUBJECT_GROUPS`.
 * Nothing set means anonymous. A JSON subject that does not parse to an object makes
 * every request deny (fail closed) rather than fall back to anonymous. Both forms at
 * once, or roles or groups without an id, throw a TypeError (a configuration error, at
 * start-up).
 */
export function subjectFromEnv(
	environment: Readonly<Record<string, string | undefined>> = process.env,
	givenNames: EnvironmentNames = {},
): SubjectResolver {
	if (typeof environment !== "object" || environment === null)
		throw new TypeError("subjectFromEnv(): the environment must be an object such as process.env");
	const names: EnvironmentNames = checkOptions("subjectFromEnv()", givenNames, ENV_NAME_OPTIONS);
	const jsonName = names.subject ?? "MCPOLICY_SUBJECT";
	const json = environment[jsonName];
	if (json !== undefined && json !== "") {
		// Two forms at once: which identity was meant cannot be told, and a stale variable
		// must not quietly decide. A configuration error, said at start-up.
		const others = [names.id ?? "MCPOLICY_SUBJECT_ID", names.roles ?? "MCPOLICY_SUBJECT_ROLES", names.groups ?? "MCPOLICY_SUBJECT_GROUPS"].filter(
			(name) => environment[name] !== undefined && environment[name] !== "",
		);
		if (others.length > 0)
			throw new TypeError(`subjectFromEnv(): ${jsonName} is set together with ${others.join(", ")}: set one form only`);
		let parsed: unknown;
		try {
			parsed = JSON.parse(json);
		} catch {
			parsed = null;
		}
		// Frozen throughout, as a token's subject is: it serves every request of the
		// process, so a callback that wrote to it (a role pushed) would change them all.
		const subject = isObject(parsed) && !Array.isArray(parsed) ? freezeJson(parsed) : null;
		return () => subject;
	}
	const idName = names.id ?? "MCPOLICY_SUBJECT_ID";
	const given = environment[idName];
	if (given === undefined || given === "") {
		// Roles or groups without an id: someone meant an identity. Served as anonymous,
		// the roles would be dropped (and a deny on `role suspended` with them).
		const orphans = [names.roles ?? "MCPOLICY_SUBJECT_ROLES", names.groups ?? "MCPOLICY_SUBJECT_GROUPS"].filter(
			(name) => environment[name] !== undefined && environment[name] !== "",
		);
		if (orphans.length > 0)
			throw new TypeError(`subjectFromEnv(): ${orphans.join(", ")} is set without ${idName}: set the id too`);
		return () => undefined;
	}
	// Set but over the bound: a broken identity, every request refused (as for a token's claim).
	const id = boundedId(given);
	if (id === undefined) return () => null;
	const roles = listClaim(environment[names.roles ?? "MCPOLICY_SUBJECT_ROLES"]);
	const groups = listClaim(environment[names.groups ?? "MCPOLICY_SUBJECT_GROUPS"]);
	const subject = freezeJson({ id, roles, groups });
	return () => subject;
}

/**
 * Freezes a value parsed from JSON, every object and array in it (iteratively: a
 * variable of deeply nested JSON must not overflow the stack). JSON has no cycles.
 */
function freezeJson<T extends object>(value: T): T {
	const pending: object[] = [value];
	for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
		if (Object.isFrozen(next)) continue;
		Object.freeze(next);
		for (const member of Object.values(next)) if (typeof member === "object" && member !== null) pending.push(member);
	}
	return value;
}

/**
 * A list claim: absent → `[]`, well-formed → the strings, malformed → as it is (the
 * engine reports it, and an erring `deny` still applies), over MAX_LIST entries → a
 * malformed marker: never cut short (the cut could drop a `suspended` role) and never
 * passed on whole (a 200,000-role token would slow every decision).
 */
function listClaim(value: unknown): unknown {
	if (value === undefined) return [];
	const list = stringList(value);
	if (list !== undefined) return list;
	return tooLong(value) ? TOO_MANY_ENTRIES : value;
}

/** What a list claim over the bounds becomes: not an array, so role and group targets err. */
const TOO_MANY_ENTRIES = Object.freeze({ malformedClaim: `more than ${MAX_LIST} entries or too long` });

/**
 * Whether a claim stringList refused is over the bounds (rather than malformed): a string
 * (refused only for its length), an array of more than MAX_LIST entries, or one holding a
 * string longer than MAX_STRING — passed on as it is, that array would be a well-formed
 * list to the engine, and `["admin", "x…"]` would match `role admin` as its string form
 * does not.
 */
function tooLong(value: unknown): boolean {
	if (typeof value === "string") return true;
	try {
		if (!Array.isArray(value)) return false;
		if (value.length > MAX_LIST) return true;
		for (let i = 0; i < value.length; i++) {
			const item = ownValue(value, String(i));
			if (typeof item === "string" && item.length > MAX_STRING) return true;
		}
		return false;
	} catch {
		return false;
	}
}

function isObject(value: unknown): value is object {
	return typeof value === "object" && value !== null;
}

/** An own data property, never a getter or an inherited value. */
function ownValue(object: object, key: string): unknown {
	const descriptor = Object.getOwnPropertyDescriptor(object, key);
	return descriptor !== undefined && "value" in descriptor
		? descriptor.value
		: undefined;
}

/** An id: a non-empty string of at most MAX_STRING characters. */
function boundedId(value: unknown): string | undefined {
	return value === "" ? undefined : boundedString(value);
}

function boundedString(value: unknown): string | undefined {
	return typeof value === "string" && value.length <= MAX_STRING
		? value
		: undefined;
}

/** An array of strings, or a string split on spaces and commas; anything else is undefined. */
function stringList(value: unknown): string[] | undefined {
	if (typeof value === "string") {
		if (value.length > MAX_STRING * 8) return undefined;
		const items = value.split(/[\s,]+/).filter((item) => item !== "");
		// Never cut a list short: a dropped `suspended` would dodge its deny.
		return items.length > MAX_LIST || items.some((item) => item.length > MAX_STRING) ? undefined : items;
	}
	if (!Array.isArray(value) || value.length > MAX_LIST) return undefined;
	const out: string[] = [];
	for (let i = 0; i < value.length; i++) {
		const item = ownValue(value, String(i));
		if (typeof item !== "string" || item.length > MAX_STRING) return undefined;
		out.push(item);
	}
	return out;
}
