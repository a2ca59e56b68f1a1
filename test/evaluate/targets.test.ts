import { describe, expect, it } from "vitest";
import { matchAction, matchResource, matchSubject, roleClosure } from "../../src/evaluate/targets.js";
import type { RoleDecl } from "../../src/model/ast.js";
import { anyOf, anySubject, anything, group, patterns, policySet, role, user } from "./builders.js";

const noRoles = new Map<string, RoleDecl>();
const rolesOf = (declared: Record<string, string[]>) => policySet([], declared).roles;

const yes = { ok: true, value: true };
const no = { ok: true, value: false };

describe("subject targets (spec §4.1)", () => {
  it("`subject *` matches every subject", () => {
    expect(matchSubject(anySubject, {}, noRoles)).toEqual(yes);
    expect(matchSubject(anySubject, { roles: "malformed" }, noRoles)).toEqual(yes);
  });

  it("`user a, b` matches when subject.id is one of them", () => {
    expect(matchSubject(user("a", "b"), { id: "b" }, noRoles)).toEqual(yes);
    expect(matchSubject(user("a", "b"), { id: "c" }, noRoles)).toEqual(no);
  });

  it("`role a, b` matches when subject.roles holds one of them", () => {
    expect(matchSubject(role("admin"), { roles: ["viewer", "admin"] }, noRoles)).toEqual(yes);
    expect(matchSubject(role("admin"), { roles: [] }, noRoles)).toEqual(no);
  });

  it("`role viewer` matches a subject with a role that includes viewer, transitively", () => {
    const roles = rolesOf({ owner: ["admin"], admin: ["editor"], editor: ["viewer"] });
    expect(matchSubject(role("viewer"), { roles: ["editor"] }, roles)).toEqual(yes);
    expect(matchSubject(role("viewer"), { roles: ["owner"] }, roles)).toEqual(yes);
    expect(matchSubject(role("owner"), { roles: ["viewer"] }, roles)).toEqual(no);
    expect(matchSubject(role("admin"), { roles: ["editor"] }, roles)).toEqual(no);
  });

  it("computes the role closure through diamonds", () => {
    const roles = rolesOf({ top: ["left", "right"], left: ["base"], right: ["base"] });
    expect([...roleClosure(["top"], roles)].sort()).toEqual(["base", "left", "right", "top"]);
  });

  it("`group a, b` matches when subject.groups holds one of them; groups do not include", () => {
    expect(matchSubject(group("oncall"), { groups: ["oncall"] }, noRoles)).toEqual(yes);
    expect(matchSubject(group("viewer"), { groups: ["editor"] }, rolesOf({ editor: ["viewer"] }))).toEqual(no);
  });

  it("a missing id, roles or groups does not match", () => {
    expect(matchSubject(user("a"), {}, noRoles)).toEqual(no);
    expect(matchSubject(role("a"), {}, noRoles)).toEqual(no);
    expect(matchSubject(group("a"), {}, noRoles)).toEqual(no);
  });

  it("an own id or roles holding undefined is present, hence malformed", () => {
    expect(matchSubject(user("a"), { id: undefined }, noRoles).ok).toBe(false);
    expect(matchSubject(role("a"), { roles: undefined }, noRoles).ok).toBe(false);
  });

  it("a getter for roles counts as missing", () => {
    const subject = {
      get roles() {
        return ["admin"];
      },
    };
    expect(matchSubject(role("admin"), subject, noRoles)).toEqual(no);
  });

  it("a malformed id, roles or groups makes the subject target err", () => {
    expect(matchSubject(user("a"), { id: 1 }, noRoles).ok).toBe(false);
    expect(matchSubject(role("suspended"), { roles: "suspended" }, noRoles)).toEqual({
      ok: false,
      message: "malformed subject.roles: must be an array of strings, got a string",
    });
    expect(matchSubject(role("a"), { roles: [1] }, noRoles).ok).toBe(false);
    expect(matchSubject(role("a"), { roles: ["a", null] }, noRoles).ok).toBe(false);
    expect(matchSubject(role("a"), { roles: { 0: "a" } }, noRoles).ok).toBe(false);
    expect(matchSubject(role("a"), { roles: null }, noRoles).ok).toBe(false);
    expect(matchSubject(group("a"), { groups: Object.assign(new Array(3), { 0: "a", 2: "b" }) }, noRoles).ok).toBe(false);
    expect(matchSubject(group("a"), { groups: "a" }, noRoles).ok).toBe(false);
  });

  it("an array subclass instance is malformed", () => {
    class Roles extends Array<string> {}
    const roles = Roles.from(["admin"]);
    expect(matchSubject(role("admin"), { roles }, noRoles).ok).toBe(false);
  });

  it("a Proxy array whose traps throw is malformed, without throwing", () => {
    const roles = new Proxy(["admin"], {
      getOwnPropertyDescriptor() {
        throw new Error("boom");
      },
    });
    expect(matchSubject(role("admin"), { roles }, noRoles).ok).toBe(false);
  });

  it("alternatives joined by `or` match when any matches", () => {
    const target = anyOf(user("bob"), role("admin"), group("ops"));
    expect(matchSubject(target, { id: "bob" }, noRoles)).toEqual(yes);
    expect(matchSubject(target, { groups: ["ops"] }, noRoles)).toEqual(yes);
    expect(matchSubject(target, { id: "eve", roles: ["x"] }, noRoles)).toEqual(no);
  });

  it("a malformed field errs unless another alternative matches", () => {
    const target = anyOf(user("bob"), role("admin"));
    expect(matchSubject(target, { id: "bob", roles: "admin" }, noRoles)).toEqual(yes);
    expect(matchSubject(target, { id: "eve", roles: "admin" }, noRoles).ok).toBe(false);
  });

  it("only the fields a target names are checked", () => {
    expect(matchSubject(user("bob"), { id: "bob", roles: 7, groups: {} }, noRoles)).toEqual(yes);
  });
});

describe("action and resource targets (spec §4.1)", () => {
  it("bare `*` matches anything, even the empty string", () => {
    expect(matchAction(anything, "")).toEqual(yes);
    expect(matchResource(anything, "", {})).toEqual(yes);
  });

  it("a quoted \"*\" is an ordinary glob: one segment only", () => {
    expect(matchAction(patterns("*"), "tools/call")).toEqual(no);
    expect(matchAction(patterns("*"), "ping")).toEqual(yes);
    expect(matchAction(patterns("*"), "")).toEqual(no);
  });

  it("matches when any pattern does", () => {
    expect(matchAction(patterns("tools/call", "tools/list"), "tools/list")).toEqual(yes);
    expect(matchResource(patterns("tool:read_*", "tool:search_*"), "tool:search_web", {})).toEqual(yes);
    expect(matchResource(patterns("tool:read_*", "tool:search_*"), "tool:write_file", {})).toEqual(no);
  });

  it("follows minimatch under GLOB_OPTIONS: `**` crosses segments, ?, [..] and {a,b} work", () => {
    expect(matchResource(patterns("files/**"), "files/a/b/c", {})).toEqual(yes);
    expect(matchResource(patterns("files/*"), "files/a/b", {})).toEqual(no);
    expect(matchResource(patterns("doc:?"), "doc:1", {})).toEqual(yes);
    expect(matchResource(patterns("doc:[0-9]"), "doc:7", {})).toEqual(yes);
    expect(matchResource(patterns("doc:{a,b}"), "doc:b", {})).toEqual(yes);
    expect(matchResource(patterns("doc:{a,b}"), "doc:{a,b}", {})).toEqual(no);
  });

  it("matches dotfiles (dot: true) but never `.` or `..` segments with `*` or `**`", () => {
    expect(matchResource(patterns("/home/*"), "/home/.ssh", {})).toEqual(yes);
    expect(matchResource(patterns("/home/*/x"), "/home/../x", {})).toEqual(no);
    expect(matchResource(patterns("/home/**"), "/home/a/../../etc/passwd", {})).toEqual(no);
    expect(matchResource(patterns("/home/../x"), "/home/../x", {})).toEqual(yes);
  });

  it("normalizes nothing: `//` stays two slashes", () => {
    expect(matchResource(patterns("a/b"), "a//b", {})).toEqual(no);
    expect(matchResource(patterns("a//b"), "a//b", {})).toEqual(yes);
  });

  it("treats `!`, `#` and extglob syntax literally (nonegate, nocomment, noext)", () => {
    expect(matchResource(patterns("!a"), "b", {})).toEqual(no);
    expect(matchResource(patterns("!a"), "!a", {})).toEqual(yes);
    expect(matchResource(patterns("#a"), "#a", {})).toEqual(yes);
    expect(matchResource(patterns("+(a)"), "a", {})).toEqual(no);
    expect(matchResource(patterns("+(a)"), "+(a)", {})).toEqual(yes);
  });
});
