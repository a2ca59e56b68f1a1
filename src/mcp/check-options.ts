/**
 * `protect`'s arguments, checked when it is called: a misspelled or mistyped option
 * must fail loudly at start-up, not turn into a server that refuses (or, worse, does
 * not audit) every request later. `onDecison: log` would otherwise just mean "no audit".
 */
import type { PolicyEngine } from "../model/engine.js";
import { isPolicyEngine } from "../model/is-policy-engine.js";
import { unknownOption } from "../syntax/suggest.js";
import type { ProtectOptions } from "./options.js";

/** A check of one option's value. */
export type Check = (value: unknown) => boolean;

const isFunction: Check = (value) => typeof value === "function";
const isBoolean: Check = (value) => typeof value === "boolean";

/** Every option, with what it must be (when present and not `undefined`). */
const OPTIONS: Readonly<Record<keyof ProtectOptions, readonly [Check, string]>> = {
  subject: [isFunction, "a function (authInfo) => subject"],
  env: [isFunction, "a function (context) => extra env attributes"],
  now: [isFunction, "a function returning a Date"],
  denial: [(value) => value === "error" || value === "result", '"error" or "result"'],
  revealPolicy: [isBoolean, "a boolean"],
  insufficientScope: [
    (value) =>
      typeof value === "object" &&
      value !== null &&
      isStringArray((value as { scopes?: unknown }).scopes),
    "{ scopes: string[] }",
  ],
  onDecision: [isFunction, "a function (record) => void"],
  onAuditError: [isFunction, "a function (error) => void"],
  auditArguments: [
    (value) => value === "redact" || value === "omit" || value === "full" || typeof value === "function",
    '"redact", "omit", "full" or a function',
  ],
  unknown: [
    (value) =>
      typeof value === "object" &&
      value !== null &&
      Object.entries(value).every(([key, answer]) => UNKNOWN_KINDS.has(key) && (answer === undefined || typeof answer === "function")),
    "an object of functions for tool, prompt, resource, resourceTemplate",
  ],
  toolAnnotations: [isFunction, "a function (name) => annotations"],
};

const UNKNOWN_KINDS: ReadonlySet<string> = new Set(["tool", "prompt", "resource", "resourceTemplate"]);

/** Throws a TypeError naming the first problem; returns the options as checked (`{}` for undefined). */
export function checkProtectArguments(engine: unknown, options: unknown): { engine: PolicyEngine; options: ProtectOptions } {
  if (!isPolicyEngine(engine)) {
    throw new TypeError("protect() expects a policy engine (from compile() or loadPolicies()) as its second argument");
  }
  return { engine, options: checkOptions("protect()", options, OPTIONS) as ProtectOptions };
}

/**
 * Checks an options object of `what` (e.g. `protect()`) against `rules`: undefined or
 * an object whose every own key is a known option (a near miss is suggested) holding
 * `undefined` or a value its rule accepts. Throws a TypeError naming the first problem.
 * Returns the values checked, each read once: use them, not the object given (a getter
 * could pass the check with a function and later answer `undefined`: no audit hook).
 */
export function checkOptions(
  what: string,
  options: unknown,
  rules: Readonly<Record<string, readonly [Check, string]>>,
): Record<string, unknown> {
  const checked: Record<string, unknown> = {};
  if (options === undefined) return checked;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${what} options must be an object, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule === undefined) throw new TypeError(`${what}: ${unknownOption(key, Object.keys(rules))}`);
    const value: unknown = (options as Record<string, unknown>)[key];
    if (value !== undefined && !rule[0](value)) throw new TypeError(`${what}: option \`${key}\` must be ${rule[1]}`);
    checked[key] = value;
  }
  return checked;
}

export const isString: Check = (value) => typeof value === "string";
/** A hole is no string (`every` alone skips holes). */
export const isStringArray: Check = (value) => Array.isArray(value) && Array.from(value).every((item) => typeof item === "string");
