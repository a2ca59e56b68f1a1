#!/usr/bin/env node
// Regenerates grammar/diagrams.html (railroad diagrams) from the built parser.
// Run `npm run build` first; `npm run generate` does both.
// test/grammar/diagrams.test.ts fails when the committed file is stale.
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
let renderDiagrams;
try {
  ({ renderDiagrams } = await import(new URL("dist/src/syntax/diagrams.js", root).href));
} catch (error) {
  process.stderr.write(`generate-grammar: cannot load dist/src/syntax/diagrams.js (run \`npm run build\` first): ${error.message}\n`);
  process.exit(1);
}
const target = fileURLToPath(new URL("grammar/diagrams.html", root));
await writeFile(target, renderDiagrams());
process.stdout.write(`wrote ${target}\n`);
