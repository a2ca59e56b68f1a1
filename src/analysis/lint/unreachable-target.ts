/**
 * W0802/W0803 unreachable-target: with a schema that declares resources or actions, a
 * `resource` or `action` pattern that can name none of them never matches a valid
 * request — usually a typo (`tool:raed_file`).
 */
import { entryMayMatchPattern, globMatches } from "../../attributes/resource-match.js";
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import { didYouMean } from "../did-you-mean.js";
import type { LintRule } from "./rule.js";

export const unreachableTarget: LintRule = {
  name: "unreachable-target",
  description: "resource or action patterns that match nothing the schema declares",
  check: ({ set, schema }) => {
    const out: ReportedDiagnostic[] = [];
    if (schema === null) return out;
    // Large sets repeat a few patterns: decide each pattern once.
    const resourceSeen = new Map<string, boolean>();
    const actionSeen = new Map<string, boolean>();
    const memo = (map: Map<string, boolean>, key: string, decide: () => boolean) => {
      let value = map.get(key);
      if (value === undefined) {
        value = decide();
        map.set(key, value);
      }
      return value;
    };
    for (const policy of set.policies) {
      const resources = schema.resources;
      if (resources !== null && policy.resource.kind === "PatternList") {
        for (const pattern of policy.resource.patterns) {
          if (memo(resourceSeen, pattern.value, () => resources.some((e) => entryMayMatchPattern(e, pattern.value)))) continue;
          const near = didYouMean(pattern.value, resources.map((e) => e.pattern));
          out.push(
            diagnosticAt(pattern.span, "W0802", `resource pattern \`${pattern.value}\` matches no resource the schema declares`, {
              severity: "warning",
              help: near !== undefined ? `did you mean \`${near}\`?` : "declare the resource in the schema's `resources`, or fix the pattern",
            }),
          );
        }
      }
      const actions = schema.actions;
      if (actions !== null && policy.action.kind === "PatternList") {
        for (const pattern of policy.action.patterns) {
          if (memo(actionSeen, pattern.value, () => actions.some((a) => a === pattern.value || globMatches(a, pattern.value)))) continue;
          const near = didYouMean(pattern.value, actions);
          out.push(
            diagnosticAt(pattern.span, "W0803", `action pattern \`${pattern.value}\` matches no action the schema declares`, {
              severity: "warning",
              help: near !== undefined ? `did you mean \`${near}\`?` : `declared actions: ${actions.slice(0, 8).map((a) => `\`${a}\``).join(", ")}`,
            }),
          );
        }
      }
    }
    return out;
  },
};
