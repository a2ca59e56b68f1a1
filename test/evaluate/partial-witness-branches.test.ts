/**
 * Branches of src/evaluate/partial-witness.ts no other test reached: searchApplying on a
 * policy mixing tests of the subject with tests of the arguments, or on an env it cannot
 * read. Also pinned, through the engine: allows ruled out by their tests of the subject
 * (partial.ts's couldApply rules them out before searchArguments, whose own check of
 * them — "no allow left" — is a safety net the engine does not reach). Every outcome is checked against brute force over a small domain of
 * argument values (as test/evaluate/couldallow-branches.test.ts does): "never" means no
 * value of the domain makes the policy apply (or the request allowed), "allowed" gives
 * a value that does.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { searchApplying } from "../../src/evaluate/partial-witness.js";
import type { Request } from "../../src/evaluate/request.js";

const SUBJECT = { id: "alice", one: 1 };
const ENV = { hour: 10 };
const DOMAIN: unknown[] = [undefined, {}, 1, "x"];
for (const x of [null, true, false, 0, 1, 2, 3, "", "a", [], {}]) DOMAIN.push({ x });

/** A set from policy bodies (conditions only; `deny ` first for a deny), subject *, action call, resource tool:x. */
function engineOf(...bodies: string[]) {
	return compile(
		bodies
			.map((body, i) => {
				const deny = body.startsWith("deny ");
				return `policy "p${i}" { ${deny ? "deny" : "allow"} subject * action "call" resource "tool:x" ${deny ? body.slice(5) : body} }\n`;
			})
			.join(""),
	);
}

function envWith(args: unknown): Record<string, unknown> {
	return args === undefined ? ENV : { ...ENV, arguments: args };
}

describe("searchArguments: allows ruled out by their other tests", () => {
	it.each<[string[], string]>([
		// A false test of the subject: the allow applies for no arguments.
		[["when subject.one == 2 when env.arguments.x == 1"], "never"],
		// An erring one (a missing attribute): an allow never applies.
		[["when subject.missing == 1 when env.arguments.x == 1"], "never"],
		[["when subject.missing == 1 when env.arguments.x == 1", "when subject.one == 2 when env.arguments.x == 2"], "never"],
		// The same error in a deny counts toward it: it applies wherever its argument test holds.
		[["when env.arguments.x == 1 or env.arguments.x == 2", "deny when subject.missing == 1 when env.arguments.x == 2"], "allowed"],
		[["when env.arguments.x == 2", "deny when subject.missing == 1 when env.arguments.x == 2"], "never"],
	])("%j → %s", (bodies, expected) => {
		const engine = engineOf(...bodies);
		const allowed = DOMAIN.filter((args) => engine.evaluate(SUBJECT, "tool:x", "call", envWith(args)).allowed);
		const search = engine.argumentsFor(SUBJECT, "tool:x", "call", ENV);
		expect(search.outcome).toBe(expected);
		if (search.outcome === "never") expect(allowed).toEqual([]);
		if (search.outcome === "allowed") {
			expect(allowed.length).toBeGreaterThan(0);
			expect(engine.evaluate(SUBJECT, "tool:x", "call", envWith(search.arguments)).allowed).toBe(true);
		}
		expect(engine.couldAllow(SUBJECT, "tool:x", "call", ENV)).toBe(expected !== "never");
	});
});

describe("searchApplying on a policy with tests of the subject", () => {
	const REQUEST: Request = { subject: SUBJECT, resource: { id: "tool:x" }, resourceId: "tool:x", action: "call", env: ENV };

	/** Whether the set's one policy applies for these arguments (reference interpreter). */
	function applies(set: ReturnType<typeof engineOf>["policySet"], args: unknown): boolean {
		const decision = evaluateReference(set, SUBJECT, "tool:x", "call", envWith(args));
		return decision.policy === "p0" && decision.effect !== "notapplicable";
	}

	it.each<[string, string]>([
		["when subject.one == 1 when env.arguments.x == 1", "allowed"],
		["when subject.one == 2 when env.arguments.x == 1", "never"],
		["when subject.missing == 1 when env.arguments.x == 1", "never"],
		// A deny: a false test rules it out, an erring one does not.
		["deny when subject.one == 2 when env.arguments.x == 1", "never"],
		["deny when subject.missing == 1 when env.arguments.x == 1", "allowed"],
		["deny when subject.one == 1 when env.arguments.x == 1", "allowed"],
	])("%s → %s", (body, expected) => {
		const set = engineOf(body).policySet;
		const policy = set.policies[0];
		if (policy === undefined) throw new Error("no policy");
		const search = searchApplying(policy, REQUEST);
		expect(search.outcome).toBe(expected);
		const witnesses = DOMAIN.filter((args) => applies(set, args));
		if (search.outcome === "never") expect(witnesses).toEqual([]);
		if (search.outcome === "allowed") {
			expect(witnesses.length).toBeGreaterThan(0);
			expect(applies(set, search.arguments)).toBe(true);
		}
	});

	it("proves nothing for an env it cannot read", () => {
		const policy = engineOf("when env.arguments.x == 1").policySet.policies[0];
		if (policy === undefined) throw new Error("no policy");
		const env = new Proxy(
			{},
			{
				ownKeys: () => {
					throw new Error("trap");
				},
			},
		);
		expect(searchApplying(policy, { ...REQUEST, env: env as Request["env"] }).outcome).toBe("unknown");
		expect(searchApplying(policy, REQUEST).outcome).toBe("allowed");
	});
});
