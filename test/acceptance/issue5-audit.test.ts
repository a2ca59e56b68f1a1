/**
 * Issue 5, item 6: every decision can be audited. `onDecision` receives subject id,
 * action, resource, effect, deciding policy, errors and duration, with arguments redacted
 * by default; `jsonLinesAuditLogger` writes one JSON object per line. A tool that throws
 * still has its decision recorded; a hook that throws neither crashes the server nor
 * leaks its error to the client.
 */
import vm from "node:vm";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { type DecisionRecord, jsonLinesAuditLogger, type ProtectOptions, protect } from "../../src/mcp/index.js";
import { authInfo, raw } from "../helpers/raw-json-rpc.js";

const POLICIES = compile(`
policy "own-home" { allow subject * action "tools/call" resource "tool:write" when env.arguments.path matches "/home/\${subject.id}/**" }
policy "may-explode" { allow subject * action "tools/call" resource "tool:explode" }
policy "erring" { allow subject * action "tools/call" resource "tool:write" when subject.department == "x" }
`);

async function serve(options: ProtectOptions, sessionId?: string) {
  const server = new McpServer({ name: "s", version: "1.0.0" });
  protect(server, POLICIES, options);
  server.registerTool("write", { inputSchema: { path: z.string(), content: z.unknown().optional() } }, async () => ({
    content: [{ type: "text", text: "wrote" }],
  }));
  server.registerTool("explode", {}, async () => {
    throw new Error("tool exploded");
  });
  server.registerTool("admin", {}, async () => ({ content: [] }));
  return raw("v1", server as never, { authInfo: authInfo("alice"), sessionId });
}

describe("onDecision records", () => {
  it("carry subject id, action, resource, effect, deciding policy, errors, outcome and duration", async () => {
    const records: DecisionRecord[] = [];
    const client = await serve({ onDecision: (r) => void records.push(r) }, "session-1");
    await client.send("tools/call", { name: "write", arguments: { path: "/home/alice/a", content: "x" } });
    await client.send("tools/call", { name: "write", arguments: { path: "/home/bob/a", content: "x" } });
    await client.send("tools/call", { name: "admin", arguments: {} });
    await client.send("tools/list", {});
    expect(records).toHaveLength(4);
    const [allowed, denied, hidden, list] = records as [DecisionRecord, DecisionRecord, DecisionRecord, DecisionRecord];
    for (const record of records) {
      expect(record.subjectId).toBe("alice");
      expect(Number.isFinite(record.durationMs) && record.durationMs >= 0).toBe(true);
      expect(Number.isNaN(Date.parse(record.time))).toBe(false);
      expect(record.sessionId).toBe("session-1");
    }
    expect(allowed).toMatchObject({
      action: "tools/call",
      resource: "tool:write",
      effect: "allow",
      policy: "own-home",
      outcome: "allowed",
    });
    // The erring policy (subject.department is missing) is reported on the allowed call too.
    expect(allowed.errors).toEqual([expect.objectContaining({ policy: "erring" })]);
    expect(denied).toMatchObject({
      action: "tools/call",
      resource: "tool:write",
      effect: "notapplicable",
      policy: null,
      outcome: "denied",
    });
    expect(hidden).toMatchObject({
      action: "tools/call",
      resource: "tool:admin",
      effect: "notapplicable",
      outcome: "hidden",
    });
    expect(list).toMatchObject({ action: "tools/list", resource: null, outcome: "filtered", shown: 2, hidden: 1 });
    await client.close();
  });

  it("redact every argument value by default, nested secrets included, keeping the names", async () => {
    const records: DecisionRecord[] = [];
    const client = await serve({ onDecision: (r) => void records.push(r) });
    const content = { password: "hunter2", nested: [{ apiKey: "sk-live-123" }] };
    await client.send("tools/call", { name: "write", arguments: { path: "/home/alice/secret-path", content } });
    await client.send("tools/call", { name: "write", arguments: { path: "/home/bob/other-secret", content } });
    for (const record of records) {
      expect(record.arguments).toEqual({ path: "[redacted]", content: "[redacted]" });
      expect(JSON.stringify(record)).not.toMatch(/hunter2|sk-live|secret-path|other-secret/);
    }
    await client.close();
  });

  it('record the arguments as sent with auditArguments: "full", none with "omit"', async () => {
    const full: DecisionRecord[] = [];
    const client = await serve({ onDecision: (r) => void full.push(r), auditArguments: "full" });
    await client.send("tools/call", { name: "write", arguments: { path: "/home/alice/a", content: { k: [1] } } });
    expect(full[0]?.arguments).toEqual({ path: "/home/alice/a", content: { k: [1] } });
    await client.close();
    const omitted: DecisionRecord[] = [];
    const other = await serve({ onDecision: (r) => void omitted.push(r), auditArguments: "omit" });
    await other.send("tools/call", { name: "write", arguments: { path: "/home/alice/a" } });
    expect(omitted[0]).not.toHaveProperty("arguments");
    await other.close();
  });

  it("record the decision of a tool that throws before it runs", async () => {
    const records: DecisionRecord[] = [];
    const client = await serve({ onDecision: (r) => void records.push(r) });
    const answer = await client.send("tools/call", { name: "explode", arguments: {} });
    expect(answer).toContain("tool exploded");
    expect(records).toEqual([
      expect.objectContaining({ resource: "tool:explode", effect: "allow", policy: "may-explode", outcome: "allowed" }),
    ]);
    await client.close();
  });
});

describe("a failing audit hook", () => {
  let unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on("unhandledRejection", onUnhandled);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  it("refuses the request without telling the client why, and the server keeps serving", async () => {
    let failing = true;
    const reported: unknown[] = [];
    const client = await serve({
      onDecision: () => {
        if (failing) throw new Error("audit DB password=hunter2 unreachable");
      },
      onAuditError: (error) => void reported.push(error),
    });
    for (const [method, params] of [
      ["tools/call", { name: "write", arguments: { path: "/home/alice/a" } }],
      ["tools/call", { name: "admin", arguments: {} }],
      ["tools/list", {}],
    ] as const) {
      const answer = await client.send(method, params);
      expect(answer).not.toContain("hunter2");
      expect(answer).not.toContain('"text":"wrote"');
      expect(JSON.parse(answer)).toHaveProperty("error");
    }
    expect(reported).toHaveLength(3);
    failing = false;
    expect(await client.send("tools/call", { name: "write", arguments: { path: "/home/alice/a" } })).toContain(
      '"text":"wrote"',
    );
    await client.close();
  });

  it("an async hook that rejects, of this realm or another, never becomes an unhandled rejection", async () => {
    const otherRealm = vm.runInNewContext("(() => Promise.reject(new Error('other realm')))") as () => unknown;
    // A library's own promise type: a thenable that is no Promise.
    const thenable = () => ({
      // biome-ignore lint/suspicious/noThenProperty: a thenable that is no Promise is the point
      then: (_: unknown, reject: (error: unknown) => void) => reject(new Error("thenable")),
    });
    const reported: string[] = [];
    const onAuditError = (error: unknown) => void reported.push((error as Error).message);
    for (const hook of [async () => Promise.reject(new Error("this realm")), otherRealm, thenable]) {
      const client = await serve({ onDecision: hook });
      expect(await client.send("tools/call", { name: "write", arguments: { path: "/home/alice/a" } })).toContain(
        '"text":"wrote"',
      );
      await client.close();
      const reporting = await serve({ onDecision: hook, onAuditError });
      await reporting.send("tools/call", { name: "write", arguments: { path: "/home/alice/a" } });
      await reporting.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    // Each rejection reaches onAuditError (docs/mcp.md, Audit).
    expect(reported).toEqual(["this realm", "other realm", "thenable"]);
  });
});

describe("jsonLinesAuditLogger", () => {
  it("writes one valid JSON object per line, whatever the strings in the record", async () => {
    const chunks: string[] = [];
    const client = await serve({
      onDecision: jsonLinesAuditLogger({ write: (chunk: string) => chunks.push(chunk) > 0 } as never),
      auditArguments: "full",
    });
    const hostile = [
      "line\nbreak",
      "carriage\rreturn",
      "sep\u2028ara\u2029tors",
      "lone \ud800 surrogate",
      "nel\u0085",
      '"quote\\',
      "\u0000nul",
    ];
    for (const text of hostile) {
      await client.send("tools/call", { name: text, arguments: { [text]: text } });
      await client.send("tools/call", { name: "write", arguments: { path: `/home/alice/${text}`, [text]: text } });
    }
    await client.close();
    const output = chunks.join("");
    expect(output.endsWith("\n")).toBe(true);
    const lines = output.slice(0, -1).split("\n");
    expect(lines).toHaveLength(hostile.length * 2);
    for (const line of lines) {
      const record = JSON.parse(line) as DecisionRecord;
      expect(record.subjectId).toBe("alice");
      // Only line feeds end a record; no line holds a character a reader could take for a line end.
      expect(line).not.toMatch(/[\r\u2028\u2029\u0085]/);
      // Well-formed UTF-16: a lone surrogate is written escaped.
      expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
    // And each string reads back as it was.
    const resources = lines.map((line) => (JSON.parse(line) as DecisionRecord).resource);
    for (const text of hostile) expect(resources).toContain(`tool:${text}`);
  });
});
