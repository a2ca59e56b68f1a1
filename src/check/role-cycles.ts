/**
 * Spec §3: `includes` must not form a cycle. Depth-first search over the declared roles
 * (iterative: a chain of 100,000 roles must not overflow the stack); each edge that
 * closes a cycle is reported at the included name, naming the whole cycle, and its
 * declaration is rejected, which leaves the remaining graph acyclic (every cycle has
 * an edge that a depth-first search sees closing it).
 *
 * Linear in roles + includes: each role on the path knows its depth, so a closing edge
 * finds where its cycle starts at once, and a message reads only the (at most eight)
 * names it shows — a cycle is never copied out of the path, nor each name shortened.
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
    /** Depth on the current path of each role with state ON_PATH. */
    const depth = new Map<string, number>();
    for (const root of roles.values()) {
      if (state.has(root.name.value)) continue;
      // Each frame: a role on the current path and the index of its next include.
      const path: { role: RoleDecl; next: number }[] = [{ role: root, next: 0 }];
      state.set(root.name.value, ON_PATH);
      depth.set(root.name.value, 0);
      while (path.length > 0) {
        const frame = path[path.length - 1] as { role: RoleDecl; next: number };
        const includes = frame.role.includes;
        const include: Name | undefined = frame.next < includes.length ? includes[frame.next++] : undefined;
        if (include === undefined) {
          state.set(frame.role.name.value, DONE);
          depth.delete(frame.role.name.value);
          path.pop();
          continue;
        }
        const target = roles.get(include.value);
        if (target === undefined) continue;
        const seen = state.get(include.value);
        if (seen === ON_PATH) {
          const from = depth.get(include.value) as number;
          // Read from the role whose include closes the cycle: `b → a → b`, that is
          // the closing role, the path from `from` to the role before it, and it again.
          const inner = path.length - 1 - from;
          const name = (i: number): string =>
            i === 0 || i === inner + 1 ? frame.role.name.value : (path[from + i - 1] as { role: RoleDecl }).role.name.value;
          context.error(
            frame.role,
            diagnosticAt(
              include.span,
              CODES.roleCycle,
              `role \`${shorten(frame.role.name.value)}\` includes itself: \`${describeCycle(inner + 2, name)}\``,
              { help: "`includes` must not form a cycle; remove one of these includes" },
            ),
          );
        } else if (seen === undefined) {
          state.set(include.value, ON_PATH);
          depth.set(include.value, path.length);
          path.push({ role: target, next: 0 });
        }
      }
    }
  },
};

/** `a → b → a` for the `length` names `name(0)`…, shortened in the middle when the cycle is long. */
function describeCycle(length: number, name: (i: number) => string): string {
  const indexes =
    length > 8 ? [0, 1, 2, 3, -1, length - 3, length - 2, length - 1] : Array.from({ length }, (_, i) => i);
  return indexes.map((i) => (i < 0 ? "…" : shorten(name(i), 24))).join(" → ");
}
