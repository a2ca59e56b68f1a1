import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { checkPolicySet } from "../../src/check/check-set.js";
import { evaluateReference } from "../../src/evaluate/index.js";
import { parse } from "../../src/syntax/parse.js";

const dir = new URL("../../policies/", import.meta.url);
const names = (await readdir(dir)).filter((n) => n.endsWith(".mcpolicy")).sort();
const files = await Promise.all(names.map(async (name) => parse(await readFile(new URL(name, dir), "utf8"), name).ast));
const { set } = checkPolicySet(files);

const alice = { id: "alice", roles: ["editor"], groups: [] as string[] };
const bob = { id: "bob", roles: ["viewer"], groups: [] };
const dayCall = (path: string) => ({ hour: 10, arguments: { path } });

function decide(subject: unknown, resource: unknown, action: string, env?: unknown) {
  return evaluateReference(set, subject, resource, action, env);
}

describe("the example policies decide like their comments say", () => {
  it("let an editor write in her own home during the day", () => {
    expect(decide(alice, "tool:write_file", "tools/call", dayCall("/home/alice/notes.md"))).toMatchObject({ effect: "allow", policy: "fs-write-own-home" });
  });

  it("keep an editor out of someone else's home, and a viewer from writing at all", () => {
    expect(decide(alice, "tool:write_file", "tools/call", dayCall("/home/bob/notes.md")).allowed).toBe(false);
    expect(decide(bob, "tool:write_file", "tools/call", dayCall("/home/bob/notes.md")).allowed).toBe(false);
    expect(decide(bob, "tool:read_file", "tools/call", dayCall("/home/bob/notes.md")).allowed).toBe(true);
  });

  it("do not treat a subject id as a wildcard", () => {
    const star = { id: "*", roles: ["editor"], groups: [] };
    expect(decide(star, "tool:write_file", "tools/call", dayCall("/home/alice/notes.md")).allowed).toBe(false);
  });

  it("deny secret files even at home, and when the path is missing (fail closed)", () => {
    expect(decide(alice, "tool:read_file", "tools/call", dayCall("/home/alice/.ssh/id_ed25519"))).toMatchObject({ effect: "deny", policy: "fs-no-secret-files" });
    expect(decide(alice, "tool:read_file", "tools/call", { hour: 10, arguments: {} }).effect).toBe("deny");
  });

  it("freeze writes after hours, unless a maintenance window is open", () => {
    expect(decide(alice, "tool:write_file", "tools/call", { hour: 22, arguments: { path: "/home/alice/a" } })).toMatchObject({ effect: "deny", policy: "after-hours-freeze" });
    const window = { hour: 22, maintenance_window: true, arguments: { path: "/home/alice/a" } };
    expect(decide(alice, "tool:write_file", "tools/call", window).allowed).toBe(true);
  });

  it("let on-call break the glass during an incident, above the freeze but not above suspension", () => {
    const oncall = { id: "carol", roles: ["viewer"], groups: ["oncall"], break_glass: true };
    const night = { hour: 3, incident_id: "INC-1", arguments: { path: "/etc/hosts" } };
    expect(decide(oncall, "tool:write_file", "tools/call", night)).toMatchObject({ effect: "allow", policy: "break-glass" });
    expect(decide({ ...oncall, break_glass: false }, "tool:write_file", "tools/call", night).allowed).toBe(false);
    expect(decide({ ...oncall, roles: ["suspended"] }, "tool:write_file", "tools/call", night)).toMatchObject({ effect: "deny", policy: "suspended" });
  });

  it("give analysts read-only queries and keep DDL for DBAs", () => {
    const analyst = { id: "dan", roles: ["analyst"], groups: [] };
    const dba = { id: "eve", roles: ["dba"], groups: [] };
    const query = (sql: string, readOnlyHint = true) => ({ hour: 10, tool: { readOnlyHint }, arguments: { sql } });
    expect(decide(analyst, "tool:query", "tools/call", query("SELECT * FROM orders")).allowed).toBe(true);
    expect(decide(analyst, "tool:query", "tools/call", query("SELECT 1; DELETE FROM orders")).allowed).toBe(false);
    expect(decide(analyst, "tool:query", "tools/call", query("DELETE FROM orders", false)).allowed).toBe(false);
    expect(decide(dba, "tool:query", "tools/call", query("DROP TABLE orders", false)).allowed).toBe(true);
    expect(decide({ ...dba, roles: ["admin"] }, "tool:query", "tools/call", query("DROP TABLE orders", false)).allowed).toBe(false);
  });

  it("let viewers read shared files and their own, and admins use admin tools (lists follow calls: no list policy)", () => {
    expect(decide(bob, "tool:anything", "tools/list").effect).toBe("notapplicable");
    expect(decide(bob, "resource:file:///srv/shared/handbook.md", "resources/read").allowed).toBe(true);
    expect(decide(bob, "resource:file:///home/bob/todo.txt", "resources/read").allowed).toBe(true);
    expect(decide(bob, "resource:file:///home/alice/todo.txt", "resources/read").allowed).toBe(false);
    const admin = { id: "root", roles: ["admin"], groups: [] };
    expect(decide(admin, "tool:admin_users", "tools/call", { hour: 10 }).allowed).toBe(true);
    expect(decide({ ...admin, groups: ["service_accounts"] }, "tool:admin_users", "tools/call", { hour: 10 }).allowed).toBe(false);
    expect(decide(admin, "prompt:incident_review", "prompts/get").allowed).toBe(true);
    expect(decide(bob, "prompt:incident_review", "prompts/get").allowed).toBe(false);
  });

  it("decide nothing for a subject without roles", () => {
    expect(decide({ id: "mallory" }, "tool:read_file", "tools/call", dayCall("/home/mallory/x"))).toMatchObject({ allowed: false, effect: "notapplicable" });
  });
});
