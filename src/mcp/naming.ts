/**
 * How MCP requests are named for policies: the action is the MCP method, the resource a
 * prefixed id (`tool:<name>`, `prompt:<name>`, `resource:<uri>`). See docs/mcp.md.
 */
import { describeValue } from "../evaluate/values.js";

/** The MCP methods `protect` authorizes. */
export const PROTECTED_METHODS = Object.freeze([
	"tools/list",
	"tools/call",
	"resources/list",
	"resources/templates/list",
	"resources/read",
	"resources/subscribe",
	"resources/unsubscribe",
	"prompts/list",
	"prompts/get",
	"completion/complete",
] as const);

export type ProtectedMethod = (typeof PROTECTED_METHODS)[number];

const PROTECTED = new Set<string>(PROTECTED_METHODS);

export function isProtectedMethod(method: unknown): method is ProtectedMethod {
	return typeof method === "string" && PROTECTED.has(method);
}

/**
 * Resource ids by name, one string object per name: a concatenated id is a new string
 * each request, which the engine's id lookup must flatten and hash every time; a
 * remembered one has its hash cached. Kept as a frozen one-id list, which is what a call
 * is decided on. Bounded (cleared when full); long names are not kept.
 */
function internedIds(prefix: string): (name: string) => readonly [string] {
	const ids = new Map<string, readonly [string]>();
	return (name) => {
		let id = ids.get(name);
		if (id === undefined) {
			id = Object.freeze([`${prefix}${name}`] as const);
			if (name.length <= MAX_INTERNED_NAME) {
				if (ids.size >= MAX_INTERNED) ids.clear();
				ids.set(name, id);
			}
		}
		return id;
	};
}

const MAX_INTERNED = 4096;
const MAX_INTERNED_NAME = 256;

/** The resource id of a tool, as the one-id list a call is decided on. */
export const toolIds: (name: string) => readonly [string] = internedIds("tool:");

/** The resource id of a prompt, as the one-id list a call is decided on. */
export const promptIds: (name: string) => readonly [string] = internedIds("prompt:");

const resourceIds: (name: string) => readonly [string] = internedIds("resource:");

/** The resource id of a tool. */
export const toolResource = (name: string): string => toolIds(nameOf(name, "toolResource() expects a tool name"))[0];

/** The resource id of a prompt. */
export const promptResource = (name: string): string => promptIds(nameOf(name, "promptResource() expects a prompt name"))[0];

/** The resource id of a resource (or of a resource template, by its URI template). */
export const resourceResource = (name: string): string =>
	resourceIds(nameOf(name, "resourceResource() expects a resource URI or URI template"))[0];

/** A caller's name, or a TypeError saying what was expected (not "cannot read properties of undefined"). */
function nameOf(name: unknown, expected: string): string {
	if (typeof name !== "string") throw new TypeError(`${expected} (a string), got ${describeValue(name)}`);
	return name;
}

/**
 * The resource ids a `resources/read` of `uri` is decided on: the URI as sent and, when
 * it differs, the URI as the SDK resolves it (`new URL(uri).href`, which removes `..`
 * segments). Both must be allowed, so a policy cannot be dodged by spelling a URI
 * differently from the way the server will read it.
 */
export function resourceReadIds(uri: string): readonly string[] {
	const raw = resourceIds(uri);
	let normalized: string;
	try {
		normalized = new URL(uri).href;
	} catch {
		return raw;
	}
	return normalized === uri ? raw : [raw[0], resourceResource(normalized)];
}
