/**
 * Structural equality of ASTs ignores where nodes came from (STYLE: every node carries
 * its span, equality ignores spans). `stripSpans` gives the span-free copy to compare.
 */

/** A deep copy of an AST (or any JSON-like value) without `span` properties. */
export function stripSpans<T>(value: T): unknown {
  if (Array.isArray(value)) return value.map((item) => stripSpans(item));
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key !== "span") copy[key] = stripSpans(item);
    }
    return copy;
  }
  return value;
}
