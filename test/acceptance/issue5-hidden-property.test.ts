/**
 * Issue 5, item 4, as a property: for random policy sets on the registry's annotations
 * (`env.tool`), scopes and arguments, under random denial options, a tool the caller
 * cannot see answers its calls byte for byte as the same server without that tool does —
 * both SDK lines. (test/acceptance/issue5-hidden.test.ts has the fixed cases.)
 */
import { McpServer as V1McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as V2McpServer } from "@modelcontextprotocol/server";
import fc from "fast-check";
import { expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { type ProtectOptions, protect as protectV1 } from "../../src/mcp/index.js";
import { protect as protectV2 } from "../../src/mcp/v2/index.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { authInfo, type Line, raw } from "../helpers/raw-json-rpc.js";

/** The tools that may be hidden, with the annotations they are registered with. */
const TOOLS: readonly (readonly [string, object | undefined])[] = [
  ["ro", { readOnlyHint: true }],
  ["wr", { destructiveHint: true, readOnlyHint: false }],
  ["plain", undefined],
  ["empty", {}],
];

const condition = fc.constantFrom(
  "",
  "when env.tool.readOnlyHint == true",
  "when env.tool has destructiveHint",
  "unless env.tool has destructiveHint and env.tool.destructiveHint",
  'when "admin" in subject.scopes',
  "when env.arguments.ok == true",
  "unless env.tool.readOnlyHint == true",
  "when env.tool has readOnlyHint and not env.tool.readOnlyHint",
  'when "w" in subject.scopes and env.tool has destructiveHint',
);
const policy = fc.record({
  effect: fc.constantFrom("allow", "deny"),
  priority: fc.integer({ min: 0, max: 2 }),
  resources: fc.constantFrom('"tool:*"', '"tool:ro"', '"tool:wr"', '"tool:plain", "tool:empty"', '"tool:{ro,wr}"'),
  first: condition,
  second: condition,
});
const options = fc.constantFrom<ProtectOptions>(
  {},
  { revealPolicy: true },
  { denial: "result" },
  { insufficientScope: { scopes: ["admin", "w"] } },
  { insufficientScope: { scopes: ["admin"] }, revealPolicy: true, denial: "result" },
);

/** A server with the tool `keep` and those of TOOLS named in `names`. */
function build(line: Line, engine: PolicyEngine, protectOptions: ProtectOptions, names: readonly string[]) {
  const handler = async () => ({ content: [{ type: "text" as const, text: "ran" }] });
  const server =
    line === "v1" ? new V1McpServer({ name: "s", version: "1.0.0" }) : new V2McpServer({ name: "s", version: "1.0.0" });
  if (server instanceof V1McpServer) protectV1(server, engine, protectOptions);
  else protectV2(server, engine, protectOptions);
  const register = (name: string, annotations: object | undefined) => {
    const config = annotations === undefined ? {} : { annotations };
    if (server instanceof V1McpServer)
      server.registerTool(name, { ...config, inputSchema: { ok: z.boolean().optional() } }, handler);
    else server.registerTool(name, { ...config, inputSchema: z.object({ ok: z.boolean().optional() }) }, handler);
  };
  register("keep", undefined);
  for (const [name, annotations] of TOOLS) if (names.includes(name)) register(name, annotations);
  return server as never;
}

it("a hidden tool answers as the same server without it", async () => {
  const all = TOOLS.map(([name]) => name);
  await fc.assert(
    fc.asyncProperty(
      fc.array(policy, { minLength: 1, maxLength: 4 }),
      options,
      fc.constantFrom<Line>("v1", "v2"),
      fc.constantFrom([], ["w"], ["admin"]),
      async (policies, protectOptions, line, scopes) => {
        const text = policies
          .map(
            (p, i) =>
              `policy p${i} { ${p.effect} priority ${p.priority} subject * action "tools/call" resource ${p.resources} ${p.first} ${p.second} }`,
          )
          .join("\n");
        const engine = compile(text);
        const who = authInfo("u", [], [...scopes]);
        const withAll = await raw(line, build(line, engine, protectOptions, all), { authInfo: who });
        const listed = (
          (await withAll.call("tools/list", {})) as { result: { tools: { name: string }[] } }
        ).result.tools.map((t) => t.name);
        for (const name of all) {
          if (listed.includes(name)) continue;
          const without = await raw(
            line,
            build(
              line,
              engine,
              protectOptions,
              all.filter((other) => other !== name),
            ),
            { authInfo: who },
          );
          for (const args of [{}, { ok: true }]) {
            const hidden = await withAll.send("tools/call", { name, arguments: args });
            const unknown = await without.send("tools/call", { name, arguments: args });
            expect({ text, protectOptions, line, scopes, name, args, answer: hidden }).toEqual({
              text,
              protectOptions,
              line,
              scopes,
              name,
              args,
              answer: unknown,
            });
          }
          await without.close();
        }
        await withAll.close();
      },
    ),
    { numRuns: 40 },
  );
});
