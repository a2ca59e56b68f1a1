/**
 * Robustness of `mcpolicy/mcp` and `mcpolicy/mcp/v2` (docs/mcp.md, docs/api.md): helpers
 * given a wrong argument throw a TypeError that says what was expected; the exported
 * constants cannot be changed under every server; `protect`'s options are read once, so
 * an option that passed the check is the option used (a typo or a getter must never
 * quietly mean "no audit hook").
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.js";
import * as v1 from "../../src/mcp/index.js";
import * as v2 from "../../src/mcp/v2/index.js";
import { hostileValues, INTERNAL_ERROR, thrown } from "../helpers/hostile-values.js";
import { connect } from "../mcp/helpers.js";
import { connect as connectV2 } from "../mcp/v2/client.js";

const ALLOW_ALL = "policy all { allow subject * action * resource * }";

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe.each([
  ["mcpolicy/mcp", v1],
  ["mcpolicy/mcp/v2", v2],
] as const)("%s", (_entry, mcp) => {
  const namers = [
    ["toolResource", mcp.toolResource, "tool:", /toolResource\(\) expects a tool name \(a string\), got /],
    ["promptResource", mcp.promptResource, "prompt:", /promptResource\(\) expects a prompt name \(a string\), got /],
    ["resourceResource", mcp.resourceResource, "resource:", /resourceResource\(\) expects a resource URI or URI template \(a string\), got /],
  ] as const;

  for (const [name, namer, prefix, message] of namers) {
    it(`${name}: any string is named, anything else is a TypeError that says what was expected`, () => {
      for (const text of ["x", "", "\uD800", "a\0b", "x".repeat(1 << 20)]) expect(namer(text)).toBe(`${prefix}${text}`);
      for (const [label, value] of hostileValues()) {
        if (typeof value === "string") continue;
        const caught = thrown(() => namer(value as string));
        expect(caught, label).toBeInstanceOf(TypeError);
        expect((caught as Error).message, label).toMatch(message);
        expect((caught as Error).message, label).not.toMatch(INTERNAL_ERROR);
      }
    });
  }

  it("the exported constants are deep-frozen (every server reads them)", () => {
    const constants = Object.entries(mcp).filter(([key]) => /^[A-Z][A-Z0-9_]*$/.test(key));
    expect(constants.map(([key]) => key).sort()).toEqual(
      [
        "ANONYMOUS_SUBJECT",
        "INSUFFICIENT_SCOPE_MESSAGE",
        "POLICY_DENIED_CODE",
        "POLICY_DENIED_MESSAGE",
        "PROTECTED_METHODS",
        ...(mcp === v1 ? ["MCP_SERVER_UNKNOWN_ANSWERS", "SPEC_UNKNOWN_ANSWERS"] : ["MCP_SERVER_V2_UNKNOWN_ANSWERS", "SPEC_V2_UNKNOWN_ANSWERS"]),
      ].sort(),
    );
    for (const [key, value] of constants) expect(isDeepFrozen(value), key).toBe(true);
    // ES modules are strict: a change throws instead of silently changing every server.
    expect(() => (mcp.PROTECTED_METHODS as unknown as string[]).pop()).toThrow(TypeError);
    const answers = mcp === v1 ? v1.MCP_SERVER_UNKNOWN_ANSWERS : v2.MCP_SERVER_V2_UNKNOWN_ANSWERS;
    expect(() => {
      (answers as { tool: unknown }).tool = () => ({ content: [] });
    }).toThrow(TypeError);
  });

  it("subject resolvers and the audit logger: wrong options are TypeErrors that name the problem", () => {
    for (const [label, value] of hostileValues()) {
      if (value === undefined) continue;
      for (const [name, run] of [
        ["subjectFromAuthInfo", () => mcp.subjectFromAuthInfo(value as never)],
        ["subjectFromEnv", () => mcp.subjectFromEnv({}, value as never)],
        ["jsonLinesAuditLogger", () => mcp.jsonLinesAuditLogger(value as never)],
      ] as const) {
        const caught = thrown(run);
        if (caught === undefined) continue;
        // A Proxy's own trap error is the caller's; anything else is ours, and must say what is wrong.
        if (caught instanceof Error && /^trap |^getter$/.test(caught.message)) continue;
        expect(caught, `${name}(${label})`).toBeInstanceOf(TypeError);
        expect((caught as Error).message, `${name}(${label})`).toMatch(/^(subjectFromAuthInfo|subjectFromEnv|jsonLinesAuditLogger)\(\)|proxy that has been revoked/);
      }
    }
    const sparse: string[] = ["dept"];
    sparse[2] = "x";
    expect(() => mcp.subjectFromAuthInfo({ attributes: sparse })).toThrow(/option `attributes` must be/);
  });
});

describe("protect's options are read once", () => {
  /** Options whose `key` answers `first` when first read, then `later`. */
  function changing(key: string, first: unknown, later: unknown): Record<string, unknown> {
    let reads = 0;
    return Object.defineProperty({}, key, {
      enumerable: true,
      get: () => (++reads === 1 ? first : later),
    });
  }

  it("v1: an onDecision getter that passed the check still audits every decision", async () => {
    const server = new McpServer({ name: "t", version: "1.0.0" });
    const records: unknown[] = [];
    v1.protect(server, compile(ALLOW_ALL), changing("onDecision", (r: unknown) => records.push(r), undefined) as never);
    server.registerTool("t", { description: "t" }, async () => ({ content: [{ type: "text", text: "ok" }] }));
    const connected = await connect(server);
    await connected.client.callTool({ name: "t", arguments: {} });
    await connected.close();
    expect(records).toHaveLength(1);
  });

  it("v2: the same", async () => {
    const server = new McpServerV2({ name: "t", version: "1.0.0" });
    const records: unknown[] = [];
    v2.protect(server, compile(ALLOW_ALL), changing("onDecision", (r: unknown) => records.push(r), undefined) as never);
    server.registerTool("t", { description: "t" }, async () => ({ content: [{ type: "text", text: "ok" }] }));
    const client = await connectV2(server);
    await client.callTool({ name: "t", arguments: {} });
    await client.close();
    expect(records).toHaveLength(1);
  });

  it("a denial mode that passed the check is the one used", async () => {
    const server = new McpServer({ name: "t", version: "1.0.0" });
    v1.protect(server, compile("policy none { deny subject * action * resource * }"), changing("denial", "result", undefined) as never);
    server.registerTool("t", { description: "t" }, async () => ({ content: [{ type: "text", text: "ok" }] }));
    const connected = await connect(server);
    const result = await connected.client.callTool({ name: "t", arguments: {} });
    await connected.close();
    // "result": the denial is a tool result with isError, not a JSON-RPC error.
    expect(result.isError).toBe(true);
  });

  it("insufficientScope with a sparse scopes list is refused (a hole is no scope)", () => {
    const scopes: string[] = [];
    scopes[2] = "files:write";
    const server = new McpServer({ name: "t", version: "1.0.0" });
    expect(() => v1.protect(server, compile(ALLOW_ALL), { insufficientScope: { scopes } })).toThrow(/option `insufficientScope` must be/);
  });
});
