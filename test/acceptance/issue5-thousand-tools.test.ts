/**
 * Issue 5, item 4 and "Performance": a 1,000-tool `tools/list` over the real SDK is
 * filtered exactly (per subject, with argument conditions and a deny) and costs little
 * next to the unprotected list itself (a ratio measured in the same run).
 */
import { McpServer as V1McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { protect as protectV1 } from "../../src/mcp/index.js";
import { authInfo, raw } from "../helpers/raw-json-rpc.js";

const listedNames = async (client: Awaited<ReturnType<typeof raw>>) =>
  ((await client.call("tools/list", {})) as { result: { tools: { name: string }[] } }).result.tools.map(
    (tool) => tool.name,
  );

describe("a list of 1,000 tools", () => {
  const engine = compile(`
    role ops includes viewer
    policy readers { allow subject role viewer action "tools/call" resource "tool:read_*" }
    policy writers { allow subject role ops action "tools/call" resource "tool:write_*" when env.arguments.path matches "/srv/**" }
    policy "no-9" { deny priority 5 subject * action "tools/call" resource "tool:*9" }
  `);
  function thousand(protectIt: boolean) {
    const server = new V1McpServer({ name: "s", version: "1.0.0" });
    if (protectIt) protectV1(server, engine);
    for (let i = 0; i < 1000; i++) {
      const name = `${["read", "write", "admin", "misc"][i % 4]}_${i}`;
      server.registerTool(name, { inputSchema: { path: z.string() } }, async () => ({ content: [] }));
    }
    return server;
  }

  it("shows exactly the tools some call could be allowed for, per subject", async () => {
    for (const [who, expected] of [
      [authInfo("v", ["viewer"]), (name: string) => name.startsWith("read_") && !name.endsWith("9")],
      [
        authInfo("o", ["ops"]),
        (name: string) => (name.startsWith("read_") || name.startsWith("write_")) && !name.endsWith("9"),
      ],
      [undefined, () => false],
    ] as const) {
      const client = await raw("v1", thousand(true) as never, { authInfo: who });
      const all = Array.from({ length: 1000 }, (_, i) => `${["read", "write", "admin", "misc"][i % 4]}_${i}`);
      expect(await listedNames(client)).toEqual(all.filter(expected));
      await client.close();
    }
  });

  it("costs little next to the unprotected list itself (ratio of medians, same run)", async () => {
    const who = authInfo("o", ["ops"]);
    const protectedClient = await raw("v1", thousand(true) as never, { authInfo: who });
    const unprotectedClient = await raw("v1", thousand(false) as never, { authInfo: who });
    const times = { protected: [] as number[], unprotected: [] as number[] };
    const time = async (client: typeof protectedClient, into: number[]) => {
      const start = performance.now();
      await client.send("tools/list", {});
      into.push(performance.now() - start);
    };
    // Alternating rounds, so a busy moment of a shared host weighs on both sides alike.
    for (let round = 0; round < 15; round++) {
      await time(protectedClient, times.protected);
      await time(unprotectedClient, times.unprotected);
    }
    await protectedClient.close();
    await unprotectedClient.close();
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] as number;
    // The list itself (JSON Schemas of 1,000 tools) dominates; filtering adds a fraction.
    expect(median(times.protected)).toBeLessThan(median(times.unprotected) * 2);
  });
});
