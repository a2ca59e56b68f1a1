/**
 * The workload in Cedar terms: users are `User` entities whose parents are their
 * `Role`s, tools are `Tool` entities whose parent is their `Area`, actions are
 * `Action::"call"` / `Action::"list"`, and the hour is in the context.
 */
import type { EntityJson, EntityUidJson } from "@cedar-policy/cedar-wasm/nodejs";
import type { BenchRequest, GenericPolicy, GenericPolicySet } from "../workload/types.js";

function cedarPolicy(rule: GenericPolicy): string {
  const head =
    `${rule.effect === "allow" ? "permit" : "forbid"} (principal in Role::${JSON.stringify(rule.role)}, ` +
    `action == Action::${JSON.stringify(rule.action)}, resource in Area::${JSON.stringify(rule.area)})`;
  const c = rule.condition;
  if (c === null) return `${head};`;
  if (c.type === "clearanceGteSensitivity") return `${head} when { principal.clearance >= resource.sensitivity };`;
  return `${head} when { context.hour < ${c.value} };`;
}

/** The whole policy set as Cedar source text. */
export function toCedarText(set: GenericPolicySet): string {
  return set.policies.map(cedarPolicy).join("\n");
}

/** The entities one request needs: its user (with roles as parents) and its tool. */
export function toCedarEntities(req: BenchRequest): EntityJson[] {
  const s = req.subject;
  const r = req.resource;
  return [
    {
      uid: { type: "User", id: s.id },
      attrs: {
        clearance: s.clearance,
        groups: s.groups.map((g) => ({ __entity: { type: "Group", id: g } })),
      },
      parents: s.roles.map((role): EntityUidJson => ({ type: "Role", id: role })),
    },
    {
      uid: { type: "Tool", id: r.id },
      attrs: {
        sensitivity: r.sensitivity,
        owner: { __entity: { type: "User", id: r.owner } },
      },
      parents: [{ type: "Area", id: r.area }],
    },
  ];
}
