// Wall time of a `tools/call` to the example Streamable HTTP server (stateless: a fresh
// server per POST, a JWT verified per request), with the real SDK client on 127.0.0.1.
// What the per-request authorization cost over HTTP compares with (docs/mcp.md).
// Usage: npx tsc -p tsconfig.build.json && node scripts/http-round-trip.mjs   (DIST=dist)
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const dist = process.env.DIST ?? fileURLToPath(new URL("../dist", import.meta.url));
const { startHttpExample } = await import(`${dist}/examples/http-server.js`);
const { signToken } = await import(`${dist}/examples/tokens.js`);
const { loadPolicies } = await import(`${dist}/src/engine.js`);
const { examplePolicies } = await import(`${dist}/examples/paths.js`);

const secret = "bench-secret";
const running = await startHttpExample({ engine: await loadPolicies(examplePolicies()), secret });
const token = await signToken(secret, { sub: "alice", roles: ["viewer", "analyst"] });
const client = new Client({ name: "http-round-trip", version: "1" });
await client.connect(
  new StreamableHTTPClientTransport(running.url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
);
const call = () => client.callTool({ name: "read_file", arguments: { path: "/home/alice/notes.md" } });
for (let i = 0; i < 200; i++) await call(); // warm-up
const perCall = [];
for (let round = 0; round < 5; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) await call();
  perCall.push((performance.now() - t0) / 200);
}
console.log(`tools/call over Streamable HTTP (wall, ms per call, 5 rounds of 200): ${perCall.map((t) => t.toFixed(2)).join(" ")}`);
await client.close();
await running.close();
