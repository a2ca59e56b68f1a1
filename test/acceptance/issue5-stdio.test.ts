/**
 * Issue 5, items 3 and 8 over stdio: the SDK's `StdioServerTransport` on in-process
 * streams (newline-delimited JSON-RPC, as a spawned server speaks it), the identity taken
 * from the environment with `subjectFromEnv`, the audit on stderr — stdout carries only
 * the protocol.
 */
import { PassThrough } from "node:stream";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { type DecisionRecord, jsonLinesAuditLogger, protect, subjectFromEnv } from "../../src/mcp/index.js";

const ENGINE = compile(`
policy reads { allow subject role viewer action "tools/call" resource "tool:read" when env.arguments.path matches "/home/\${subject.id}/**" }
policy admin { allow subject role admin action * resource * }
policy "anonymous-ping" { allow subject * action "tools/call" resource "tool:ping" }
`);

/** A stdio server as a process started with `environment` would run it; raw lines in and out. */
async function stdioServer(environment: Record<string, string>) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr: string[] = [];
  const server = new McpServer({ name: "files", version: "1.0.0" });
  protect(server, ENGINE, {
    subject: subjectFromEnv(environment),
    onDecision: jsonLinesAuditLogger({ write: (chunk: string) => stderr.push(chunk) > 0 }),
  });
  for (const name of ["read", "wipe", "ping"])
    server.registerTool(name, { inputSchema: { path: z.string().optional() } }, async () => ({
      content: [{ type: "text", text: `ran ${name}` }],
    }));
  await server.connect(new StdioServerTransport(stdin, stdout));
  const lines: string[] = [];
  let buffered = "";
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      lines.push(line);
      const message = JSON.parse(line) as Record<string, unknown>;
      if (typeof message.id === "number") waiting.get(message.id)?.(message);
      end = buffered.indexOf("\n");
    }
  });
  let next = 0;
  const request = (method: string, params: unknown) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  await request("initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "stdio", version: "1" },
  });
  stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  return {
    request,
    names: async () =>
      ((await request("tools/list", {})) as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name),
    stdoutLines: lines,
    audit: () =>
      stderr
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DecisionRecord),
    close: () => server.close(),
  };
}

describe("a stdio server with the identity from the environment", () => {
  it("filters lists and decides calls for the subject the environment names", async () => {
    const alice = await stdioServer({ MCPOLICY_SUBJECT_ID: "alice", MCPOLICY_SUBJECT_ROLES: "viewer" });
    expect(await alice.names()).toEqual(["read", "ping"]);
    expect(
      JSON.stringify(await alice.request("tools/call", { name: "read", arguments: { path: "/home/alice/a" } })),
    ).toContain("ran read");
    const denied = await alice.request("tools/call", { name: "read", arguments: { path: "/home/bob/a" } });
    expect(denied.error).toMatchObject({ code: -32003, data: { reason: "policy_denied" } });
    const hidden = await alice.request("tools/call", { name: "wipe", arguments: {} });
    expect(JSON.stringify(hidden)).toContain("Tool wipe not found");
    await alice.close();
    const root = await stdioServer({ MCPOLICY_SUBJECT: '{"id":"root","roles":["admin"]}' });
    expect(await root.names()).toEqual(["read", "wipe", "ping"]);
    await root.close();
  });

  it("is anonymous with nothing set, and denies everything for a broken JSON subject", async () => {
    const anonymous = await stdioServer({});
    expect(await anonymous.names()).toEqual(["ping"]);
    await anonymous.close();
    const broken = await stdioServer({ MCPOLICY_SUBJECT: "{not json" });
    expect(await broken.names()).toEqual([]);
    await broken.close();
  });

  it("writes only JSON-RPC to stdout; the audit goes to its own stream, one record per decision", async () => {
    const alice = await stdioServer({ MCPOLICY_SUBJECT_ID: "alice", MCPOLICY_SUBJECT_ROLES: "viewer" });
    await alice.names();
    await alice.request("tools/call", { name: "read", arguments: { path: "/home/alice/a" } });
    for (const line of alice.stdoutLines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(alice.audit().map((r) => [r.subjectId, r.action, r.outcome])).toEqual([
      ["alice", "tools/list", "filtered"],
      ["alice", "tools/call", "allowed"],
    ]);
    await alice.close();
  });
});
