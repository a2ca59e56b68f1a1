/**
 * ajv, loaded where a validator is first compiled rather than at start-up: most engines
 * never check a schema, and importing ajv cost ≈ 45 ms (≈ 55 ms with the 2020-12
 * dialect) of every CLI run and server start. ajv is CommonJS, so `require` loads it
 * synchronously (once; Node caches it).
 */
import { createRequire } from "node:module";
import type { Ajv } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";

const require = createRequire(import.meta.url);

/** ajv's default (draft-07) class, for attribute schemas. */
export function ajvClass(): typeof Ajv {
  return (require("ajv") as typeof import("ajv")).Ajv;
}

/** ajv's JSON Schema 2020-12 class, for the AST schema. */
export function ajv2020Class(): typeof Ajv2020 {
  return (require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js")).Ajv2020;
}
