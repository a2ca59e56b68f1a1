/**
 * How MCP requests are named for policies: the action is the MCP method, the resource a
 * prefixed id (`tool:<name>`, `prompt:<name>`, `resource:<uri>`). See docs/mcp.md.
 */

/** The MCP methods `protect` authorizes. */
export const PROTECTED_METHODS = [
	"tools/list",
	"tools/call",
	"resources/list",
	"resources/templates/list",
	"resources/read",
	"prompts/list",
	"prompts/get",
	"completion/complete",
] as const;

export type ProtectedMethod = (typeof PROTECTED_METHODS)[number];

const PROTECTED = new Set<string>(PROTECTED_METHODS);

export function isProtectedMethod(method: unknown): method is ProtectedMethod {
	return typeof method === "string" && PROTECTED.has(method);
}

/** The resource id of a tool. */
export function toolResource(name: string): string {
	return `tool:${name}`;
}

/** The resource id of a prompt. */
export function promptResource(name: string): string {
	return `prompt:${name}`;
}

/** The resource id of a resource (or of a resource template, by its URI template). */
export function resourceResource(uri: string): string {
	return `resource:${uri}`;
}

/**
 * The resource ids a `resources/read` of `uri` is decided on: the URI as sent and, when
 * it differs, the URI as the SDK resolves it (`new URL(uri).href`, which removes `..`
 * segments). Both must be allowed, so a policy cannot be dodged by spelling a URI
 * differently from the way the server will read it.
 */
export function resourceReadIds(uri: string): readonly string[] {
	const raw = resourceResource(uri);
	let normalized: string;
	try {
		normalized = new URL(uri).href;
	} catch {
		return [raw];
	}
	return normalized === uri ? [raw] : [raw, resourceResource(normalized)];
}
