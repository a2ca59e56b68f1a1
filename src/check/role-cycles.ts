/**
 * Spec §3: `includes` must not form a cycle. Depth-first search over the declared roles
 * (iterative: a chain of 100,000 roles must not overflow the stack); each edge that
 * closes a cycle is reported at the included name, naming the whole cycle, and its
 * declaration is rejected, which leaves the remaining graph acyclic (every cycle has
 * an edge that a depth-first search sees closing it).
 *
 * Runs after unique-roles: a rejected duplicate declaration is not part of the graph.
 */
import { diagnosticAt } from "../errors.js";
import type { Name, RoleDecl } from "../model/ast.js";
import { CODES } from "../syntax/codes.js";
import { shorten } from "../syntax/shorten.js";
import type { Rule } from "./rule.js";

const ON_PATH = 1;
const DONE = 2;

export const roleCycles: Rule = {
  name: "role-cycles",
  scope: "set",
  check(declarations, context) {
    const roles = new Map<string, RoleDecl>();
    for (const d of declarations) {
      if (d.kind === "RoleDecl" && !context.rejected(d) && !roles.has(d.name.value)) roles.set(d.name.value, d);
    }
    const state = new Map<string, number>();
    for (const root of roles.values()) {
      if (state.has(root.name.value)) continue;
      // Each frame: a role on the current path and the index of its next include.
      const path: { role: RoleDecl; next: number }[] = [{ role: root, next: 0 }];
      state.set(root.name.value, ON_PATH);
      while (path.length > 0) {
        const frame = path[path.length - 1] as { role: RoleDecl; next: number };
        const includes = frame.role.includes;
        const include: Name | undefined = frame.next < includes.length ? includes[frame.next++] : undefined;
        if (include === undefined) {
          state.set(frame.role.name.value, DONE);
          path.pop();
          continue;
        }
        const target = roles.get(include.value);
        if (target === undefined) continue;
        const seen = state.get(include.value);
        if (seen === ON_PATH) {
          const from = path.findIndex((f) => f.role.name.value === include.value);
          // Read from the role whose include closes the cycle: `b → a → b`.
          const cycle = [frame.role.name.value, ...path.slice(from, -1).map((f) => f.role.name.value), frame.role.name.value];
          context.error(
            frame.role,
            diagnosticAt(
              include.span,
              CODES.roleCycle,
              `role \`${shorten(frame.role.name.value)}\` includes itself: \`${describeCycle(cycle)}\``,
              { help: "`includes` must not form a cycle; remove one of these includes" },
            ),
          );
        } else if (seen === undefined) {
          state.set(include.value, ON_PATH);
          path.push({ role: target, next: 0 });
        }
      }
    }
  },
};

/** `a → b → a`, shortened in the middle when the cycle is long. */
function describeCycle(cycle: readonly string[]): string {
  const names = cycle.map((n) => shorten(n, 24));
  const shown = names.length > 8 ? [...names.slice(0, 4), "…", ...names.slice(-3)] : names;
  return shown.join(" → ");
}
