/**
 * Audit records: one per authorization decision `protect` makes, handed to the
 * `onDecision` hook before the request is answered (so a tool that throws or hangs
 * cannot lose its record).
 */
import type { Writable } from "node:stream";
import type { DecisionEffect, EvaluationError } from "../model/decision.js";

/** What happened to the request, as far as authorization is concerned. */
export type DecisionOutcome =
	/** Allowed: passed on to the server's handler. */
	| "allowed"
	/** Refused with a `policy_denied` (or `insufficient_scope`) answer. */
	| "denied"
	/** Refused as if the tool, prompt or resource did not exist (the caller cannot see it). */
	| "hidden"
	/** A list, filtered to what the caller could use. */
	| "filtered";

export interface DecisionRecord {
	/** ISO time of the decision. */
	readonly time: string;
	readonly subjectId: string | null;
	/** The MCP method. */
	readonly action: string;
	/** The resource id decided on (`tool:…`, `prompt:…`, `resource:…`); `null` for a list. */
	readonly resource: string | null;
	readonly effect: DecisionEffect;
	/** The deciding policy (always recorded, whether or not the caller is told). */
	readonly policy: string | null;
	readonly errors: readonly EvaluationError[];
	readonly outcome: DecisionOutcome;
	/** Time spent authorizing, in milliseconds. */
	readonly durationMs: number;
	/** The call's arguments as `auditArguments` says (by default every value redacted). */
	readonly arguments?: unknown;
	/** For lists: how many items were shown and hidden. */
	readonly shown?: number;
	readonly hidden?: number;
	readonly sessionId?: string;
}

/** How arguments appear in audit records. */
export type AuditArguments =
	| "redact"
	| "omit"
	| "full"
	| ((args: unknown) => unknown);

const REDACTED = "[redacted]";
const MAX_KEYS = 64;
/**
 * Shapes are shared only when their names total at most this many characters: the names
 * are a client's, and the shapes outlive the request (16 calls with a 1 MB argument name
 * each kept ≈ 14 MB for good — stdio has no message limit).
 */
const MAX_SHAPE_CHARACTERS = 1024;

/**
 * Keeps argument names (at most 64), replaces every value by `"[redacted]"`. The result
 * is frozen and shared by calls with the same names in the same order (a tool's calls
 * mostly are): an audit record then costs one object less to build and to keep.
 */
export function redactArguments(args: unknown): unknown {
	if (typeof args !== "object" || args === null || Array.isArray(args))
		return args === undefined ? undefined : REDACTED;
	// Own enumerable keys, as `for…in` + `hasOwn` would give them, without walking the prototype.
	const keys = Object.keys(args);
	const count = Math.min(keys.length, MAX_KEYS);
	const known = recentShapes.find(keys, count);
	if (known !== undefined) return known;
	// A plain object (a null-prototype one is a slow dictionary from the start); a
	// `__proto__` argument name is defined as an own key, never assigned (which would set
	// the prototype).
	const out: Record<string, string> = {};
	for (let i = 0; i < count; i++) {
		const key = keys[i] as string;
		if (key === "__proto__") Object.defineProperty(out, key, { value: REDACTED, enumerable: true, writable: true, configurable: true });
		else out[key] = REDACTED;
	}
	Object.freeze(out);
	let characters = 0;
	for (let i = 0; i < count; i++) characters += (keys[i] as string).length;
	if (characters <= MAX_SHAPE_CHARACTERS) recentShapes.add(keys.slice(0, count), out);
	return out;
}

/** The last few redacted shapes, by their key lists; bounded, so odd arguments cannot grow it. */
class RecentShapes {
	static readonly SIZE = 16;
	readonly #keys: (readonly string[])[] = [];
	readonly #results: object[] = [];
	#next = 0;

	find(keys: readonly string[], count: number): object | undefined {
		for (let i = 0; i < this.#keys.length; i++) {
			const known = this.#keys[i] as readonly string[];
			if (known.length !== count) continue;
			let same = true;
			for (let k = 0; k < count; k++)
				if (known[k] !== keys[k]) {
					same = false;
					break;
				}
			if (same) return this.#results[i];
		}
		return undefined;
	}

	add(keys: readonly string[], result: object): void {
		this.#keys[this.#next] = keys;
		this.#results[this.#next] = result;
		this.#next = (this.#next + 1) % RecentShapes.SIZE;
	}
}

const recentShapes = new RecentShapes();

export function auditArgumentsOf(mode: AuditArguments, args: unknown): unknown {
	if (mode === "omit") return undefined;
	if (mode === "full") return args;
	if (mode === "redact") return redactArguments(args);
	return mode(args);
}

/**
 * An `onDecision` hook writing one JSON object per line to `stream` (a file, stderr —
 * never stdout of a stdio server, which carries the protocol).
 */
export function jsonLinesAuditLogger(
	stream: Pick<Writable, "write">,
): (record: DecisionRecord) => void {
	if (typeof (stream as { write?: unknown } | null)?.write !== "function")
		throw new TypeError("jsonLinesAuditLogger() expects a writable stream (such as process.stderr or a file stream)");
	return (record) => {
		stream.write(`${jsonLine(record)}\n`);
	};
}

/**
 * A record as one line of JSON. JSON.stringify escapes line feeds but leaves U+2028,
 * U+2029 and U+0085 raw, which many readers take for line ends (Python's splitlines, editors,
 * log viewers): a tool name or argument name carrying one would cut its record in two
 * invalid halves there. Escaped, every reader sees one record per line.
 */
function jsonLine(record: DecisionRecord): string {
	return JSON.stringify(record).replace(UNICODE_LINE_ENDS, escapeCharacter);
}

const UNICODE_LINE_ENDS = /[\u0085\u2028\u2029]/g;

function escapeCharacter(character: string): string {
	return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
