/**
 * The workload generator: world (users, tools), policy set and request stream, drawn in
 * exactly the order WORKLOAD.md prescribes so the fingerprints match.
 */
import { mulberry32, subSeed } from "./prng.js";
import type { BenchRequest, GenericPolicy, GenericPolicySet, Tool, User } from "./types.js";
import {
  ACTIONS,
  areaNames,
  DEFAULT_COUNT,
  DEFAULT_SEED,
  groupNames,
  roleNames,
  TOOLS_PER_VERB,
  USER_COUNT,
  VERBS,
} from "./vocabulary.js";

export interface World {
  users: User[];
  tools: Tool[];
}

/** Users, then tools, from the `world:<N>` stream. */
export function generateWorld(seed: number, n: number): World {
  const rnd = mulberry32(subSeed(seed, `world:${n}`));
  const roles = roleNames(n);
  const groups = groupNames();
  const users: User[] = [];
  for (let k = 0; k < USER_COUNT; k++) {
    const r1 = rnd.pick(roles);
    const userRoles = [r1];
    if (rnd.next() < 0.4) {
      const r2 = rnd.pick(roles);
      if (r2 !== r1) userRoles.push(r2);
    }
    const userGroups: string[] = [];
    const ng = rnd.int(3);
    for (let g = 0; g < ng; g++) {
      const group = rnd.pick(groups);
      if (!userGroups.includes(group)) userGroups.push(group);
    }
    const clearance = rnd.int(6);
    users.push({
      id: `user-${k}`,
      roles: userRoles,
      groups: userGroups,
      clearance,
    });
  }
  const tools: Tool[] = [];
  for (const area of areaNames(n)) {
    for (const verb of VERBS) {
      for (let i = 0; i < TOOLS_PER_VERB; i++) {
        const owner = `user-${rnd.int(USER_COUNT)}`;
        const sensitivity = rnd.int(6);
        tools.push({
          id: `tool:${area}/${verb}_${i}`,
          area,
          owner,
          sensitivity,
        });
      }
    }
  }
  return { users, tools };
}

/** The generic policy set of size N from the `policies:<N>` stream. */
export function generatePolicySet(seed: number, n: number): GenericPolicySet {
  const rnd = mulberry32(subSeed(seed, `policies:${n}`));
  const roles = roleNames(n);
  const areas = areaNames(n);
  const kinds: number[] = [];
  const plain = Math.round(0.8 * n);
  const conditional = Math.round(0.1 * n);
  for (let i = 0; i < n; i++) kinds.push(i < plain ? 0 : i < plain + conditional ? 1 : 2);
  for (let i = n - 1; i >= 1; i--) {
    const j = rnd.int(i + 1);
    const tmp = kinds[i] as number;
    kinds[i] = kinds[j] as number;
    kinds[j] = tmp;
  }
  const policies: GenericPolicy[] = [];
  for (let i = 0; i < n; i++) {
    const role = rnd.pick(roles);
    const area = rnd.pick(areas);
    const id = `p${i}`;
    const kind = kinds[i];
    if (kind === 0) {
      policies.push({
        id,
        effect: "allow",
        role,
        action: rnd.pick(ACTIONS),
        area,
        condition: null,
      });
    } else if (kind === 1) {
      const action = rnd.pick(ACTIONS);
      policies.push({
        id,
        effect: "allow",
        role,
        action,
        area,
        condition: { type: "clearanceGteSensitivity" },
      });
    } else {
      const action = rnd.next() < 0.75 ? "call" : "list";
      const value = 6 + rnd.int(4);
      policies.push({
        id,
        effect: "deny",
        role,
        action,
        area,
        condition: { type: "hourLt", value },
      });
    }
  }
  return {
    format: "mcp-authz-policyset",
    version: 1,
    semantics: "deny-overrides; default deny",
    seed,
    n,
    vocabulary: { roles, areas, actions: [...ACTIONS], verbs: [...VERBS] },
    policies,
  };
}

/** `count` requests from the `requests:<N>` stream; users and tools are shared objects. */
export function generateRequests(seed: number, n: number, count: number, world: World): BenchRequest[] {
  const rnd = mulberry32(subSeed(seed, `requests:${n}`));
  const requests: BenchRequest[] = [];
  for (let i = 0; i < count; i++) {
    const subject = rnd.pick(world.users);
    const resource = rnd.pick(world.tools);
    const action = rnd.next() < 0.6 ? "call" : "list";
    const hour = rnd.int(24);
    requests.push({ subject, resource, action, env: { hour } });
  }
  return requests;
}

/** Everything one benchmark size needs. */
export interface Workload {
  seed: number;
  n: number;
  world: World;
  policySet: GenericPolicySet;
  requests: BenchRequest[];
}

export function generateWorkload(n: number, seed = DEFAULT_SEED, count = DEFAULT_COUNT): Workload {
  const world = generateWorld(seed, n);
  return {
    seed,
    n,
    world,
    policySet: generatePolicySet(seed, n),
    requests: generateRequests(seed, n, count, world),
  };
}
