/**
 * The generic policy set as `.mcpolicy` source text, to be compiled through the real
 * parser. Deny-overrides with default deny is the language's own rule at equal priority,
 * so every policy keeps the default priority 0.
 */
import type { GenericPolicy, GenericPolicySet } from "./types.js";

function condition(rule: GenericPolicy): string | null {
  const c = rule.condition;
  if (c === null) return null;
  if (c.type === "clearanceGteSensitivity") return "when subject.clearance >= resource.sensitivity";
  return `when env.hour < ${c.value}`;
}

/** One policy block; names and areas are generator output, quoted as JSON strings anyway. */
export function toMcpolicyPolicy(rule: GenericPolicy): string {
  const lines = [
    `policy ${JSON.stringify(rule.id)} {`,
    `  ${rule.effect}`,
    `  subject role ${JSON.stringify(rule.role)}`,
    `  action ${JSON.stringify(rule.action)}`,
    `  resource ${JSON.stringify(`tool:${rule.area}/*`)}`,
  ];
  const when = condition(rule);
  if (when !== null) lines.push(`  ${when}`);
  lines.push("}");
  return lines.join("\n");
}

/** The whole set, one policy per block, in generator order (the set order). */
export function toMcpolicy(set: GenericPolicySet): string {
  const header = `# Generated benchmark workload: seed ${set.seed}, N = ${set.n} (${set.semantics}).\n`;
  return `${header}\n${set.policies.map(toMcpolicyPolicy).join("\n\n")}\n`;
}
