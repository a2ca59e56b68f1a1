/**
 * The JSON Schema keywords that compare values — `uniqueItems`, `const`, `enum` — on
 * canonical JSON keys (object keys sorted; JSON Schema's equality, which ignores key
 * order and has `-0` equal to `0`), replacing ajv's own:
 * - ajv's `uniqueItems` compares every pair of items: a request array of 20,000 strings
 *   took 1.2 s, and the request snapshot allows 100,000 values. Keys in a Set: linear.
 * - ajv's deep equality (`const`, `enum`, `uniqueItems`) tells objects apart by their
 *   constructor, so the null-prototype objects of our request snapshots never equalled
 *   a schema's `{ "const": { … } }` or `enum` object: a valid request was refused.
 */
import { _, type Code, type CodeKeywordDefinition, type KeywordCxt, type KeywordDefinition, type Name } from "ajv";

/** Every keyword of this module, for `ajv.removeKeyword` + `ajv.addKeyword`. */
export function equalityKeywords(): KeywordDefinition[] {
  return [uniqueItemsKeyword, constKeyword, enumKeyword];
}

const uniqueItemsKeyword: KeywordDefinition = {
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

// `const` and `enum` emit their test inline (as ajv's own do): a keyword of `compile` form
// costs a call and a block of error handling at every use, which made ajv's code for a
// wide union twice as long and its compile 5-8 times slower (6 s for 40 alternatives of
// 20 constants). A primitive compares by `===` (JSON Schema's equality on primitives:
// `-0 === 0`); an object or array by its canonical key. Values enter the generated code
// only through ajv's `_` template, which writes them as JSON literals.

const constKeyword: CodeKeywordDefinition = {
  keyword: "const",
  error: {
    message: "must be equal to constant",
    params: ({ schemaCode }) => _`{allowedValue: ${schemaCode}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema } = cxt;
    if (isPrimitive(schema)) cxt.fail(_`${data} !== ${schema}`);
    else cxt.fail(_`${canonicalFunction(gen)}(${data}) !== ${canonical(schema)}`);
  },
};

/** Past this many values, an enum is a Set of canonical keys rather than a chain of `===`. */
const MAX_INLINE_ENUM = 8;

const enumKeyword: CodeKeywordDefinition = {
  keyword: "enum",
  schemaType: "array",
  error: {
    message: "must be equal to one of the allowed values",
    params: ({ schemaCode }) => _`{allowedValues: ${schemaCode}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema } = cxt;
    const allowed = schema as unknown[];
    // An empty enum admits nothing (ajv's own refuses to compile one).
    if (allowed.length === 0) cxt.pass(_`false`);
    else if (allowed.length <= MAX_INLINE_ENUM && allowed.every(isPrimitive)) {
      const tests = allowed.map((value): Code => _`${data} === ${value as Primitive}`);
      cxt.pass(tests.reduce((either, test) => _`${either} || ${test}`));
    } else {
      const keys = gen.scopeValue("obj", { ref: new Set(allowed.map(canonical)) });
      cxt.pass(_`${keys}.has(${canonicalFunction(gen)}(${data}))`);
    }
  },
};

type Primitive = string | number | boolean | null;

function isPrimitive(value: unknown): value is Primitive {
  return value === null || typeof value !== "object";
}

/** `canonical` as a value of the generated code's scope (one per ajv instance). */
function canonicalFunction(gen: KeywordCxt["gen"]): Name {
  return gen.scopeValue("func", { ref: canonical });
}

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
export function canonical(value: unknown): string {
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
