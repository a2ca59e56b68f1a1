/**
 * W0812 mcp-list-action: a policy whose `action` clause can only match MCP list methods
 * (`tools/list`, `resources/list`, `resources/templates/list`, `prompts/list`). Under
 * `mcpolicy/mcp`'s `protect` a list is never decided on its own: each item is shown when
 * its call could be allowed (docs/mcp.md). Such a policy looks as if it controlled what a
 * caller sees, and decides nothing there — a deny on `tools/list` hides no tool.
 */
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import { compileGlob } from "../../compile/glob.js";
import { PROTECTED_METHODS } from "../../mcp/naming.js";
import type { LintRule } from "./rule.js";

const LIST_METHODS = new Set<string>(["tools/list", "resources/list", "resources/templates/list", "prompts/list"]);

/** What a list item is decided as under `protect`, to name in the hint. */
const ITEM_ACTION: Readonly<Record<string, string>> = {
  "tools/list": "tools/call",
  "resources/list": "resources/read",
  "resources/templates/list": "resources/read",
  "prompts/list": "prompts/get",
};

export const mcpListAction: LintRule = {
  name: "mcp-list-action",
  description: "policies on MCP list methods only, which protect() never decides on their own",
  check: ({ set }) => {
    const out: ReportedDiagnostic[] = [];
    for (const policy of set.policies) {
      if (policy.action.kind !== "PatternList") continue;
      const matched = new Set<string>();
      // Every pattern must match some MCP method, and only list methods: a pattern for
      // actions of the user's own (not MCP methods) is none of this rule's business.
      const onlyLists = policy.action.patterns.every((pattern) => {
        const glob = compileGlob(pattern.value);
        const methods = PROTECTED_METHODS.filter((method) => glob(method));
        for (const method of methods) matched.add(method);
        return methods.length > 0 && methods.every((method) => LIST_METHODS.has(method));
      });
      if (!onlyLists) continue;
      const items = [...new Set([...matched].map((method) => ITEM_ACTION[method] as string))].map((a) => `"${a}"`).join(", ");
      out.push(
        diagnosticAt(policy.action.span, "W0812", `policy \`${policy.name.value}\` acts only on MCP list methods, which \`protect\` never decides on their own`, {
          severity: "warning",
          help: `a list shows each item whose call could be allowed: to show or hide items, allow or deny ${items} instead (docs/mcp.md)`,
        }),
      );
    }
    return out;
  },
};
