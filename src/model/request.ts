/** Request values (spec §4). Attribute values are JSON values; anything else errs when reached. */
export type JsonPrimitive = string | number | boolean | null;
/** A JSON value: what request attributes are made of (spec §4). */
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A subject: a plain object. `id`, `roles`, `groups` are matched by `subject` targets. */
export interface Subject {
  readonly id?: string;
  readonly roles?: readonly string[];
  readonly groups?: readonly string[];
  readonly [attribute: string]: unknown;
}

/** A resource: a string id, or a plain object with a string `id`. */
export type Resource = string | { readonly id: string; readonly [attribute: string]: unknown };

/** The request context (time, tool arguments …); `undefined` means `{}`. */
export type Env = { readonly [attribute: string]: unknown };
