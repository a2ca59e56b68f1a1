// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * The rarer branches of the resource-template search (template-witnesses.ts,
 * template-expansions.ts): a template is listed iff some read through it could be allowed
 * (within the documented bounds), checked with a real SDK client against real reads.
 */
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import type { PolicyEngine } from "../../src/model/engine.js";
import { patternWitnesses } from "../../src/mcp/template-witnesses.js";
import { authInfoFor, connect } from "./helpers.js";

/** Whether `user` (with `roles`) sees `template`, and whether reading `uri` through it works. */
async function listedAndRead(engine: PolicyEngine, template: string, roles: string[], uri: string) {
  const server = new McpServer({ name: "s", version: "1" });
  protect(server, engine);
  server.registerResource("t", new ResourceTemplate(template, { list: undefined }), {}, async (u) => ({
    contents: [{ uri: u.href, text: "" }],
  }));
  const connected = await connect(server, authInfoFor("alice", roles));
  const listed = (await connected.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  const read = await connected.client.readResource({ uri }).then(
    () => true,
    () => false,
  );
  await connected.close();
  return { listed: listed.includes(template), read };
}

describe("more tenants than witnesses tried per template (32)", () => {
  // One policy per tenant role, each on its own table prefix: `t7_*` only for role r7.
  const tenants = 40;
  const engine = compile(
    Array.from(
      { length: tenants },
      (_, i) => `policy t${i} { allow subject role r${i} action "resources/read" resource "resource:db://tables/t${i}_*" }`,
    ).join("\n"),
  );

  it.each([0, 31, 32, 39])("lists db://tables/{table} for the tenant r%i, whose tables it can read", async (i) => {
    expect(await listedAndRead(engine, "db://tables/{table}", [`r${i}`], `db://tables/t${i}_orders`)).toEqual({ listed: true, read: true });
  });

  it("lists it for no one else", async () => {
    expect(await listedAndRead(engine, "db://tables/{table}", ["other"], "db://tables/t0_orders")).toEqual({ listed: false, read: false });
  });
});

describe("completion/complete of a template, more tenants than witnesses", () => {
  it("is refused visibly to the tenant r39 who sees the template, as unknown to another", async () => {
    const engine = compile(
      Array.from({ length: 40 }, (_, i) => `policy t${i} { allow subject role r${i} action "resources/read" resource "resource:db://tables/t${i}_*" }`).join("\n"),
    );
    const answers: string[] = [];
    for (const roles of [["r39"], ["other"]]) {
      const server = new McpServer({ name: "s", version: "1" });
      protect(server, engine);
      server.registerResource(
        "t",
        new ResourceTemplate("db://tables/{table}", { list: undefined, complete: { table: () => ["t39_orders"] } }),
        {},
        async (u) => ({ contents: [{ uri: u.href, text: "" }] }),
      );
      const connected = await connect(server, authInfoFor("alice", roles));
      answers.push(
        await connected.client
          .complete({ ref: { type: "ref/resource", uri: "db://tables/{table}" }, argument: { name: "table", value: "t" } })
          .then(
            () => "completed",
            (error: Error) => error.message,
          ),
      );
      await connected.close();
    }
    // No policy allows completion/complete: refused; visibly (policy_denied) to who sees the template.
    expect(answers[0]).toMatch(/denied/i);
    expect(answers[1]).toMatch(/Resource template db:\/\/tables\/\{table\} not found/);
  });
});

describe("more resource patterns than read per set (256)", () => {
  const engine = compile(
    Array.from({ length: 300 }, (_, i) => `policy t${i} { allow subject role r${i} action "resources/read" resource "resource:db://tables/t${i}_*" }`).join("\n"),
  );

  it("lists the template through the 256th pattern's witness", async () => {
    expect(await listedAndRead(engine, "db://tables/{table}", ["r255"], "db://tables/t255_orders")).toEqual({ listed: true, read: true });
  });

  it("does not through a later one (documented bound: hidden, never shown unread)", async () => {
    // Readable, but neither a witness (pattern 300 of the set) nor in the pool of words
    // (the first 32: db, tables, t0_ … t29_): hidden, as docs/mcp.md says.
    expect(await listedAndRead(engine, "db://tables/{table}", ["r299"], "db://tables/t299_orders")).toEqual({ listed: false, read: true });
    expect(patternWitnesses(engine.policySet, {})).toHaveLength(256);
  });
});
