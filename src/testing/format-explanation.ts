/**
 * An Explanation as a few lines of text for test failures: the summary, then every
 * policy whose targets matched (or erred), with the outcome of each of its tests.
 */
import type { Explanation, TestOutcome } from "../model/explain.js";

function outcome(o: TestOutcome): string {
  return o.status === "error" ? `error: ${o.message}` : o.status;
}

export function formatExplanation(explanation: Explanation): string {
  const lines = [explanation.summary];
  for (const p of explanation.policies) {
    const targets = [p.targets.subject, p.targets.action, p.targets.resource];
    if (targets.some((t) => t.status === "false")) continue;
    const where = `${p.source ?? "<source>"}:${p.line}:${p.column}`;
    const verdict = p.decisive ? "applies, decisive" : p.applies ? "applies" : "does not apply";
    lines.push(`  ${p.effect} \`${p.policy}\` (priority ${p.priority}, ${where}): ${verdict}`);
    for (const [name, t] of [
      ["subject", p.targets.subject],
      ["action", p.targets.action],
      ["resource", p.targets.resource],
    ] as const) {
      if (t.status === "error") lines.push(`    ${name} target: ${outcome(t)}`);
    }
    for (const c of p.conditions) lines.push(`    ${c.mode} ${c.text} → ${outcome(c.outcome)}`);
  }
  return lines.join("\n");
}
