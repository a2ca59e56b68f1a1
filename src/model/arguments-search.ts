/** What `engine.argumentsFor` returns: which `env.arguments`, if any, make a request allowed. */
import type { JsonValue } from "./request.js";

/** What `engine.argumentsFor` found: an example of allowed arguments, a proof that none exist, or no answer. */
export type ArgumentsSearch =
  /** These arguments are allowed (`undefined`: with no `arguments` key at all). */
  | { readonly outcome: "allowed"; readonly arguments: JsonValue | undefined }
  /** No value of `env.arguments` is allowed: proved (every case the conditions distinguish was tried). */
  | { readonly outcome: "never" }
  /** Not decided: the conditions use what the search only samples (`matches`, an argument compared with another …), or too many cases. `couldAllow` is then true. */
  | { readonly outcome: "unknown" };

/**
 * Which values `env.arguments` can take, for `couldAllow` and `argumentsFor`:
 * - `"any"` (the default): any JSON value, or absent;
 * - `"object"`: a plain object (an MCP `tools/call`: `{}` when the client sends none;
 *   never a `__proto__` key, which the SDK's parsing drops);
 * - `"strings"`: a plain object of strings (an MCP `prompts/get`, a completion);
 * - `"empty"`: exactly `{}` (an MCP `resources/read`, which has no arguments).
 */
export type ArgumentsShape = "any" | "object" | "strings" | "empty";

/** Options of `couldAllow` and `argumentsFor`: which values `env.arguments` can take. */
export interface CouldAllowOptions {
  /** Which values `env.arguments` can take (default `"any"`). */
  readonly arguments?: ArgumentsShape;
}

/** What `env.arguments` is under `protect` for an MCP method used as the action (`"any"` for other actions). */
export function mcpArgumentsShape(action: string): ArgumentsShape {
  switch (action) {
    case "tools/call":
      return "object";
    case "prompts/get":
      return "strings";
    case "resources/read":
    case "resources/subscribe":
    case "resources/unsubscribe":
      return "empty";
    // `completion/complete` too: the argument being completed may be named `__proto__`
    // (an own key), which the other shapes leave out.
    default:
      return "any";
  }
}

/**
 * Whether a value of `env.arguments` is one `shape` allows (undefined: absent). For
 * values built by the engine (JSON, own data properties only).
 */
export function fitsShape(value: unknown, shape: ArgumentsShape): boolean {
  if (shape === "any") return true;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || Object.hasOwn(value, "__proto__")) return false;
  const values = Object.values(value);
  if (shape === "empty") return values.length === 0;
  return shape === "object" || values.every((v) => typeof v === "string");
}
