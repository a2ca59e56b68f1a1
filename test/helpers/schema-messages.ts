import { expect } from "vitest";
import { loadAttributeSchema } from "../../src/attributes/schema.js";

/** `CODE message` of each diagnostic of loading `value` as an attribute schema; an error means no schema. */
export function schemaMessages(value: unknown): string[] {
  const { schema, diagnostics } = loadAttributeSchema(value);
  if (diagnostics.some((d) => d.severity === "error")) expect(schema).toBeNull();
  return diagnostics.map((d) => `${d.code} ${d.message}`);
}
