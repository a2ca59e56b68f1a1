/**
 * The server author's callbacks may fail; a request is then decided fail-closed and
 * nothing internal reaches the client: a clock that throws or returns no Date reads as
 * NaN (conditions on the time err), a `toolAnnotations` that throws gives the
 * `{ annotationsError: true }` marker, a failing `auditArguments` refuses the request as
 * a failing audit hook does.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { type ProtectOptions, protect } from "../../src/mcp/index.js";

async function callEcho(policies: string, options: ProtectOptions): Promise<{ text: string | null; error: string | null; ran: number }> {
  const server = new McpServer({ name: "t", version: "1.0.0" });
  protect(server, compile(policies), options);
  let ran = 0;
  server.registerTool("echo", { inputSchema: { x: z.string() } }, async ({ x }) => {
    ran++;
    return { content: [{ type: "text", text: x }] };
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "c", version: "1.0.0" });
  await client.connect(clientSide);
  try {
    const result = await client.callTool({ name: "echo", arguments: { x: "hi" } });
    const first = (result.content as { text?: string }[])[0];
    return result.isError === true ? { text: null, error: first?.text ?? "", ran } : { text: first?.text ?? null, error: null, ran };
  } catch (error) {
    return { text: null, error: (error as Error).message, ran };
  } finally {
    await client.close();
  }
}

const DAYTIME_ONLY = "policy day { allow subject * action * resource * when env.hour >= 8 and env.hour < 18 }";
const ANY_TIME = "policy any { allow subject * action * resource * }";

describe("failing callbacks of the server author", () => {
  for (const [what, now] of [
    ["throws", () => { throw new Error("clock broke"); }],
    ["returns no Date", () => "noon" as unknown as Date],
    // A look-alike: its getTime says noon (daytime), but it is no Date.
    ["returns a Date look-alike", () => ({ getTime: () => Date.UTC(2026, 0, 5, 12) }) as unknown as Date],
  ] as const) {
    it(`a clock that ${what} denies what depends on the time, and only that`, async () => {
      const timed = await callEcho(DAYTIME_ONLY, { now });
      expect(timed.ran).toBe(0);
      expect(timed.error).toMatch(/Tool echo not found/); // hidden: no policy could allow it
      expect(timed.error).not.toMatch(/clock|noon/);
      expect((await callEcho(ANY_TIME, { now })).text).toBe("hi");
    });
  }

  it("a toolAnnotations that throws gives env.tool the annotationsError marker", async () => {
    const options: ProtectOptions = { toolAnnotations: () => { throw new Error("registry down"); } };
    expect((await callEcho("policy p { allow subject * action * resource * when env.tool.annotationsError == true }", options)).text).toBe("hi");
    const guarded = await callEcho(`${ANY_TIME}\npolicy ro { deny priority 1 subject * action * resource * unless env.tool.readOnlyHint == true }`, options);
    expect(guarded.ran).toBe(0);
    expect(guarded.error).not.toMatch(/registry down/);
  });

  it("an auditArguments function that throws refuses the request, reported to onAuditError", async () => {
    const reported: unknown[] = [];
    const records: Record<string, unknown>[] = [];
    const result = await callEcho(ANY_TIME, {
      onDecision: (record) => void records.push(record as unknown as Record<string, unknown>),
      auditArguments: () => { throw new Error("redaction failed"); },
      onAuditError: (error) => reported.push(error),
    });
    expect(result.ran).toBe(0);
    // The refusal is recorded still, without the arguments.
    const calls = records.filter((record) => record.action === "tools/call");
    expect(calls).toMatchObject([{ resource: "tool:echo", effect: "deny", outcome: "denied" }]);
    expect(calls[0]).not.toHaveProperty("arguments");
    expect(result.error).toMatch(/Audit failed; request refused/);
    expect(result.error).not.toMatch(/redaction failed/);
    expect(reported.map((e) => (e as Error).message)).toEqual(["redaction failed"]);
  });
});
