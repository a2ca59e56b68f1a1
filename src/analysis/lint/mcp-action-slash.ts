/**
 * W0814 mcp-action-slash: in a policy set written for MCP (some action pattern matches an
 * MCP method), an action glob that matches no MCP method only because a `*` (or `?`, or a
 * `[…]`) stops at `/`. Every MCP method has a `/` (`tools/call`), so `action "*"` — the
 * quoted, ordinary glob, unlike the bare `*` — matches none of them: a deny written so
 * refuses nothing, and its author believes it refuses everything (docs/language.md, globs).
 */
import { compileGlob } from "../../compile/glob.js";
import { type ReportedDiagnostic, diagnosticAt } from "../../errors.js";
import { PROTECTED_METHODS } from "../../mcp/naming.js";
import type { LintRule } from "./rule.js";

/** A character no MCP method has and no glob names by accident: `/` stood in by it. */
const NOT_A_SLASH = "\u0001";
const FLATTENED = PROTECTED_METHODS.map((method) => ({ method, flat: method.replaceAll("/", NOT_A_SLASH) }));

export const mcpActionSlash: LintRule = {
  name: "mcp-action-slash",
  description: "an action glob that would match MCP methods if its wildcards crossed `/`, and matches none",
  check: ({ set }) => {
    const patterns = set.policies.flatMap((policy) =>
      policy.action.kind === "PatternList" ? policy.action.patterns.map((pattern) => ({ policy, pattern, glob: compileGlob(pattern.value) })) : [],
    );
    // Only a set that names MCP methods somewhere: elsewhere actions may have no `/` at all.
    if (!patterns.some(({ glob }) => PROTECTED_METHODS.some((method) => glob(method)))) return [];
    const out: ReportedDiagnostic[] = [];
    for (const { policy, pattern, glob } of patterns) {
      if (PROTECTED_METHODS.some((method) => glob(method))) continue;
      const missed = FLATTENED.filter(({ flat }) => glob(flat)).map(({ method }) => method);
      if (missed.length === 0) continue;
      const every = pattern.value === "*" || pattern.value === "**";
      out.push(
        diagnosticAt(
          pattern.span,
          "W0814",
          `action pattern \`"${pattern.value}"\` of policy \`${policy.name.value}\` matches no MCP method: a \`*\` in a glob stops at \`/\`, and every MCP method has one (\`${missed[0]}\`)`,
          {
            severity: "warning",
            help: every
              ? "to match every action write the bare `action *` (unquoted), or `\"**\"`"
              : `write the \`/\` out, e.g. \`"${missed[0]?.split("/")[0]}/*"\`, or use \`**\` as a whole segment`,
          },
        ),
      );
    }
    return out;
  },
};
