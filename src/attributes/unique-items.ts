/**
 * JSON Schema's `uniqueItems`, in time linear in the array's size. ajv's own compares
 * every pair of items (a request array of 20,000 strings took 1.2 s, and the snapshot
 * allows 100,000 values) and threw on the null-prototype objects of our request
 * snapshots, so an array of objects could never pass. Here each item gets a canonical
 * JSON key (object keys sorted) and the keys go into a Set: equal items — by JSON
 * Schema's equality, which ignores key order and has `-0` equal to `0` — get equal keys.
 */
import type { KeywordDefinition } from "ajv";

export const uniqueItemsKeyword: KeywordDefinition = {
  keyword: "uniqueItems",
  type: "array",
  schemaType: "boolean",
  errors: true,
  validate: function validateUniqueItems(this: unknown, wanted: boolean, data: unknown[]): boolean {
    if (!wanted || hasNoDuplicates(data)) return true;
    (validateUniqueItems as { errors?: unknown[] }).errors = [
      { keyword: "uniqueItems", message: "must not have duplicate items", params: {} },
    ];
    return false;
  },
};

/** Whether no two items of a JSON array are equal. */
export function hasNoDuplicates(items: readonly unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = canonical(item);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** An injective encoding of a JSON value up to key order (the input is a bounded snapshot). */
function canonical(value: unknown): string {
  if (value === null) return "z";
  switch (typeof value) {
    case "string":
      return `s${JSON.stringify(value)}`;
    case "number":
      return `n${value === 0 ? 0 : value}`;
    case "boolean":
      return value ? "t" : "f";
    case "object": {
      if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
      const keys = Object.keys(value).sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`;
    }
    default:
      return `?${typeof value}`;
  }
}
