/**
 * Spec §8: the example policy set, verbatim, and the decisions it gives.
 */
import { describe } from "vitest";
import { type Case, runCases } from "./systems.js";
import { SPEC_EXAMPLE } from "../fixtures/spec-example.js";

const EXAMPLE = SPEC_EXAMPLE;

const editor = (extra: Record<string, unknown> = {}) => ({ id: "alice", roles: ["editor"], groups: [], ...extra });
const write = (path: string, hour: unknown) => ({ arguments: { path }, hour });

const cases: Case[] = [
  {
    it: "an admin may do anything",
    source: EXAMPLE,
    request: { subject: { id: "root", roles: ["admin"] }, resource: "db:prod", action: "anything" },
    expect: { effect: "allow", policy: "admins", errors: false },
  },
  {
    it: "an admin may write after hours (priority 100 beats 50)",
    source: EXAMPLE,
    request: { subject: { id: "root", roles: ["admin"], groups: [] }, resource: "tool:write_file", env: write("/etc/passwd", 23) },
    expect: { effect: "allow", policy: "admins" },
  },
  {
    it: "a viewer may call a read tool",
    source: EXAMPLE,
    request: { subject: { id: "v", roles: ["viewer"] }, resource: "tool:read_file" },
    expect: { effect: "allow", policy: "read-tools", errors: false },
  },
  {
    it: "a viewer may list search tools",
    source: EXAMPLE,
    request: { subject: { id: "v", roles: ["viewer"] }, resource: "tool:search_web", action: "tools/list" },
    expect: { effect: "allow", policy: "read-tools" },
  },
  {
    it: "a viewer may not write",
    source: EXAMPLE,
    request: { subject: { id: "v", roles: ["viewer"], groups: [] }, resource: "tool:write_file", env: write("/home/v/x", 10) },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "an editor inherits the viewer's read tools",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:read_file" },
    expect: { effect: "allow", policy: "read-tools", errors: false },
  },
  {
    it: "an editor may write in their own home during the day",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:write_file", env: write("/home/alice/notes.txt", 10) },
    expect: { effect: "allow", policy: "own-home-only", errors: false },
  },
  {
    it: "an editor may not write in another home",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:write_file", env: write("/home/bob/notes.txt", 10) },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "an editor may not escape their home with `..`",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:write_file", env: write("/home/alice/../bob/x", 10) },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "an editor whose id is `*` gets no wildcard",
    source: EXAMPLE,
    request: { subject: editor({ id: "*" }), resource: "tool:write_file", env: write("/home/bob/x", 10) },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "an editor may not write after hours",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:write_file", env: write("/home/alice/notes.txt", 20) },
    expect: { effect: "deny", policy: "no-writes-after-hours", errors: false },
  },
  {
    it: "an editor may not write before hours",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:write_file", env: write("/home/alice/notes.txt", 7) },
    expect: { effect: "deny", policy: "no-writes-after-hours" },
  },
  {
    it: "an on-call editor may write after hours",
    source: EXAMPLE,
    request: { subject: editor({ groups: ["oncall"] }), resource: "tool:write_file", env: write("/home/alice/notes.txt", 22) },
    expect: { effect: "allow", policy: "own-home-only", errors: false },
  },
  {
    it: "a missing hour denies writes (the deny errs and applies)",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:write_file", env: { arguments: { path: "/home/alice/x" } } },
    expect: { effect: "deny", policy: "no-writes-after-hours", errors: true },
  },
  {
    it: "an hour given as a string denies writes",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:write_file", env: write("/home/alice/x", "10") },
    expect: { effect: "deny", policy: "no-writes-after-hours", errors: true },
  },
  {
    it: "missing groups during the day allow the write but report the erring unless",
    source: EXAMPLE,
    request: { subject: { id: "alice", roles: ["editor"] }, resource: "tool:write_file", env: write("/home/alice/x", 10) },
    expect: { effect: "allow", policy: "own-home-only", errors: true },
  },
  {
    it: "missing groups after hours deny",
    source: EXAMPLE,
    request: { subject: { id: "alice", roles: ["editor"] }, resource: "tool:write_file", env: write("/home/alice/x", 19) },
    expect: { effect: "deny", policy: "no-writes-after-hours", errors: true },
  },
  {
    it: "anyone is denied execute tools at night",
    source: EXAMPLE,
    request: { subject: { id: "x", groups: [] }, resource: "tool:execute_shell", env: { hour: 3 } },
    expect: { effect: "deny", policy: "no-writes-after-hours", errors: false },
  },
  {
    it: "reading at night is still allowed",
    source: EXAMPLE,
    request: { subject: editor(), resource: "tool:read_file", env: { hour: 23 } },
    expect: { effect: "allow", policy: "read-tools", errors: false },
  },
  {
    it: "an admin role sent as a string is not an admin",
    source: EXAMPLE,
    request: { subject: { id: "root", roles: "admin" }, resource: "db:prod", action: "anything" },
    expect: { effect: "notapplicable", errors: true },
  },
  {
    it: "an unknown subject gets nothing",
    source: EXAMPLE,
    request: { subject: {}, resource: "tool:read_file" },
    expect: { effect: "notapplicable", errors: false },
  },
];

describe("spec §8 the example policy set", () => {
  runCases(cases);
});
