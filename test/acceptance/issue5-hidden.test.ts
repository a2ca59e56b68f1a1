/**
 * Issue 5, items 4 and 5: "A hidden tool, when called, answers exactly like an unknown
 * tool" — and so do hidden prompts, resources, resource templates and completions of them.
 * Compared byte for byte over the wire (code, message, data), for the v1 `McpServer`, the
 * v1 low-level `Server`, the v2 `McpServer` and the v2 low-level `Server`, under every
 * denial option: a server that has the hidden items against the same server without them
 * (both protected), and, for the `McpServer`s, against the unprotected server without them.
 */
import { completable as completableV1 } from "@modelcontextprotocol/sdk/server/completable.js";
import { Server as V1Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  McpServer as V1McpServer,
  ResourceTemplate as V1ResourceTemplate,
} from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import {
  completable as completableV2,
  ProtocolError,
  ResourceNotFoundError,
  McpServer as V2McpServer,
  ResourceTemplate as V2ResourceTemplate,
  Server as V2Server,
} from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compile } from "../../src/engine.js";
import { type ProtectOptions, protect as protectV1 } from "../../src/mcp/index.js";
import { protect as protectV2 } from "../../src/mcp/v2/index.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { authInfo, type Line, raw } from "../helpers/raw-json-rpc.js";

/** Everyone may use the `public` items and `guarded` with `ok: true`; nothing grants the `secret` ones. */
const PLAIN = `
policy pub {
  allow
  subject *
  action "tools/call", "prompts/get", "resources/read", "completion/complete", "resources/subscribe"
  resource "tool:public", "prompt:public", "resource:file:///public/**", "resource:file:///t/**", "resource:file:///t/{name}"
}
policy guarded { allow subject * action "tools/call" resource "tool:guarded" when env.arguments.ok == true }
`;

/**
 * Every tool except destructive ones (by the registry's annotations): an unknown name is
 * allowed through to the server, the registered destructive `secret` is hidden.
 */
const BY_ANNOTATIONS = `${PLAIN}
policy "non-destructive" {
  allow
  subject *
  action "tools/call"
  resource "tool:*"
  unless env.tool has destructiveHint and env.tool.destructiveHint == true
}
`;

/**
 * Completions and subscriptions allowed for everything: a request about a hidden item
 * must still answer as for an unknown one (the item itself is not visible).
 */
const ABOUT_ANYTHING = `${PLAIN}
policy "complete-and-subscribe-anything" { allow subject * action "completion/complete", "resources/subscribe" resource * }
`;

/** What a server kind needs: how to build it with or without the secret items, protected or not. */
interface Kind {
  readonly name: string;
  readonly line: Line;
  readonly mcpServer: boolean;
  build(
    engine: PolicyEngine | null,
    withSecret: boolean,
    options: ProtectOptions,
  ): { connect(transport: never): Promise<void> };
}

const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
const promptResult = { messages: [{ role: "user" as const, content: { type: "text" as const, text: "hi" } }] };

const v1Mcp: Kind = {
  name: "v1 McpServer",
  line: "v1",
  mcpServer: true,
  build(engine, withSecret, options) {
    const server = new V1McpServer({ name: "s", version: "1.0.0" });
    if (engine !== null) protectV1(server, engine, options);
    const tools = withSecret ? ["public", "guarded", "secret"] : ["public", "guarded"];
    for (const name of tools)
      server.registerTool(
        name,
        {
          inputSchema: { x: z.string().optional(), ok: z.boolean().optional() },
          annotations: { destructiveHint: name === "secret" },
        },
        async () => text(`ran ${name}`),
      );
    for (const name of withSecret ? ["public", "secret"] : ["public"]) {
      server.registerPrompt(
        name,
        { argsSchema: { topic: completableV1(z.string(), () => ["a", "b"]) } },
        () => promptResult,
      );
      server.registerResource(name, `file:///${name}/x`, {}, async (uri) => ({
        contents: [{ uri: uri.href, text: name }],
      }));
    }
    const templates = withSecret ? ["t", "s"] : ["t"];
    for (const prefix of templates)
      server.registerResource(
        `template-${prefix}`,
        new V1ResourceTemplate(`file:///${prefix}/{name}`, { list: undefined, complete: { name: () => ["x", "y"] } }),
        {},
        async (uri) => ({ contents: [{ uri: uri.href, text: prefix }] }),
      );
    return server as never;
  },
};

const v2Mcp: Kind = {
  name: "v2 McpServer",
  line: "v2",
  mcpServer: true,
  build(engine, withSecret, options) {
    const server = new V2McpServer({ name: "s", version: "1.0.0" });
    if (engine !== null) protectV2(server, engine, options);
    const tools = withSecret ? ["public", "guarded", "secret"] : ["public", "guarded"];
    for (const name of tools)
      server.registerTool(
        name,
        {
          inputSchema: z.object({ x: z.string().optional(), ok: z.boolean().optional() }),
          annotations: { destructiveHint: name === "secret" },
        },
        async () => text(`ran ${name}`),
      );
    for (const name of withSecret ? ["public", "secret"] : ["public"]) {
      server.registerPrompt(
        name,
        { argsSchema: z.object({ topic: completableV2(z.string(), () => ["a", "b"]) }) },
        () => promptResult,
      );
      server.registerResource(name, `file:///${name}/x`, {}, async (uri: URL) => ({
        contents: [{ uri: uri.href, text: name }],
      }));
    }
    const templates = withSecret ? ["t", "s"] : ["t"];
    for (const prefix of templates)
      server.registerResource(
        `template-${prefix}`,
        new V2ResourceTemplate(`file:///${prefix}/{name}`, { list: undefined, complete: { name: () => ["x", "y"] } }),
        {},
        async (uri: URL) => ({ contents: [{ uri: uri.href, text: prefix }] }),
      );
    return server as never;
  },
};

/**
 * A low-level server's handlers answer unknown names as the MCP specification's examples
 * do, which is what `protect` answers for hidden ones on a low-level server by default.
 */
function lowLevelHandlers(
  withSecret: boolean,
  errors: { make(code: number, message: string, data?: unknown): Error },
  notFound: (uri: string) => Error,
) {
  const tools = new Set(withSecret ? ["public", "guarded", "secret"] : ["public", "guarded"]);
  const prompts = new Set(withSecret ? ["public", "secret"] : ["public"]);
  const resources = new Set(withSecret ? ["file:///public/x", "file:///secret/x"] : ["file:///public/x"]);
  const templates = new Set(withSecret ? ["file:///t/{name}", "file:///s/{name}"] : ["file:///t/{name}"]);
  const name = (request: unknown) => (request as { params: { name: string } }).params.name;
  const uri = (request: unknown) => (request as { params: { uri: string } }).params.uri;
  const readable = (u: string) =>
    resources.has(u) || [...templates].some((t) => u.startsWith(t.slice(0, t.indexOf("{"))));
  return {
    toolsList: () => ({ tools: [...tools].map((n) => ({ name: n, inputSchema: { type: "object" as const } })) }),
    toolsCall: (request: unknown) => {
      if (!tools.has(name(request))) throw errors.make(-32602, `Unknown tool: ${name(request)}`);
      return text(`ran ${name(request)}`);
    },
    promptsList: () => ({ prompts: [...prompts].map((n) => ({ name: n })) }),
    promptsGet: (request: unknown) => {
      if (!prompts.has(name(request))) throw errors.make(-32602, `Unknown prompt: ${name(request)}`);
      return promptResult;
    },
    resourcesList: () => ({ resources: [...resources].map((u) => ({ uri: u, name: u })) }),
    templatesList: () => ({ resourceTemplates: [...templates].map((t) => ({ uriTemplate: t, name: t })) }),
    resourcesRead: (request: unknown) => {
      if (!readable(uri(request))) throw notFound(uri(request));
      return { contents: [{ uri: uri(request), text: "x" }] };
    },
    subscribe: (request: unknown) => {
      if (!readable(uri(request))) throw notFound(uri(request));
      return {};
    },
    complete: (request: unknown) => {
      const ref = (request as { params: { ref: { type: string; name?: string; uri?: string } } }).params.ref;
      if (ref.type === "ref/prompt" && !prompts.has(ref.name ?? ""))
        throw errors.make(-32602, `Unknown prompt: ${ref.name}`);
      if (ref.type === "ref/resource" && !templates.has(ref.uri ?? ""))
        throw errors.make(-32602, `Unknown resource template: ${ref.uri}`);
      return { completion: { values: ["x"] } };
    },
  };
}

const CAPABILITIES = { capabilities: { tools: {}, prompts: {}, resources: { subscribe: true }, completions: {} } };
const destructive = (name: string) => (name === "secret" ? { destructiveHint: true } : { destructiveHint: false });

const v1Low: Kind = {
  name: "v1 low-level Server",
  line: "v1",
  mcpServer: false,
  build(engine, withSecret, options) {
    const server = new V1Server({ name: "s", version: "1.0.0" }, CAPABILITIES);
    if (engine !== null) protectV1(server, engine, { toolAnnotations: destructive, ...options });
    const h = lowLevelHandlers(
      withSecret,
      { make: (c, m, d) => new McpError(c, m, d) },
      (uri) => new McpError(-32002, "Resource not found", { uri }),
    );
    server.setRequestHandler(ListToolsRequestSchema, h.toolsList);
    server.setRequestHandler(CallToolRequestSchema, h.toolsCall);
    server.setRequestHandler(ListPromptsRequestSchema, h.promptsList);
    server.setRequestHandler(GetPromptRequestSchema, h.promptsGet);
    server.setRequestHandler(ListResourcesRequestSchema, h.resourcesList);
    server.setRequestHandler(ListResourceTemplatesRequestSchema, h.templatesList);
    server.setRequestHandler(ReadResourceRequestSchema, h.resourcesRead);
    server.setRequestHandler(SubscribeRequestSchema, h.subscribe);
    server.setRequestHandler(CompleteRequestSchema, h.complete);
    return server as never;
  },
};

const v2Low: Kind = {
  name: "v2 low-level Server",
  line: "v2",
  mcpServer: false,
  build(engine, withSecret, options) {
    const server = new V2Server({ name: "s", version: "1.0.0" }, CAPABILITIES);
    if (engine !== null) protectV2(server, engine, { toolAnnotations: destructive, ...options });
    const h = lowLevelHandlers(
      withSecret,
      { make: (c, m, d) => new ProtocolError(c, m, d) },
      (uri) => new ResourceNotFoundError(uri),
    );
    server.setRequestHandler("tools/list", h.toolsList);
    server.setRequestHandler("tools/call", h.toolsCall as never);
    server.setRequestHandler("prompts/list", h.promptsList);
    server.setRequestHandler("prompts/get", h.promptsGet as never);
    server.setRequestHandler("resources/list", h.resourcesList);
    server.setRequestHandler("resources/templates/list", h.templatesList);
    server.setRequestHandler("resources/read", h.resourcesRead as never);
    server.setRequestHandler("resources/subscribe", h.subscribe as never);
    server.setRequestHandler("completion/complete", h.complete as never);
    return server as never;
  },
};

const KINDS = [v1Mcp, v1Low, v2Mcp, v2Low];

/** Lists, and requests about the secret items (the hidden ones) as a client could send them. */
const HIDDEN_REQUESTS: readonly [string, unknown][] = [
  // Lists: the same as a server without the secret items.
  ["tools/list", {}],
  ["prompts/list", {}],
  ["resources/list", {}],
  ["resources/templates/list", {}],
  ["tools/call", { name: "secret", arguments: { x: "1" } }],
  ["tools/call", { name: "secret" }],
  ["tools/call", { name: "secret", arguments: { x: 1 } }],
  ["tools/call", { name: "secret", arguments: { ok: true }, _meta: { progressToken: 7 } }],
  ["tools/call", { name: "secret", arguments: {}, task: { ttl: 1000 } }],
  ["prompts/get", { name: "secret", arguments: { topic: "a" } }],
  ["prompts/get", { name: "secret" }],
  ["prompts/get", { name: "secret", arguments: { topic: 5 } }],
  ["resources/read", { uri: "file:///secret/x" }],
  ["resources/read", { uri: "file:///s/abc" }],
  ["resources/read", { uri: "file:///public/../secret/x" }],
  ["resources/read", { uri: "FILE:///secret/x" }],
  ["resources/read", { uri: "not a uri" }],
  ["resources/subscribe", { uri: "file:///secret/x" }],
  ["completion/complete", { ref: { type: "ref/prompt", name: "secret" }, argument: { name: "topic", value: "" } }],
  [
    "completion/complete",
    { ref: { type: "ref/resource", uri: "file:///s/{name}" }, argument: { name: "name", value: "" } },
  ],
  [
    "completion/complete",
    { ref: { type: "ref/resource", uri: "file:///secret/x" }, argument: { name: "name", value: "" } },
  ],
];

const OPTION_SETS: readonly [string, ProtectOptions][] = [
  ["defaults", {}],
  ['denial: "result"', { denial: "result" }],
  ["revealPolicy", { revealPolicy: true }],
  ["insufficientScope", { insufficientScope: { scopes: ["admin", "files:read"] } }],
  ["an audit hook", { onDecision: () => {} }],
];

const ALICE = authInfo("alice", ["viewer"]);

async function answers(
  kind: Kind,
  engine: PolicyEngine | null,
  withSecret: boolean,
  options: ProtectOptions,
  who: unknown,
): Promise<string[]> {
  const client = await raw(kind.line, kind.build(engine, withSecret, options), { authInfo: who });
  const out: string[] = [];
  for (const [method, params] of HIDDEN_REQUESTS)
    out.push(`${method} ${JSON.stringify(params)} → ${await client.send(method, params)}`);
  await client.close();
  return out;
}

describe.each(KINDS)("$name: a hidden item answers exactly as an unknown one", (kind) => {
  for (const [policyName, policies] of [
    ["plain policies", PLAIN],
    ["policies on the registry's annotations", BY_ANNOTATIONS],
    ["completion and subscription allowed for anything", ABOUT_ANYTHING],
  ] as const) {
    const engine = compile(policies);
    it.each(OPTION_SETS)(`${policyName}, %s`, async (_, options) => {
      // An anonymous caller too, with the default options (each run is a few hundred requests).
      for (const who of options === OPTION_SETS[0]?.[1] ? [ALICE, undefined] : [ALICE]) {
        const hidden = await answers(kind, engine, true, options, who);
        const unknown = await answers(kind, engine, false, options, who);
        expect(hidden).toEqual(unknown);
        if (kind.mcpServer) expect(hidden).toEqual(await answers(kind, null, false, options, who));
        // The secret items were never reached: nothing ran, nothing was completed.
        for (const answer of hidden) expect(answer).not.toMatch(/ran secret|"values":\["x"|"text":"secret"/);
      }
    });
  }

  it("the secret items are usable by a caller the policies allow (the comparison above is not vacuous)", async () => {
    const engine = compile(`${PLAIN}\npolicy admin { allow subject role admin action * resource * }`);
    const admin = await raw(kind.line, kind.build(engine, true, {}), { authInfo: authInfo("root", ["admin"]) });
    expect(await admin.send("tools/call", { name: "secret", arguments: { x: "1" } })).toContain("ran secret");
    expect(await admin.send("resources/read", { uri: "file:///secret/x" })).toContain('"contents"');
    expect(await admin.send("prompts/get", { name: "secret", arguments: { topic: "a" } })).toContain('"messages"');
    await admin.close();
  });
});
