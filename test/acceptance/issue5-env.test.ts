/**
 * Issue 5, item 2: what policies see. `env.tool` is the tool's annotations from the
 * server's own registry — never anything the client sends; `env.arguments` the call's
 * arguments; `env.request` the method, session id and client info; `env.now` (ISO) and
 * `env.hour` (UTC) unless overridden; actions are the MCP methods and resources
 * `tool:<name>`, `prompt:<name>`, `resource:<uri>`.
 */
import { McpServer as V1McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Server as V1Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { McpServer as V2McpServer } from "@modelcontextprotocol/server";
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { type DecisionRecord, type ProtectOptions, protect as protectV1 } from "../../src/mcp/index.js";
import { protect as protectV2 } from "../../src/mcp/v2/index.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { authInfo, type Line, raw } from "../helpers/raw-json-rpc.js";

const ALICE = authInfo("alice", ["viewer"]);
const ok = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
/** A tool handler that notes its name in `ran` when it runs. */
const noting = (ran: string[], name: string) => async () => {
  ran.push(name);
  return ok(name);
};

/** Allows a tool call only when the registry says the tool is read-only. */
const READ_ONLY = compile(
  `policy "read-only" { allow subject * action "tools/call" resource "tool:*" when env.tool.readOnlyHint == true }`,
);

function toolServer(line: Line, engine: PolicyEngine, options: ProtectOptions = {}) {
  const ran: string[] = [];
  if (line === "v1") {
    const server = new V1McpServer({ name: "s", version: "1.0.0" });
    protectV1(server, engine, options);
    const ro = server.registerTool("ro", { annotations: { readOnlyHint: true } }, noting(ran, "ro"));
    const rw = server.registerTool(
      "rw",
      { inputSchema: { readOnlyHint: z.boolean().optional() }, annotations: { readOnlyHint: false } },
      noting(ran, "rw"),
    );
    const bare = server.registerTool("bare", {}, noting(ran, "bare"));
    return { server: server as never, ran, tools: { ro, rw, bare } };
  }
  const server = new V2McpServer({ name: "s", version: "1.0.0" });
  protectV2(server, engine, options);
  const ro = server.registerTool("ro", { annotations: { readOnlyHint: true } }, noting(ran, "ro"));
  const rw = server.registerTool(
    "rw",
    { inputSchema: z.object({ readOnlyHint: z.boolean().optional() }), annotations: { readOnlyHint: false } },
    noting(ran, "rw"),
  );
  const bare = server.registerTool("bare", {}, noting(ran, "bare"));
  return { server: server as never, ran, tools: { ro, rw, bare } };
}

describe.each(["v1", "v2"] as const)("%s: env.tool comes from the server's registry, never from the client", (line) => {
  it("a client claiming read-only annotations for a tool the registry says writes is not believed", async () => {
    const { server, ran } = toolServer(line, READ_ONLY);
    const client = await raw(line, server, { authInfo: ALICE });
    const forged = [
      { name: "rw", arguments: {} },
      { name: "rw", arguments: { readOnlyHint: true } },
      { name: "rw", arguments: {}, annotations: { readOnlyHint: true } },
      {
        name: "rw",
        arguments: {},
        _meta: { annotations: { readOnlyHint: true }, readOnlyHint: true, tool: { readOnlyHint: true } },
      },
      { name: "rw", arguments: {}, tool: { readOnlyHint: true } },
      { name: "bare", arguments: {}, _meta: { annotations: { readOnlyHint: true } } },
    ];
    for (const params of forged) expect(await client.send("tools/call", params)).not.toContain('"text":"rw"');
    expect(await client.send("tools/call", { name: "ro", arguments: {} })).toContain('"text":"ro"');
    expect(ran).toEqual(["ro"]);
    // And lists show only what the registry says is read-only.
    const listed = (await client.call("tools/list", {})) as { result: { tools: { name: string }[] } };
    expect(listed.result.tools.map((t) => t.name)).toEqual(["ro"]);
    await client.close();
  });

  it("follows the registry when the server updates a tool's annotations", async () => {
    const { server, ran, tools } = toolServer(line, READ_ONLY);
    const client = await raw(line, server, { authInfo: ALICE });
    const names = async () =>
      ((await client.call("tools/list", {})) as { result: { tools: { name: string }[] } }).result.tools.map(
        (t) => t.name,
      );
    expect(await names()).toEqual(["ro"]);
    tools.rw.update({ annotations: { readOnlyHint: true } });
    tools.ro.update({ annotations: { readOnlyHint: false } });
    expect(await names()).toEqual(["rw"]);
    expect(await client.send("tools/call", { name: "rw", arguments: {} })).toContain('"text":"rw"');
    expect(await client.send("tools/call", { name: "ro", arguments: {} })).not.toContain('"text":"ro"');
    expect(ran).toEqual(["rw"]);
    await client.close();
  });

  it("a tool registered without annotations has env.tool = {}", async () => {
    const engine = compile(
      `policy p { allow subject * action "tools/call" resource "tool:bare" unless env.tool has readOnlyHint or env.tool has destructiveHint }`,
    );
    const { server, ran } = toolServer(line, engine);
    const client = await raw(line, server, { authInfo: ALICE });
    expect(await client.send("tools/call", { name: "bare", arguments: {}, _meta: { readOnlyHint: true } })).toContain(
      '"text":"bare"',
    );
    expect(ran).toEqual(["bare"]);
    await client.close();
  });
});

describe("env.tool of a low-level Server comes from the toolAnnotations option", () => {
  it("decides on what the option says for the name, never on the client's message", async () => {
    const server = new V1Server({ name: "s", version: "1.0.0" }, { capabilities: { tools: {} } });
    const ran: string[] = [];
    protectV1(server, READ_ONLY, {
      toolAnnotations: (name) => (name === "ro" ? { readOnlyHint: true } : { readOnlyHint: false }),
    });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: ["ro", "rw"].map((name) => ({ name, inputSchema: { type: "object" as const } })),
    }));
    server.setRequestHandler(CallToolRequestSchema, (request) => {
      ran.push(request.params.name);
      return ok(request.params.name);
    });
    const client = await raw("v1", server as never, { authInfo: ALICE });
    await client.send("tools/call", { name: "rw", arguments: {}, _meta: { annotations: { readOnlyHint: true } } });
    await client.send("tools/call", { name: "ro", arguments: {} });
    expect(ran).toEqual(["ro"]);
    await client.close();
  });
});

/** A v1 server whose one tool `t` runs when `condition` holds; answers which calls ran. */
async function runsWhen(
  condition: string,
  {
    sessionId,
    clientInfo,
    ...options
  }: ProtectOptions & { sessionId?: string; clientInfo?: { name: string; version: string } } = {},
) {
  const engine = compile(`policy p { allow subject * action "tools/call" resource "tool:t" when ${condition} }`);
  const server = new V1McpServer({ name: "s", version: "1.0.0" });
  protectV1(server, engine, options);
  let runs = 0;
  server.registerTool("t", { inputSchema: { a: z.unknown().optional(), b: z.unknown().optional() } }, async () => {
    runs++;
    return ok("t");
  });
  const client = await raw("v1", server as never, { authInfo: ALICE, sessionId, clientInfo });
  return {
    call: async (args?: unknown) => {
      const before = runs;
      await client.send("tools/call", args === undefined ? { name: "t" } : { name: "t", arguments: args });
      return runs > before;
    },
    listed: async () =>
      ((await client.call("tools/list", {})) as { result: { tools: unknown[] } }).result.tools.length === 1,
    close: () => client.close(),
  };
}

describe("env.arguments, env.request", () => {
  it("env.arguments is the call's arguments as sent, and {} when the client sends none", async () => {
    const nested = await runsWhen(`env.arguments.a.b == [1, "x"] and not (env.arguments has b)`);
    expect(await nested.call({ a: { b: [1, "x"] } })).toBe(true);
    expect(await nested.call({ a: { b: [1, "x"] }, b: null })).toBe(false);
    expect(await nested.call({ a: { b: [1] } })).toBe(false);
    await nested.close();
    const none = await runsWhen(`not (env.arguments has a)`);
    expect(await none.call()).toBe(true);
    expect(await none.call({ a: 1 })).toBe(false);
    await none.close();
  });

  it("env.request has the method (also while filtering a list), the session id and the client's name and version", async () => {
    const seen = await runsWhen(
      `env.request.method == "tools/call" and env.request.sessionId == "session-42" and env.request.clientInfo.name == "inspector" and env.request.clientInfo.version == "9.1"`,
      { sessionId: "session-42", clientInfo: { name: "inspector", version: "9.1" } },
    );
    expect(await seen.listed()).toBe(true);
    expect(await seen.call({})).toBe(true);
    await seen.close();
    for (const [sessionId, clientInfo] of [
      ["session-43", { name: "inspector", version: "9.1" }],
      ["session-42", { name: "inspector", version: "9.2" }],
    ] as const) {
      const other = await runsWhen(
        `env.request.sessionId == "session-42" and env.request.clientInfo.name == "inspector" and env.request.clientInfo.version == "9.1"`,
        { sessionId, clientInfo },
      );
      expect(await other.listed()).toBe(false);
      expect(await other.call({})).toBe(false);
      await other.close();
    }
  });

  it("env.request.clientInfo holds only the name and version the client gave", async () => {
    const extra = await runsWhen(`not (env.request.clientInfo has title) and env.request.clientInfo has name`, {
      clientInfo: { name: "c", version: "1", title: "Shown title" } as never,
    });
    expect(await extra.call({})).toBe(true);
    await extra.close();
  });
});

describe("env.now and env.hour", () => {
  it("default to the current time (ISO) and its UTC hour", async () => {
    const before = new Date();
    const iso = await runsWhen(`env.now matches "2*-*-*T*:*:*.*Z" and env.hour >= 0 and env.hour <= 23`);
    expect(await iso.call({})).toBe(true);
    await iso.close();
    // The hour is UTC (the process may run in any zone): one of the hours around now.
    const hours = [before.getUTCHours(), new Date().getUTCHours()];
    const utc = await runsWhen(`env.hour in [${hours.join(", ")}]`);
    expect(await utc.call({})).toBe(true);
    await utc.close();
  });

  it("follow the now option, in UTC", async () => {
    const clock = { now: () => new Date("2026-03-02T23:30:00.000+02:00") };
    const fixed = await runsWhen(`env.now == "2026-03-02T21:30:00.000Z" and env.hour == 21`, clock);
    expect(await fixed.call({})).toBe(true);
    await fixed.close();
  });

  it("can be replaced by the env option, which can add attributes but never replace arguments, tool or request", async () => {
    const env = () => ({
      now: "local-time",
      hour: 4,
      window: "maintenance",
      arguments: { a: 1 },
      tool: { readOnlyHint: true },
      request: { method: "x" },
    });
    const replaced = await runsWhen(
      `env.now == "local-time" and env.hour == 4 and env.window == "maintenance" and env.request.method == "tools/call" and not (env.arguments has a) and not (env.tool has readOnlyHint)`,
      { env },
    );
    expect(await replaced.call({})).toBe(true);
    expect(await replaced.listed()).toBe(true);
    await replaced.close();
  });
});

describe("naming: actions are the MCP methods, resources tool:/prompt:/resource: ids", () => {
  it("records every protected request under its method and resource id", async () => {
    const records: DecisionRecord[] = [];
    const engine = compile(`policy all { allow subject * action * resource * }`);
    const server = new V1McpServer({ name: "s", version: "1.0.0" });
    protectV1(server, engine, { onDecision: (record) => void records.push(record) });
    server.registerTool("write_file", {}, async () => ok("w"));
    server.registerPrompt("summarize", { argsSchema: { path: completable(z.string(), () => ["/a"]) } }, () => ({
      messages: [],
    }));
    server.registerResource("doc", "file:///srv/doc.md", {}, async (uri) => ({
      contents: [{ uri: uri.href, text: "d" }],
    }));
    server.registerResource(
      "home",
      new ResourceTemplate("file:///home/{user}/{name}", { list: undefined, complete: { user: () => ["alice"] } }),
      {},
      async (uri) => ({ contents: [{ uri: uri.href, text: "h" }] }),
    );
    const client = await raw("v1", server as never, { authInfo: ALICE });
    await client.send("tools/call", { name: "write_file", arguments: {} });
    await client.send("prompts/get", { name: "summarize", arguments: { path: "/a" } });
    await client.send("resources/read", { uri: "file:///srv/doc.md" });
    await client.send("resources/read", { uri: "file:///home/alice/x" });
    await client.send("completion/complete", {
      ref: { type: "ref/prompt", name: "summarize" },
      argument: { name: "path", value: "/" },
    });
    await client.send("completion/complete", {
      ref: { type: "ref/resource", uri: "file:///home/{user}/{name}" },
      argument: { name: "user", value: "a" },
    });
    for (const method of ["tools/list", "prompts/list", "resources/list", "resources/templates/list"])
      await client.send(method, {});
    expect(records.map((r) => [r.action, r.resource])).toEqual([
      ["tools/call", "tool:write_file"],
      ["prompts/get", "prompt:summarize"],
      ["resources/read", "resource:file:///srv/doc.md"],
      ["resources/read", "resource:file:///home/alice/x"],
      ["completion/complete", "prompt:summarize"],
      ["completion/complete", "resource:file:///home/{user}/{name}"],
      ["tools/list", null],
      ["prompts/list", null],
      ["resources/list", null],
      ["resources/templates/list", null],
    ]);
    await client.close();
  });

  it("decides each method only under its own action name", async () => {
    const engine = compile(`
      policy calls { allow subject * action "tools/call" resource "tool:t" }
      policy gets { allow subject * action "prompts/get" resource "prompt:p" }
      policy reads { allow subject * action "resources/read" resource "resource:file:///r" }
    `);
    const server = new V1McpServer({ name: "s", version: "1.0.0" });
    protectV1(server, engine);
    server.registerTool("t", {}, async () => ok("ran t"));
    server.registerTool("p", {}, async () => ok("ran p"));
    server.registerPrompt("p", {}, () => ({ messages: [{ role: "user", content: { type: "text", text: "got p" } }] }));
    server.registerPrompt("t", {}, () => ({ messages: [{ role: "user", content: { type: "text", text: "got t" } }] }));
    server.registerResource("r", "file:///r", {}, async (uri) => ({ contents: [{ uri: uri.href, text: "read r" }] }));
    const client = await raw("v1", server as never, { authInfo: ALICE });
    expect(await client.send("tools/call", { name: "t", arguments: {} })).toContain("ran t");
    expect(await client.send("tools/call", { name: "p", arguments: {} })).not.toContain("ran p");
    expect(await client.send("prompts/get", { name: "p" })).toContain("got p");
    expect(await client.send("prompts/get", { name: "t" })).not.toContain("got t");
    expect(await client.send("resources/read", { uri: "file:///r" })).toContain("read r");
    await client.close();
  });
});
