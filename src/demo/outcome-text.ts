/**
 * How the demo prints an allowed or refused call, alike for the v1 and the v2 sessions:
 * the audit record says who decided and why.
 */
import type { Colors } from "picocolors/types.js";

/** What the demo needs of an audit record (v1 and v2 records alike). */
interface Decided {
	readonly policy: string | null;
	readonly errors: readonly { readonly message: string }[];
}

export function allowedText(c: Colors, policy: string | null): string {
	return `${c.green("✔ allowed")} ${c.dim(`by ${policy ?? "?"}`)}`;
}

export function refusedText(c: Colors, record: Decided | undefined): string {
	const policy = record?.policy ?? null;
	const why = policy !== null ? `denied by ${policy}` : "no policy allows it";
	const errors = record !== undefined && record.errors.length > 0 ? `; ${record.errors.map((e) => e.message).join("; ")}` : "";
	return `${c.red("✘ refused")} ${c.dim(`policy_denied (${why}${errors})`)}`;
}

/** A hidden item's answer, without the SDK client's "MCP error <code>: " prefixes. */
export function hiddenText(c: Colors, shown: string): string {
	return `${c.red("✘ hidden")}  ${c.dim(`answered like an unknown item: "${shown.replace(/^(MCP error -?\d+: )+/, "")}"`)}`;
}
