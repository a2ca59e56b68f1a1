/**
 * docs/mcp.md, "Who is calling": the v1 SDK's InMemoryTransport route a new user takes
 * for a scripted client or a test — each client transport stamps its messages with one
 * user's `authInfo` — gives two clients of one policy set two different views.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compile } from "../../src/index.js";
import { protect } from "../../src/mcp/index.js";

const engine = compile(`
role reader
role writer includes reader
policy "read" { allow subject role reader action "tools/call" resource "tool:read_note" }
policy "write-own" {
  allow
  subject role writer
  action "tools/call"
  resource "tool:write_note"
  when env.arguments.path matches "/notes/\${subject.id}/**"
}
`);

async function clientAs(sub: string, roles: string[]): Promise<Client> {
  const server = new McpServer({ name: "notes", version: "1.0.0" });
  protect(server, engine);
  server.registerTool("read_note", { inputSchema: { path: z.string() } }, async ({ path }) => ({
    content: [{ type: "text", text: `read ${path}` }],
  }));
  server.registerTool("write_note", { inputSchema: { path: z.string() } }, async ({ path }) => ({
    content: [{ type: "text", text: `wrote ${path}` }],
  }));
  // As docs/mcp.md shows it.
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const authInfo = { token: "test", clientId: sub, scopes: [], extra: { sub, roles } };
  const send = clientTransport.send.bind(clientTransport);
  clientTransport.send = (message, options) => send(message, { ...options, authInfo });
  await server.connect(serverTransport);
  const client = new Client({ name: "journey", version: "1.0.0" });
  await client.connect(clientTransport);
  return client;
}

describe("in-memory identity (v1 SDK)", () => {
  it("two users of one policy set see and may call different tools", async () => {
    const ann = await clientAs("ann", ["reader"]);
    const bob = await clientAs("bob", ["writer"]);
    const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name).sort();
    expect(await names(ann)).toEqual(["read_note"]);
    expect(await names(bob)).toEqual(["read_note", "write_note"]);
    const write = { name: "write_note", arguments: { path: "/notes/bob/a" } };
    expect(await bob.callTool(write)).toEqual({ content: [{ type: "text", text: "wrote /notes/bob/a" }] });
    expect(await ann.callTool(write)).toMatchObject({ isError: true });
    await expect(bob.callTool({ name: "write_note", arguments: { path: "/notes/ann/a" } })).rejects.toThrow(
      /Access denied by policy/,
    );
    await ann.close();
    await bob.close();
  });
});
