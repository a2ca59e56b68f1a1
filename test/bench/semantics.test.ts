/**
 * The workload's semantics (WORKLOAD.md: deny-overrides, default deny) on hand-made
 * policy sets where they are easy to get wrong: duplicated rules, the boundaries of
 * `clearanceGteSensitivity` (>=) and `hourLt` (<), an area that is a prefix of another,
 * a deny reached through a subject's second role. The expected decisions and every
 * engine of the table (the `.mcpolicy` translation through the parser included) must
 * agree with the answers written here from the spec text.
 */
import { describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../bench/engines/adapter.js";
import { allEngines } from "../../bench/engines/index.js";
import { expectedDecisions } from "../../bench/workload/expected.js";
import type {
  BenchRequest,
  Condition,
  GenericPolicy,
  GenericPolicySet,
  RequestClass,
  Tool,
  User,
} from "../../bench/workload/types.js";

function rule(
  id: string,
  effect: "allow" | "deny",
  role: string,
  action: string,
  area: string,
  condition: Condition,
): GenericPolicy {
  return { id, effect, role, action, area, condition };
}

const HOUR_LT_8 = { type: "hourLt", value: 8 } as const;
const CLEARANCE = { type: "clearanceGteSensitivity" } as const;

const SET: GenericPolicySet = {
  format: "mcp-authz-policyset",
  version: 1,
  semantics: "deny-overrides; default deny",
  seed: 0,
  n: 9,
  vocabulary: {
    roles: ["role0", "role1", "role2", "role3"],
    areas: ["files", "git", "files2"],
    actions: ["call", "list"],
    verbs: ["read", "write", "list", "search", "exec", "delete"],
  },
  policies: [
    rule("p0", "allow", "role1", "call", "files", null),
    rule("p1", "allow", "role1", "call", "files", null), // duplicate allow
    rule("p2", "deny", "role1", "call", "files", HOUR_LT_8),
    rule("p3", "deny", "role1", "call", "files", HOUR_LT_8), // duplicate deny
    rule("p4", "allow", "role2", "list", "git", CLEARANCE),
    rule("p5", "allow", "role2", "list", "git", CLEARANCE), // duplicate conditional allow
    rule("p6", "deny", "role3", "call", "files2", { type: "hourLt", value: 9 }),
    rule("p7", "allow", "role0", "call", "files2", null),
    rule("p8", "allow", "role0", "list", "files2", CLEARANCE),
  ],
};

function user(k: number, roles: string[], clearance: number): User {
  return { id: `user-${k}`, roles, groups: ["grp1"], clearance };
}

function tool(area: string, verb: string, sensitivity: number): Tool {
  return { id: `tool:${area}/${verb}_0`, area, owner: "user-9", sensitivity };
}

const ONE = user(1, ["role1"], 0);
const TWO = user(2, ["role2"], 3);
const TWO_LOW = user(3, ["role2"], 2);
const BOTH = user(4, ["role0", "role3"], 0);
const NONE = user(5, ["role9"], 5);
const FILES = tool("files", "read", 5);
const GIT = tool("git", "list", 3);
const FILES2 = tool("files2", "exec", 0);
const FILES2_HIGH = tool("files2", "search", 1);

/** Requests and the class the spec gives each (written from WORKLOAD.md, not computed). */
const CASES: readonly { why: string; request: BenchRequest; expected: RequestClass }[] = [
  { why: "hour == limit: `hourLt` is strict", request: req(ONE, FILES, "call", 8), expected: "allow" },
  { why: "duplicated allow and deny both match", request: req(ONE, FILES, "call", 7), expected: "deny-override" },
  { why: "hour 0 is before every limit", request: req(ONE, FILES, "call", 0), expected: "deny-override" },
  { why: "action differs", request: req(ONE, FILES, "list", 12), expected: "no-match" },
  { why: "files is not files2", request: req(ONE, FILES2, "call", 12), expected: "no-match" },
  { why: "clearance == sensitivity: >=", request: req(TWO, GIT, "list", 3), expected: "allow" },
  { why: "clearance below sensitivity", request: req(TWO_LOW, GIT, "list", 3), expected: "no-match" },
  { why: "deny through the second role", request: req(BOTH, FILES2, "call", 8), expected: "deny-override" },
  { why: "hour == 9, the second role's deny lapses", request: req(BOTH, FILES2, "call", 9), expected: "allow" },
  { why: "clearance 0 >= sensitivity 0", request: req(BOTH, FILES2, "list", 3), expected: "allow" },
  { why: "clearance 0 < sensitivity 1", request: req(BOTH, FILES2_HIGH, "list", 3), expected: "no-match" },
  {
    why: "deny only: no allow for this action",
    request: req(user(6, ["role3"], 5), FILES2, "call", 1),
    expected: "deny-only",
  },
  { why: "no role of the set", request: req(NONE, FILES, "call", 12), expected: "no-match" },
];

function req(subject: User, resource: Tool, action: string, hour: number): BenchRequest {
  return { subject, resource, action, env: { hour } };
}

const REQUESTS = CASES.map((c) => c.request);
const ALLOWED = CASES.map((c) => c.expected === "allow");

/** What the harness does before timing: prepare per subject object, then decide in order. */
async function decisionsOf(adapter: EngineAdapter<unknown>): Promise<boolean[]> {
  await adapter.setup(SET);
  const prepared = new Map<User, unknown>();
  const got = REQUESTS.map((request) => {
    if (adapter.prepareSubject !== undefined && !prepared.has(request.subject)) {
      prepared.set(request.subject, adapter.prepareSubject(request.subject));
    }
    return adapter.decide(request, prepared.get(request.subject));
  });
  adapter.teardown?.();
  return got;
}

describe("the workload's semantics on duplicated rules and condition boundaries", () => {
  it("classifies every request as the spec does", () => {
    const { decisions, counts } = expectedDecisions(SET, REQUESTS);
    expect(decisions).toEqual(ALLOWED);
    const classes: Record<RequestClass, number> = { allow: 0, "deny-override": 0, "deny-only": 0, "no-match": 0 };
    for (const c of CASES) classes[c.expected]++;
    expect(counts).toEqual(classes);
  });

  // The floor replays the expected decisions; every other engine decides for itself.
  for (const adapter of allEngines(REQUESTS).filter((a) => a.name !== "floor")) {
    it(`${adapter.name} decides each case as the spec does`, async () => {
      const got = await decisionsOf(adapter);
      const wrong = CASES.filter((_, i) => got[i] !== ALLOWED[i]).map((c) => c.why);
      expect(wrong).toEqual([]);
    });
  }
});
