// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Resource templates are listed when some URI they expand to could be read (issue:
 * "an item appears in a list iff the corresponding call could be allowed … for some
 * arguments"; a template's variables are its arguments).
 */
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { expansionValues, templateExpansions } from "../../src/mcp/template-expansions.js";
import { authInfoFor } from "./helpers.js";

describe("templateExpansions (RFC 6570, one value per variable)", () => {
  it.each([
    ["file:///home/{user}/{name}", ["alice"], ["file:///home/alice/alice"]],
    ["file:///{+path}", ["a/b c"], ["file:///a/b%20c"]],
    ["file:///{path}", ["a/b c"], ["file:///a%2Fb%20c"]],
    ["db://{table}{?limit,offset}", ["t"], ["db://t?limit=t&offset=t"]],
    ["x://h{/a,b}", ["p"], ["x://h/p/p"]],
    ["x://h{.ext}", ["md"], ["x://h.md"]],
    ["x://h{;id}", [""], ["x://h;id"]],
    ["x://h{#frag}", ["a/b"], ["x://h#a/b"]],
    ["x://h/{name:2}", ["alice"], ["x://h/al"]],
    ["x://h/{list*}", ["v"], ["x://h/v"]],
    ["x://plain", ["v"], ["x://plain"]],
  ])("%s with %j", (template, pool, expected) => {
    expect(templateExpansions(template, pool)).toEqual(expected);
  });

  it("also tries a value unencoded where it is URI characters already (a client may send `@` as it is)", () => {
    expect(templateExpansions("file:///home/{user}", ["alice@example.com"])).toEqual([
      "file:///home/alice%40example.com",
      "file:///home/alice@example.com",
    ]);
    // Not where the raw text would end the variable or the URI part: no template would take it.
    expect(templateExpansions("mem://orgs/{org}", ["a,b"])).toEqual(["mem://orgs/a%2Cb"]);
    expect(templateExpansions("mem://orgs/{org}", ["a?b"])).toEqual(["mem://orgs/a%3Fb"]);
  });

  it("refuses what is not a URI template", () => {
    for (const template of ["x://{a", "x://a}", "x://{a{b}}", "x://{}", "x://{a b}", "x://{a:0}"]) {
      expect(templateExpansions(template, ["v"]), template).toEqual([]);
    }
  });

  it("combines the pool over the variables, within the limit", () => {
    const all = templateExpansions("x://{a}/{b}", ["p", "q", "r"]);
    expect(all).toHaveLength(9);
    expect(new Set(all).size).toBe(9);
    expect(templateExpansions("x://{a}/{b}/{c}", ["p", "q", "r", "s", "t"], 30).length).toBeLessThanOrEqual(30);
  });

  it("takes values from the subject's interpolated attributes and the patterns' words", () => {
    const set = compile('policy p { allow subject * action "resources/read" resource "resource:file:///home/${subject.id}/**", "resource:db://main/*" }').policySet;
    const values = expansionValues(set, { id: "alice" });
    expect(values[0]).toBe("alice");
    expect(values).toEqual(expect.arrayContaining(["home", "main", "x"]));
    // A subject that cannot be read offers nothing of its own.
    const hostile = new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error("trap"); } });
    expect(expansionValues(set, hostile)).not.toContain("alice");
  });
});

describe("resources/templates/list under protect", () => {
  const policies = compile(`policy "own-home" { allow subject * action "resources/read" resource "resource:file:///home/\${subject.id}/**" }
policy "listed-literally" { allow subject user carol action "resources/read" resource "resource:db://{table}" }`);

  async function templatesFor(user: string): Promise<string[]> {
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, policies);
    server.registerResource("home", new ResourceTemplate("file:///home/{user}/{name}", { list: undefined }), {}, async (uri) => ({
      contents: [{ uri: uri.href, text: "" }],
    }));
    server.registerResource("table", new ResourceTemplate("db://{table}", { list: undefined }), {}, async (uri) => ({
      contents: [{ uri: uri.href, text: "" }],
    }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const send = clientSide.send.bind(clientSide);
    clientSide.send = (message, options) => send(message, { ...options, authInfo: authInfoFor(user, []) });
    const client = new Client({ name: "c", version: "1" });
    await client.connect(clientSide);
    const listed = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    // Listed exactly when a read through it works: the expansion with the caller's id.
    const read = await client.readResource({ uri: `file:///home/${user}/notes` }).then(
      () => true,
      () => false,
    );
    expect(listed.includes("file:///home/{user}/{name}")).toBe(read);
    await client.close();
    return listed;
  }

  it("shows a template when a URI it expands to could be read", async () => {
    expect(await templatesFor("alice")).toEqual(["file:///home/{user}/{name}"]);
  });

  it("shows it for an id with reserved characters too (the read goes through unencoded)", async () => {
    expect(await templatesFor("alice@example.com")).toEqual(["file:///home/{user}/{name}"]);
  });

  it("shows every usable template of a long list, whatever its place (only expansions tried use the budget)", async () => {
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, policies);
    for (let i = 0; i < 100; i++) {
      server.registerResource(`t${i}`, new ResourceTemplate(`file:///{top}/{user}/d${i}/{name}`, { list: undefined }), {}, async (uri) => ({
        contents: [{ uri: uri.href, text: "" }],
      }));
    }
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const send = clientSide.send.bind(clientSide);
    clientSide.send = (message, options) => send(message, { ...options, authInfo: authInfoFor("alice", []) });
    const client = new Client({ name: "c", version: "1" });
    await client.connect(clientSide);
    expect((await client.listResourceTemplates()).resourceTemplates).toHaveLength(100);
    await client.readResource({ uri: "file:///home/alice/d99/x" });
    await client.close();
  });

  it("still shows a template whose literal URI template a policy allows", async () => {
    expect(await templatesFor("carol")).toEqual(["file:///home/{user}/{name}", "db://{table}"]);
  });

  it("hides a template no expansion of which could be read", async () => {
    const policiesWithout = compile('policy "srv" { allow subject * action "resources/read" resource "resource:file:///srv/**" }');
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, policiesWithout);
    server.registerResource("home", new ResourceTemplate("file:///home/{user}/{name}", { list: undefined }), {}, async (uri) => ({
      contents: [{ uri: uri.href, text: "" }],
    }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "c", version: "1" });
    await client.connect(clientSide);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    await client.close();
  });
});
