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
import { globWitness, MAX_WITNESS_WORK, patternWitnesses, witnessBudget, witnessesFor } from "../../src/mcp/template-witnesses.js";
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

/** A client connected to `server` whose every message carries `user`'s identity. */
async function connectAs(server: McpServer, user: string): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const send = clientSide.send.bind(clientSide);
  clientSide.send = (message, options) => send(message, { ...options, authInfo: authInfoFor(user, []) });
  const client = new Client({ name: "c", version: "1" });
  await client.connect(clientSide);
  return client;
}

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
    const client = await connectAs(server, user);
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
    const client = await connectAs(server, "alice");
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

describe("templates listed through the policies' own patterns (a value no word pool holds)", () => {
  /** The templates `user` sees, and for each resource glob whether one read through the template works. */
  async function listedAndReadable(glob: string, user: string, reads: readonly string[]): Promise<{ listed: boolean; readable: boolean }> {
    const engine = compile(`policy "tables" { allow subject * action "resources/read" resource ${JSON.stringify(`resource:db://tables/${glob}`)} }`);
    const server = new McpServer({ name: "s", version: "1" });
    protect(server, engine);
    server.registerResource("table", new ResourceTemplate("db://tables/{table}", { list: undefined }), {}, async (uri) => ({
      contents: [{ uri: uri.href, text: "" }],
    }));
    const client = await connectAs(server, user);
    const listed = (await client.listResourceTemplates()).resourceTemplates.length === 1;
    let readable = false;
    for (const uri of reads) {
      readable ||= await client.readResource({ uri }).then(
        () => true,
        () => false,
      );
    }
    await client.close();
    return { listed, readable };
  }

  it.each([
    ["${subject.id}_*", ["db://tables/alice_orders"]],
    ["*.pub", ["db://tables/a.pub"]],
    ["x*y", ["db://tables/xy", "db://tables/xay"]],
    ["{users,orders}", ["db://tables/orders"]],
    ["[0-9]*", ["db://tables/1x"]],
  ])("lists the template for %s, which a read through it uses", async (glob, reads) => {
    expect(await listedAndReadable(glob, "alice", reads)).toEqual({ listed: true, readable: true });
  });

  it("does not list it when the policies' URI is not one the template makes (a `/` in a simple variable)", async () => {
    expect(await listedAndReadable("a/*", "alice", ["db://tables/a/b"])).toEqual({ listed: false, readable: false });
  });

  it("builds witnesses from globs: first choices, escapes, and none where no simple member exists", () => {
    expect(globWitness("a*b?c[xyz]d{e,f}g\\*")).toBe("axbxcxdeg*");
    expect(globWitness("a/**/b")).toBe("a/x/b");
    for (const none of ["[!a]", "[^a]", "[[:alpha:]]", "{1..3}", "{a,{b,c}}", "x\\"]) expect(globWitness(none), none).toBeNull();
  });

  it("fills interpolations with the subject's own usable values only", () => {
    const set = compile(`policy p { allow subject * action * resource "resource:db://\${subject.id}/*", "resource:db://\${subject.org.id}_*", "tool:x" }`).policySet;
    expect(patternWitnesses(set, { id: "alice", org: { id: 7 } })).toEqual(["db://alice/x", "db://7_x"]);
    // unusable values (a `/`, `..`, empty, an object, a getter) leave their pattern out
    expect(patternWitnesses(set, { id: "a/b", org: { id: "" } })).toEqual([]);
    expect(patternWitnesses(set, { id: "..", org: Object.defineProperty({}, "id", { get: () => "x" }) })).toEqual([]);
  });

  it("matches a template against URIs as the SDK routes them, in linear time", () => {
    expect(witnessesFor("db://{a}/{b}", ["db://x/y", "db://x/y/z", "db://x,1/y", "db://x/"], witnessBudget())).toEqual(["db://x/y"]);
    expect(witnessesFor("db://{+path}", ["db://x/y/z"], witnessBudget())).toEqual(["db://x/y/z"]);
    expect(witnessesFor("db://{a,b}", ["db://x"], witnessBudget())).toEqual([]); // not a one-variable expression: no witness
    // Many adjacent variables against a long URI that fails at its end: a backtracking
    // matcher takes time polynomial in the length to the power of the variables.
    const template = `x${"{a}".repeat(12)}!`;
    const uri = `x${"y".repeat(2000)}?`;
    const started = performance.now();
    expect(witnessesFor(template, [uri], witnessBudget())).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("pays every match from one budget per list: many long witnesses and templates stop when it is spent", () => {
    // 256 witnesses of 2,000 characters against templates that start with a variable (no
    // prefix to reject them by): unbounded, each template would cost 256 full matches.
    const witnesses = Array.from({ length: 256 }, (_, i) => `${"y".repeat(2000)}${i}`);
    const budget = witnessBudget();
    const started = performance.now();
    for (let t = 0; t < 200; t++) witnessesFor(`{a}${"{b}z".repeat(15)}`, witnesses, budget);
    expect(budget.left).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
    // Spent: nothing more is matched, even what would match.
    expect(witnessesFor("{a}", ["x"], budget)).toEqual([]);
    expect(witnessesFor("{a}", ["x"], { left: MAX_WITNESS_WORK })).toEqual(["x"]);
    // More variables than a realistic template: no witnesses at all.
    expect(witnessesFor("{a}".repeat(17), ["x".repeat(17)], witnessBudget())).toEqual([]);
    expect(witnessesFor("{a}".repeat(16), ["x".repeat(16)], witnessBudget())).toEqual(["x".repeat(16)]);
  });
});
