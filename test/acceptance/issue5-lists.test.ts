/**
 * Issue 5, item 4: an item appears in a list iff the corresponding call could be allowed
 * for that subject for some arguments. Checked over the real SDKs: each visible case has
 * a witness call that runs; each hidden case is unlisted and refused for every argument
 * value tried, including ones a client can only send raw (`__proto__` keys, non-string
 * prompt arguments). Lists of a low-level server keep their pagination cursor.
 */
import { Server as V1Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer as V1McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { McpServer as V2McpServer } from "@modelcontextprotocol/server";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { protect as protectV1 } from "../../src/mcp/index.js";
import { protect as protectV2 } from "../../src/mcp/v2/index.js";
import { authInfo, type Line, raw } from "../helpers/raw-json-rpc.js";

const ALICE = authInfo("alice", ["viewer"]);

/** `policies` written for the tool `t`; `witness`: arguments a call is allowed with (visible cases). */
interface Case {
  readonly policies: string;
  readonly witness?: Record<string, unknown>;
  /** Argument values tried on the hidden cases: none may be allowed. */
  readonly tries?: readonly unknown[];
}

const allow = (condition: string) =>
  `policy p { allow subject * action "tools/call" resource "tool:t" when ${condition} }`;
const deny = (condition: string) =>
  `policy d { deny priority 5 subject * action "tools/call" resource "tool:t" when ${condition} }`;

const VISIBLE: readonly Case[] = [
  { policies: allow("env.arguments.n > 3 and env.arguments.n < 4"), witness: { n: 3.5 } },
  { policies: allow(`env.arguments.s matches "a*" and env.arguments.s contains "b"`), witness: { s: "ab" } },
  {
    policies: allow(`env.arguments.tags contains "x" and env.arguments.tags contains "y"`),
    witness: { tags: ["x", "y"] },
  },
  { policies: allow("env.arguments.a == env.arguments.b"), witness: { a: 1, b: 1 } },
  { policies: allow("not (env.arguments has x)"), witness: {} },
  { policies: allow(`env.arguments.s >= "m" and env.arguments.s < "n"`), witness: { s: "m" } },
  {
    policies: `${allow(`env.arguments.mode in ["r", "w"]`)}\n${deny(`env.arguments.mode == "w"`)}`,
    witness: { mode: "r" },
  },
  { policies: allow(`env.arguments.path matches "/home/\${subject.id}/**"`), witness: { path: "/home/alice/x" } },
  { policies: allow("env.arguments.x.y.z == true"), witness: { x: { y: { z: true } } } },
  { policies: allow(`env.arguments.s != "a" and env.arguments.s != "b"`), witness: { s: "c" } },
  {
    policies: `${allow(`env.arguments.s matches "*.txt"`)}\n${deny(`env.arguments.s matches "secret*"`)}`,
    witness: { s: "x.txt" },
  },
  { policies: `${allow("true")}\n${deny("env.arguments.n > 5")}`, witness: { n: 5 } },
  // An error met first propagates through `or`: `n` must be there for `s` to count.
  { policies: allow(`env.arguments.n == 1 or env.arguments.s == "x"`), witness: { n: 2, s: "x" } },
  // `contains` on an array is membership: ["ab"] holds "ab" and not "a".
  { policies: allow(`env.arguments.s contains "ab" and not (env.arguments.s contains "a")`), witness: { s: ["ab"] } },
];

const TRIES: readonly unknown[] = [0, -0, 1, 2, 3.5, 4, 5, "", "a", "ab", "b", true, false, null, ["a"], { y: 1 }];

const HIDDEN: readonly Case[] = [
  { policies: allow("env.arguments.n > 4 and env.arguments.n < 3") },
  { policies: allow("env.arguments.x == 1 and env.arguments.x == 2") },
  { policies: `${allow(`env.arguments.s matches "a*"`)}\n${deny(`env.arguments.s matches "a*"`)}` },
  { policies: allow("env.arguments == null") },
  { policies: allow("env.arguments.n == 0 and env.arguments.n != -0") },
  { policies: allow("env.arguments has x and not (env.arguments has x)") },
  { policies: `${allow("env.arguments.ok == false")}\n${deny("not (env.arguments.ok == true)")}` },
  { policies: allow("env.arguments.x in []") },
  { policies: allow(`env.arguments.s contains "ab" and env.arguments.s == "b"`) },
  // A call's arguments are always an object, and never hold `__proto__` as a key.
  { policies: allow(`env.arguments == []`) },
  { policies: allow(`env.arguments["__proto__"] == 1`) },
  { policies: allow(`env.arguments has __proto__`) },
];

function toolServer(line: Line, policies: string) {
  const engine = compile(policies);
  let runs = 0;
  const handler = async () => {
    runs++;
    return { content: [{ type: "text" as const, text: "ran" }] };
  };
  if (line === "v1") {
    const server = new V1McpServer({ name: "s", version: "1.0.0" });
    protectV1(server, engine);
    server.registerTool("t", { inputSchema: { any: z.unknown().optional() } }, handler);
    return { server: server as never, runs: () => runs };
  }
  const server = new V2McpServer({ name: "s", version: "1.0.0" });
  protectV2(server, engine);
  server.registerTool("t", { inputSchema: z.object({}).passthrough() }, handler);
  return { server: server as never, runs: () => runs };
}

const listedNames = async (client: Awaited<ReturnType<typeof raw>>, method = "tools/list", key = "tools") =>
  ((await client.call(method, {})) as { result: Record<string, { name: string }[]> }).result[key]?.map(
    (item) => item.name,
  );

describe.each(["v1", "v2"] as const)("%s: lists show a tool iff some arguments allow calling it", (line) => {
  it.each(VISIBLE.map((c) => [c.policies, c] as const))("listed and callable: %s", async (_, { policies, witness }) => {
    const { server, runs } = toolServer(line, policies);
    const client = await raw(line, server, { authInfo: ALICE });
    expect(await listedNames(client)).toEqual(["t"]);
    await client.send("tools/call", { name: "t", arguments: witness });
    expect(runs()).toBe(1);
    await client.close();
  });

  it.each(HIDDEN.map((c) => [c.policies, c] as const))("unlisted and never callable: %s", async (_, { policies }) => {
    const { server, runs } = toolServer(line, policies);
    const client = await raw(line, server, { authInfo: ALICE });
    expect(await listedNames(client)).toEqual([]);
    const attempts: unknown[] = [undefined, {}];
    for (const value of TRIES) for (const key of ["n", "x", "s", "ok"]) attempts.push({ [key]: value });
    // What a JSON transport delivers for `{"__proto__": 1}`: an own `__proto__` key.
    attempts.push(JSON.parse('{"__proto__": 1}'), JSON.parse('{"__proto__": {"x": 1}, "x": 1}'));
    for (const args of attempts)
      await client.send("tools/call", args === undefined ? { name: "t" } : { name: "t", arguments: args });
    expect(runs()).toBe(0);
    await client.close();
  });
});

describe.each(["v1", "v2"] as const)("%s: prompts are listed iff some string arguments allow getting them", (line) => {
  const prompts = (policies: string) => {
    const engine = compile(policies);
    let gets = 0;
    const callback = () => {
      gets++;
      return { messages: [{ role: "user" as const, content: { type: "text" as const, text: "got" } }] };
    };
    if (line === "v1") {
      const server = new V1McpServer({ name: "s", version: "1.0.0" });
      protectV1(server, engine);
      server.registerPrompt("p", {}, callback);
      return { server: server as never, gets: () => gets };
    }
    const server = new V2McpServer({ name: "s", version: "1.0.0" });
    protectV2(server, engine);
    server.registerPrompt("p", {}, callback);
    return { server: server as never, gets: () => gets };
  };
  const allowPrompt = (condition: string) =>
    `policy p { allow subject * action "prompts/get" resource "prompt:p" when ${condition} }`;

  it("a condition only a non-string argument meets hides the prompt, and no raw request gets it", async () => {
    for (const condition of [
      "env.arguments.n == 5",
      "env.arguments.n > 5",
      "env.arguments.b == true",
      "env.arguments.o has k",
    ]) {
      const { server, gets } = prompts(allowPrompt(condition));
      const client = await raw(line, server, { authInfo: ALICE });
      expect(await listedNames(client, "prompts/list", "prompts")).toEqual([]);
      for (const value of [5, 6, true, { k: 1 }, "5", "6"])
        for (const key of ["n", "b", "o"]) await client.send("prompts/get", { name: "p", arguments: { [key]: value } });
      expect(gets()).toBe(0);
      await client.close();
    }
  });

  it("a condition a string argument meets shows the prompt", async () => {
    const { server, gets } = prompts(allowPrompt(`env.arguments.n > "5"`));
    const client = await raw(line, server, { authInfo: ALICE });
    expect(await listedNames(client, "prompts/list", "prompts")).toEqual(["p"]);
    await client.send("prompts/get", { name: "p", arguments: { n: "6" } });
    expect(gets()).toBe(1);
    await client.close();
  });
});

describe("a low-level server's paginated list", () => {
  it("is filtered page by page and keeps its cursor, so a client can page through what it may see", async () => {
    const engine = compile(`policy even { allow subject * action "tools/call" resource "tool:even_*" }`);
    const server = new V1Server({ name: "s", version: "1.0.0" }, { capabilities: { tools: {} } });
    protectV1(server, engine);
    const names = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? `even_${i}` : `odd_${i}`));
    server.setRequestHandler(ListToolsRequestSchema, (request) => {
      const start = Number(request.params?.cursor ?? 0);
      const page = names.slice(start, start + 3).map((name) => ({ name, inputSchema: { type: "object" as const } }));
      return start + 3 < names.length ? { tools: page, nextCursor: String(start + 3) } : { tools: page };
    });
    server.setRequestHandler(CallToolRequestSchema, () => ({ content: [] }));
    const client = await raw("v1", server as never, { authInfo: ALICE });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = (await client.call("tools/list", cursor === undefined ? {} : { cursor })) as {
        result: { tools: { name: string }[]; nextCursor?: string };
      };
      seen.push(...answer.result.tools.map((t) => t.name));
      cursor = answer.result.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(names.filter((name) => name.startsWith("even_")));
    await client.close();
  });
});

describe("lists and calls agree for random policy sets (no argument conditions: a listed tool is callable with {})", () => {
  const names = ["a", "ab", "b_a", "alice", "x.y", "read_x", "A", "bob_1", "ba", "a-b"];
  const pattern = fc.constantFrom(
    '"tool:a*"',
    '"tool:{a,b}*"',
    '"tool:?b"',
    '"tool:[ab]*"',
    '"tool:**"',
    '"*"',
    '"tool:*"',
    `"tool:\${subject.id}"`,
    `"tool:\${subject.id}_*"`,
    '"tool:read_*"',
    '"tool:x.y"',
    '"tool:{a,b}"',
    '"resource:*"',
    '"tool:*a"',
  );
  const policy = fc.record({
    effect: fc.constantFrom("allow", "deny"),
    priority: fc.integer({ min: -1, max: 2 }),
    subject: fc.constantFrom(
      "*",
      "role viewer",
      "role admin",
      "group ops",
      "user alice",
      "user bob_1",
      "role viewer or group ops",
    ),
    action: fc.constantFrom(
      '"tools/call"',
      '"tools/*"',
      '"*/call"',
      '"tools/ca?l"',
      "*",
      '"tools/list"',
      '"prompts/get"',
    ),
    resources: fc.oneof(
      fc.constant("*"),
      fc.array(pattern, { minLength: 1, maxLength: 3 }).map((list) => list.join(", ")),
    ),
    condition: fc.constantFrom(
      "",
      "when subject has anonymous",
      'when subject.id == "alice"',
      'unless "ops" in subject.groups',
      'when env.request.method == "tools/call"',
      "when subject.missing == 1",
    ),
  });
  const callers = [
    authInfo("alice", ["viewer"]),
    authInfo("bob_1", ["editor"], [], { groups: ["ops"] }),
    authInfo("a", ["admin"]),
    undefined,
  ];

  it("shows exactly the tools a call is allowed for", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(policy, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...callers),
        async (policies, who) => {
          const text = [
            "role editor includes viewer",
            "role admin includes editor",
            ...policies.map(
              (p, i) =>
                `policy p${i} { ${p.effect} priority ${p.priority} subject ${p.subject} action ${p.action} resource ${p.resources} ${p.condition} }`,
            ),
          ].join("\n");
          const server = new V1McpServer({ name: "s", version: "1.0.0" });
          protectV1(server, compile(text));
          const ran = new Set<string>();
          for (const name of names)
            server.registerTool(name, {}, async () => {
              ran.add(name);
              return { content: [] };
            });
          const client = await raw("v1", server as never, { authInfo: who });
          const listed = await listedNames(client);
          for (const name of names) await client.send("tools/call", { name, arguments: {} });
          await client.close();
          expect({ text, listed }).toEqual({ text, listed: names.filter((name) => ran.has(name)) });
        },
      ),
      { numRuns: 40 },
    );
  });
});
