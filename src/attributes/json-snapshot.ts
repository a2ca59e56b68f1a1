/**
 * A request value copied as plain JSON data before a validator reads it: only own data
 * properties of plain objects and arrays, finite numbers, bounded depth and size. The
 * copy has null prototypes, so nothing a schema names can be found on a prototype and
 * no getter or Proxy trap of the caller's object runs inside ajv.
 */
import { MAX_VALUE_DEPTH } from "../model/limits.js";

export type Snapshot = { ok: true; value: unknown } | { ok: false; path: string; reason: string };

const MAX_NODES = 100_000;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Copies `value`; a getter counts as a missing property (spec §4). */
export function snapshotJson(value: unknown, root: string): Snapshot {
  let nodes = 0;
  const copy = (v: unknown, path: string, depth: number): Snapshot => {
    if (++nodes > MAX_NODES) return { ok: false, path, reason: `has more than ${MAX_NODES} values` };
    if (depth > MAX_VALUE_DEPTH) return { ok: false, path, reason: `is nested deeper than ${MAX_VALUE_DEPTH}` };
    if (v === null || typeof v === "string" || typeof v === "boolean") return { ok: true, value: v };
    if (typeof v === "number") return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, path, reason: "is not a finite number" };
    if (typeof v !== "object") return { ok: false, path, reason: "is not a JSON value" };
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        const d = Object.getOwnPropertyDescriptor(v, i);
        if (d === undefined || !("value" in d)) return { ok: false, path: `${path}[${i}]`, reason: "is missing" };
        const item = copy(d.value, `${path}[${i}]`, depth + 1);
        if (!item.ok) return item;
        out.push(item.value);
      }
      return { ok: true, value: out };
    }
    if (!isPlainObject(v)) return { ok: false, path, reason: "is not a plain object" };
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d === undefined || !("value" in d)) continue;
      if (d.value === undefined) continue; // absent, as in JSON
      const member = copy(d.value, `${path}.${key}`, depth + 1);
      if (!member.ok) return member;
      out[key] = member.value;
    }
    return { ok: true, value: out };
  };
  try {
    return copy(value, root, 0);
  } catch {
    // A Proxy whose traps throw: malformed, never an exception.
    return { ok: false, path: root, reason: "cannot be read" };
  }
}
