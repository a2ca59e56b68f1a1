/**
 * A hand-written indexed evaluator for exactly this workload: what a careful programmer
 * would write without a policy language. Index by action, then area, then role.
 */
import type { BenchRequest, GenericPolicy } from "../workload/types.js";
import type { EngineAdapter } from "./adapter.js";

interface Bucket {
  allows: GenericPolicy[];
  denies: GenericPolicy[];
}

function holds(rule: GenericPolicy, req: BenchRequest): boolean {
  const c = rule.condition;
  if (c === null) return true;
  if (c.type === "clearanceGteSensitivity") return req.subject.clearance >= req.resource.sensitivity;
  return req.env.hour < c.value;
}

function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

export function indexedJsAdapter(): EngineAdapter<undefined> {
  // action → area → role → rules
  let index = new Map<string, Map<string, Map<string, Bucket>>>();
  return {
    name: "indexed JS",
    note: "hand-written evaluator indexed by action, area and role (baseline)",
    setup(set) {
      index = new Map();
      for (const rule of set.policies) {
        const byArea = entry(index, rule.action, () => new Map<string, Map<string, Bucket>>());
        const byRole = entry(byArea, rule.area, () => new Map<string, Bucket>());
        const bucket = entry<string, Bucket>(byRole, rule.role, () => ({
          allows: [],
          denies: [],
        }));
        (rule.effect === "allow" ? bucket.allows : bucket.denies).push(rule);
      }
    },
    teardown() {
      index = new Map();
    },
    decide(req) {
      const byRole = index.get(req.action)?.get(req.resource.area);
      if (byRole === undefined) return false;
      let allowed = false;
      for (const role of req.subject.roles) {
        const bucket = byRole.get(role);
        if (bucket === undefined) continue;
        for (const rule of bucket.denies) if (holds(rule, req)) return false;
        if (!allowed) for (const rule of bucket.allows) if (holds(rule, req)) allowed = true;
      }
      return allowed;
    },
  };
}
