// `engine.couldAllow` for a never-seen subject each call, in a loop (the partial evaluation
// behind a new subject's first `tools/list`), on the example policies of policies/.
// Usage: npx tsc -p tsconfig.build.json && node scripts/could-allow-micro.mjs   (DIST=dist)
// Prints µs per call for the first 1,000 calls (code not yet optimized by V8) and for
// calls 25,001–30,000 (optimized, and every bounded memo full, so evicting). In a server
// the first lists of new subjects are rare enough that V8 never optimizes this code:
// `npm run bench:mcp` times that case (its "first list" rows).
import { fileURLToPath } from "node:url";

const dist = process.env.DIST ?? fileURLToPath(new URL("../dist", import.meta.url));
const { loadPolicies } = await import(`${dist}/src/engine.js`);
const { examplePolicies } = await import(`${dist}/examples/paths.js`);
const { mcpArgumentsShape } = await import(`${dist}/src/model/arguments-search.js`);

const engine = await loadPolicies(examplePolicies());
const options = { arguments: mcpArgumentsShape("tools/call") };
const env = { now: "2026-01-01T10:00:00.000Z", hour: 10, request: { method: "tools/list" } };
let n = 0;
const ask = (tool) => engine.couldAllow({ id: `alice-${n++}`, roles: ["viewer", "analyst"] }, `tool:${tool}`, "tools/call", env, options);
const perCall = (tool, calls) => {
  const started = performance.now();
  for (let i = 0; i < calls; i++) ask(tool);
  return ((performance.now() - started) * 1000) / calls;
};
for (const tool of ["read_file", "list_directory", "query", "write_file"]) {
  n = 0;
  const answer = ask(tool);
  const first = perCall(tool, 1000);
  perCall(tool, 24_000);
  const steady = perCall(tool, 5000);
  console.log(`${tool.padEnd(15)} could allow: ${String(answer).padEnd(5)}  first 1,000: ${first.toFixed(1)} µs/call  after 25,000: ${steady.toFixed(1)} µs/call`);
}
