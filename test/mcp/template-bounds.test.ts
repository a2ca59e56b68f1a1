// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * A client's resource template costs what a plain one costs (found by a DoS hunt): any
 * client, anonymous too, sent `completion/complete` for a 4,096-character template the
 * server never registered — `{b,a,b,a,…,v}`, `{a}{b}{a}{b}…` — and the search for a
 * readable expansion built URIs of half a million characters each: 120 ms per request
 * anonymous, 2 s with a 256-character id, and megabytes kept per request in the
 * expansions memo (the process died at the 12th request under a 300 MB heap).
 *
 * Timings are ratios to a plain request measured in the same run, never absolute; memory
 * is the heap after a full collection.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Client as ClientV2 } from "@modelcontextprotocol/client";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CompleteRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  InMemoryTransport as InMemoryTransportV2,
  McpServer as McpServerV2,
  ResourceTemplate as ResourceTemplateV2,
} from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { POLICY_DENIED_CODE, protect } from "../../src/mcp/index.js";
import { protect as protectV2 } from "../../src/mcp/v2/index.js";
import { expansionMemoSize, MAX_MEMO_CHARACTERS, templateExpansions } from "../../src/mcp/template-expansions.js";
import { authInfoFor, type Connected, connect, lastResponse } from "./helpers.js";

// `root` lets every file:///home/… URI past the target index to the engine (which says no to anyone else).
const engine = compile(`policy shared { allow subject * action "resources/read" resource "resource:file:///srv/shared/**" }
policy home { allow subject * action "resources/read" resource "resource:file:///home/\${subject.id}/**" }
policy root { allow subject * action "resources/read" resource "resource:file:///home/**" when subject.id == "root" }`);

/**
 * The DoS hunt's templates, made distinct by `i` (nothing remembered helps), and one
 * within the variables a template may name whose URIs are near the longest a request
 * may carry.
 */
const CRAFTED: readonly ((i: number) => string)[] = [
  (i) => `x${i}{${"b,a,".repeat(1000)}v}`,
  (i) => `x${i}${"{a}{b}".repeat(666)}`,
  (i) => `file:///srv/x${i}/${"{a}/{b}/".repeat(32)}${"p".repeat(3500)}`,
];
const plain = (i: number) => `x://plain${i}/{a}`;

/** An `McpServer` with one template and one resource (`protect`ed unless told otherwise). */
function mcpServer(protectIt = true): McpServer {
  const server = new McpServer({ name: "s", version: "1" });
  if (protectIt) protect(server, engine);
  server.registerResource("handbook", "file:///srv/shared/handbook.md", {}, async (uri) => ({ contents: [{ uri: uri.href, text: "" }] }));
  server.registerResource(
    "home",
    new ResourceTemplate("file:///home/{user}/{name}", { list: undefined, complete: { user: () => ["alice"] } }),
    {},
    async (uri) => ({ contents: [{ uri: uri.href, text: "" }] }),
  );
  return server;
}

/** A low-level `Server` whose completion handler knows no template: its registry is the author's. */
function lowLevelServer(): Server {
  const server = new Server({ name: "s", version: "1" }, { capabilities: { completions: {} } });
  protect(server, engine);
  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref } = request.params;
    throw new McpError(-32602, ref.type === "ref/resource" ? `Unknown resource template: ${ref.uri}` : `Unknown prompt: ${ref.name}`);
  });
  return server;
}

/** The raw JSON-RPC response to a completion of `uri`'s variable `a`, as it travelled, but for its id. */
async function complete(connected: Connected, uri: string): Promise<string> {
  await connected.client.complete({ ref: { type: "ref/resource", uri }, argument: { name: "a", value: "" } }).catch(() => undefined);
  const { id: _id, ...response } = JSON.parse(lastResponse(connected)) as { id?: unknown };
  return JSON.stringify(response);
}

/** Crafted over plain: a few times when bounded, hundreds when a template is expanded. */
const RATIO_BOUND = 50;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** Median time of a crafted request over a plain one, rounds interleaved, each with a fresh template. */
async function costRatio(request: (uri: string) => Promise<unknown>, crafted: (i: number) => string, rounds = 9): Promise<number> {
  const plainTimes: number[] = [];
  const craftedTimes: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    let started = performance.now();
    await request(plain(1000 + i));
    const plainTime = performance.now() - started;
    started = performance.now();
    await request(crafted(1000 + i));
    const craftedTime = performance.now() - started;
    // The first rounds warm up (JIT, the first decisions of a subject).
    if (i < 2) continue;
    plainTimes.push(plainTime);
    craftedTimes.push(craftedTime);
  }
  return median(craftedTimes) / Math.max(median(plainTimes), 0.05);
}

/** A full collection, through V8's own `gc` (made available here without a command-line flag). */
const collect: () => void = (() => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

/** Heap bytes kept after `run`, after full collections on both sides. */
async function heapKept(run: () => Promise<void>): Promise<number> {
  collect();
  const before = process.memoryUsage().heapUsed;
  await run();
  collect();
  return process.memoryUsage().heapUsed - before;
}

describe("completion/complete of a template the server never registered", () => {
  it("answers a crafted template as an unknown one, byte for byte, at the cost of a plain one (McpServer)", async () => {
    const protectedServer = await connect(mcpServer());
    const unprotected = await connect(mcpServer(false));
    for (const [k, crafted] of CRAFTED.entries()) {
      // The SDK's own answer for a template it does not have: the protected server's too.
      expect(await complete(protectedServer, crafted(k))).toBe(await complete(unprotected, crafted(k)));
      const ratio = await costRatio((uri) => complete(protectedServer, uri), crafted);
      // Expanded, hundreds of times a plain one; not expanded at all, about the same. The
      // bound is wide: under a load of 8 on two cores a bounded search measured 20.7×.
      expect(ratio, `template ${k}`).toBeLessThan(RATIO_BOUND);
    }
    // Nothing of a client's template is built or remembered.
    const before = expansionMemoSize().entries;
    for (let i = 0; i < 20; i++) await complete(protectedServer, (CRAFTED[i % CRAFTED.length] as (i: number) => string)(2000 + i));
    expect(expansionMemoSize().entries).toBe(before);
    await protectedServer.close();
    await unprotected.close();
  });

  it("keeps its cost and memory bounded where the registry is the author's (low-level Server)", async () => {
    const connected = await connect(lowLevelServer());
    for (const [k, crafted] of CRAFTED.entries()) {
      expect(await complete(connected, crafted(k))).toContain(`Unknown resource template: ${crafted(k).slice(0, 20)}`);
      // Searched still, within bounds: a few times a plain one (hundreds before).
      const ratio = await costRatio((uri) => complete(connected, uri), crafted);
      expect(ratio, `template ${k}`).toBeLessThan(RATIO_BOUND);
    }
    // 40 distinct crafted templates kept ≈ 3 MB each before; now the memo's bound in all.
    const kept = await heapKept(async () => {
      for (let i = 0; i < 40; i++) await complete(connected, (CRAFTED[i % CRAFTED.length] as (i: number) => string)(3000 + i));
    });
    expect(kept).toBeLessThan(24 * 1024 * 1024);
    expect(expansionMemoSize().characters).toBeLessThanOrEqual(MAX_MEMO_CHARACTERS);
    await connected.close();
  });

  it("gives a registered template the same answers as before, and a hidden one the unknown one's", async () => {
    const template = "file:///home/{user}/{name}";
    const unregistered = "file:///home/{user}/{name}/more";
    const alice = authInfoFor("alice", []);
    const protectedAlice = await connect(mcpServer(), alice);
    // Visible (alice could read file:///home/alice/…), not allowed: refused visibly.
    const denied = JSON.parse(await complete(protectedAlice, template));
    expect(denied.error.code).toBe(POLICY_DENIED_CODE);
    // The same policies would allow reading what the unregistered one expands to: it is
    // still answered as the unknown template it is, as the unprotected server answers it.
    const unprotected = await connect(mcpServer(false), alice);
    expect(await complete(protectedAlice, unregistered)).toBe(await complete(unprotected, unregistered));
    // A registered resource is something the SDK completes (with nothing): decided as
    // before, and refused visibly to a caller who can read it. One not registered is unknown.
    expect(JSON.parse(await complete(protectedAlice, "file:///srv/shared/handbook.md")).error.code).toBe(POLICY_DENIED_CODE);
    expect(await complete(protectedAlice, "file:///srv/shared/other.md")).toBe(await complete(unprotected, "file:///srv/shared/other.md"));
    await protectedAlice.close();
    await unprotected.close();
    // A caller whose id is no URI text cannot read `file:///home/${subject.id}/…`: the
    // registered template is hidden from it, and answers as it would unregistered.
    const stranger = authInfoFor("a stranger", []);
    const hiddenFrom = await connect(mcpServer(), stranger);
    const hidden = await complete(hiddenFrom, template);
    expect(hidden).toContain(`Resource template ${template} not found`);
    await hiddenFrom.close();
    const withoutIt = new McpServer({ name: "s", version: "1" });
    protect(withoutIt, engine);
    withoutIt.registerResource("other", new ResourceTemplate("x://{a}", { list: undefined, complete: { a: () => [] } }), {}, async (uri) => ({
      contents: [{ uri: uri.href, text: "" }],
    }));
    const unknown = await connect(withoutIt, stranger);
    expect(hidden).toBe(await complete(unknown, template));
    await unknown.close();
  });

  it("answers as the v2 SDK does for a template it does not have, and refuses a visible one visibly", async () => {
    const v2 = async (protectIt: boolean) => {
      const server = new McpServerV2({ name: "s", version: "1" });
      if (protectIt) protectV2(server, engine);
      server.registerResource(
        "home",
        new ResourceTemplateV2("file:///home/{user}/{name}", { list: undefined, complete: { user: () => ["alice"] } }),
        {},
        async (uri) => ({ contents: [{ uri: uri.href, text: "" }] }),
      );
      const [clientSide, serverSide] = InMemoryTransportV2.createLinkedPair();
      const send = clientSide.send.bind(clientSide);
      clientSide.send = (message, options) => send(message, { ...options, authInfo: authInfoFor("alice", []) as never });
      await server.connect(serverSide);
      const client = new ClientV2({ name: "c", version: "1" });
      await client.connect(clientSide);
      return client;
    };
    const answer = (client: ClientV2, uri: string) =>
      client.complete({ ref: { type: "ref/resource", uri }, argument: { name: "a", value: "" } }).then(
        (result) => ({ result }),
        (error: { code?: unknown; message?: unknown }) => ({ code: error.code, message: error.message }),
      );
    const protectedClient = await v2(true);
    const unprotectedClient = await v2(false);
    // Unregistered: the SDK's own answer, also where the policies would allow reading what
    // the template expands to (file:///home/alice/alice/more).
    for (const uri of [...CRAFTED.map((crafted, k) => crafted(k)), "file:///home/{user}/{name}/more"]) {
      expect(await answer(protectedClient, uri)).toEqual(await answer(unprotectedClient, uri));
    }
    expect(await answer(protectedClient, "file:///home/{user}/{name}")).toMatchObject({ code: POLICY_DENIED_CODE });
    await protectedClient.close();
    await unprotectedClient.close();
  });
});

describe("the expansions of one template", () => {
  it("are never longer than a request's URI may be, and bounded in all", () => {
    // The hunt's pool: a 256-character id first, then the policies' words.
    const pool = ["u".repeat(256), "home", "srv", "shared", "x"];
    for (const crafted of CRAFTED) {
      const uris = templateExpansions(crafted(0), pool);
      // Unbounded: 125 URIs, 13.8 million characters, the largest 514,258. Now none longer
      // than protect takes a URI (4,096), and 65,536 characters built per template.
      expect(Math.max(0, ...uris.map((uri) => uri.length))).toBeLessThanOrEqual(4096);
      expect(uris.reduce((sum, uri) => sum + uri.length, 0)).toBeLessThanOrEqual(65_536 + 2 * 4096);
    }
    // A realistic template keeps all its expansions, the long id's too.
    const home = templateExpansions("file:///home/{user}/{name}", pool);
    expect(home).toHaveLength(25);
    expect(home).toContain(`file:///home/${"u".repeat(256)}/x`);
  });

  it("are remembered within a bound on the characters held, whatever the templates", () => {
    const pool = ["v".repeat(100), "home", "x"];
    for (let i = 0; i < 120; i++) templateExpansions(`x://${i}/{a}/{b}/${"{c}".repeat(30)}`, pool);
    // 120 × ≈ 65,000 characters: over the bound, so it started afresh on the way.
    expect(expansionMemoSize().characters).toBeLessThanOrEqual(MAX_MEMO_CHARACTERS);
    expect(expansionMemoSize().entries).toBeGreaterThan(0);
  });
});

describe("resources/templates/list of many registered templates", () => {
  /** An McpServer with `count` templates made by `template`, protected; a client of it as `authInfo`. */
  async function listing(templates: readonly string[], user = "alice") {
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, engine);
    templates.forEach((template, i) => {
      server.registerResource(`t${i}`, new ResourceTemplate(template, { list: undefined }), {}, async (uri) => ({
        contents: [{ uri: uri.href, text: "" }],
      }));
    });
    const connected = await connect(server, authInfoFor(user, []));
    return {
      list: async () => (await connected.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate),
      close: () => connected.close(),
    };
  }

  /**
   * Templates whose URIs are about 4,000 characters (sixty variables and a long path) that
   * only a policy could tell apart: none readable (bob's home, listed for alice).
   */
  const tooLong = (count: number) =>
    Array.from({ length: count }, (_, i) => `file:///home/bob/${i}/${"{a}/{b}/{c}/".repeat(20)}${"p".repeat(3500)}`);
  const plainTemplates = (count: number) => Array.from({ length: count }, (_, i) => `file:///{top}/{user}/d${i}/{name}`);

  it("costs about what a list of plain templates costs, however long their URIs would be", async () => {
    const long = await listing(tooLong(100));
    const short = await listing(plainTemplates(100));
    const times = { long: [] as number[], short: [] as number[] };
    for (let round = 0; round < 7; round++) {
      let started = performance.now();
      expect(await long.list()).toEqual([]);
      const longTime = performance.now() - started;
      started = performance.now();
      await short.list();
      // The first round warms up.
      if (round === 0) continue;
      times.long.push(longTime);
      times.short.push(performance.now() - started);
    }
    // 20,000 URIs of 4,000 characters parsed and decided before (seconds a list); now the
    // list's 2 million characters. The fastest rounds: a busy machine only slows a round down.
    expect(Math.min(...times.long) / Math.max(Math.min(...times.short), 0.05)).toBeLessThan(10);
    await long.close();
    await short.close();
  });

  it("decides the templates after its budget is spent on their literal URI template only (fail closed)", async () => {
    const usable = "file:///home/{user}/{name}";
    // Alone, or first: shown (file:///home/alice/alice could be read).
    const first = await listing([usable, ...tooLong(40)]);
    expect(await first.list()).toEqual([usable]);
    await first.close();
    // After 40 templates that spend the list's characters: not tried, so not shown.
    const last = await listing([...tooLong(40), usable]);
    expect(await last.list()).toEqual([]);
    await last.close();
  });
});

describe("resources/read of long URIs", () => {
  it("keeps nothing per request of a distinct long URI", async () => {
    // An engine of its own: what other tests left in the shared one's memo is not measured.
    const server = new McpServer({ name: "s", version: "1" });
    // An interpolated pattern: ids are told apart one by one (no resource class), and the
    // target index lets every file:///home/… URI through to the engine.
    protect(server, compile(`policy home { allow subject * action "resources/read" resource "resource:file:///home/\${subject.id}/**" }`));
    server.registerResource("r", "file:///srv/r", {}, async (uri) => ({ contents: [{ uri: uri.href, text: "" }] }));
    const connected = await connect(server, authInfoFor("alice", []));
    const read = async (i: number) => {
      await connected.client.readResource({ uri: `file:///home/bob/${i}/${"€".repeat(4000)}` }).catch(() => undefined);
      // The test's own record of the answers (each names the URI) is not what is measured.
      connected.received.length = 0;
    };
    await read(0);
    // Each was remembered by its id (≈ 9 KB) in the visibility memo, 10,000 of them.
    const kept = await heapKept(async () => {
      for (let i = 1; i <= 3000; i++) await read(i);
    });
    expect(kept).toBeLessThan(10 * 1024 * 1024);
    await connected.close();
  });
});
