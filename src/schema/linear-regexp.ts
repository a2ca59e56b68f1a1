/**
 * The regular-expression engine ajv runs schema `pattern`s with: RE2 (the re2js port),
 * whose matching time is linear in the input. With ajv's default (`new RegExp`), a
 * pattern such as `^(a+)+$` in an attribute schema let a request string of 30
 * characters take seconds once `validateRequests` was on — request data must never be
 * able to hang evaluation (spec §5). RE2 has no lookaround and no backreferences: such a
 * pattern is a schema error when the schema is loaded. re2js is loaded (≈ 8 ms) where the
 * first schema is compiled, like ajv itself.
 */
import { createRequire } from "node:module";
import type { RE2JS as RE2JSClass } from "re2js";
import { translateJsPattern } from "./js-pattern.js";

const require = createRequire(import.meta.url);

let engine: typeof RE2JSClass | undefined;

/** ajv's `code.regExp`: a `{ test }` per pattern, matching what `new RegExp(pattern, "u")` matches. */
export const linearRegExp = Object.assign(
  (pattern: string, _flags: string): { test(input: string): boolean; toString(): string } => {
    engine ??= (require("re2js") as typeof import("re2js")).RE2JS;
    // JavaScript syntax and meaning (the `u` flag), run on RE2: js-pattern.ts.
    const translated = translateJsPattern(pattern);
    if (!translated.ok) throw new SyntaxError(`invalid pattern /${pattern}/: ${translated.message}`);
    let compiled: RE2JSClass;
    try {
      compiled = engine.compile(translated.re2);
    } catch (error) {
      const message = error instanceof Error ? error.message : "invalid regular expression";
      // RE2 caps a repetition count at 1,000 (`{0,4096}` is refused); JavaScript does not.
      const help = /invalid repeat count/.test(message)
        ? " (the linear-time engine takes repetition counts up to 1,000; bound a string's length with `maxLength`/`minLength` instead)"
        : "";
      throw new SyntaxError(`invalid pattern /${pattern}/: ${message}${help}`);
    }
    return { test: (input) => compiled.test(input), toString: () => `/${pattern}/` };
  },
  // Any name but "new RegExp": ajv then refers to this function itself in generated code.
  { code: "linearRegExp" },
);
