/**
 * The attribute types one policy can see: `subject` from the schema, `resource` as the
 * union of the declared resources its `resource` target may name (always with a string
 * `id`), and `env` with `env.arguments` typed by the argument schemas of those
 * resources for the actions its `action` target may name.
 */
import { ANY, type AttrType, type Member, objectType, STRING, unionType } from "../attributes/attr-type.js";
import { actionMayMatch, entriesForTarget } from "../attributes/resource-match.js";
import type { AttributeSchema } from "../attributes/schema.js";
import type { Policy } from "../model/ast.js";

export interface PolicyTypes {
  readonly subject: AttrType;
  readonly resource: AttrType;
  readonly env: AttrType;
}

const OPEN_OBJECT: AttrType = { ...objectType([]), additional: ANY };
const ID: readonly [string, Member] = ["id", { type: STRING, required: true }];

export function policyTypes(policy: Policy, schema: AttributeSchema): PolicyTypes {
  const subject = schema.subject?.type ?? OPEN_OBJECT;
  const entries = schema.resources === null ? null : entriesForTarget(schema.resources, policy.resource);

  let resource: AttrType = OPEN_OBJECT;
  if (entries !== null) {
    const types = entries.map((e) => e.type ?? objectType([]));
    const union = types.length === 0 ? objectType([]) : types.reduce(unionType);
    resource = union.any ? { ...OPEN_OBJECT, properties: new Map([ID]) } : withMember(union, ID);
  }

  let env = schema.env?.type ?? OPEN_OBJECT;
  if (entries !== null && entries.some((e) => e.arguments.length > 0)) {
    let argsType: AttrType | null = null;
    let everyEntry = true;
    for (const entry of entries) {
      const matching = entry.arguments.filter((a) => actionMayMatch(a.action, policy.action));
      const contribution = matching.length > 0 ? matching.map((a) => a.type).reduce(unionType) : objectType([]);
      if (matching.length === 0) everyEntry = false;
      argsType = argsType === null ? contribution : unionType(argsType, contribution);
    }
    if (argsType !== null && entries.some((e) => e.arguments.some((a) => actionMayMatch(a.action, policy.action)))) {
      const base = env.any ? OPEN_OBJECT : env;
      const declared = base.properties.get("arguments");
      env = withMember(base, ["arguments", { type: argsType, required: everyEntry || (declared?.required ?? false) }]);
    }
  }
  return { subject, resource, env };
}

function withMember(type: AttrType, [name, member]: readonly [string, Member]): AttrType {
  const properties = new Map(type.properties);
  properties.set(name, member);
  return { ...type, types: new Set([...type.types, "object"]), properties };
}
