/**
 * The library validates JSON ASTs with the schema compiled into src/schema/ast-schema.ts;
 * users read grammar/ast.schema.json. They must be the same schema.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AST_SCHEMA } from "../../src/schema/ast-schema.js";

describe("the AST schema module", () => {
  it("is grammar/ast.schema.json (run `npm run generate` after editing that file)", () => {
    const published = JSON.parse(readFileSync(new URL("../../grammar/ast.schema.json", import.meta.url), "utf8"));
    expect(AST_SCHEMA).toEqual(published);
  });
});
