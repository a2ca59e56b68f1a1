/**
 * CASL (`@casl/ability` v7), idiomatically: one ability per user built from the rules of
 * the user's roles (outside the timed loop, like our `forSubject`), `can` rules first and
 * `cannot` rules last so that a matching deny wins (CASL's later rules take precedence).
 * The checked object is the tool's attributes plus the hour.
 */
import { createMongoAbility, type MongoAbility, type RawRuleOf } from "@casl/ability";
import type { GenericPolicy, User } from "../workload/types.js";
import type { EngineAdapter } from "./adapter.js";

type ToolAbility = MongoAbility<[string, "Tool"]>;

function rawRule(rule: GenericPolicy, user: User): RawRuleOf<ToolAbility> {
  const c = rule.condition;
  const conditions: Record<string, unknown> = { area: rule.area };
  if (c !== null && c.type === "clearanceGteSensitivity") conditions.sensitivity = { $lte: user.clearance };
  if (c !== null && c.type === "hourLt") conditions.hour = { $lt: c.value };
  return {
    action: rule.action,
    subject: "Tool",
    conditions,
    inverted: rule.effect === "deny",
  };
}

export function caslAdapter(): EngineAdapter<ToolAbility> {
  let byRole = new Map<string, GenericPolicy[]>();
  const detectSubjectType = () => "Tool" as const;
  return {
    name: "CASL",
    note: "ability per user (prepared outside the loop), can(action, {area, sensitivity, hour})",
    setup(set) {
      byRole = new Map();
      for (const rule of set.policies) {
        const list = byRole.get(rule.role);
        if (list === undefined) byRole.set(rule.role, [rule]);
        else list.push(rule);
      }
    },
    teardown() {
      byRole = new Map();
    },
    prepareSubject(user) {
      const rules = user.roles.flatMap((role) => byRole.get(role) ?? []);
      const allows = rules.filter((r) => r.effect === "allow").map((r) => rawRule(r, user));
      const denies = rules.filter((r) => r.effect === "deny").map((r) => rawRule(r, user));
      return createMongoAbility<ToolAbility>([...allows, ...denies], {
        detectSubjectType,
      });
    },
    decide(req, ability) {
      const r = req.resource;
      return ability.can(req.action, {
        area: r.area,
        sensitivity: r.sensitivity,
        hour: req.env.hour,
      } as never);
    },
  };
}
