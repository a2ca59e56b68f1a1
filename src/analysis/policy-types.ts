/**
 * The attribute types one policy can see: `subject` from the schema, `resource` as the
 * union of the declared resources its `resource` target may name (always with a string
 * `id`), and `env` with `env.arguments` typed by the argument schemas of those
 * resources for the actions its `action` target may name.
 */
import { ANY, type AttrType, JSON_TYPE_NAMES, type Member, objectType, STRING, unionType } from "../attributes/attr-type.js";
import { actionMayMatch, entriesForTarget, globMatches, isLiteralGlob } from "../attributes/resource-match.js";
import type { AttributeSchema, ResourceEntry } from "../attributes/schema.js";
import { intersectType } from "../attributes/schema-type.js";
import type { Policy } from "../model/ast.js";

export interface PolicyTypes {
  readonly subject: AttrType;
  readonly resource: AttrType;
  readonly env: AttrType;
}

const OPEN_OBJECT: AttrType = { ...objectType([]), additional: ANY };
/**
 * `env.arguments` where no `arguments` schema holds: any JSON value. Not `ANY`, so that
 * a union with a declared schema keeps its members known (each then anything, optional).
 */
const UNCHECKED: AttrType = { ...OPEN_OBJECT, types: new Set(JSON_TYPE_NAMES), items: ANY };
const ID: readonly [string, Member] = ["id", { type: STRING, required: true }];

/** Memo of `policyTypes` by what it depends on: the action and resource targets. */
export type PolicyTypesCache = Map<string, PolicyTypes>;

function targetKey(policy: Policy): string {
  const list = (t: Policy["action"]) => (t.kind === "AnyPattern" ? "*" : JSON.stringify(t.patterns.map((p) => p.value)));
  return `${list(policy.action)}\u0000${list(policy.resource)}`;
}

export function policyTypes(policy: Policy, schema: AttributeSchema, cache?: PolicyTypesCache): PolicyTypes {
  if (cache === undefined) return computePolicyTypes(policy, schema);
  const key = targetKey(policy);
  let types = cache.get(key);
  if (types === undefined) {
    types = computePolicyTypes(policy, schema);
    cache.set(key, types);
  }
  return types;
}

function computePolicyTypes(policy: Policy, schema: AttributeSchema): PolicyTypes {
  const subject = schema.subject?.type ?? ANY;
  const entries = schema.resources === null ? null : entriesForTarget(schema.resources, policy.resource);

  let resource: AttrType = ANY;
  if (entries !== null) {
    // Entries without a schema know only `id`: an empty object, intersected away when
    // another entry of the same id declares more.
    const pieces = idPieces(entries, policy, (matching) => {
      const types = matching.map((e) => e.type).filter((t): t is AttrType => t !== null);
      return types.length === 0 ? null : types.reduce(intersectType);
    });
    const union = pieces.length === 0 ? objectType([]) : pieces.map((p) => p ?? objectType([])).reduce(unionType);
    resource = union.any ? { ...OPEN_OBJECT, properties: new Map([ID]) } : withMember(union, ID);
  }

  let env = schema.env?.type ?? ANY;
  if (entries?.some((e) => e.arguments.length > 0)) {
    const args = argumentsType(entries, policy, schema.actions);
    if (args !== null) {
      const base = env.any ? OPEN_OBJECT : env;
      const declared = base.properties.get("arguments");
      // A request is validated against the `env` section and the entry's `arguments`
      // schema alike: both hold (neither replaces the other).
      const type = declared === undefined ? args.type : intersectType(declared.type, args.type);
      env = withMember(base, ["arguments", { type, required: args.required || (declared?.required ?? false) }]);
    }
  }
  return { subject, resource, env };
}


/**
 * `env.arguments` as the policy sees it. A request's id is checked against every entry
 * it matches, so for one id the declared argument schemas intersect; over the ids the
 * policy's `resource` target can name, they unite. An id whose entries declare nothing
 * for the action is not checked there: it contributes any value and makes `arguments`
 * optional (a declared type must not make a test of another id "always false").
 */
function argumentsType(
  entries: readonly ResourceEntry[],
  policy: Policy,
  actions: readonly string[] | null,
): { type: AttrType; required: boolean } | null {
  const pieces = idPieces(entries, policy, (matching) => {
    const types = matching.flatMap((e) => e.arguments.filter((a) => actionMayMatch(a.action, policy.action)).map((a) => a.type));
    return types.length === 0 ? null : types.reduce(intersectType);
  });
  if (pieces.every((p) => p === null)) return null;
  const type = pieces.map((p) => p ?? UNCHECKED).reduce(unionType);
  // An arguments schema holds only for its actions: when the policy's action clause
  // can also name an action none of them covers, `env.arguments` may be anything there.
  if (mayNameUncoveredAction(entries, policy, actions)) return { type: unionType(type, UNCHECKED), required: false };
  return { type, required: pieces.every((p) => p !== null) };
}

/**
 * Whether the policy's actions include one for which no entry declares arguments: among
 * the schema's declared actions the policy's patterns match, or — without a declared
 * list — unless every pattern is a literal action some declaration covers.
 */
function mayNameUncoveredAction(entries: readonly ResourceEntry[], policy: Policy, actions: readonly string[] | null): boolean {
  const covered = (action: string) => entries.some((e) => e.arguments.some((a) => globMatches(action, a.action)));
  const target = policy.action;
  if (actions !== null) {
    const named = target.kind === "AnyPattern" ? actions : actions.filter((a) => target.patterns.some((p) => globMatches(a, p.value)));
    return named.some((a) => !covered(a));
  }
  if (target.kind === "AnyPattern") return true;
  return target.patterns.some((p) => !isLiteralGlob(p.value) || !covered(p.value));
}

/**
 * One type per kind of id the policy's `resource` target can name: each declared `id`
 * (with the patterns that also match it), each literal pattern of the target that is no
 * declared id, or else each declared pattern the target overlaps. `declared` combines
 * the entries one such id matches (null: they declare nothing).
 */
function idPieces(
  entries: readonly ResourceEntry[],
  policy: Policy,
  declared: (matching: readonly ResourceEntry[]) => AttrType | null,
): (AttrType | null)[] {
  const globs = entries.filter((e) => !e.exact);
  const pieces: (AttrType | null)[] = [];
  const exactIds = new Set<string>();
  for (const entry of entries) {
    if (!entry.exact) continue;
    exactIds.add(entry.pattern);
    pieces.push(declared([entry, ...globs.filter((g) => globMatches(entry.pattern, g.pattern))]));
  }
  const target = policy.resource;
  if (target.kind === "PatternList" && target.patterns.every((p) => isLiteralGlob(p.value))) {
    for (const p of target.patterns) {
      if (!exactIds.has(p.value)) pieces.push(declared(globs.filter((g) => globMatches(p.value, g.pattern))));
    }
  } else {
    for (const glob of globs) pieces.push(declared([glob]));
  }
  return pieces;
}

function withMember(type: AttrType, [name, member]: readonly [string, Member]): AttrType {
  const properties = new Map(type.properties);
  properties.set(name, member);
  return { ...type, types: new Set([...type.types, "object"]), properties };
}
