/**
 * Whether the caller could use a tool, prompt or resource at all — `engine.couldAllow`
 * with the arguments unknown — fast enough to filter a list of a thousand items on every
 * `tools/list`. Shared by every server protected with the same engine (the stateless
 * HTTP pattern builds a server per request).
 *
 * Two steps, each exact or sound: the target index says "no" when no allow policy can
 * even target the item; otherwise `engine.couldAllow` (partial evaluation, a few µs),
 * memoized (bounded) by the exact JSON content of what it depends on (the subject, the
 * item, the action, and the env attributes the policies read — `env.arguments`
 * excluded) — and by the resource *class* instead of the id when the engine says that
 * ids of the class cannot be told apart. A list should use `forSubject` once, not `couldAllow` per item: the
 * subject's key is then computed once per list instead of once per item.
 */
import { types } from "node:util";
import type { Expr } from "../model/ast.js";
import { type CouldAllowOptions, mcpArgumentsShape } from "../model/arguments-search.js";
import type { PolicyEngine } from "../model/engine.js";
import type { PolicySet } from "../model/policy-set.js";
import { TargetIndex } from "./target-index.js";

/** What `env.arguments` can be for each method `protect` decides (couldAllow's options, made once). */
const ARGUMENTS_OF = new Map<string, CouldAllowOptions>(
	(["tools/call", "prompts/get", "resources/read", "resources/subscribe", "resources/unsubscribe", "completion/complete"] as const).map(
		(action) => [action, Object.freeze({ arguments: mcpArgumentsShape(action) })],
	),
);
const ANY_ARGUMENTS: CouldAllowOptions = Object.freeze({ arguments: "any" });

/** `couldAllow`'s options for an action: the values its arguments can take under `protect`. */
function argumentsOf(action: string): CouldAllowOptions {
	return ARGUMENTS_OF.get(action) ?? ANY_ARGUMENTS;
}

/** Memoized answers per engine; enough for 10,000 distinct (subject, item) pairs. */
const MAX_MEMO = 10_000;
/** Subjects and env slices serialize to at most this many characters to be memoized. */
const MAX_KEY = 4096;
/**
 * Ids longer than this are asked afresh, never memoized: a client's 4,096-character URI
 * (and its percent-encoded reading, up to nine times as long) would otherwise stay in
 * the memo, tens of kilobytes per request, 10,000 of them.
 */
const MAX_MEMO_ID = 1024;
/** Characters of (subject, action, env) keys held at most: they come from requests too. */
const MAX_MEMO_KEYS = 4_194_304;

export class Visibility {
	readonly #engine: PolicyEngine;
	readonly #index: TargetIndex;
	/** The env attributes any policy reads, `arguments` excluded; `null` when a policy reads `env` whole. */
	readonly #envKeys: readonly string[] | null;
	/**
	 * `subject key \0 action \0 env key` → answers by item id and by resource class;
	 * MAX_MEMO answers in all, then it starts afresh.
	 */
	readonly #memo = new Map<string, Answers>();
	#memoSize = 0;
	#memoKeys = 0;
	/** The engine's resource classes, when it has them: items of one class share an answer. */
	readonly #classOf: (id: string) => number | null;

	constructor(engine: PolicyEngine) {
		this.#engine = engine;
		const classed = engine as PolicyEngine & {
			resourceClass?: (id: string) => number | null;
		};
		this.#classOf =
			typeof classed.resourceClass === "function"
				? (id) => classed.resourceClass?.(id) ?? null
				: () => null;
		this.#index = new TargetIndex(engine.policySet);
		this.#envKeys = envKeysRead(engine.policySet);
	}

	/** The per-item test for one subject and action (see `TargetIndex.forRequest`). */
	mayTarget(subject: unknown, action: string): (resource: string) => boolean {
		return this.#index.forRequest(subject, action);
	}

	/** `engine.couldAllow(subject, id, action, env)`, with `env.arguments` ignored. */
	couldAllow(
		subject: unknown,
		id: string,
		action: string,
		env: Record<string, unknown>,
	): boolean {
		return this.forSubject(subject)(id, action, env);
	}

	/**
	 * `couldAllow` for many items and one subject (a list): the subject is read once. When
	 * memoized, the engine is asked about a private copy parsed from the subject's key, so
	 * a stored answer is always the answer for exactly the content its key names, and a
	 * subject changed while the returned function is in use changes nothing.
	 */
	forSubject(
		subject: unknown,
	): (id: string, action: string, env: Record<string, unknown>) => boolean {
		const ask = this.#asker(subject);
		return (id, action, env) => {
			const envKey = this.#envKey(env, null);
			return envKey === undefined
				? this.#engine.couldAllow(subject, id, action, env, argumentsOf(action))
				: ask(id, action, env, envKey);
		};
	}

	/**
	 * `couldAllow` for the items of one list: one subject, one action, one env but for
	 * `env.tool` (each tool's own annotations, or none). The shared env is keyed once per
	 * list, each item adds only its annotations' key — and only if a policy reads them.
	 */
	forList(
		subject: unknown,
		action: string,
		shared: Record<string, unknown>,
	): (id: string, tool: unknown) => boolean {
		const ask = this.#asker(subject);
		const readsTool = this.#envKeys?.includes("tool") === true;
		const sharedKey = this.#envKey(shared, "tool");
		const envOf = (tool: unknown): Record<string, unknown> =>
			tool === undefined ? shared : { ...shared, tool };
		// The env key per annotations object, for this list only: tools without annotations
		// share one object, and a list is filtered in one synchronous pass.
		const envKeys = new Map<unknown, string | undefined>();
		return (id, tool) => {
			let envKey = sharedKey;
			if (envKey !== undefined && readsTool && tool !== undefined) {
				if (envKeys.has(tool)) envKey = envKeys.get(tool);
				else {
					const toolKey = jsonKey(tool, MAX_KEY);
					envKey = toolKey === undefined ? undefined : `${envKey}"tool":${toolKey},`;
					// Only plain data is remembered: a Proxy's traps could answer differently next time.
					if (!types.isProxy(tool)) envKeys.set(tool, envKey);
				}
			}
			return envKey === undefined
				? this.#engine.couldAllow(subject, id, action, envOf(tool), argumentsOf(action))
				: ask(id, action, envOf, envKey, tool);
		};
	}

	/**
	 * The memoized question for one subject: by the subject's content key, the item's id
	 * (or its resource class), the action and the env's key. Unmemoizable subjects are
	 * asked about directly.
	 */
	#asker(
		subject: unknown,
	): <T>(
		id: string,
		action: string,
		env: Record<string, unknown> | ((tool: T) => Record<string, unknown>),
		envKey: string,
		tool?: T,
	) => boolean {
		const subjectKey =
			this.#envKeys === null ? undefined : safeJsonKey(subject, MAX_KEY);
		const envFrom = <T>(
			env: Record<string, unknown> | ((tool: T) => Record<string, unknown>),
			tool: T | undefined,
		) => (typeof env === "function" ? env(tool as T) : env);
		if (subjectKey === undefined)
			return (id, action, env, _envKey, tool) =>
				this.#engine.couldAllow(subject, id, action, envFrom(env, tool), argumentsOf(action));
		let copy: unknown;
		// The answers for the last (action, env) asked about: a list asks about few. The
		// same strings again (mostly the very same string objects) skip building the key.
		let lastAction: string | undefined;
		let lastEnvKey: string | undefined;
		let asked = "";
		let answers: Answers | undefined;
		return (id, action, env, envKey, tool) => {
			if (action !== lastAction || envKey !== lastEnvKey || answers === undefined) {
				lastAction = action;
				lastEnvKey = envKey;
				asked = `${action}\u0000${envKey}`;
				answers = this.#memo.get(`${subjectKey}\u0000${asked}`);
			}
			// Ids no decision can tell apart share one answer (`Engine.resourceClass`).
			const cls = this.#classOf(id);
			const known =
				cls === null ? answers?.byId.get(id) : answers?.byClass.get(cls);
			if (known !== undefined) return known;
			copy ??= JSON.parse(subjectKey);
			// couldAllow is sound, so an allow with `arguments: {}` implies it: ask it alone.
			const answer = this.#engine.couldAllow(copy, id, action, envFrom(env, tool), argumentsOf(action));
			if (cls === null && id.length > MAX_MEMO_ID) return answer;
			if (this.#memoSize >= MAX_MEMO) {
				this.#clearMemo();
				answers = undefined;
			}
			if (answers === undefined) {
				const key = `${subjectKey}\u0000${asked}`;
				// Keys are bounded in all too: a subject or env (a client's name) of 4,096
				// characters per entry would otherwise hold 10,000 of them.
				if (this.#memoKeys + key.length > MAX_MEMO_KEYS) this.#clearMemo();
				answers = { byId: new Map(), byClass: new Map() };
				this.#memo.set(key, answers);
				this.#memoKeys += key.length;
			}
			if (cls === null) answers.byId.set(id, answer);
			else answers.byClass.set(cls, answer);
			this.#memoSize++;
			return answer;
		};
	}

	#clearMemo(): void {
		this.#memo.clear();
		this.#memoSize = 0;
		this.#memoKeys = 0;
	}

	/** The canonical JSON of the env attributes the policies read (but `skip`), or undefined. */
	#envKey(env: Record<string, unknown>, skip: string | null): string | undefined {
		let text = "";
		try {
			for (const name of this.#envKeys ?? []) {
				if (name === skip) continue;
				const descriptor = Object.getOwnPropertyDescriptor(env, name);
				if (descriptor === undefined || !("value" in descriptor)) continue;
				const value = jsonKey(descriptor.value, MAX_KEY);
				if (value === undefined) return undefined;
				text += `${JSON.stringify(name)}:${value},`;
				if (text.length > MAX_KEY) return undefined;
			}
		} catch {
			return undefined;
		}
		return text;
	}
}

/** `jsonKey`, or undefined when reading the value throws (a hostile Proxy). */
function safeJsonKey(value: unknown, budget: number): string | undefined {
	try {
		return jsonKey(value, budget);
	} catch {
		return undefined;
	}
}

/** Memoized answers for one (subject, action, env). */
interface Answers {
	readonly byId: Map<string, boolean>;
	readonly byClass: Map<number, boolean>;
}

const byEngine = new WeakMap<PolicyEngine, Visibility>();

export function visibilityFor(engine: PolicyEngine): Visibility {
	let visibility = byEngine.get(engine);
	if (visibility === undefined) {
		visibility = new Visibility(engine);
		byEngine.set(engine, visibility);
	}
	return visibility;
}

/**
 * Canonical JSON of a value as the engine sees it — own data properties of plain objects
 * (enumerable or not, keys sorted), arrays (of Array.prototype), strings, finite
 * numbers, booleans, null — so two values have
 * the same key exactly when the engine cannot tell them apart. Anything else (getters,
 * class instances, functions, NaN, nesting deeper than 64, more than `budget`
 * characters, a Proxy whose traps throw) gives `undefined`: such values are not memoized,
 * just asked afresh. Never throws.
 */
export function jsonKey(value: unknown, budget: number): string | undefined {
	let size = 0;
	const visit = (v: unknown, depth: number): string | undefined => {
		let text: string | undefined;
		if (v === null || typeof v === "boolean") text = String(v);
		else if (typeof v === "string") text = JSON.stringify(v);
		else if (typeof v === "number")
			text = Number.isFinite(v) ? JSON.stringify(v) : undefined;
		else if (depth >= 64 || typeof v !== "object") text = undefined;
		else if (Array.isArray(v)) {
			// The engine takes an Array subclass instance for a class instance (malformed).
			if (Object.getPrototypeOf(v) !== Array.prototype) return undefined;
			const items: string[] = [];
			for (let i = 0; i < v.length; i++) {
				const d = Object.getOwnPropertyDescriptor(v, i);
				const item =
					d !== undefined && "value" in d
						? visit(d.value, depth + 1)
						: undefined;
				if (item === undefined) return undefined;
				items.push(item);
			}
			text = `[${items.join(",")}]`;
		} else {
			const proto = Object.getPrototypeOf(v);
			if (proto !== Object.prototype && proto !== null) return undefined;
			const members: string[] = [];
			// Every own string key: the engine reads non-enumerable data properties too.
			const keys = Reflect.ownKeys(v).filter(
				(key): key is string => typeof key === "string",
			);
			for (const key of keys.sort()) {
				const d = Object.getOwnPropertyDescriptor(v, key);
				const member =
					d !== undefined && "value" in d
						? visit(d.value, depth + 1)
						: undefined;
				if (member === undefined) return undefined;
				members.push(`${JSON.stringify(key)}:${member}`);
			}
			text = `{${members.join(",")}}`;
		}
		if (text === undefined) return undefined;
		size += text.length;
		return size <= budget ? text : undefined;
	};
	try {
		return visit(value, 0);
	} catch {
		// A Proxy whose traps throw: not memoized (the engine decides it, and fails closed).
		return undefined;
	}
}

/** The env attributes the policies read (first member of each `env` path), minus `arguments`. */
function envKeysRead(set: PolicySet): readonly string[] | null {
	const keys = new Set<string>();
	let whole = false;
	const visit = (expr: Expr): void => {
		switch (expr.kind) {
			case "Path":
				if (expr.root === "env") {
					if (expr.members[0] === undefined) whole = true;
					else keys.add(expr.members[0]);
				}
				return;
			case "Has":
				// `env has x` reads only `x`.
				if (
					expr.left.kind === "Path" &&
					expr.left.root === "env" &&
					expr.left.members.length === 0
				)
					keys.add(expr.member);
				else visit(expr.left);
				return;
			case "Not":
				visit(expr.operand);
				return;
			case "And":
			case "Or":
				for (const operand of expr.operands) visit(operand);
				return;
			case "Compare":
			case "In":
			case "Contains":
				visit(expr.left);
				visit(expr.right);
				return;
			case "Matches":
				visit(expr.left);
				return;
			case "Literal":
			case "List":
				return;
		}
	};
	for (const policy of set.policies)
		for (const condition of policy.conditions) visit(condition.expr);
	if (whole) return null;
	keys.delete("arguments");
	return [...keys].sort();
}
