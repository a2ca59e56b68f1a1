/** What `engine.argumentsFor` returns: which `env.arguments`, if any, make a request allowed. */
import type { JsonValue } from "./request.js";

export type ArgumentsSearch =
  /** These arguments are allowed (`undefined`: with no `arguments` key at all). */
  | { readonly outcome: "allowed"; readonly arguments: JsonValue | undefined }
  /** No value of `env.arguments` is allowed: proved (every case the conditions distinguish was tried). */
  | { readonly outcome: "never" }
  /** Not decided: the conditions use what the search only samples (`matches`, an argument compared with another …), or too many cases. `couldAllow` is then true. */
  | { readonly outcome: "unknown" };
