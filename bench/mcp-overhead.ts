/**
 * What `protect` costs an MCP server, measured with the real SDK client over the
 * in-memory transport (no network noise), against the same server unprotected:
 *
 * 1. `tools/call` round trip, protected vs unprotected (target: overhead ≤ 5 %), and the
 *    authorization's own share (the `durationMs` of its audit records);
 * 2. a 1,000-tool `tools/list`, the filtering step alone (target ≤ 1 ms), and the whole
 *    round trip protected vs unprotected.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/mcp-overhead.js [--quick]
 *
 * Batches of the two servers alternate, and the median batch is reported, so drift on a
 * busy machine hits both sides alike.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { examplePolicies } from "../examples/paths.js";
import { createExampleServer } from "../examples/server.js";
import { loadPolicies } from "../src/engine.js";
import type { DecisionRecord } from "../src/mcp/index.js";
import type { PolicyEngine } from "../src/model/engine.js";
import { ALICE, aliceExtra, allowAllEngine, type CallHandler, callHandlerOf, DAY, readFileRequest } from "./mcp-fixtures.js";

const quick = process.argv.includes("--quick");
const BATCHES = quick ? 15 : 61;
const CALLS_PER_BATCH = quick ? 200 : 500;
const LISTS_PER_BATCH = quick ? 5 : 20;


async function clientFor(
	engine: PolicyEngine,
	protectedServer: boolean,
	extraTools: number,
	onDecision: (record: DecisionRecord) => void,
	auth: () => AuthInfo = () => ALICE,
): Promise<Client> {
	const { server } = createExampleServer(
		engine,
		{ now: () => DAY, onDecision },
		{ unprotected: !protectedServer, extraTools },
	);
	const [clientTransport, serverTransport] =
		InMemoryTransport.createLinkedPair();
	const send = clientTransport.send.bind(clientTransport);
	clientTransport.send = (message, options) =>
		send(message, { ...options, authInfo: auth() });
	await server.connect(serverTransport);
	const client = new Client({ name: "bench", version: "1.0.0" });
	await client.connect(clientTransport);
	return client;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1
		? (sorted[mid] as number)
		: ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timeBatch(
	run: () => Promise<unknown>,
	count: number,
): Promise<number> {
	const start = performance.now();
	for (let i = 0; i < count; i++) await run();
	return ((performance.now() - start) * 1000) / count; // µs per operation
}

function fmt(us: number): string {
	return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}


const readOwnFile = (client: Client) => () =>
	client.callTool({
		name: "read_file",
		arguments: { path: "/home/alice/notes.md" },
	});

/**
 * Paired rounds of `plain` and `other`, order alternating; the median of the per-round
 * ratios, so drift on a busy machine hits both sides alike. Each comparison runs in a
 * phase of its own, so one side's garbage is not collected during another's batches.
 */
async function paired(
	plain: Client,
	other: Client,
	durations: number[],
): Promise<{ plain: number; other: number; ratio: number }> {
	for (const client of [plain, other])
		await timeBatch(readOwnFile(client), CALLS_PER_BATCH); // warm-up
	const plainTimes: number[] = [];
	const otherTimes: number[] = [];
	const ratios: number[] = [];
	for (let b = 0; b < BATCHES; b++) {
		durations.length = 0;
		const plainFirst = b % 2 === 0;
		const x = await timeBatch(
			readOwnFile(plainFirst ? plain : other),
			CALLS_PER_BATCH,
		);
		const y = await timeBatch(
			readOwnFile(plainFirst ? other : plain),
			CALLS_PER_BATCH,
		);
		const [p, o] = plainFirst ? [x, y] : [y, x];
		plainTimes.push(p);
		otherTimes.push(o);
		ratios.push(o / p);
	}
	return {
		plain: median(plainTimes),
		other: median(otherTimes),
		ratio: median(ratios),
	};
}


/**
 * The handlers themselves, called directly in one process (no transport, no client): the
 * CPU time authorization adds to each call, which round trips cannot resolve — two
 * identical unprotected servers differ by several percent there (see the A/A line).
 * Batches of the two handlers alternate; medians are reported. `onDecision` is the
 * protected server's audit hook.
 */
async function handlerCost(
	engine: PolicyEngine,
	onDecision: ((record: DecisionRecord) => void) | undefined,
	extraOf: () => unknown = sameExtra(),
): Promise<{ plain: number; guarded: number }> {
	const plain = callHandlerOf(engine, false, undefined);
	const guarded = callHandlerOf(engine, true, onDecision);
	const call = (handler: CallHandler) => () => handler(readFileRequest(), extraOf());
	const count = CALLS_PER_BATCH * 4;
	for (const handler of [plain, guarded]) await timeBatch(call(handler), count); // warm-up
	const plainTimes: number[] = [];
	const guardedTimes: number[] = [];
	for (let b = 0; b < BATCHES; b++) {
		plainTimes.push(await timeBatch(call(plain), count));
		guardedTimes.push(await timeBatch(call(guarded), count));
	}
	return { plain: median(plainTimes), guarded: median(guardedTimes) };
}

/** One handler context for every call, as a stdio or in-memory connection has: one AuthInfo. */
function sameExtra(): () => unknown {
	const extra = aliceExtra();
	return () => extra;
}

/**
 * A new AuthInfo (same claims) in every call's context, as Streamable HTTP makes one per
 * request: the subject is derived and recognized anew each time. Both handlers get the
 * copies, so their cost is not counted as authorization.
 */
function newAuthInfoExtra(): () => unknown {
	const extra = aliceExtra() as Record<string, unknown>;
	return () => ({ ...extra, authInfo: { ...ALICE, extra: { ...ALICE.extra } } });
}

/** A metrics-style audit hook: reads each record's `durationMs` into a ring; records die young. */
function readingHook(): (record: DecisionRecord) => void {
	const durations = new Float64Array(1024);
	let next = 0;
	return (record) => {
		durations[next++ & 1023] = record.durationMs;
	};
}

/** A log-style audit hook keeping every record (up to 10,000): records outlive the young generation. */
function keepingHook(): (record: DecisionRecord) => void {
	const kept: DecisionRecord[] = [];
	return (record) => {
		if (kept.push(record) > 10_000) kept.length = 0;
	};
}

async function benchCall(engine: PolicyEngine): Promise<void> {
	// The real engine first: once the allow-all engine has run through the same code, V8's
	// type feedback there is polymorphic, which a real server (one engine) never sees.
	const handlers = await handlerCost(engine, readingHook());
	// Second, so its extra server does not make the first measurement's code polymorphic.
	const keeping = await handlerCost(engine, keepingHook());
	const perRequestIdentity = await handlerCost(engine, readingHook(), newAuthInfoExtra());
	// `protect`'s defaults: no audit hook, so no record is built and no duration measured.
	const noAudit = await handlerCost(engine, undefined);
	// The round trips' audit hook keeps only each record's duration (in µs), as a
	// metrics hook would: the records themselves die young.
	const durations: number[] = [];
	const keepDuration = (record: DecisionRecord) => void durations.push(record.durationMs * 1000);
	const plain = await clientFor(engine, false, 0, keepDuration);
	const guarded = await clientFor(engine, true, 0, keepDuration);
	const full = await paired(plain, guarded, durations);
	const authorization = median(durations);
	const plainAgain = await clientFor(engine, false, 0, keepDuration);
	const same = await paired(plain, plainAgain, durations);
	const wrapperOnly = await clientFor(allowAllEngine(engine), true, 0, keepDuration);
	const integration = await paired(plain, wrapperOnly, durations);
	const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)} %`;
	console.log(
		`tools/call round trip over the in-memory transport (read_file, allowed; an audit hook reading each record; ${BATCHES} paired rounds):`,
	);
	console.log(`  unprotected                ${fmt(full.plain)} median`);
	console.log(
		`  A/A: a second unprotected  ${fmt(same.other)} median, ${pct(same.ratio)} (the resolution of round-trip ratios)`,
	);
	console.log(`  protected                  ${fmt(full.other)} median, ${pct(full.ratio)}`);
	console.log(
		`  protect, allow-all engine  ${fmt(integration.other)} median, ${pct(integration.ratio)} (the integration alone)`,
	);
	console.log(
		`  authorization alone        ${fmt(authorization)} median = ${((authorization / full.plain) * 100).toFixed(1)} % of the unprotected round trip (audit durationMs)`,
	);
	const added = handlers.guarded - handlers.plain;
	const addedKeeping = keeping.guarded - keeping.plain;
	console.log(
		`  handlers called directly   ${fmt(handlers.plain)} unprotected, ${fmt(handlers.guarded)} protected: +${fmt(added)} per call (audit hook reading each record)`,
	);
	console.log(
		`                             ${fmt(keeping.plain)} unprotected, ${fmt(keeping.guarded)} protected: +${fmt(addedKeeping)} per call = ${((addedKeeping / full.plain) * 100).toFixed(1)} % (audit hook keeping every record: the hook's memory)`,
	);
	const addedIdentity = perRequestIdentity.guarded - perRequestIdentity.plain;
	console.log(
		`                             ${fmt(perRequestIdentity.plain)} unprotected, ${fmt(perRequestIdentity.guarded)} protected: +${fmt(addedIdentity)} per call (a new AuthInfo each call, as Streamable HTTP makes per request)`,
	);
	const addedNoAudit = noAudit.guarded - noAudit.plain;
	console.log(
		`                             ${fmt(noAudit.plain)} unprotected, ${fmt(noAudit.guarded)} protected: +${fmt(addedNoAudit)} per call (protect's defaults: no audit hook)`,
	);
	const share = (us: number) => `${((us / full.plain) * 100).toFixed(1)} %`;
	console.log(
		`  overhead per tools/call    ${share(added)} of the unprotected round trip with an audit hook reading each record, ${share(addedNoAudit)} with protect's defaults (no audit hook) (target ≤ 5 %)`,
	);
	for (const client of [plain, plainAgain, guarded, wrapperOnly]) await client.close();
}

async function benchList(engine: PolicyEngine): Promise<void> {
	const records: DecisionRecord[] = [];
	const keep = (record: DecisionRecord) => void records.push(record);
	const plain = await clientFor(engine, false, 1000, keep);
	const guarded = await clientFor(engine, true, 1000, keep);
	const list = (client: Client) => () => client.listTools();
	const shown = (await guarded.listTools()).tools.length;
	const cold = (records.at(-1)?.durationMs ?? Number.NaN) * 1000;
	const total = (await plain.listTools()).tools.length;
	const plainTimes: number[] = [];
	const guardedTimes: number[] = [];
	records.length = 0;
	for (let b = 0; b < BATCHES; b++) {
		plainTimes.push(await timeBatch(list(plain), LISTS_PER_BATCH));
		guardedTimes.push(await timeBatch(list(guarded), LISTS_PER_BATCH));
	}
	const filter = records
		.filter((r) => r.action === "tools/list")
		.map((r) => r.durationMs * 1000);
	console.log(`tools/list of ${total} tools (alice sees ${shown}):`);
	console.log(
		`  filtering, first list     ${fmt(cold)} (first in the process: JIT, plans and globs built)`,
	);
	console.log(
		`  filtering, later lists    ${fmt(median(filter))} median, ${fmt(Math.min(...filter))} min (target ≤ 1 ms)`,
	);
	console.log(`  round trip unprotected    ${fmt(median(plainTimes))} median`);
	console.log(
		`  round trip protected      ${fmt(median(guardedTimes))} median`,
	);
	await plain.close();
	await guarded.close();
}

/**
 * The first list of each new subject (nothing memoized for it yet, the server warm),
 * then later lists. `alice-N` is alice under a new id: the target index rules out the
 * 1,000 extra tools. `oncall-N` is the worst case: `break-glass` (`tool:*`) targets every
 * tool for the on-call group, but without the flag it never applies — the target index
 * rules nothing out and each of the 1,000 tools needs `couldAllow`.
 */
async function benchListNewSubjects(
	engine: PolicyEngine,
	label: string,
	claims: (round: number) => Record<string, unknown>,
): Promise<void> {
	const records: DecisionRecord[] = [];
	let round = 0;
	const auth = (): AuthInfo => ({ ...ALICE, extra: claims(round) });
	const client = await clientFor(engine, true, 1000, (record) => void records.push(record), auth);
	await client.listTools(); // warm-up (first list in the process)
	const firsts: number[] = [];
	const laters: number[] = [];
	let shown = 0;
	const lastFilter = () => (records.at(-1)?.durationMs ?? Number.NaN) * 1000;
	for (let b = 0; b < BATCHES; b++) {
		round++;
		shown = (await client.listTools()).tools.length;
		firsts.push(lastFilter());
		for (let i = 0; i < LISTS_PER_BATCH; i++) {
			await client.listTools();
			laters.push(lastFilter());
		}
	}
	console.log(`tools/list of 1010 tools, ${label} (sees ${shown}):`);
	console.log(
		`  filtering, first list     ${fmt(median(firsts))} median over ${firsts.length} new subjects, ${fmt(Math.min(...firsts))} min (target ≤ 1 ms)`,
	);
	console.log(
		`  filtering, later lists    ${fmt(median(laters))} median, ${fmt(Math.min(...laters))} min (target ≤ 1 ms)`,
	);
	await client.close();
}

async function main(): Promise<void> {
	const engine = await loadPolicies(examplePolicies());
	console.log(
		`mcpolicy MCP overhead — ${engine.policySet.policies.length} policies from policies/, node ${process.version}${quick ? ", --quick" : ""}`,
	);
	await benchCall(engine);
	await benchList(engine);
	await benchListNewSubjects(
		engine,
		"a new viewer+analyst subject per round",
		(round) => ({ sub: `alice-${round}`, roles: ["viewer", "analyst"] }),
	);
	await benchListNewSubjects(
		engine,
		"a new on-call subject per round, nothing pre-filtered (worst case)",
		(round) => ({
			sub: `oncall-${round}`,
			roles: ["viewer"],
			groups: ["oncall"],
		}),
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
