/**
 * Requests about an item rather than of it — a subscription to a resource, a completion
 * of a prompt's argument — are for items the caller can see: allowed by the policies for
 * a hidden one, they answer exactly as for an unknown name (found by a list-exactness
 * audit: a subscription to an unreadable resource reached the handler, and a hidden
 * prompt's completion values came back).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { mcpArgumentsShape } from "../../src/model/arguments-search.js";
import { type DecisionRecord, protect } from "../../src/mcp/index.js";

const SUBJECT = () => ({ id: "u", roles: [], groups: [] });

/** Each request's JSON-RPC answer (result or error), as the client sees it. */
async function answers(server: McpServer, requests: { method: string; params: object }[]): Promise<unknown[]> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "c", version: "1" });
  await client.connect(clientSide);
  const out: unknown[] = [];
  for (const request of requests) {
    try {
      out.push({ result: await client.request(request as never, z.any()) });
    } catch (error) {
      out.push({ error: (error as { code?: unknown; message?: unknown }).code, message: (error as Error).message });
    }
  }
  await client.close();
  return out;
}

describe("requests about a hidden item", () => {
  it("answer a subscription to a resource the caller cannot read as for an unknown one, and record it as hidden", async () => {
    const engine = compile('policy subs { allow subject * action "resources/subscribe" resource * }');
    const run = async (registered: boolean) => {
      const records: DecisionRecord[] = [];
      const server = new McpServer({ name: "s", version: "1" }, { capabilities: { resources: { subscribe: true } } });
      protect(server, engine, { subject: SUBJECT, onDecision: (record) => void records.push(record) });
      server.server.setRequestHandler(SubscribeRequestSchema, async () => ({}));
      if (registered) server.registerResource("secret", "file:///secret", {}, async (uri) => ({ contents: [{ uri: uri.href, text: "s" }] }));
      const result = await answers(server, [{ method: "resources/subscribe", params: { uri: "file:///secret" } }]);
      return { result, records: records.filter((r) => r.action === "resources/subscribe").map((r) => r.outcome) };
    };
    const hidden = await run(true);
    expect(hidden.result).toEqual((await run(false)).result);
    expect(hidden.result[0]).toMatchObject({ error: -32602 });
    expect(hidden.records).toEqual(["hidden"]);
  });

  it("answer a completion of a hidden prompt's argument as for an unknown prompt", async () => {
    const engine = compile('policy comp { allow subject * action "completion/complete" resource * }');
    const run = async (registered: boolean) => {
      const server = new McpServer({ name: "s", version: "1" });
      protect(server, engine, { subject: SUBJECT });
      server.registerPrompt("other", { argsSchema: { a: completable(z.string(), () => ["x"]) } }, () => ({ messages: [] }));
      if (registered) {
        server.registerPrompt("q", { argsSchema: { a: completable(z.string(), () => ["secret-value"]) } }, () => ({ messages: [] }));
      }
      return answers(server, [
        { method: "completion/complete", params: { ref: { type: "ref/prompt", name: "q" }, argument: { name: "a", value: "" } } },
      ]);
    };
    const hidden = await run(true);
    expect(JSON.stringify(hidden)).not.toContain("secret-value");
    expect(hidden).toEqual(await run(false));
  });

  it("take a completion's arguments as any value (an argument named __proto__ is an own key)", () => {
    expect(mcpArgumentsShape("completion/complete")).toBe("any");
    const engine = compile('policy p { allow subject * action "completion/complete" resource * when env.arguments has "__proto__" }');
    expect(engine.couldAllow({ id: "u" }, "prompt:q", "completion/complete", {}, { arguments: mcpArgumentsShape("completion/complete") })).toBe(true);
  });
});
