/**
 * A starter attribute schema inferred from how the policies use attributes
 * (`mcpolicy init`): every path a condition reads, typed by the literals and operators
 * it meets (`env.hour < 8` → number, `matches` → string, `"x" in p` → array of
 * strings), required unless some policy guards it with `has`. Also the actions and
 * resources the targets name. Also what `mcpolicy test` generates from without a schema.
 */
import type { Expr, LiteralValue, PathExpr } from "../model/ast.js";
import type { PolicySet } from "../model/policy-set.js";
import { splitTemplate } from "../model/template.js";
import { defineOwn } from "../attributes/define-own.js";
import { globMatches } from "../attributes/resource-match.js";

type TypeName = "string" | "number" | "integer" | "boolean" | "null" | "array" | "object";

interface Usage {
  types: Set<TypeName>;
  items: Set<TypeName>;
  members: Map<string, Usage>;
  /** Some policy tests its presence with `has`: optional. */
  guarded: boolean;
  /** A condition reads it without a guard: required (unless guarded elsewhere). */
  read: boolean;
}

function usage(): Usage {
  return { types: new Set(), items: new Set(), members: new Map(), guarded: false, read: false };
}

function mergeUsage(into: Usage, from: Usage): void {
  for (const t of from.types) into.types.add(t);
  for (const t of from.items) into.items.add(t);
  into.guarded ||= from.guarded;
  into.read ||= from.read;
  for (const [name, member] of from.members) {
    const existing = into.members.get(name);
    if (existing === undefined) into.members.set(name, member);
    else mergeUsage(existing, member);
  }
}

/** Well-known MCP methods, declared when a policy's action target can name them. */
const MCP_ACTIONS = ["tools/call", "tools/list", "resources/read", "resources/list", "prompts/get", "prompts/list"];

function literalType(value: LiteralValue): TypeName {
  if (value === null) return "null";
  // A literal `5` says the attribute is compared with numbers, not that 1.5 is invalid.
  if (typeof value === "number") return "number";
  return typeof value as "string" | "boolean";
}

class Tree {
  readonly roots = { subject: usage(), resource: usage(), env: usage() };
  /** Where `env.arguments.…` of the policy being visited goes (per-resource schemas). */
  argumentsSink: Usage | null = null;

  node(root: string, members: readonly string[], reading = true): Usage | null {
    if (root === "action" || !Object.hasOwn(this.roots, root)) return null;
    let node = this.roots[root as "subject"];
    let rest = members;
    if (root === "env" && members[0] === "arguments" && this.argumentsSink !== null) {
      node = this.argumentsSink;
      node.types.add("object");
      rest = members.slice(1);
    }
    for (const member of rest) {
      node.types.add("object");
      let next = node.members.get(member);
      if (next === undefined) {
        next = usage();
        node.members.set(member, next);
      }
      if (reading) next.read = true;
      node = next;
    }
    return node;
  }

  mark(path: Expr, type: TypeName | null, item: TypeName | null = null): void {
    if (path.kind !== "Path") return;
    const node = this.node(path.root, path.members);
    if (node === null) return;
    if (type !== null) node.types.add(type);
    if (item !== null) node.items.add(item);
  }
}

function literalTypes(expr: Expr): TypeName[] {
  if (expr.kind === "Literal") return [literalType(expr.value)];
  if (expr.kind === "List") return expr.items.map((i) => literalType(i.value));
  return [];
}

function visit(expr: Expr, tree: Tree, booleanPosition: boolean): void {
  switch (expr.kind) {
    case "Path":
      if (booleanPosition) tree.mark(expr, "boolean");
      else tree.node(expr.root, expr.members);
      return;
    case "Literal":
    case "List":
      return;
    case "Not":
      visit(expr.operand, tree, true);
      return;
    case "And":
    case "Or":
      for (const o of expr.operands) visit(o, tree, true);
      return;
    case "Compare":
      for (const [p, other] of [
        [expr.left, expr.right],
        [expr.right, expr.left],
      ] as const) {
        // Compared with a list literal, the attribute is an array of its elements' types.
        if (other.kind === "List") {
          tree.mark(p, "array");
          for (const t of literalTypes(other)) tree.mark(p, null, t);
        } else for (const t of literalTypes(other)) tree.mark(p, t);
      }
      visit(expr.left, tree, false);
      visit(expr.right, tree, false);
      return;
    case "In":
    case "Contains": {
      const [item, collection] = expr.kind === "In" ? [expr.left, expr.right] : [expr.right, expr.left];
      if (collection.kind === "List") for (const t of literalTypes(collection)) tree.mark(item, t);
      const itemTypes = literalTypes(item);
      tree.mark(collection, "array");
      // `p contains "x"` is a substring test when p is a string: both are possible
      if (expr.kind === "Contains" && itemTypes.includes("string")) tree.mark(collection, "string");
      for (const t of itemTypes) tree.mark(collection, null, t);
      visit(item, tree, false);
      visit(collection, tree, false);
      return;
    }
    case "Matches":
      tree.mark(expr.left, "string");
      visit(expr.left, tree, false);
      interpolations(expr.pattern.value, tree);
      return;
    case "Has": {
      if (expr.left.kind !== "Path") return;
      const node = tree.node(expr.left.root, [...expr.left.members, expr.member], false);
      if (node !== null) node.guarded = true;
      return;
    }
  }
}

function interpolations(pattern: string, tree: Tree): void {
  const split = splitTemplate(pattern);
  if (!split.ok) return;
  for (const part of split.parts) {
    if (part.kind === "subject") tree.mark({ kind: "Path", root: "subject", members: part.path } as PathExpr, "string");
  }
}

function toSchema(node: Usage): Record<string, unknown> {
  const types = [...node.types];
  if (types.includes("integer") && types.includes("number")) types.splice(types.indexOf("integer"), 1);
  const schema: Record<string, unknown> = {};
  if (types.length === 1) schema.type = types[0];
  else if (types.length > 1) schema.type = types;
  if (node.types.has("object") && node.members.size > 0) {
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const [name, member] of [...node.members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      defineOwn(properties, name, toSchema(member));
      if (member.read && !member.guarded) required.push(name);
    }
    schema.properties = properties;
    if (required.length > 0) schema.required = required;
  }
  if (node.types.has("array")) {
    const items = [...node.items];
    schema.items = items.length === 1 ? { type: items[0] } : items.length > 1 ? { type: items } : {};
  }
  return schema;
}

function isLiteral(glob: string): boolean {
  return !/[*?[\]{}\\]|\$\{/.test(glob);
}

/** The starter schema document for a policy set (see docs/schemas.md). */
export function inferSchemaDocument(set: PolicySet): Record<string, unknown> {
  const tree = new Tree();
  const actions = new Set<string>();
  const actionGlobs: string[] = [];
  const resources = new Map<string, { id?: string; pattern?: string }>();
  let anyAction = false;
  const argumentsByResource = new Map<string, Map<string, Usage>>();
  for (const policy of set.policies) {
    if (policy.subject.kind === "SubjectMatchers") {
      for (const alt of policy.subject.alternatives) {
        const name = alt.attribute === "user" ? "id" : alt.attribute === "role" ? "roles" : "groups";
        // a missing id/roles/groups just does not match: not a read that requires it
        const node = tree.node("subject", [name], false);
        if (node === null) continue;
        if (name === "id") node.types.add("string");
        else {
          node.types.add("array");
          node.items.add("string");
        }
      }
    }
    if (policy.action.kind === "AnyPattern") anyAction = true;
    else for (const p of policy.action.patterns) (isLiteral(p.value) ? actions.add(p.value) : actionGlobs.push(p.value));
    if (policy.resource.kind === "PatternList") {
      for (const p of policy.resource.patterns) {
        interpolations(p.value, tree);
        const glob = p.value.replace(/\$\{[^}]*\}/g, "*");
        if (!resources.has(glob)) resources.set(glob, isLiteral(p.value) ? { id: p.value } : { pattern: glob });
      }
    }
    // `env.arguments` depends on the tool: recorded per resource pattern and action.
    const perResource = policy.resource.kind === "PatternList";
    tree.argumentsSink = perResource ? usage() : null;
    for (const condition of policy.conditions) visit(condition.expr, tree, true);
    const sink = tree.argumentsSink;
    tree.argumentsSink = null;
    if (sink !== null && sink.members.size > 0 && policy.resource.kind === "PatternList") {
      const actionKeys = policy.action.kind === "AnyPattern" ? ["*"] : policy.action.patterns.map((p) => p.value);
      for (const p of policy.resource.patterns) {
        const glob = p.value.replace(/\$\{[^}]*\}/g, "*");
        const byAction = argumentsByResource.get(glob) ?? new Map<string, Usage>();
        argumentsByResource.set(glob, byAction);
        for (const action of actionKeys) {
          const existing = byAction.get(action) ?? usage();
          mergeUsage(existing, sink);
          byAction.set(action, existing);
        }
      }
    }
  }
  const declaredActions = new Set(actions);
  for (const known of MCP_ACTIONS) {
    if (anyAction || actionGlobs.some((g) => globMatches(known, g))) declaredActions.add(known);
  }
  const env = toSchema(tree.roots.env);
  const resourceUsage = tree.roots.resource;
  // Resource attributes are read by some policies about some resources: required of none
  // (a request about a resource no such policy covers need not carry them).
  const { required: _unused, ...resourceSchema } = toSchema(resourceUsage);
  const document: Record<string, unknown> = {
    description: "Attribute schema for these policies (docs/schemas.md). Generated by `mcpolicy init`; edit to match your requests.",
    version: 1,
    subject: { type: "object", ...toSchema(tree.roots.subject) },
    env: { type: "object", ...env },
    actions: [...declaredActions].sort(),
    resources: [...resources.entries()].map(([glob, entry]) => {
      const args = argumentsByResource.get(glob);
      return {
        ...entry,
        ...(resourceUsage.members.size > 0 ? { schema: { type: "object", ...resourceSchema } } : {}),
        ...(args !== undefined ? { arguments: Object.fromEntries([...args].map(([action, u]) => [action, toSchema(u)])) } : {}),
      };
    }),
  };
  // `action *` or an action glob decides actions no list can name: declare none (a list
  // would make the schema refuse requests the policies decide).
  if (anyAction || actionGlobs.length > 0) delete document.actions;
  // `resource *` decides every id: a catch-all entry keeps other ids from being "unknown".
  if (set.policies.some((p) => p.resource.kind === "AnyPattern")) {
    if (resources.size === 0) delete document.resources;
    else
      (document.resources as unknown[]).push({
        pattern: "**",
        ...(resourceUsage.members.size > 0 ? { schema: { type: "object", ...resourceSchema } } : {}),
      });
  }
  return document;
}
