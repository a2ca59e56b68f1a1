/**
 * Runtime request validation (`CompileOptions.validateRequests`): each part of a request
 * is copied as JSON and checked by the ajv validators compiled when the schema loaded.
 * Returns the problems as evaluation errors (policy `null`); the engine turns a
 * non-empty list into a deny. Never throws.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { EvaluationError } from "../model/decision.js";
import { snapshotJson } from "./json-snapshot.js";
import { entriesForId, globMatches } from "./resource-match.js";
import type { AttributeSchema } from "./schema.js";

/**
 * Validates a request against the attribute schema. `argumentsUnknown` (for `couldAllow`,
 * where `env.arguments` stands for every possible value): nothing that depends on the
 * arguments is checked — neither their schemas nor the `env` schema, which may require
 * them — so a request is refused only for what no arguments could change.
 */
export type RequestValidator = (
  subject: unknown,
  resource: unknown,
  action: unknown,
  env: unknown,
  argumentsUnknown?: boolean,
) => readonly EvaluationError[];

const NONE: readonly EvaluationError[] = Object.freeze([]);

function failure(message: string): EvaluationError {
  return { policy: null, message };
}

/** `/roles/0` → `roles[0]`; `/a/b` → `a.b`. */
function memberPath(root: string, instancePath: string): string {
  let out = root;
  for (const raw of instancePath.split("/").slice(1)) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

function describe(root: string, errors: readonly ErrorObject[] | null | undefined): EvaluationError[] {
  const first = errors?.[0];
  if (first === undefined) return [failure(`invalid ${root}`)];
  const where = memberPath(root, first.instancePath);
  const extra =
    first.keyword === "required" && typeof first.params.missingProperty === "string"
      ? `missing attribute ${where}.${first.params.missingProperty}`
      : first.keyword === "additionalProperties" && typeof first.params.additionalProperty === "string"
        ? `unexpected attribute ${where}.${first.params.additionalProperty}`
        : `invalid ${where}: ${first.message ?? "does not match the schema"}`;
  return [failure(extra)];
}

function check(validate: ValidateFunction, value: unknown, root: string): EvaluationError[] {
  try {
    return validate(value) ? [] : describe(root, validate.errors);
  } catch {
    return [failure(`invalid ${root}: cannot be validated`)];
  }
}

/**
 * A resource's `id` is always a string and need not be declared (docs/schemas.md): a
 * schema closed with `additionalProperties: false` (or `unevaluatedProperties`) that
 * refuses only the undeclared root `id` is checked on the resource without it.
 */
function checkResource(validate: ValidateFunction, resource: unknown): EvaluationError[] {
  const errors = check(validate, resource, "resource");
  if (errors.length === 0 || !refusesOnlyRootId(validate.errors)) return errors;
  const { id: _id, ...rest } = resource as Record<string, unknown>;
  return check(validate, rest, "resource");
}

function refusesOnlyRootId(errors: readonly ErrorObject[] | null | undefined): boolean {
  const first = errors?.[0];
  if (first === undefined || first.instancePath !== "") return false;
  const name = first.params.additionalProperty ?? first.params.unevaluatedProperty;
  return (first.keyword === "additionalProperties" || first.keyword === "unevaluatedProperties") && name === "id";
}

export function createRequestValidator(schema: AttributeSchema): RequestValidator {
  return (subject, resource, action, env, argumentsUnknown = false) => {
    const errors: EvaluationError[] = [];

    const s = snapshotJson(subject, "subject");
    if (!s.ok) errors.push(failure(`malformed subject: ${s.path} ${s.reason}`));
    else if (typeof s.value !== "object" || s.value === null || Array.isArray(s.value)) errors.push(failure("malformed subject: expected an object"));
    else if (schema.subject !== null) errors.push(...check(schema.subject.validate, s.value, "subject"));

    const r = snapshotJson(typeof resource === "string" ? { id: resource } : resource, "resource");
    let resourceId: string | null = null;
    if (!r.ok) errors.push(failure(`malformed resource: ${r.path} ${r.reason}`));
    else {
      const id = typeof r.value === "object" && r.value !== null && !Array.isArray(r.value) ? (r.value as Record<string, unknown>).id : undefined;
      if (typeof id !== "string") errors.push(failure("malformed resource: expected a string id or an object with a string `id`"));
      else resourceId = id;
    }

    if (typeof action !== "string") errors.push(failure("malformed action: expected a string"));
    else if (schema.actions !== null && !schema.actions.includes(action)) errors.push(failure(`unknown action \`${action}\``));

    // With the arguments unknown, the caller's own `env.arguments` are not looked at at all.
    const e = snapshotJson(env === undefined ? {} : argumentsUnknown ? withoutArguments(env) : env, "env");
    let envValue: Record<string, unknown> | null = null;
    if (!e.ok) errors.push(failure(`malformed env: ${e.path} ${e.reason}`));
    else if (typeof e.value !== "object" || e.value === null || Array.isArray(e.value)) errors.push(failure("malformed env: expected an object"));
    else {
      envValue = e.value as Record<string, unknown>;
      if (schema.env !== null && !argumentsUnknown) errors.push(...check(schema.env.validate, envValue, "env"));
    }

    if (resourceId !== null && schema.resources !== null && r.ok) {
      const entries = entriesForId(schema.resources, resourceId);
      if (entries.length === 0) errors.push(failure(`unknown resource \`${resourceId}\``));
      for (const entry of entries) {
        if (entry.validate !== null) errors.push(...checkResource(entry.validate, r.value));
        if (typeof action !== "string" || envValue === null || argumentsUnknown) continue;
        for (const args of entry.arguments) {
          if (!globMatches(action, args.action)) continue;
          const given = Object.hasOwn(envValue, "arguments") ? envValue.arguments : {};
          errors.push(...check(args.validate, given, "env.arguments"));
        }
      }
    }
    return errors.length === 0 ? NONE : errors;
  };
}

/**
 * `env` without its `arguments`: a plain object of its other own data properties, or
 * `env` itself when it is not a plain object or cannot be read (the snapshot then says
 * what is wrong with it).
 */
function withoutArguments(env: unknown): unknown {
  try {
    if (typeof env !== "object" || env === null || Array.isArray(env)) return env;
    const proto = Object.getPrototypeOf(env);
    if (proto !== Object.prototype && proto !== null) return env;
    const copy: Record<string, unknown> = {};
    for (const key of Reflect.ownKeys(env)) {
      if (key === "arguments") continue;
      const descriptor = Object.getOwnPropertyDescriptor(env, key);
      if (descriptor !== undefined) Object.defineProperty(copy, key, descriptor);
    }
    return copy;
  } catch {
    return env;
  }
}
