// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * The per-list budget of template expansions (src/mcp/authorizer.ts, MAX_LIST_EXPANSIONS:
 * 20,000 URIs tried over one resources/templates/list, witnesses included), reached
 * through the real SDK with a generated list of templates none of whose URIs is readable.
 * What happens at the budget must fail closed and be as docs/mcp.md says: "A template is
 * decided on the URIs tried within these bounds, and one none of them shows is not
 * shown" — so a template past the budget is shown only when what is still tried (its
 * literal URI template, its first expansion) is readable, never one the caller cannot use;
 * and "a template shown by its first URIs leaves the rest for the templates after it".
 */
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/engine.js";
import { protect } from "../../src/mcp/index.js";
import { expansionValues, templateExpansions } from "../../src/mcp/template-expansions.js";
import { authInfoFor, connect } from "./helpers.js";

const TRAPS = 32;
/**
 * `tenants`: 32 patterns under /home/<caller>/ that only root may read — each a witness
 * tried for every `file:///home/{…}/{…}` template (the target index lets it through),
 * none readable by alice. `pub`: alice's own files. `lit`: a literal URI template's text.
 */
const engine = compile(`policy pub { allow subject * action "resources/read" resource "resource:file:///pub/\${subject.id}/*" }
policy lit { allow subject * action "resources/read" resource "resource:file:///lit/*" }
policy tenants {
  allow subject * action "resources/read"
  resource ${Array.from({ length: TRAPS }, (_, k) => `"resource:file:///home/\${subject.id}/w${k}"`).join(", ")}
  when subject.id == "root"
}`);

const ALICE = { id: "alice", roles: [] as string[] };
const pool = expansionValues(engine.policySet, ALICE);

/** A template of two variables under /home/: 32 witnesses, then its expansions, none readable by alice. */
const filler = (i: number) => `file:///home/{u${i}}/{n}`;
/** One variable and no witness: its expansions only. */
const preamble = (j: number) => `file:///pre${j}/{a}`;

/** Readable through its first expansion (file:///pub/alice/alice): still tried past the budget. */
const FIRST = "file:///pub/{u}/{n}";
/** Readable only through a later one (file:///pub/alice/…, `top` = "pub"): hidden past the budget. */
const LATER = "file:///{top}/{u}/{n}";
/** Its literal text is readable (file:///lit/* matches it): shown whatever the budget. */
const LITERAL = "file:///lit/{x}";

async function listed(templates: readonly string[]): Promise<string[]> {
  const server = new McpServer({ name: "budgets", version: "1" });
  protect(server, engine);
  templates.forEach((template, i) => {
    server.registerResource(`t${i}`, new ResourceTemplate(template, { list: undefined }), {}, async (uri) => ({
      contents: [{ uri: uri.href, text: "" }],
    }));
  });
  const connected = await connect(server, authInfoFor("alice", []));
  const shown = (await connected.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  await connected.close();
  return shown;
}

describe("resources/templates/list past its 20,000 expansions", () => {
  // What each filler costs the list's budget: every URI tried (witnesses, then expansions).
  const fillerCost = TRAPS + templateExpansions(filler(0), pool).length;

  it("the set-up is what the test needs: fillers of 288 URIs none readable, targets readable", () => {
    expect(pool[0]).toBe("alice");
    expect(fillerCost).toBe(288);
    expect(templateExpansions(preamble(0), pool)).toHaveLength(32);
    expect(engine.evaluate(ALICE, "resource:file:///pub/alice/alice", "resources/read").allowed).toBe(true);
    expect(engine.evaluate(ALICE, "resource:file:///lit/{x}", "resources/read").allowed).toBe(true);
    expect(engine.evaluate(ALICE, "resource:file:///home/alice/w0", "resources/read").allowed).toBe(false);
    expect(engine.evaluate({ id: "root" }, "resource:file:///home/root/w0", "resources/read").allowed).toBe(true);
  });

  it("shows a template past the budget by its first expansion or literal text, never by one not tried", async () => {
    // Alone (or first), each target is shown: all three are usable by alice.
    expect(await listed([LATER, FIRST, LITERAL])).toEqual([LATER, FIRST, LITERAL]);
    // 80 fillers (23,040 URIs) spend the budget: LATER's readable URIs are not tried.
    const fillers = Array.from({ length: 80 }, (_, i) => filler(i));
    expect(await listed([...fillers, LATER, FIRST, LITERAL])).toEqual([FIRST, LITERAL]);
    // With the budget not yet spent (60 fillers, 17,280 URIs), LATER is found again.
    expect(await listed([...fillers.slice(0, 60), LATER, FIRST, LITERAL])).toEqual([LATER, FIRST, LITERAL]);
  });

  it("never shows a filler, wherever in the list the budget runs out", async () => {
    // 69 fillers and 0–15 preambles (32 URIs each): the budget runs out within the last
    // fillers' witnesses or expansions, or leaves a few URIs for LATER's first witness.
    const fillers = Array.from({ length: 69 }, (_, i) => filler(i));
    const hidden: number[] = [];
    for (let j = 0; j <= 15; j++) {
      const preambles = Array.from({ length: j }, (_, k) => preamble(k));
      const shown = await listed([...preambles, ...fillers, LATER]);
      expect(shown.filter((t) => t !== LATER)).toEqual([]);
      if (shown.length === 0) hidden.push(j);
    }
    // 69 × 288 + 12 × 32 > 20,000: from there on, nothing is left for LATER.
    expect(hidden).toEqual(expect.arrayContaining([12, 13, 14, 15]));
  });
});
