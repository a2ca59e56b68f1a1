/**
 * A sound pre-filter for list filtering and hidden-item checks: which requests no
 * `allow` policy could even target. An allow applies only when its subject, action and
 * resource targets are all true, so a request none of whose allows' targets can match
 * is never allowed, for any arguments — `couldAllow` is false without asking the engine.
 *
 * Built once per engine from the policy set: globs compiled up front, role inclusion
 * resolved. It only ever says "maybe" when unsure (interpolated patterns, malformed
 * subject fields), so it never hides what the engine could allow; the engine decides
 * everything it lets through.
 *
 * Resource ids come from the client (`resources/read`), so globs run on the engine's
 * own matchers (src/compile/glob.ts): string comparison for literal patterns, exact fast
 * paths for the common shapes, and otherwise minimatch without backtracking (its own
 * RegExps backtrack exponentially on `*a*a*a*b`). A pattern minimatch rejects is "maybe".
 * Verdicts for the same set of candidate allows are memoized per resource id (bounded),
 * so a repeated 1,000-item list costs lookups.
 */
import { compileGlob } from "../compile/glob.js";
import type { Policy, PatternTarget, SubjectTarget } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";

type Matcher = (text: string) => boolean;

interface AllowTargets {
	readonly subject: (subject: unknown) => boolean;
	readonly action: Matcher;
	readonly resource: Matcher;
}

const ALWAYS: Matcher = () => true;

/** Verdicts remembered in all (keys of at most MAX_ID characters): a few MB at worst. */
const MAX_VERDICTS = 20_000;
const MAX_ID = 512;

export class TargetIndex {
	readonly #allows: readonly AllowTargets[];
	/** Candidate allow indexes → resource id → verdict; MAX_VERDICTS verdicts in all. */
	readonly #verdicts = new Map<string, Map<string, boolean>>();
	#verdictCount = 0;

	constructor(set: PolicySet) {
		const includedBy = roleMatchers(set);
		this.#allows = set.policies
			.filter((p) => p.effect === "allow")
			.map((p) => allowTargets(p, includedBy));
	}

	/**
	 * The resource test for one subject and action: false only for resources no allow
	 * policy could target. Compute once per list, then call per item.
	 */
	forRequest(subject: unknown, action: string): Matcher {
		const indexes: number[] = [];
		this.#allows.forEach((a, i) => {
			if (a.subject(subject) && a.action(action)) indexes.push(i);
		});
		const candidates = indexes.map(
			(i) => (this.#allows[i] as AllowTargets).resource,
		);
		if (candidates.length === 0) return () => false;
		if (candidates.includes(ALWAYS)) return ALWAYS;
		// Resource matchers do not depend on the subject: the verdict is a function of
		// the candidates and the id. Keyed by the id itself (an interned string whose hash
		// is cached), not by a concatenation that would be hashed anew for every item.
		const candidatesKey = indexes.join(",");
		let verdicts = this.#verdicts.get(candidatesKey);
		return (resource) => {
			const known = verdicts?.get(resource);
			if (known !== undefined) return known;
			const verdict = candidates.some((matches) => matches(resource));
			if (resource.length <= MAX_ID) {
				if (this.#verdictCount >= MAX_VERDICTS) {
					this.#verdicts.clear();
					this.#verdictCount = 0;
					verdicts = undefined;
				}
				if (verdicts === undefined) {
					verdicts = new Map();
					this.#verdicts.set(candidatesKey, verdicts);
				}
				verdicts.set(resource, verdict);
				this.#verdictCount++;
			}
			return verdict;
		};
	}
}

function allowTargets(
	policy: Policy,
	includedBy: ReadonlyMap<string, ReadonlySet<string>>,
): AllowTargets {
	return {
		subject: subjectMatcher(policy.subject, includedBy),
		action: patternMatcher(policy.action),
		resource: patternMatcher(policy.resource),
	};
}

function patternMatcher(target: PatternTarget): Matcher {
	if (target.kind === "AnyPattern") return ALWAYS;
	const matchers: Matcher[] = [];
	for (const pattern of target.patterns) {
		// An interpolated pattern depends on the subject: say "maybe".
		if (pattern.value.includes("${")) return ALWAYS;
		let glob: Matcher;
		try {
			glob = compileGlob(pattern.value);
		} catch {
			// A glob minimatch rejects makes the engine's test err: say "maybe".
			return ALWAYS;
		}
		const compiled = glob;
		matchers.push((text) => {
			try {
				return compiled(text);
			} catch {
				return true; // "maybe": the engine decides
			}
		});
	}
	return (text) => matchers.some((matches) => matches(text));
}

function subjectMatcher(
	target: SubjectTarget,
	includedBy: ReadonlyMap<string, ReadonlySet<string>>,
): (subject: unknown) => boolean {
	if (target.kind === "AnySubject") return () => true;
	const users = new Set<string>();
	const roles = new Set<string>();
	const groups = new Set<string>();
	for (const alternative of target.alternatives) {
		for (const name of alternative.names) {
			if (alternative.attribute === "user") users.add(name.value);
			else if (alternative.attribute === "group") groups.add(name.value);
			else
				for (const role of includedBy.get(name.value) ?? [name.value])
					roles.add(role);
		}
	}
	return (subject) => {
		try {
			const id = own(subject, "id");
			if (
				users.size > 0 &&
				(typeof id === "string" ? users.has(id) : id !== undefined)
			)
				return true;
			return (
				holdsOne(own(subject, "roles"), roles) ||
				holdsOne(own(subject, "groups"), groups)
			);
		} catch {
			return true; // a subject that throws when read (a Proxy): "maybe"
		}
	};
}

/** Whether a subject list holds one of `names`; a malformed list is "maybe". */
function holdsOne(list: unknown, names: ReadonlySet<string>): boolean {
	if (names.size === 0 || list === undefined) return false;
	if (!Array.isArray(list)) return true;
	for (let i = 0; i < list.length; i++) {
		const item = own(list, String(i));
		if (typeof item !== "string" || names.has(item)) return true;
	}
	return false;
}

/** For each role, the roles a subject may hold to match it: itself and every role that includes it, transitively. */
function roleMatchers(set: PolicySet): Map<string, Set<string>> {
	const matchers = new Map<string, Set<string>>();
	for (const holder of set.roles.keys()) {
		const seen = new Set<string>();
		const stack = [holder];
		while (stack.length > 0) {
			const role = stack.pop() as string;
			if (seen.has(role)) continue;
			seen.add(role);
			for (const included of set.roles.get(role)?.includes ?? [])
				stack.push(included.value);
		}
		for (const role of seen) {
			const holders = matchers.get(role) ?? new Set([role]);
			holders.add(holder);
			matchers.set(role, holders);
		}
	}
	return matchers;
}

function own(object: unknown, key: string): unknown {
	if (typeof object !== "object" || object === null) return undefined;
	const descriptor = Object.getOwnPropertyDescriptor(object, key);
	return descriptor !== undefined && "value" in descriptor
		? descriptor.value
		: undefined;
}
