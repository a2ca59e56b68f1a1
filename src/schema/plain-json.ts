/**
 * Copies an untrusted value into fresh plain JSON before anything else looks at it:
 * only own data properties of plain objects and arrays, strings, finite numbers,
 * booleans and null. Getters, prototypes, class instances, cycles and Proxies never
 * reach the validator, and later mutation of the caller's object cannot change what was
 * validated. Iterative (no recursion) and bounded in depth, node count and string size.
 */

export interface JsonBounds {
  readonly maxDepth: number;
  readonly maxNodes: number;
  /** Total UTF-16 code units across all strings and keys. */
  readonly maxStringUnits: number;
}

export type PlainJsonResult =
  | { readonly ok: true; readonly value: unknown; /** values copied */ readonly nodes: number }
  | { readonly ok: false; readonly pointer: string; readonly message: string };

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

interface Frame {
  readonly source: unknown;
  readonly pointer: string;
  readonly depth: number;
  readonly assign: (value: unknown) => void;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Defines an own enumerable property, so a key like `__proto__` stays data. */
function define(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function toPlainJson(input: unknown, bounds: JsonBounds): PlainJsonResult {
  try {
    return copy(input, bounds);
  } catch {
    // A Proxy trap or an exotic object threw: never propagate, never trust it.
    return { ok: false, pointer: "", message: "value cannot be read as plain JSON" };
  }
}

function copy(input: unknown, bounds: JsonBounds): PlainJsonResult {
  let result: unknown;
  const stack: Frame[] = [{ source: input, pointer: "", depth: 0, assign: (v) => (result = v) }];
  let nodes = 0;
  let units = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { source, pointer, depth } = frame;
    if (++nodes > bounds.maxNodes) return { ok: false, pointer, message: `more than ${bounds.maxNodes} values` };
    if (depth > bounds.maxDepth) return { ok: false, pointer, message: `nested deeper than ${bounds.maxDepth} levels` };
    if (source === null || typeof source === "boolean") {
      frame.assign(source);
    } else if (typeof source === "string") {
      units += source.length;
      if (units > bounds.maxStringUnits) return { ok: false, pointer, message: "strings are too large in total" };
      frame.assign(source);
    } else if (typeof source === "number") {
      if (!Number.isFinite(source)) return { ok: false, pointer, message: "numbers must be finite" };
      frame.assign(source);
    } else if (Array.isArray(source)) {
      const length = (Object.getOwnPropertyDescriptor(source, "length") as PropertyDescriptor).value as number;
      if (length > bounds.maxNodes) return { ok: false, pointer, message: `more than ${bounds.maxNodes} values` };
      const target: unknown[] = new Array(length);
      frame.assign(target);
      for (let i = length - 1; i >= 0; i--) {
        const descriptor = Object.getOwnPropertyDescriptor(source, i);
        if (descriptor === undefined || !("value" in descriptor)) {
          return { ok: false, pointer: `${pointer}/${i}`, message: "array elements must be data values" };
        }
        stack.push({ source: descriptor.value, pointer: `${pointer}/${i}`, depth: depth + 1, assign: (v) => define(target, i, v) });
      }
    } else if (typeof source === "object" && isPlainObject(source)) {
      const target: Record<string, unknown> = {};
      frame.assign(target);
      const keys = Reflect.ownKeys(source);
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k];
        if (typeof key !== "string") return { ok: false, pointer, message: "symbol keys are not JSON" };
        const descriptor = Object.getOwnPropertyDescriptor(source, key);
        if (descriptor === undefined || !descriptor.enumerable) continue;
        const child = `${pointer}/${pointerToken(key)}`;
        if (!("value" in descriptor)) return { ok: false, pointer: child, message: "properties must be data values, not getters" };
        if (descriptor.value === undefined) continue; // as JSON.stringify would drop it
        units += key.length;
        stack.push({ source: descriptor.value, pointer: child, depth: depth + 1, assign: (v) => define(target, key, v) });
      }
    } else {
      const what = typeof source === "object" ? "an object that is not a plain object" : `a value of type ${typeof source}`;
      return { ok: false, pointer, message: `${what} is not JSON` };
    }
  }
  return { ok: true, value: result, nodes };
}
