/**
 * Path resolution (spec §4.2): `subject.a["b"]` steps through own data properties of
 * plain objects only. A missing property, a step into anything that is not a plain
 * object (an array included), or a final value that is not a JSON value, is an error.
 */
import type { PathRoot } from "../model/ast.js";
import type { Request } from "./request.js";
import { fail, ok, type Result } from "./result.js";
import { describeValue, kindOf, readOwn } from "./values.js";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A path as written in messages: `subject.org.id`, `env.arguments["file-name"]`. */
export function formatPath(root: string, members: readonly string[]): string {
  let text = root;
  for (const member of members) text += IDENTIFIER.test(member) ? `.${member}` : `[${JSON.stringify(member)}]`;
  return text;
}

/** The value a root names: `resource` in its object form, `env` `{}` when undefined. */
export function rootValue(root: PathRoot, request: Request): unknown {
  switch (root) {
    case "subject":
      return request.subject;
    case "resource":
      return request.resource;
    case "action":
      return request.action;
    case "env":
      return request.env;
  }
}

/** Resolves `root.members…` against a value; errors name the path. */
export function resolveFrom(start: unknown, root: string, members: readonly string[]): Result<unknown> {
  let current = start;
  for (let i = 0; i < members.length; i++) {
    const member = members[i] as string;
    const kind = kindOf(current);
    if (!kind.ok || kind.value !== "object") {
      const here = formatPath(root, members.slice(0, i));
      return fail(`${here} is ${describeValue(current)}, not an object (reading ${formatPath(root, members)})`);
    }
    const read = readOwn(current as object, member);
    if (!read.ok) return fail(`${formatPath(root, members.slice(0, i))} is ${read.message}`);
    if (!read.value.found) return fail(`missing attribute ${formatPath(root, members.slice(0, i + 1))}`);
    current = read.value.value;
  }
  const kind = kindOf(current);
  if (!kind.ok) return fail(`attribute ${formatPath(root, members)} is ${kind.message}, not a JSON value`);
  return ok(current);
}

/** Resolves a path expression against a request. */
export function resolvePath(root: PathRoot, members: readonly string[], request: Request): Result<unknown> {
  if (root === "action" && members.length > 0) return fail("`action` has no attributes");
  return resolveFrom(rootValue(root, request), root, members);
}
