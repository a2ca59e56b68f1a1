#!/usr/bin/env node
// Regenerates grammar/diagrams.html from the built parser: run `npm run build` first
// (`npm run generate` does both). test/grammar/diagrams.test.ts fails when it is stale.
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const { renderDiagrams } = await import(new URL("dist/src/syntax/diagrams.js", root).href);
const target = fileURLToPath(new URL("grammar/diagrams.html", root));
await writeFile(target, renderDiagrams());
process.stdout.write(`wrote ${target}\n`);
