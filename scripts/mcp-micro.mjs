// Where a protected `tools/call` spends its time (the breakdown in docs/mcp.md), one part at a time.
// Usage: npx tsc -p tsconfig.build.json && node scripts/mcp-micro.mjs   (DIST=dist)
// Each variant runs in a process of its own (so no variant makes another's code polymorphic);
// CPU time per call, the best of 25 rounds. Variants:
//   evaluate       engine.evaluate for alice's read_file, the env built as `protect` builds it
//   authorizer:*   Authorizer.handle called directly (next() a constant), with the real engine or an
//                  allow-all one, with no audit hook or one reading each record; `:new-authinfo`: a new
//                  AuthInfo (same claims) each call, as Streamable HTTP makes per request
//   handler:*      the registered tools/call handler of the example server, unprotected or protected
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dist = process.env.DIST ?? fileURLToPath(new URL("../dist", import.meta.url));
const variant = process.argv[2];

if (variant === undefined) {
  const variants = [
    "evaluate",
    "authorizer:allow-all:none",
    "authorizer:allow-all:reads",
    "authorizer:engine:none",
    "authorizer:engine:reads",
    "authorizer:engine:reads:new-authinfo",
    "handler:plain",
    "handler:protected",
  ];
  for (const name of variants) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), name], {
      env: { ...process.env, DIST: dist },
      encoding: "utf8",
    });
    process.stdout.write(out);
  }
  process.exit(0);
}

const { ALICE, DAY, aliceExtra, allowAllEngine, callHandlerOf, readFileRequest } = await import(
  `${dist}/bench/mcp-fixtures.js`
);
const { examplePolicies } = await import(`${dist}/examples/paths.js`);
const { loadPolicies } = await import(`${dist}/src/engine.js`);
const { subjectFromAuthInfo } = await import(`${dist}/src/mcp/subject.js`);
const { authorizerFor } = await import(`${dist}/src/mcp/options.js`);
const { V1_ERRORS, MCP_SERVER_UNKNOWN_ANSWERS } = await import(`${dist}/src/mcp/v1-answers.js`);

const engine = await loadPolicies(examplePolicies());
const durations = new Float64Array(1024);
let next = 0;
const readingHook = (record) => {
  durations[next++ & 1023] = record.durationMs;
};
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Best of 25 rounds of `n` calls, in ns per call. `call` may return a promise. */
async function best(n, call) {
  let min = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 25; round++) {
    const t0 = cpu();
    for (let i = 0; i < n; i++) {
      const result = call(i);
      if (result instanceof Promise) await result;
    }
    min = Math.min(min, ((cpu() - t0) * 1000) / n);
  }
  return min;
}

const report = (ns) => console.log(`${variant.padEnd(38)} ${ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`}`);

if (variant === "evaluate") {
  const subject = subjectFromAuthInfo()(ALICE);
  const info = Object.freeze({ method: "tools/call" });
  const tool = Object.freeze({});
  const keep = [];
  report(
    await best(200_000, (i) => {
      const env = { now: "2026-03-02T10:00:00.000Z", hour: 10, request: info, tool, arguments: { path: "/home/alice/notes.md" } };
      keep[i & 1023] = env; // the env escapes, as it does in `protect`
      return engine.evaluate(subject, "tool:read_file", "tools/call", env).allowed;
    }),
  );
} else if (variant.startsWith("authorizer:")) {
  const [, which, hook, identity] = variant.split(":");
  const annotations = Object.freeze({});
  const authorizer = authorizerFor(
    which === "engine" ? engine : allowAllEngine(engine),
    { now: () => DAY, onDecision: hook === "reads" ? readingHook : undefined },
    { unknown: MCP_SERVER_UNKNOWN_ANSWERS, toolAnnotations: () => annotations, clientInfo: () => undefined, errors: V1_ERRORS },
  );
  const same = { authInfo: ALICE, requestId: 1 };
  const extraOf =
    identity === "new-authinfo" ? () => ({ authInfo: { ...ALICE, extra: { ...ALICE.extra } }, requestId: 1 }) : () => same;
  const done = () => 1;
  report(await best(200_000, () => authorizer.handle("tools/call", readFileRequest(), extraOf(), done)));
} else if (variant.startsWith("handler:")) {
  const protectedServer = variant === "handler:protected";
  const handler = callHandlerOf(engine, protectedServer, protectedServer ? readingHook : undefined);
  const extra = aliceExtra();
  report(await best(20_000, () => handler(readFileRequest(), extra)));
} else {
  console.error(`unknown variant ${variant}`);
  process.exit(2);
}
