/** Vocabulary sizes and names, scaled with N (WORKLOAD.md "Generator"). */

export const DEFAULT_SEED = 20240611;
export const DEFAULT_COUNT = 10_000;
export const SIZES = [10, 100, 1000, 10_000] as const;

export const USER_COUNT = 500;
export const GROUP_COUNT = 10;
export const ACTIONS = ["call", "list"] as const;
export const VERBS = ["read", "write", "list", "search", "exec", "delete"] as const;
export const TOOLS_PER_VERB = 3;

const BASES = [
  "files",
  "git",
  "db",
  "web",
  "slack",
  "mail",
  "calendar",
  "shell",
  "cloud",
  "jira",
  "docs",
  "search",
  "k8s",
  "browser",
  "crm",
  "billing",
  "notes",
  "drive",
  "sheets",
  "wiki",
] as const;

/** Number of roles R = clamp(round(sqrt(N)), 3, 100). */
export function roleCount(n: number): number {
  return Math.min(100, Math.max(3, Math.round(Math.sqrt(n))));
}

/** Number of areas A = max(3, round(0.7 N / R)). */
export function areaCount(n: number): number {
  return Math.max(3, Math.round((0.7 * n) / roleCount(n)));
}

export function roleNames(n: number): string[] {
  return Array.from({ length: roleCount(n) }, (_, i) => `role${i}`);
}

export function groupNames(): string[] {
  return Array.from({ length: GROUP_COUNT }, (_, i) => `grp${i}`);
}

export function areaNames(n: number): string[] {
  return Array.from({ length: areaCount(n) }, (_, j) => {
    const base = BASES[j % BASES.length] as string;
    return j < BASES.length ? base : `${base}${Math.floor(j / BASES.length) + 1}`;
  });
}
