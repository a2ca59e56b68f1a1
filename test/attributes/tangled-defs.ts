/**
 * `count` definitions whose members `$ref` one another (a `type` beside each `$ref`),
 * in a union (`oneOf`, or `anyOf` so that `{}` is valid) and an `if`/`then`/`else` too:
 * the recursive shape whose unions and intersections once took seconds to type.
 */
export function tangledDefs(count: number, union: "oneOf" | "anyOf"): Record<string, unknown> {
  const ref = (n: number) => ({ $ref: `#/$defs/d${n % count}`, type: "object" });
  const $defs: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    $defs[`d${i}`] = {
      type: "object",
      properties: { a: ref(i + 1), b: ref(i + 2), c: ref(i + 3) },
      [union]: [
        { type: "object", properties: { a: { $ref: `#/$defs/d${(i + 3) % count}` } } },
        { type: "object", properties: { c: { $ref: `#/$defs/d${(i + 4) % count}` } } },
      ],
      if: { type: "object", properties: { b: { type: "object" } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then` keyword
      then: { type: "object", properties: { b: { $ref: `#/$defs/d${(i + 5) % count}` } } },
      else: { type: "object", properties: { c: { $ref: `#/$defs/d${i}` } } },
    };
  }
  return $defs;
}
