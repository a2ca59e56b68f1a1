/**
 * `npm run bench:guard` (CI): guards the evaluation hot path with ratios measured in the
 * same run, with wide margins, so a noisy machine cannot fail it but a regression does:
 * - compiled `evaluate` ≥ 5× faster than the reference interpreter at N = 1,000;
 * - warm `evaluate` at N = 10,000 costs ≤ 3× what it costs at N = 100;
 * - our `evaluate` is faster than CASL at N = 1,000.
 * Prints the measured ratios every time; exit 1 when a guard fails on every attempt.
 */
import type { EngineAdapter } from "./engines/adapter.js";
import { caslAdapter } from "./engines/casl.js";
import { evaluateAdapter, referenceAdapter } from "./engines/mcpolicy.js";
import { BenchFailure, type Budget, measure } from "./harness/measure.js";
import { expectedDecisions } from "./workload/expected.js";
import { generateWorkload, type Workload } from "./workload/generate.js";

const BUDGET: Budget = {
	batchMs: 40,
	batches: 9,
	warmupMs: 200,
	minRequests: 50,
};
/** A failing guard is measured again (fresh engines) before it fails the build. */
const ATTEMPTS = 3;

interface Guard {
	readonly name: string;
	/** The measured ratio. */
	readonly ratio: (ns: Timings) => number;
	readonly holds: (ratio: number) => boolean;
	readonly bound: string;
}

interface Timings {
	readonly evaluate100: number;
	readonly evaluate1000: number;
	readonly evaluate10000: number;
	readonly reference1000: number;
	readonly casl1000: number;
}

const GUARDS: readonly Guard[] = [
	{
		name: "reference interpreter / evaluate at N=1,000",
		ratio: (t) => t.reference1000 / t.evaluate1000,
		holds: (r) => r >= 5,
		bound: "≥ 5",
	},
	{
		name: "evaluate at N=10,000 / evaluate at N=100",
		ratio: (t) => t.evaluate10000 / t.evaluate100,
		holds: (r) => r <= 3,
		bound: "≤ 3",
	},
	{
		name: "CASL / evaluate at N=1,000",
		ratio: (t) => t.casl1000 / t.evaluate1000,
		holds: (r) => r > 1,
		bound: "> 1",
	},
];

interface Prepared {
	readonly workload: Workload;
	readonly expected: boolean[];
}

function prepare(n: number): Prepared {
	const workload = generateWorkload(n);
	return {
		workload,
		expected: expectedDecisions(workload.policySet, workload.requests)
			.decisions,
	};
}

async function time<P>(
	adapter: EngineAdapter<P>,
	p: Prepared,
): Promise<number> {
	return (await measure(adapter, p.workload, p.expected, BUDGET)).nsPerDecision;
}

async function measureAll(
	w100: Prepared,
	w1000: Prepared,
	w10000: Prepared,
): Promise<Timings> {
	return {
		evaluate100: await time(evaluateAdapter(), w100),
		evaluate1000: await time(evaluateAdapter(), w1000),
		evaluate10000: await time(evaluateAdapter(), w10000),
		reference1000: await time(referenceAdapter(), w1000),
		casl1000: await time(caslAdapter(), w1000),
	};
}

async function main(): Promise<number> {
	const w100 = prepare(100);
	const w1000 = prepare(1000);
	const w10000 = prepare(10_000);
	let pending = GUARDS;
	for (let attempt = 1; attempt <= ATTEMPTS && pending.length > 0; attempt++) {
		const t = await measureAll(w100, w1000, w10000);
		const ns = Object.entries(t)
			.map(([k, v]) => `${k} ${v.toFixed(0)} ns`)
			.join(", ");
		process.stdout.write(`bench:guard attempt ${attempt}: ${ns}\n`);
		const failed: Guard[] = [];
		for (const guard of pending) {
			const ratio = guard.ratio(t);
			const ok = guard.holds(ratio);
			process.stdout.write(
				`  ${ok ? "ok  " : "FAIL"} ${guard.name} = ${ratio.toFixed(2)} (must be ${guard.bound})\n`,
			);
			if (!ok) failed.push(guard);
		}
		pending = failed;
	}
	if (pending.length > 0) {
		process.stdout.write(
			`bench:guard failed after ${ATTEMPTS} attempts: ${pending.map((g) => g.name).join("; ")}\n`,
		);
		return 1;
	}
	process.stdout.write("bench:guard passed\n");
	return 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const message =
			error instanceof BenchFailure
				? error.message
				: error instanceof Error
					? (error.stack ?? error.message)
					: String(error);
		process.stderr.write(`bench:guard failed: ${message}\n`);
		process.exitCode = 1;
	},
);
