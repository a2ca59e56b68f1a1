/**
 * Path resolution for compiled conditions (spec §4.2): own data properties of plain
 * objects only; a missing property, a step into a non-object or a non-JSON value is a
 * Fault. Closures are specialized on the number of members: most paths have one.
 */
import { describePath, Fault, isPlain, MISSING, notJsonReason, readOwn } from "./values.js";

/** Resolves `members` below `root`; returns the value or a Fault. Never throws. */
export function resolvePath(root: unknown, rootName: string, members: readonly string[]): unknown {
  try {
    let value = root;
    for (let i = 0; i < members.length; i++) {
      const member = members[i] as string;
      if (!isPlain(value)) return notAnObject(rootName, members, i, value);
      const next = readOwn(value, member);
      if (next === MISSING) return new Fault(`missing attribute ${describePath(rootName, members.slice(0, i + 1))}`);
      value = next;
    }
    const reason = notJsonReason(value);
    return reason === null ? value : new Fault(`attribute ${describePath(rootName, members)} is ${reason}, not a JSON value`);
  } catch {
    return new Fault(`attribute ${describePath(rootName, members)} threw when read`);
  }
}

/** Worded as the reference interpreter words it: `evaluate` and `explain` give the same message. */
function notAnObject(rootName: string, members: readonly string[], i: number, value: unknown): Fault {
  const at = describePath(rootName, members.slice(0, i));
  const what = notJsonReason(value) ?? kindWithArticle(value);
  return new Fault(`${at} is ${what}, not an object (reading ${describePath(rootName, members)})`);
}

/** The JSON kind of a value, for messages. */
export function kindName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  return type === "object" ? "object" : type;
}

/** The JSON kind of a value as a phrase: "a string", "an array", "null". */
export function kindWithArticle(value: unknown): string {
  const kind = kindName(value);
  return kind === "null" ? kind : kind === "array" || kind === "object" ? `an ${kind}` : `a ${kind}`;
}

/**
 * A resolver for one path, specialized for the common one-member case. The root is
 * trusted to be a plain object (validated request object or subject snapshot).
 */
export function pathReader(rootName: string, members: readonly string[]): (root: unknown) => unknown {
  if (members.length === 1) {
    const member = members[0] as string;
    const missing = new Fault(`missing attribute ${describePath(rootName, members)}`);
    return (root) => {
      try {
        const descriptor = Object.getOwnPropertyDescriptor(root, member);
        if (descriptor === undefined || !("value" in descriptor)) return missing;
        const value = descriptor.value;
        if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) {
          return value;
        }
      } catch {
        // A Proxy that throws: resolvePath below reports it.
      }
      return resolvePath(root, rootName, members);
    };
  }
  if (members.length === 2) {
    // `env.arguments.path`, `env.tool.readOnlyHint`: two own-data reads, no loop.
    const [outer, inner] = members as [string, string];
    return (root) => {
      try {
        const first = Object.getOwnPropertyDescriptor(root, outer);
        if (first !== undefined && "value" in first && isPlain(first.value)) {
          const second = Object.getOwnPropertyDescriptor(first.value, inner);
          if (second !== undefined && "value" in second) {
            const value = second.value;
            if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) {
              return value;
            }
          }
        }
      } catch {
        // A Proxy that throws: resolvePath below reports it.
      }
      return resolvePath(root, rootName, members);
    };
  }
  return (root) => resolvePath(root, rootName, members);
}
