/**
 * The systems under test for the conformance suite: the same spec cases run through
 * the compiled engine (cold, warm, cache disabled, `forSubject`) and through the
 * reference interpreter built from `parse` + `checkPolicySet`.
 *
 * Modules are imported lazily so that one missing implementation fails only the cases
 * that need it, with a message saying so.
 */
import { describe, expect, it } from "vitest";
import { PolicyError } from "../../src/errors.js";
import type { Decision } from "../../src/model/decision.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import type { PolicySet } from "../../src/model/policy-set.js";

export type Sources = string | readonly { readonly name: string; readonly text: string }[];
export type Decide = (subject: unknown, resource: unknown, action: unknown, env?: unknown) => Decision;

export interface System {
  readonly name: string;
  /** Compiles the sources (throws PolicyError on static errors) and returns a decision function. */
  load(sources: Sources): Promise<Decide>;
}

async function engineModule(): Promise<typeof import("../../src/engine.js")> {
  return import("../../src/engine.js");
}

/** parse + checkPolicySet, throwing PolicyError like `compile` does. */
export async function referenceSet(sources: Sources): Promise<PolicySet> {
  const { parse } = await import("../../src/syntax/parse.js");
  const { checkPolicySet } = await import("../../src/check/check-set.js");
  const list = typeof sources === "string" ? [{ name: "<source>", text: sources }] : sources;
  const parsed = list.map((s) => parse(s.text, s.name));
  const checked = checkPolicySet(parsed.map((p) => p.ast));
  const diagnostics = [...parsed.flatMap((p) => p.diagnostics), ...checked.diagnostics];
  if (diagnostics.some((d) => d.severity === "error")) throw new PolicyError(diagnostics);
  return checked.set;
}

const reference: System = {
  name: "reference interpreter",
  async load(sources) {
    const set = await referenceSet(sources);
    const { evaluateReference } = await import("../../src/evaluate/index.js");
    return (subject, resource, action, env) => evaluateReference(set, subject, resource, action, env);
  },
};

/** Same decision on effect, policy and whether errors occurred. */
function sameOutcome(a: Decision, b: Decision): boolean {
  return a.effect === b.effect && a.policy === b.policy && a.allowed === b.allowed && a.errors.length > 0 === b.errors.length > 0;
}

function warmChecked(engine: PolicyEngine): Decide {
  return (subject, resource, action, env) => {
    const cold = engine.evaluate(subject, resource, action, env);
    const warm = engine.evaluate(subject, resource, action, env);
    if (!sameOutcome(cold, warm)) {
      throw new Error(`warm decision ${JSON.stringify(warm)} differs from cold ${JSON.stringify(cold)}`);
    }
    return cold;
  };
}

const compiled: System = {
  name: "compiled engine",
  async load(sources) {
    const { compile } = await engineModule();
    return warmChecked(compile(sources as never));
  },
};

const uncached: System = {
  name: "compiled engine, cache disabled",
  async load(sources) {
    const { compile } = await engineModule();
    const engine = compile(sources as never, { maxSubjects: 0 });
    return (subject, resource, action, env) => engine.evaluate(subject, resource, action, env);
  },
};

const specialized: System = {
  name: "compiled engine through forSubject",
  async load(sources) {
    const { compile } = await engineModule();
    const engine = compile(sources as never);
    return (subject, resource, action, env) => engine.forSubject(subject)(resource, action, env);
  },
};

export const SYSTEMS: readonly System[] = [reference, compiled, uncached, specialized];

/** Loads under every system and returns the decisions of one request, by system name. */
export function decisionShape(d: Decision): { effect: string; policy: string | null; errors: boolean } {
  return { effect: d.effect, policy: d.policy, errors: d.errors.length > 0 };
}

/** What a case expects: an effect, and optionally the deciding policy and whether errors occurred. */
export interface Expected {
  readonly effect: "allow" | "deny" | "notapplicable";
  readonly policy?: string | null;
  readonly errors?: boolean;
}

export interface Request {
  readonly subject?: unknown;
  readonly resource?: unknown;
  readonly action?: unknown;
  readonly env?: unknown;
}

/** The request the cases start from; each case overrides what it is about. */
export const BASE_REQUEST = Object.freeze({
  subject: { id: "alice", roles: [], groups: [] },
  resource: "tool:x",
  action: "tools/call",
  env: {},
});

/** Decides one request, filling in the base request for what is not given. */
export function decideWith(decide: Decide, request: Request) {
  const r = { ...BASE_REQUEST, ...request };
  return decide(r.subject, r.resource, r.action, "env" in request ? request.env : r.env);
}

/** Checks the decision against what is expected (allowed mirrors effect, policy null when notapplicable). */
export function expectShape(actual: Decision, expected: Expected): { ok: boolean; want: unknown; got: unknown } {
  const policy = expected.policy !== undefined ? expected.policy : expected.effect === "notapplicable" ? null : undefined;
  const want = {
    effect: expected.effect,
    allowed: expected.effect === "allow",
    ...(policy !== undefined ? { policy } : {}),
    ...(expected.errors !== undefined ? { errors: expected.errors } : {}),
  };
  const got = {
    effect: actual.effect,
    allowed: actual.allowed,
    ...(policy !== undefined ? { policy: actual.policy } : {}),
    ...(expected.errors !== undefined ? { errors: actual.errors.length > 0 } : {}),
  };
  return { ok: JSON.stringify(want) === JSON.stringify(got), want, got };
}

/** One conformance case: a policy set, a request (a function when it must be fresh) and the outcome. */
export interface Case {
  readonly it: string;
  readonly source: Sources;
  readonly request: Request | (() => Request);
  readonly expect: Expected;
}

/** Runs every case through every system. */
export function runCases(cases: readonly Case[]): void {
  describe.each(SYSTEMS)("$name", (system) => {
    it.each(cases)("$it", async (c) => {
      const decide = await system.load(c.source);
      const request = typeof c.request === "function" ? c.request() : c.request;
      const { want, got } = expectShape(decideWith(decide, request), c.expect);
      expect(got).toEqual(want);
    });
  });
}

export interface PolicyParts {
  readonly effect?: "allow" | "deny";
  readonly priority?: number | string;
  /** The text after `subject` (default `*`); likewise `action` and `resource`. */
  readonly subject?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly when?: string | readonly string[];
  readonly unless?: string | readonly string[];
}

/** Writes a policy block; targets default to `*`, the effect to `allow`. */
export function policy(name: string, parts: PolicyParts = {}): string {
  const list = (x: string | readonly string[] | undefined): readonly string[] => (x === undefined ? [] : typeof x === "string" ? [x] : x);
  return [
    `policy ${JSON.stringify(name)} {`,
    `  ${parts.effect ?? "allow"}`,
    ...(parts.priority !== undefined ? [`  priority ${parts.priority}`] : []),
    `  subject ${parts.subject ?? "*"}`,
    `  action ${parts.action ?? "*"}`,
    `  resource ${parts.resource ?? "*"}`,
    ...list(parts.when).map((e) => `  when ${e}`),
    ...list(parts.unless).map((e) => `  unless ${e}`),
    "}",
    "",
  ].join("\n");
}

/** What a condition evaluates to: a boolean, or an error. */
export type Outcome = true | false | "error";

/**
 * Cases for conditions: each expression is used as `when` in an allow and in a deny
 * policy, so true, false and error each show in the decision (spec §5 step 2).
 */
export function conditionCases(rows: readonly (readonly [string, Outcome])[], request: () => Request): Case[] {
  return rows.flatMap(([expr, outcome]): Case[] => [
    {
      it: `\`${expr}\` is ${outcome} (allow)`,
      source: policy("p", { when: expr }),
      request,
      expect:
        outcome === true
          ? { effect: "allow", policy: "p", errors: false }
          : { effect: "notapplicable", errors: outcome === "error" },
    },
    {
      it: `\`${expr}\` is ${outcome} (deny)`,
      source: policy("p", { effect: "deny", when: expr }),
      request,
      expect: outcome === false ? { effect: "notapplicable", errors: false } : { effect: "deny", policy: "p", errors: outcome === "error" },
    },
  ]);
}
