/**
 * SPEC_V2_UNKNOWN_ANSWERS (src/mcp/v2/answers.ts) for a v2 low-level `Server`: a prompt,
 * resource or resource template the caller may not use answers exactly as one the server
 * does not have, when the author's handlers answer unknown ones as the MCP specification's
 * examples do. The unknown one's answer is the author's handler's own (an admin, whom
 * every policy allows, asks for a name the server does not have); the hidden one's is
 * protect's. They must not differ in code, message or data.
 */
import { Client } from "@modelcontextprotocol/client";
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, Server } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { type DecisionRecord, protect } from "../../../src/mcp/v2/index.js";
import { ALICE, CAROL, DAYTIME, fixtureEngine } from "../helpers.js";
import { connect, failure } from "./client.js";

const engine = fixtureEngine();

/** What the author's handlers hold: the spec examples' answers for anything else. */
const PROMPTS = ["summarize", "secret_prompt"];
const RESOURCES = ["file:///srv/shared/handbook.md", "file:///srv/hr/payroll.csv"];
const TEMPLATES = ["file:///home/{user}/{name}", "file:///srv/hr/{file}"];

function lowLevelServer(records: DecisionRecord[], ran: string[]): Server {
  const server = new Server(
    { name: "low-v2-answers", version: "1" },
    { capabilities: { prompts: {}, resources: {}, completions: {} } },
  );
  protect(server, engine, { now: DAYTIME, onDecision: (r) => void records.push(r) });
  server.setRequestHandler("prompts/get", async (request) => {
    ran.push(`prompt ${request.params.name}`);
    if (!PROMPTS.includes(request.params.name)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    }
    return { messages: [{ role: "user" as const, content: { type: "text" as const, text: request.params.name } }] };
  });
  server.setRequestHandler("resources/read", async (request) => {
    ran.push(`read ${request.params.uri}`);
    if (!RESOURCES.includes(request.params.uri)) throw new ResourceNotFoundError(request.params.uri);
    return { contents: [{ uri: request.params.uri, text: "x" }] };
  });
  server.setRequestHandler("completion/complete", async (request) => {
    const ref = request.params.ref;
    ran.push(`complete ${ref.type === "ref/resource" ? ref.uri : ref.name}`);
    if (ref.type === "ref/resource" && !TEMPLATES.includes(ref.uri)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
    }
    if (ref.type === "ref/prompt" && !PROMPTS.includes(ref.name)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
    }
    return { completion: { values: [] } };
  });
  return server;
}



/** The same request's failure with the hidden name and with an unknown one put in its place, as the same text. */
function renamed(answer: { code: unknown; message: unknown; data: unknown }, from: string, to: string) {
  return JSON.parse(JSON.stringify(answer).split(from).join(to)) as typeof answer;
}

describe("SPEC_V2_UNKNOWN_ANSWERS on a v2 low-level Server", () => {
  it("answers a hidden prompt, resource and template exactly as the author's handler answers an unknown one", async () => {
    const records: DecisionRecord[] = [];
    const ran: string[] = [];
    const server = lowLevelServer(records, ran);
    const alice = await connect(server, ALICE);
    const carol = await connect(lowLevelServer([], []), CAROL);

    // A prompt: alice may not get secret_prompt (admins only); `nope_prompt` does not exist.
    const hiddenPrompt = await failure(alice.getPrompt({ name: "secret_prompt" }));
    const unknownPrompt = await failure(carol.getPrompt({ name: "secret_promp" }));
    expect(hiddenPrompt).toEqual(renamed(unknownPrompt, "secret_promp", "secret_prompt"));
    expect(hiddenPrompt.code).toBe(ProtocolErrorCode.InvalidParams);
    expect(hiddenPrompt.message).toContain("Unknown prompt: secret_prompt");

    // A resource: payroll is not shared with alice; `payrol.csv` does not exist.
    const hiddenResource = await failure(alice.readResource({ uri: "file:///srv/hr/payroll.csv" }));
    const unknownResource = await failure(carol.readResource({ uri: "file:///srv/hr/payrol.csv" }));
    expect(hiddenResource).toEqual(renamed(unknownResource, "payrol.csv", "payroll.csv"));
    expect(hiddenResource.message).toContain("file:///srv/hr/payroll.csv");

    // A template: nothing under /srv/hr/ is readable by alice; `{fil}` is no template the server has.
    const complete = (client: Client, uri: string) =>
      client.complete({ ref: { type: "ref/resource", uri }, argument: { name: "file", value: "" } });
    const hiddenTemplate = await failure(complete(alice, "file:///srv/hr/{file}"));
    const unknownTemplate = await failure(complete(carol, "file:///srv/hr/{fil}"));
    expect(hiddenTemplate).toEqual(renamed(unknownTemplate, "{fil}", "{file}"));
    expect(hiddenTemplate.code).toBe(ProtocolErrorCode.InvalidParams);

    // None of alice's hidden requests reached a handler; each was recorded as hidden.
    expect(ran).toEqual([]);
    expect(records.filter((r) => r.outcome !== "filtered").map((r) => [r.action, r.outcome])).toEqual([
      ["prompts/get", "hidden"],
      ["resources/read", "hidden"],
      ["completion/complete", "hidden"],
    ]);
    // What alice may use still reaches the handlers.
    await alice.getPrompt({ name: "summarize" });
    await alice.readResource({ uri: "file:///srv/shared/handbook.md" });
    expect(ran).toEqual(["prompt summarize", "read file:///srv/shared/handbook.md"]);
    await alice.close();
    await carol.close();
  });
});
