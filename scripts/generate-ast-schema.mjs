#!/usr/bin/env node
// Regenerates src/schema/ast-schema.ts from grammar/ast.schema.json (the published schema),
// so the library carries the schema as a module: no file to find at run time, whatever
// the layout (a private build, a bundle) or the Node 20 minor (no import attributes).
// test/printer/ast-schema-sync.test.ts fails when the module is stale. Written on one line:
// it is data for ajv, read by people in grammar/ast.schema.json.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const schema = JSON.parse(await readFile(new URL("grammar/ast.schema.json", root), "utf8"));
const target = fileURLToPath(new URL("src/schema/ast-schema.ts", root));
const text = `/**
 * The JSON Schema of the AST — generated from grammar/ast.schema.json by
 * scripts/generate-ast-schema.mjs (\`npm run generate\`); edit that file, not this one.
 */
export const AST_SCHEMA: Readonly<Record<string, unknown>> = ${JSON.stringify(schema)};
`;
await writeFile(target, text);
process.stdout.write(`wrote ${target}\n`);
