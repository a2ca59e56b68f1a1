// Micro-benchmark of the compiled engine on the shared workload (CPU time, best of rounds).
// Usage: npx tsc -p tsconfig.build.json && node scripts/engine-micro.mjs   (NS=10,1000 ROUNDS=7 DIST=dist)
// Times CPU (process.cpuUsage), best of ROUNDS, against a Map.get floor measured in the same run.
// Modes: warm (evaluate, same subject objects), warm frozen (the same, deep-frozen), forSubject (prepared deciders), fresh (a new
// subject object with already-seen content each call, as an integration that rebuilds the
// subject per request would), cold (never-seen content each call). `B/call` is the young-
// generation allocation per call (run with --max-semi-space-size=64 so no scavenge interferes).
import { getHeapSpaceStatistics } from "node:v8";

const dist = process.env.DIST ?? new URL("../dist", import.meta.url).pathname;
const { compile } = await import(`${dist}/src/engine.js`);
const { generateWorkload } = await import(`${dist}/bench/workload/generate.js`);
const { toMcpolicy } = await import(`${dist}/bench/workload/to-mcpolicy.js`);
const Ns = (process.env.NS ?? "10,100,1000,10000").split(",").map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const time = (f, reqs, repeat) => { f(reqs, 1); let best = Infinity; let a = 0; for (let k = 0; k < ROUNDS; k++) { const t0 = cpu(); a = f(reqs, repeat); best = Math.min(best, (cpu() - t0) * 1e6 / (reqs.length * repeat)); } return [best, a]; };
const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_used_size ?? 0;
/** Bytes allocated per call by `one(i)` over the first 1,000 requests (inputs prepared outside). */
const bytes = (one) => { const before = young(); for (let i = 0; i < 1000; i++) one(i); const after = young(); return after >= before ? (after - before) / 1000 : Number.NaN; };
for (const n of Ns) {
  const w = generateWorkload(n);
  const text = toMcpolicy(w.policySet);
  let compileMs = Infinity; let engine;
  for (let k = 0; k < 3; k++) { const t0 = cpu(); engine = compile(text); compileMs = Math.min(compileMs, cpu() - t0); }
  const reqs = w.requests;
  const floorMap = new Map(reqs.map((r, i) => [r.resource.id, i % 2 === 0]));
  const floor = time((rs, rep) => { let a = 0; for (let k = 0; k < rep; k++) for (let i = 0; i < rs.length; i++) { const r = rs[i]; if (floorMap.get(r.resource.id) === true) a++; } return a; }, reqs, 10);
  const warm = time((rs, rep) => { let a = 0; for (let k = 0; k < rep; k++) for (let i = 0; i < rs.length; i++) { const r = rs[i]; if (engine.evaluate(r.subject, r.resource, r.action, r.env).allowed) a++; } return a; }, reqs, 10);
  // The same subjects deep-frozen (an integration that freezes its session subjects).
  const frozenOf = new Map(w.world.users.map((u) => [u, Object.freeze({ ...u, roles: Object.freeze([...u.roles]), groups: Object.freeze([...u.groups]) })]));
  const frozenReqs = reqs.map((r) => ({ ...r, subject: frozenOf.get(r.subject) }));
  const frozen = time((rs, rep) => { let a = 0; for (let k = 0; k < rep; k++) for (let i = 0; i < rs.length; i++) { const r = rs[i]; if (engine.evaluate(r.subject, r.resource, r.action, r.env).allowed) a++; } return a; }, frozenReqs, 10);
  const deciders = new Map(); for (const u of w.world.users) deciders.set(u, engine.forSubject(u));
  const prepared = reqs.map((r) => deciders.get(r.subject));
  const fs = time((rs, rep) => { let a = 0; for (let k = 0; k < rep; k++) for (let i = 0; i < rs.length; i++) { const r = rs[i]; if (prepared[i](r.resource, r.action, r.env).allowed) a++; } return a; }, reqs, 10);
  const copyOf = (s) => ({ id: s.id, roles: [...s.roles], groups: s.groups, clearance: s.clearance });
  const fresh = time((rs, rep) => { let a = 0; for (let k = 0; k < rep; k++) for (let i = 0; i < rs.length; i++) { const r = rs[i]; if (engine.evaluate(copyOf(r.subject), r.resource, r.action, r.env).allowed) a++; } return a; }, reqs, 1);
  let c = 0;
  const coldSubject = (s) => ({ id: s.id, roles: [...s.roles, `cold-${c}`], groups: s.groups, clearance: s.clearance + ((c++ % 0x100000) + 1) / 0x200000 });
  const cold = time((rs, rep) => { let a = 0; for (let k = 0; k < rep; k++) for (let i = 0; i < rs.length; i++) { const r = rs[i]; if (engine.evaluate(coldSubject(r.subject), r.resource, r.action, r.env).allowed) a++; } return a; }, reqs, 1);
  const freshSubjects = reqs.slice(0, 1000).map((r) => copyOf(r.subject));
  const coldSubjects = reqs.slice(0, 1000).map((r) => coldSubject(r.subject));
  const alloc = {
    warm: bytes((i) => engine.evaluate(reqs[i].subject, reqs[i].resource, reqs[i].action, reqs[i].env)),
    forSubject: bytes((i) => prepared[i](reqs[i].resource, reqs[i].action, reqs[i].env)),
    fresh: bytes((i) => engine.evaluate(freshSubjects[i], reqs[i].resource, reqs[i].action, reqs[i].env)),
    cold: bytes((i) => engine.evaluate(coldSubjects[i], reqs[i].resource, reqs[i].action, reqs[i].env)),
  };
  const b = (x) => `${Number.isNaN(x) ? "?" : x.toFixed(0)} B/call`;
  console.log(
    `N=${n} compile ${compileMs.toFixed(1)} ms | floor ${floor[0].toFixed(1)} ns | warm ${warm[0].toFixed(1)} ns (${(warm[0] / floor[0]).toFixed(1)}x, allowed ${warm[1]}, ${b(alloc.warm)}) | warm frozen ${frozen[0].toFixed(1)} ns (${(frozen[0] / floor[0]).toFixed(1)}x) | forSubject ${fs[0].toFixed(1)} ns (${(fs[0] / floor[0]).toFixed(1)}x, ${b(alloc.forSubject)}) | fresh object ${fresh[0].toFixed(0)} ns (${b(alloc.fresh)}) | cold ${cold[0].toFixed(0)} ns (${b(alloc.cold)})`,
  );
}
