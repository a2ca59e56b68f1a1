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

export function renderTable(results: BenchResults): string {
	const sizes = results.sizes.map((s) => s.n);
	const head = `| engine | ${sizes.map((n) => `N = ${n.toLocaleString("en-US")}`).join(" | ")} |`;
	const rule = `|---|${sizes.map(() => "---:").join("|")}|`;
	const footnotes: string[] = [];
	const rows = results.engines.map(({ name }) => {
		const cells = sizes.map((n) => {
			const m = results.measurements.find(
				(x) => x.engine === name && x.n === n,
			);
			if (m === undefined) return "–";
			let cell = `${ns(m.nsPerDecision)} · ${rate(m.decisionsPerSecond)}`;
			if (m.requests < results.workload.count) {
				footnotes.push(
					`${name} at N = ${n}: timed on the first ${m.requests} of ${results.workload.count} requests.`,
				);
				cell += " ¹";
			}
			return cell;
		});
		return `| ${name} | ${cells.join(" | ")} |`;
	});
	const extra = [
		`| compile (parse included) | ${results.sizes.map((s) => ns(s.compileMs * 1e6)).join(" | ")} |`,
		`| heap: compiled set | ${results.sizes.map((s) => bytes(s.compiledSetBytes)).join(" | ")} |`,
		`| heap: cache of ${results.sizes[0]?.cacheSubjects.toLocaleString("en-US") ?? "?"} subjects | ${results.sizes.map((s) => bytes(s.cacheBytes)).join(" | ")} |`,
	];
	const m = results.machine;
	const lines = [
		"Time per decision (median of batches) · decisions per second; same policies and requests for every engine.",
		"",
		head,
		rule,
		...rows,
		...extra,
		"",
		...footnotes.map((f) => `¹ ${f}`),
		...(footnotes.length > 0 ? [""] : []),
		`Machine: ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.os}, Node ${m.node} (V8 ${m.v8}).`,
		`Run: ${results.date}, ${results.mode} mode, workload seed ${results.workload.seed}, ${results.workload.count.toLocaleString("en-US")} requests per N.`,
		"",
		"Engines:",
		...results.engines.map((e) => `- **${e.name}**: ${e.note}.`),
	];
	return `${lines.join("\n")}\n`;
}
