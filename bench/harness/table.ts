/** Renders results as the markdown table printed by `npm run bench` and pasted in README. */
import type { BenchResults } from "./results.js";

function ns(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(value >= 1e7 ? 0 : 1)} ms`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)} µs`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} µs`;
  return `${value.toFixed(0)} ns`;
}

function rate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

function bytes(value: number): string {
  if (Math.abs(value) >= 2 ** 20) return `${(value / 2 ** 20).toFixed(1)} MiB`;
  return `${(value / 2 ** 10).toFixed(0)} KiB`;
}

function nsOf(results: BenchResults, engine: string, n: number): number | undefined {
  return results.measurements.find((m) => m.engine === engine && m.n === n)?.nsPerDecision;
}

/** The ratios the project's targets are stated in (issue 4), when measured. */
function ratioLines(results: BenchResults): string[] {
  const at = (engine: string, n = 1000) => nsOf(results, engine, n);
  const ratio = (label: string, a?: number, b?: number) =>
    a === undefined || b === undefined ? [] : [`- ${label}: ${(a / b).toFixed(a / b >= 100 ? 0 : 1)}×`];
  const ours = "mcpolicy evaluate";
  return [
    ...ratio("evaluate (warm) / floor at N = 1,000", at(ours), at("floor")),
    ...ratio("forSubject / floor at N = 1,000", at("mcpolicy forSubject"), at("floor")),
    ...ratio("CASL / evaluate at N = 1,000", at("CASL"), at(ours)),
    ...ratio(
      "CASL / forSubject at N = 1,000 (both prepared per user outside the loop)",
      at("CASL"),
      at("mcpolicy forSubject"),
    ),
    ...ratio("cedar-wasm preparsed / evaluate at N = 1,000", at("cedar-wasm preparsed"), at(ours)),
    ...ratio("casbin / evaluate at N = 1,000", at("casbin"), at(ours)),
    ...ratio("reference interpreter / evaluate at N = 1,000", at("reference interpreter"), at(ours)),
    ...ratio("evaluate growth, N = 10 → 10,000", at(ours, 10_000), at(ours, 10)),
    ...ratio("forSubject growth, N = 10 → 10,000", at("mcpolicy forSubject", 10_000), at("mcpolicy forSubject", 10)),
  ];
}

export function renderTable(results: BenchResults): string {
  const sizes = results.sizes.map((s) => s.n);
  const head = `| engine | ${sizes.map((n) => `N = ${n.toLocaleString("en-US")}`).join(" | ")} |`;
  const rule = `|---|${sizes.map(() => "---:").join("|")}|`;
  const footnotes: string[] = [];
  const rows = results.engines.map(({ name }) => {
    const subsets: string[] = [];
    const cells = sizes.map((n) => {
      const m = results.measurements.find((x) => x.engine === name && x.n === n);
      if (m === undefined) return "–";
      const cell = `${ns(m.nsPerDecision)} · ${rate(m.decisionsPerSecond)}`;
      if (m.requests >= results.workload.count) return cell;
      subsets.push(`${m.requests} at N = ${n.toLocaleString("en-US")}`);
      return `${cell} ¹`;
    });
    if (subsets.length > 0) {
      footnotes.push(
        `${name}: timed (and checked) on the first ${subsets.join(", ")} of the ${results.workload.count.toLocaleString("en-US")} requests.`,
      );
    }
    return `| ${name} | ${cells.join(" | ")} |`;
  });
  const extra = [
    `| compile (parse included) | ${results.sizes.map((s) => ns(s.compileMs * 1e6)).join(" | ")} |`,
    `| heap: compiled set | ${results.sizes.map((s) => bytes(s.compiledSetBytes)).join(" | ")} |`,
    `| heap: cache of ${results.sizes[0]?.cacheSubjects.toLocaleString("en-US") ?? "?"} subjects | ${results.sizes.map((s) => bytes(s.cacheBytes)).join(" | ")} |`,
  ];
  const m = results.machine;
  const ratios = ratioLines(results);
  const lines = [
    "CPU time per decision (median of batches) · decisions per second; the same policies and requests for every engine.",
    "",
    head,
    rule,
    ...rows,
    ...extra,
    "",
    ...footnotes.map((f) => `¹ ${f}`),
    ...(footnotes.length > 0 ? [""] : []),
    ...(ratios.length > 0 ? ["Ratios (same run):", ...ratios, ""] : []),
    `Machine: ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.os}, Node ${m.node} (V8 ${m.v8}).`,
    `Run: ${results.date}, ${results.mode} mode, workload seed ${results.workload.seed}, ${results.workload.count.toLocaleString("en-US")} requests per N.`,
    "",
    "Engines:",
    ...results.engines.map((e) => `- **${e.name}**: ${e.note}.`),
  ];
  return `${lines.join("\n")}\n`;
}
