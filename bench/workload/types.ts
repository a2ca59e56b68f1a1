/** The generic JSON shapes every engine adapter receives (WORKLOAD.md). */

export type Condition = null | { type: "clearanceGteSensitivity" } | { type: "hourLt"; value: number };

export interface GenericPolicy {
  id: string;
  effect: "allow" | "deny";
  role: string;
  action: string;
  area: string;
  condition: Condition;
}

export interface Vocabulary {
  roles: string[];
  areas: string[];
  actions: string[];
  verbs: string[];
}

export interface GenericPolicySet {
  format: "mcp-authz-policyset";
  version: 1;
  semantics: "deny-overrides; default deny";
  seed: number;
  n: number;
  vocabulary: Vocabulary;
  policies: GenericPolicy[];
}

export interface User {
  id: string;
  roles: string[];
  groups: string[];
  clearance: number;
}

export interface Tool {
  id: string;
  area: string;
  owner: string;
  sensitivity: number;
}

export interface BenchRequest {
  subject: User;
  resource: Tool;
  action: string;
  env: { hour: number };
}

/** How a request is decided: which kinds of rules match it. */
export type RequestClass = "allow" | "deny-override" | "deny-only" | "no-match";
