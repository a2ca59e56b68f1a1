/**
 * A sound pre-filter for list filtering and hidden-item checks: which requests no
 * `allow` policy could even target. An allow applies only when its subject, action and
 * resource targets are all true, so a request none of whose allows' targets can match
 * is never allowed, for any arguments — `couldAllow` is false without asking the engine.
 *
 * Built once per engine from the policy set: globs compiled up front. Role inclusion is
 * resolved per request, as the engine does: one walk from the subject's held roles
 * (O(roles + includes)), not a closure per declared role (quadratic on a long chain).
 * It only ever says "maybe" when unsure (interpolated patterns, malformed
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
import { NumberListMap } from "../model/number-list-map.js";
import type { PolicySet } from "../model/policy-set.js";

type Matcher = (text: string) => boolean;

interface AllowTargets {
	readonly subject: (subject: SubjectView) => boolean;
	readonly action: Matcher;
	readonly resource: Matcher;
}

const ALWAYS: Matcher = () => true;

/** Verdicts remembered in all (keys of at most MAX_ID characters): a few MB at worst. */
const MAX_VERDICTS = 20_000;
const MAX_ID = 512;

export class TargetIndex {
	readonly #roles: PolicySet["roles"];
	readonly #allows: readonly AllowTargets[];
	/**
	 * The candidate allow indexes → the verdicts for that list (resource id → verdict);
	 * MAX_VERDICTS verdicts in all. Not keyed by the joined indexes: see NumberListMap.
	 */
	readonly #verdicts = new NumberListMap<Map<string, boolean>>();
	#verdictCount = 0;

	constructor(set: PolicySet) {
		this.#roles = set.roles;
		this.#allows = set.policies
			.filter((p) => p.effect === "allow")
			.map((p) => allowTargets(p));
	}

	/**
	 * The resource test for one subject and action: false only for resources no allow
	 * policy could target. Compute once per list, then call per item.
	 */
	forRequest(subject: unknown, action: string): Matcher {
		const indexes: number[] = [];
		const view = new SubjectView(subject, this.#roles);
		this.#allows.forEach((a, i) => {
			if (a.subject(view) && a.action(action)) indexes.push(i);
		});
		const candidates = indexes.map(
			(i) => (this.#allows[i] as AllowTargets).resource,
		);
		if (candidates.length === 0) return () => false;
		if (candidates.includes(ALWAYS)) return ALWAYS;
		// Resource matchers do not depend on the subject: the verdict is a function of
		// the candidates and the id. Keyed by the id itself (an interned string whose hash
		// is cached), not by a concatenation that would be hashed anew for every item.
		let verdicts = this.#verdicts.get(indexes);
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
					this.#verdicts.set(indexes, verdicts);
				}
				verdicts.set(resource, verdict);
				this.#verdictCount++;
			}
			return verdict;
		};
	}
}

function allowTargets(policy: Policy): AllowTargets {
	return {
		subject: subjectMatcher(policy.subject),
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
): (subject: SubjectView) => boolean {
	if (target.kind === "AnySubject") return () => true;
	const users = new Set<string>();
	const roles = new Set<string>();
	const groups = new Set<string>();
	for (const alternative of target.alternatives) {
		for (const name of alternative.names) {
			if (alternative.attribute === "user") users.add(name.value);
			else if (alternative.attribute === "group") groups.add(name.value);
			else roles.add(name.value);
		}
	}
	return (subject) => {
		try {
			const id = subject.field("id");
			if (
				users.size > 0 &&
				(typeof id === "string" ? users.has(id) : id !== undefined)
			)
				return true;
			return (
				subject.holdsOne("roles", roles) || subject.holdsOne("groups", groups)
			);
		} catch {
			return true; // a subject that throws when read (a Proxy): "maybe"
		}
	};
}

/** A list field that is malformed (not an array of strings, or unreadable): "maybe". */
const MAYBE = Symbol("maybe");

/**
 * One subject as the allows' subject matchers read it, for one request: each field read
 * once (a read that threw throws again, for every matcher), and `roles` closed under
 * `includes` once — one walk from all the held roles — when a matcher names a role.
 */
class SubjectView {
	readonly #subject: unknown;
	readonly #roles: PolicySet["roles"];
	readonly #fields = new Map<string, { value: unknown } | { error: unknown }>();
	readonly #lists = new Map<string, ReadonlySet<string> | typeof MAYBE>();

	constructor(subject: unknown, roles: PolicySet["roles"]) {
		this.#subject = subject;
		this.#roles = roles;
	}

	field(key: "id" | "roles" | "groups"): unknown {
		let read = this.#fields.get(key);
		if (read === undefined) {
			try {
				read = { value: own(this.#subject, key) };
			} catch (error) {
				read = { error };
			}
			this.#fields.set(key, read);
		}
		if ("error" in read) throw read.error;
		return read.value;
	}

	/**
	 * Whether the subject holds one of `names` — for `roles`, through `includes` too; a
	 * malformed list is "maybe" (true). Reads the field itself even for no names.
	 */
	holdsOne(key: "roles" | "groups", names: ReadonlySet<string>): boolean {
		const list = this.field(key);
		if (names.size === 0 || list === undefined) return false;
		let held = this.#lists.get(key);
		if (held === undefined) {
			held = strings(list);
			if (held !== MAYBE && key === "roles") held = this.#closed(held);
			this.#lists.set(key, held);
		}
		if (held === MAYBE) return true;
		for (const name of names) if (held.has(name)) return true;
		return false;
	}

	/** The held roles and every role they include, transitively: one walk, each role once. */
	#closed(held: ReadonlySet<string>): ReadonlySet<string> {
		if (this.#roles.size === 0) return held;
		const closure = new Set<string>(held);
		const pending = [...held];
		while (pending.length > 0) {
			const decl = this.#roles.get(pending.pop() as string);
			for (const included of decl?.includes ?? []) {
				if (!closure.has(included.value)) {
					closure.add(included.value);
					pending.push(included.value);
				}
			}
		}
		return closure;
	}
}

/** A subject list's strings, or MAYBE when it is not an array of strings. */
function strings(list: unknown): ReadonlySet<string> | typeof MAYBE {
	if (!Array.isArray(list)) return MAYBE;
	const held = new Set<string>();
	try {
		for (let i = 0; i < list.length; i++) {
			const item = own(list, String(i));
			if (typeof item !== "string") return MAYBE;
			held.add(item);
		}
	} catch {
		return MAYBE;
	}
	return held;
}

function own(object: unknown, key: string): unknown {
	if (typeof object !== "object" || object === null) return undefined;
	const descriptor = Object.getOwnPropertyDescriptor(object, key);
	return descriptor !== undefined && "value" in descriptor
		? descriptor.value
		: undefined;
}
