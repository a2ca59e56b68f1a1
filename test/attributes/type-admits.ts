/** Test oracle: whether an AttrType admits a JSON value, reading every fact the type states. */
import { type AttrType, codePointLength } from "../../src/attributes/attr-type.js";

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value === "object" ? "object" : typeof value;
}

/** Whether `type` admits `value`, reading every fact the type states (AttrType's documented meaning). */
export function admits(type: AttrType, value: unknown): boolean {
  if (type.any) return true;
  const name = jsonType(value);
  if (!type.types.has(name as never)) return false;
  if (type.values !== undefined && (value === null || typeof value !== "object") && !type.values.some((v) => v === value)) return false;
  if (typeof value === "number") {
    if (type.integer && !Number.isInteger(value)) return false;
    if (type.minimum !== undefined && value < type.minimum) return false;
    if (type.maximum !== undefined && value > type.maximum) return false;
  }
  if (typeof value === "string") {
    const n = codePointLength(value);
    if (type.minLength !== undefined && n < type.minLength) return false;
    if (type.maxLength !== undefined && n > type.maxLength) return false;
  }
  if (Array.isArray(value)) {
    if (type.minItems !== undefined && value.length < type.minItems) return false;
    if (type.maxItems !== undefined && value.length > type.maxItems) return false;
    if (type.items !== null && !value.every((v) => admits(type.items as AttrType, v))) return false;
  }
  if (isObject(value)) {
    for (const [key, member] of type.properties) {
      if (Object.hasOwn(value, key) ? !admits(member.type, value[key]) : member.required) return false;
    }
    for (const key of Object.keys(value)) {
      if (type.properties.has(key)) continue;
      if (type.absent?.has(key)) return false;
      if (type.additional !== null ? !admits(type.additional, value[key]) : type.sealed === true) return false;
    }
  }
  return true;
}

