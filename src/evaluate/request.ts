/**
 * Request validation (spec §4, §5): the four arguments of `evaluate`, checked once.
 * A malformed request is data, not an exception: the caller turns it into a deny.
 */
import { fail, ok, type Result } from "./result.js";
import { describeValue as describe, isPlainObject, type PlainObject, readOwn } from "./values.js";

/** A well-formed request, in the shapes conditions see. */
export interface Request {
  readonly subject: PlainObject;
  /** Always the object form: a string id `r` becomes `{ id: r }`. */
  readonly resource: PlainObject;
  /** The resource id, for `resource` targets. */
  readonly resourceId: string;
  readonly action: string;
  /** `undefined` becomes `{}`. */
  readonly env: PlainObject;
}

/** Validates the arguments of `evaluate`; the error message says what is malformed. */
export function validateRequest(subject: unknown, resource: unknown, action: unknown, env: unknown): Result<Request> {
  if (!isPlainObject(subject)) return fail(`malformed request: \`subject\` must be a plain object, got ${describe(subject)}`);
  let resourceObject: PlainObject;
  let resourceId: string;
  if (typeof resource === "string") {
    resourceId = resource;
    resourceObject = { id: resource };
  } else if (isPlainObject(resource)) {
    const id = readOwn(resource, "id");
    if (!id.ok || !id.value.found || typeof id.value.value !== "string") {
      return fail("malformed request: a `resource` object must have a string `id`");
    }
    resourceId = id.value.value;
    resourceObject = resource;
  } else {
    return fail(`malformed request: \`resource\` must be a string or a plain object, got ${describe(resource)}`);
  }
  if (typeof action !== "string") return fail(`malformed request: \`action\` must be a string, got ${describe(action)}`);
  let envObject: PlainObject;
  if (env === undefined) envObject = {};
  else if (isPlainObject(env)) envObject = env;
  else return fail(`malformed request: \`env\` must be a plain object or undefined, got ${describe(env)}`);
  return ok({ subject, resource: resourceObject, resourceId, action, env: envObject });
}
