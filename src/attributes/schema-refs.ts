/**
 * `$ref` in an attribute schema (docs/schemas.md): only `#/$defs/NAME`, to a definition
 * of the document. Every section is compiled inside one root document whose `$defs`
 * also hold our own entries (`mcpolicy:subject`, …), so any other reference (`#`,
 * `#/$defs/mcpolicy:subject`, a remote URI) would reach something the author never wrote.
 *
 * And no definition may reach itself without descending into a value: `a: {$ref: b}`
 * with `b: {$ref: a}`, or `a: {allOf: [{$ref: a}]}`, apply to the same value forever —
 * ajv overflows its stack on them, when compiling or on some values only. A recursive
 * definition that goes through `properties`, `items` and the like (a tree) is fine.
 *
 * No `$id` either: below one, ajv resolves `#/$defs/NAME` against that subschema's own
 * `$defs`, so validation would read other definitions than the types, the arbitraries
 * and the cycle check above.
 */

/**
 * Keywords whose subschemas apply to the same value as the schema holding them (by
 * name for the last two: draft-07's `dependencies`, whose entries may also be lists of
 * names, and its successor `dependentSchemas`).
 */
const SAME_VALUE = ["allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependencies", "dependentSchemas"] as const;
const SAME_VALUE_BY_NAME = new Set<string>(["dependencies", "dependentSchemas"]);

/** Keywords holding schemas (or, for `dependencies`, lists of names) by name. */
const NAMED_SCHEMAS = new Set(["properties", "patternProperties", "dependencies", "dependentSchemas", "$defs", "definitions"]);
/** Keywords holding data, not schemas. */
const DATA_KEYWORDS = new Set(["const", "enum", "default", "examples", "required", "type", "dependentRequired"]);

/** `#/$defs/NAME` → NAME, for the references an attribute schema may use; null for any other. */
function definitionName(ref: string): string | null {
  const match = /^#\/\$defs\/([A-Za-z0-9_.-]{1,128})$/.exec(ref);
  return match === null ? null : (match[1] as string);
}

/**
 * Problems with the `$ref`s of `schemas` (each with the JSON pointer it sits at) given
 * the document's definitions: references of another form or to a missing definition,
 * and definitions that reach themselves without descending into a value.
 */
export function refProblems(schemas: readonly (readonly [string, unknown])[], defs: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const walk = (schema: unknown, pointer: string, depth: number): void => {
    if (typeof schema !== "object" || schema === null || depth > 200) return;
    if (Array.isArray(schema)) {
      schema.forEach((item, i) => {
        walk(item, `${pointer}/${i}`, depth + 1);
      });
      return;
    }
    for (const [key, value] of Object.entries(schema)) {
      if (key === "$ref") {
        if (typeof value !== "string") problems.push(`\`${pointer}/$ref\` must be a string`);
        else {
          const name = definitionName(value);
          if (name === null) problems.push(`\`${pointer}/$ref\` is \`${value}\`: a \`$ref\` may point to \`#/$defs/NAME\` only`);
          else if (!Object.hasOwn(defs, name)) problems.push(`\`${pointer}/$ref\` points to \`#/$defs/${name}\`, which is not defined`);
        }
      } else if (key === "$id") {
        // A base URI (or an anchor) of its own: ajv would resolve `#/$defs/NAME` below it
        // against the subschema's own `$defs`, not the document's the rest of us read.
        problems.push(`\`${pointer}/$id\`: \`$id\` is not supported in an attribute schema (a \`$ref\` names a definition of the document's \`$defs\`)`);
      } else if (NAMED_SCHEMAS.has(key)) {
        // Keys here are names (a property may be called `$ref`), the values schemas.
        if (typeof value === "object" && value !== null && !Array.isArray(value)) {
          for (const [name, sub] of Object.entries(value)) walk(sub, `${pointer}/${key}/${name}`, depth + 1);
        }
      } else if (!DATA_KEYWORDS.has(key)) {
        walk(value, `${pointer}/${key}`, depth + 1);
      }
    }
  };
  for (const [pointer, schema] of schemas) walk(schema, pointer, 0);
  for (const name of Object.keys(defs)) walk(defs[name], `/$defs/${name}`, 0);
  const chain = longestRefChain(defs);
  if (chain.length > MAX_REF_CHAIN) {
    problems.push(
      `definitions reach one another through \`$ref\` more than ${MAX_REF_CHAIN} deep (${chain.length}: ${chain
        .slice(0, 3)
        .map((name) => `#/$defs/${name}`)
        .join(" → ")} → …): ajv compiles such a chain by recursion, and no request nested 64 deep can need it`,
    );
    return problems;
  }
  const cycle = sameValueCycle(defs);
  if (cycle !== null) {
    problems.push(
      `\`$ref\` cycle that never descends into a value: ${cycle.map((name) => `#/$defs/${name}`).join(" → ")} (recursion must go through \`properties\`, \`items\` or the like)`,
    );
  }
  return problems;
}

/** The definitions a schema refers to for the same value (through `$ref` and SAME_VALUE keywords). */
function sameValueRefs(schema: unknown, into: Set<string>, depth = 0): void {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema) || depth > 200) return;
  const ref = Object.hasOwn(schema, "$ref") ? (schema as Record<string, unknown>).$ref : undefined;
  if (typeof ref === "string") {
    const name = definitionName(ref);
    if (name !== null) into.add(name);
  }
  for (const key of SAME_VALUE) {
    if (!Object.hasOwn(schema, key)) continue;
    const value = (schema as Record<string, unknown>)[key];
    if (SAME_VALUE_BY_NAME.has(key)) {
      // A list of names (`dependencies: {"x": ["y"]}`) holds no schema: skipped below.
      if (typeof value === "object" && value !== null && !Array.isArray(value)) for (const sub of Object.values(value)) sameValueRefs(sub, into, depth + 1);
    } else if (Array.isArray(value)) for (const sub of value) sameValueRefs(sub, into, depth + 1);
    else sameValueRefs(value, into, depth + 1);
  }
}

/** A cycle of definitions that refer to each other for the same value, or null. */
function sameValueCycle(defs: Readonly<Record<string, unknown>>): string[] | null {
  const edges = new Map<string, string[]>();
  for (const name of Object.keys(defs)) {
    const into = new Set<string>();
    sameValueRefs(defs[name], into);
    edges.set(name, [...into].filter((target) => Object.hasOwn(defs, target)));
  }
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    state.set(name, "open");
    stack.push(name);
    for (const next of edges.get(name) ?? []) {
      if (state.get(next) === "open") return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found !== null) return found;
      }
    }
    stack.pop();
    state.set(name, "done");
    return null;
  };
  for (const name of edges.keys()) {
    if (state.get(name) !== undefined) continue;
    const found = visit(name);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Longest chain of distinct definitions one reaches from another through `$ref`s
 * anywhere in it. ajv compiles a chain by recursion (300 nested definitions overflowed
 * its stack: a crash reported as "Maximum call stack size exceeded"), so a longer one
 * is refused with this message. Recursive definitions (a cycle) count each member once.
 */
const MAX_REF_CHAIN = 64;

/** The definitions `schema` refers to anywhere inside it. */
function allRefs(schema: unknown, into: Set<string>): void {
  const pending: unknown[] = [schema];
  let seen = 0;
  while (pending.length > 0 && seen++ < 200_000) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    for (const [key, sub] of Object.entries(value)) {
      if (key === "$ref" && typeof sub === "string") {
        const name = definitionName(sub);
        if (name !== null) into.add(name);
      } else if (!DATA_KEYWORDS.has(key)) pending.push(sub);
    }
  }
}

/**
 * The longest chain (as definition names, first to last) over the graph of `$ref`s
 * between definitions, each cycle condensed (its members counted once each). Iterative:
 * a chain of 100,000 definitions must not overflow the stack here either.
 */
function longestRefChain(defs: Readonly<Record<string, unknown>>): string[] {
  const names = Object.keys(defs);
  const edges = new Map<string, string[]>();
  for (const name of names) {
    const into = new Set<string>();
    allRefs(defs[name], into);
    edges.set(name, [...into].filter((target) => Object.hasOwn(defs, target)));
  }
  // Tarjan's strongly connected components, iteratively.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  const members: string[][] = [];
  let counter = 0;
  for (const root of names) {
    if (index.has(root)) continue;
    const frames: { name: string; next: number }[] = [{ name: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { name: string; next: number };
      const out = edges.get(frame.name) ?? [];
      if (frame.next < out.length) {
        const next = out[frame.next++] as string;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          frames.push({ name: next, next: 0 });
        } else if (onStack.has(next)) low.set(frame.name, Math.min(low.get(frame.name) as number, index.get(next) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.name, Math.min(low.get(parent.name) as number, low.get(frame.name) as number));
      if (low.get(frame.name) === index.get(frame.name)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.set(member, members.length);
          group.push(member);
        } while (member !== frame.name);
        // Popped in reverse order of discovery: reversed, a ring reads along its `$ref`s.
        members.push(group.reverse());
      }
    }
  }
  // Components come out in reverse topological order: successors first.
  const best: number[] = [];
  const via: (number | null)[] = [];
  members.forEach((group, c) => {
    let longest = 0;
    let through: number | null = null;
    for (const name of group) {
      for (const target of edges.get(name) ?? []) {
        const t = component.get(target) as number;
        if (t !== c && (best[t] as number) > longest) {
          longest = best[t] as number;
          through = t;
        }
      }
    }
    best[c] = group.length + longest;
    via[c] = through;
  });
  let start = -1;
  best.forEach((length, c) => {
    if (start === -1 || length > (best[start] as number)) start = c;
  });
  const chain: string[] = [];
  for (let c: number | null = start === -1 ? null : start; c !== null; c = via[c] ?? null) chain.push(...(members[c] as string[]));
  return chain;
}

