/**
 * casbin, model and policies from strings, `enforceSync`. The conditions are written in
 * the matcher (one column says which condition a rule has) rather than with `eval()`,
 * which would re-compile the matcher text per rule; this is the faster casbin idiom.
 * Roles come from the request (`p.role in r.sub.roles`), as for every other engine.
 */
import { type Enforcer, newEnforcer, newModelFromString, StringAdapter } from "casbin";
import type { GenericPolicy } from "../workload/types.js";
import type { EngineAdapter } from "./adapter.js";

const MODEL = `
[request_definition]
r = sub, obj, act, env

[policy_definition]
p = role, area, act, cond, limit, eft

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = r.act == p.act && r.obj.area == p.area && (p.role in r.sub.roles) && (p.cond == "none" || (p.cond == "clearance" && r.sub.clearance >= r.obj.sensitivity) || (p.cond == "hour" && r.env.hour < p.limit))
`;

function csvLine(rule: GenericPolicy): string {
  const c = rule.condition;
  const [cond, limit] =
    c === null ? ["none", "0"] : c.type === "hourLt" ? ["hour", String(c.value)] : ["clearance", "0"];
  return `p, ${rule.role}, ${rule.area}, ${rule.action}, ${cond}, ${limit}, ${rule.effect}`;
}

export function casbinAdapter(): EngineAdapter<undefined> {
  let enforcer: Enforcer | undefined;
  return {
    name: "casbin",
    note: "enforceSync, model and CSV policies from strings, conditions in the matcher",
    slow: true,
    async setup(set) {
      const policies = set.policies.map(csvLine).join("\n");
      enforcer = await newEnforcer(newModelFromString(MODEL), new StringAdapter(policies));
    },
    teardown() {
      enforcer = undefined;
    },
    decide(req) {
      // casbin compares `r.env.hour < p.limit` with JS `<`, which turns the CSV string into a number.
      return (enforcer as Enforcer).enforceSync(req.subject, req.resource, req.action, req.env);
    },
  };
}
