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
import { expansionMemoSize, expansionValues, templateExpansions } from "../../src/mcp/template-expansions.js";
import { globWitness, patternWitnesses, witnessBudget, witnessesFor } from "../../src/mcp/template-witnesses.js";
import type { PolicySet } from "../../src/model/policy-set.js";
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

describe("witnesses of one template", () => {
  it("are at most 32, the first that match, in order", () => {
    const witnesses = Array.from({ length: 40 }, (_, i) => `db://tables/t${i}_x`);
    const found = witnessesFor("db://tables/{table}", ["db://other/x", ...witnesses], witnessBudget());
    expect(found).toEqual(witnesses.slice(0, 32));
  });

  it("are none for a template that is not literal text and one-variable expressions", () => {
    // A `}` in literal text, an unclosed `{`: no shape, no witness (the pool still applies).
    expect(witnessesFor("db://a}b/{c}", ["db://a}b/x"], witnessBudget())).toEqual([]);
    expect(witnessesFor("db://{c", ["db://{c", "db://x"], witnessBudget())).toEqual([]);
    // The same templates well formed: their witnesses.
    expect(witnessesFor("db://ab/{c}", ["db://ab/x"], witnessBudget())).toEqual(["db://ab/x"]);
  });

  it("stay right when the shapes remembered are dropped (1,024 templates, 1 Mi characters)", () => {
    const template = (i: number) => `db://t${i}/{a}`;
    for (let i = 0; i < 1100; i++) expect(witnessesFor(template(i), [`db://t${i}/x`, `db://t${i}/x/y`, `db://t${i + 1}/x`], witnessBudget())).toEqual([`db://t${i}/x`]);
    // Long templates: the characters bound, before the entries one.
    const long = (i: number) => `db://${"p".repeat(4000)}${i}/{a}`;
    // (A budget of their own: each match costs about 4,000 × 4,000 of the list's 2,000,000.)
    for (let i = 0; i < 300; i++) expect(witnessesFor(long(i), [`db://${"p".repeat(4000)}${i}/x`], { left: 1e8 })).toHaveLength(1);
    expect(witnessesFor(template(0), [`db://t0/x`, `db://t1/x`], witnessBudget())).toEqual(["db://t0/x"]);
    expect(witnessesFor(template(1099), [`db://t1099/x`, `db://t1099/`], witnessBudget())).toEqual(["db://t1099/x"]);
  });
});

describe("glob witnesses and interpolated values", () => {
  it("has none for an unclosed group or a group whose first choice has none", () => {
    expect(globWitness("a{b,c")).toBeNull();
    expect(globWitness("a{[!x],b}")).toBeNull();
    expect(globWitness("a{[x],b}")).toBe("ax");
  });

  it("takes only strings and finite numbers, through plain objects", () => {
    const set = compile(`policy p { allow subject * action * resource "resource:db://\${subject.org.id}/*" }`).policySet;
    expect(patternWitnesses(set, { org: { id: 7 } })).toEqual(["db://7/x"]);
    expect(expansionValues(set, { org: { id: 7 } })).toEqual(["7", "db", "x"]);
    for (const org of ["acme", ["acme"], null, { id: true }, { id: Number.NaN }, { id: { x: 1 } }, Object.defineProperty({}, "id", { get: () => "acme" }), {}]) {
      expect(patternWitnesses(set, { org }), JSON.stringify(org)).toEqual([]);
      expect(expansionValues(set, { org }), JSON.stringify(org)).toEqual(["db", "x"]);
    }
    // A subject whose traps throw offers nothing, and throws nothing.
    const hostile = new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error("trap"); } });
    expect(patternWitnesses(set, hostile)).toEqual([]);
    expect(expansionValues(set, hostile)).toEqual(["db", "x"]);
  });

  it("skips a malformed pattern of a policy set compile would refuse (a user's PolicyEngine)", () => {
    expect(() => compile('policy p { allow subject * action * resource "resource:db://${oops}" }')).toThrow(/malformed interpolation/);
    const good = compile('policy p { allow subject * action * resource "resource:db://good/*" }').policySet;
    const policy = good.policies[0] as (typeof good.policies)[number];
    const set = { ...good, policies: [{ ...policy, resource: { ...policy.resource, patterns: [
      { kind: "Pattern", value: "resource:db://bad/${oops}" },
      { kind: "Pattern", value: "resource:db://good/*" },
    ] } }] } as unknown as PolicySet;
    expect(patternWitnesses(set, { id: "a" })).toEqual(["db://good/x"]);
    expect(expansionValues(set, { id: "a" })).toEqual(["db", "good", "x"]);
  });
});

describe("the expansions of a template", () => {
  it("continue a query with `{&a}` (RFC 6570 form-style continuation)", () => {
    expect(templateExpansions("x?y=1{&a}", ["v"])).toEqual(["x?y=1&a=v"]);
    expect(templateExpansions("x?y=1{&a,b}", ["v"])).toEqual(["x?y=1&a=v&b=v"]);
  });

  it("refuse a `}` before the first `{`", () => {
    expect(templateExpansions("a}{b}", ["x"])).toEqual([]);
    expect(templateExpansions("a{b}", ["x"])).toEqual(["ax"]);
  });

  it("abandon a many-variable expression past the longest URI", () => {
    const names = Array.from({ length: 20 }, (_, i) => `v${i}`).join(",");
    // 20 values of 256 characters: over 4,096 in one expression.
    expect(templateExpansions(`x{${names}}`, ["y".repeat(256)])).toEqual([]);
    expect(templateExpansions(`x{${names}}`, ["y".repeat(200)])).toEqual([`x${Array(20).fill("y".repeat(200)).join(",")}`]);
  });

  it("has none for a template without variables longer than a URI may be", () => {
    expect(templateExpansions("p".repeat(4097), ["x"])).toEqual([]);
    expect(templateExpansions("p".repeat(4096), ["x"])).toEqual(["p".repeat(4096)]);
  });

  it("stops at the limit on an unencoded URI too", () => {
    expect(templateExpansions("x/{a}", ["a@b"], 2)).toEqual(["x/a%40b", "x/a@b"]);
    expect(templateExpansions("x/{a}", ["a@b", "c"], 3)).toEqual(["x/a%40b", "x/a@b", "x/c"]);
  });

  it("are not remembered for a key over 16 Ki characters, and are the same", () => {
    const pool = Array.from({ length: 70 }, (_, i) => `${i}${"v".repeat(250)}`);
    const before = expansionMemoSize();
    const first = templateExpansions("x/{a}", pool, 3);
    expect(first).toEqual(pool.slice(0, 3).map((v) => `x/${v}`));
    expect(expansionMemoSize()).toEqual(before);
    expect(templateExpansions("x/{a}", pool, 3)).toEqual(first);
  });
});
