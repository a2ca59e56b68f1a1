/**
 * Spec §4.1 Targets: subject (user, role with transitive inclusion, group, `or`),
 * missing versus malformed fields, and action/resource globs under minimatch with the
 * exact options of the spec.
 */
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { type Case, policy, runCases } from "./systems.js";

const user = policy("p", { subject: "user alice, bob" });
const role = policy("p", { subject: "role admin" });
const group = policy("p", { subject: "group eng" });
const hierarchy = `
role admin includes editor
role editor includes viewer, commenter
${policy("viewers", { subject: "role viewer" })}
${policy("editors", { subject: "role editor" })}
`;

const subjectCases: Case[] = [
  { it: "`subject *` matches an empty subject", source: policy("p"), request: { subject: {} }, expect: { effect: "allow", policy: "p", errors: false } },
  {
    it: "`subject *` matches a subject whose fields are malformed, without error",
    source: policy("p"),
    request: { subject: { id: 5, roles: "admin", groups: {} } },
    expect: { effect: "allow", policy: "p", errors: false },
  },
  { it: "`user a, b` matches the first id", source: user, request: { subject: { id: "alice" } }, expect: { effect: "allow", policy: "p", errors: false } },
  { it: "`user a, b` matches the second id", source: user, request: { subject: { id: "bob" } }, expect: { effect: "allow", policy: "p" } },
  { it: "`user a, b` does not match another id", source: user, request: { subject: { id: "carol" } }, expect: { effect: "notapplicable", errors: false } },
  { it: "`user` compares ids case-sensitively", source: user, request: { subject: { id: "Alice" } }, expect: { effect: "notapplicable", errors: false } },
  { it: "a missing id does not match `user`", source: user, request: { subject: { roles: ["alice"] } }, expect: { effect: "notapplicable", errors: false } },
  { it: "a number id makes `user` err", source: user, request: { subject: { id: 5 } }, expect: { effect: "notapplicable", errors: true } },
  { it: "a null id makes `user` err", source: user, request: { subject: { id: null } }, expect: { effect: "notapplicable", errors: true } },
  { it: "an array id makes `user` err", source: user, request: { subject: { id: ["alice"] } }, expect: { effect: "notapplicable", errors: true } },
  {
    it: "a user name is not a glob: `user \"*\"` does not match other ids",
    source: policy("p", { subject: 'user "*"' }),
    request: { subject: { id: "bob" } },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "`user \"*\"` matches the id `*` itself",
    source: policy("p", { subject: 'user "*"' }),
    request: { subject: { id: "*" } },
    expect: { effect: "allow", policy: "p" },
  },
  { it: "`role` matches a role the subject holds", source: role, request: { subject: { roles: ["x", "admin"] } }, expect: { effect: "allow", policy: "p", errors: false } },
  { it: "`role` does not match an empty role list", source: role, request: { subject: { roles: [] } }, expect: { effect: "notapplicable", errors: false } },
  { it: "`role` does not match missing roles", source: role, request: { subject: { id: "admin" } }, expect: { effect: "notapplicable", errors: false } },
  { it: "roles given as a string make `role` err", source: role, request: { subject: { roles: "admin" } }, expect: { effect: "notapplicable", errors: true } },
  {
    it: "roles holding a non-string make `role` err even when the role is there",
    source: role,
    request: { subject: { roles: ["admin", 1] } },
    expect: { effect: "notapplicable", errors: true },
  },
  { it: "null roles make `role` err", source: role, request: { subject: { roles: null } }, expect: { effect: "notapplicable", errors: true } },
  { it: "roles as an object make `role` err", source: role, request: { subject: { roles: { 0: "admin" } } }, expect: { effect: "notapplicable", errors: true } },
  {
    it: "a deny for a role is not dodged by sending the roles as a string",
    source: policy("suspended", { effect: "deny", subject: "role suspended" }) + policy("everyone", {}),
    request: { subject: { roles: "suspended" } },
    expect: { effect: "deny", policy: "suspended", errors: true },
  },
  {
    it: "a role name is not a glob",
    source: policy("p", { subject: 'role "ad*"' }),
    request: { subject: { roles: ["admin"] } },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "a role that includes the named role matches",
    source: hierarchy,
    request: { subject: { roles: ["editor"] } },
    expect: { effect: "allow", policy: "viewers", errors: false },
  },
  {
    it: "inclusion is transitive",
    source: `role viewer\n${policy("viewers", { subject: "role viewer" })}\nrole admin includes editor\nrole editor includes viewer\n`,
    request: { subject: { roles: ["admin"] } },
    expect: { effect: "allow", policy: "viewers" },
  },
  {
    it: "inclusion does not go the other way",
    source: policy("editors", { subject: "role editor" }) + hierarchy.split("\n").slice(0, 3).join("\n"),
    request: { subject: { roles: ["viewer"] } },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "inclusion passes through a role that is named but never declared",
    source: `role lead includes middle\n${policy("p", { subject: "role base" })}role middle includes base\n`,
    request: { subject: { roles: ["lead"] } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "inclusion through a diamond matches once, without error",
    source: `role top includes left, right\nrole left includes base\nrole right includes base\n${policy("p", { subject: "role base" })}`,
    request: { subject: { roles: ["top", "top"] } },
    expect: { effect: "allow", policy: "p", errors: false },
  },
  {
    it: "a role that includes several roles matches each of them",
    source: `role editor includes viewer, commenter\n${policy("commenters", { subject: "role commenter" })}`,
    request: { subject: { roles: ["editor"] } },
    expect: { effect: "allow", policy: "commenters" },
  },
  {
    it: "role declarations in another source count",
    source: [
      { name: "a", text: policy("viewers", { subject: "role viewer" }) },
      { name: "b", text: "role lead includes editor\nrole editor includes viewer\n" },
    ],
    request: { subject: { roles: ["lead"] } },
    expect: { effect: "allow", policy: "viewers" },
  },
  {
    it: "quoted role names work in declarations and targets",
    source: `role "team-lead" includes "read-only"\n${policy("p", { subject: 'role "read-only"' })}`,
    request: { subject: { roles: ["team-lead"] } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "an undeclared role still matches by name",
    source: policy("p", { subject: "role auditor" }),
    request: { subject: { roles: ["auditor"] } },
    expect: { effect: "allow", policy: "p" },
  },
  { it: "`group` matches a group the subject is in", source: group, request: { subject: { groups: ["ops", "eng"] } }, expect: { effect: "allow", policy: "p" } },
  { it: "`group` does not match missing groups", source: group, request: { subject: {} }, expect: { effect: "notapplicable", errors: false } },
  { it: "groups given as a string make `group` err", source: group, request: { subject: { groups: "eng" } }, expect: { effect: "notapplicable", errors: true } },
  {
    it: "groups are not roles",
    source: group,
    request: { subject: { roles: ["eng"] } },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "alternatives joined by `or` match when any matches (role)",
    source: policy("p", { subject: "user alice or role admin or group eng" }),
    request: { subject: { id: "bob", roles: ["admin"] } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "alternatives joined by `or` match when any matches (group)",
    source: policy("p", { subject: "user alice or role admin or group eng" }),
    request: { subject: { id: "bob", roles: [], groups: ["eng"] } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "alternatives joined by `or` do not match when none matches",
    source: policy("p", { subject: "user alice or role admin or group eng" }),
    request: { subject: { id: "bob", roles: [], groups: [] } },
    expect: { effect: "notapplicable", errors: false },
  },
];

describe("spec §4.1 subject targets", () => {
  runCases(subjectCases);
});

/** The glob dialect, straight from the spec text. */
const OPTIONS = {
  dot: true,
  nonegate: true,
  nocomment: true,
  noext: true,
  optimizationLevel: 0,
  preserveMultipleSlashes: true,
  platform: "linux",
} as const;

/** [pattern, candidate, expected]; expected is also checked against minimatch itself. */
const globs: readonly (readonly [string, string, boolean])[] = [
  ["tool:a", "tool:a", true],
  ["tool:a", "tool:ab", false],
  ["tool:*", "tool:a", true],
  ["tool:*", "tool:", true],
  ["tool:*", "tool:a/b", false],
  ["tool:**", "tool:a/b", false],
  ["tool:a/**", "tool:a/b/c", true],
  ["tool:a/**", "tool:a", false],
  ["tool:a/**", "tool:a/", true],
  ["*", "", false],
  ["*", "a", true],
  ["*", "a/b", false],
  ["*", ".", false],
  ["*", "..", false],
  ["*", ".hidden", true],
  ["**", "a/b/c", true],
  ["a/*/b", "a/./b", false],
  ["a/*/b", "a/../b", false],
  ["a/**/b", "a/../b", false],
  ["a/**/b", "a/./b", false],
  ["a/**/b", "a/x/../b", false],
  ["a/./b", "a/./b", true],
  ["a/../b", "a/../b", true],
  ["a/../b", "b", false],
  ["a/*/b", "a/.x/b", true],
  ["a/**/b", "a/b", true],
  ["a/**/b", "a/x/y/b", true],
  ["a/b", "a//b", false],
  ["a//b", "a//b", true],
  ["a//b", "a/b", false],
  ["a/*/b", "a//b", false],
  ["a/b", "./a/b", false],
  ["./a/b", "a/b", false],
  ["a?c", "abc", true],
  ["a?c", "a/c", false],
  ["a?c", "ac", false],
  ["[ab]c", "bc", true],
  ["[ab]c", "cc", false],
  ["[!a]c", "bc", true],
  ["[!a]c", "ac", false],
  ["[a-c]x", "bx", true],
  ["{a,b}x", "ax", true],
  ["{a,b}x", "bx", true],
  ["{a,b}x", "cx", false],
  ["{a,b}x", "{a,b}x", false],
  ["x{1..3}", "x2", true],
  ["x{1..3}", "x4", false],
  ["!a", "!a", true],
  ["!a", "b", false],
  ["#a", "#a", true],
  ["+(a)", "+(a)", true],
  ["+(a)", "a", false],
  ["@(a|b)", "a", false],
  ["a\\*b", "a*b", true],
  ["a\\*b", "axb", false],
  ["tools/call", "tools/call", true],
  ["tools/*", "tools/call", true],
  ["tools/*", "tools/a/b", false],
  ["tool:read_*", "tool:read_file", true],
  ["tool:read_*", "tool:write_file", false],
  ["tool://x", "tool://x", true],
  ["tool:/*/x", "tool://x", false],
  ["file:/home/**", "file:/home/a/../../etc/passwd", false],
  ["*", "*", true],
  ["\\*", "x", false],
  ["tool:a", "tool:a/", true],
  ["tool:a", "tool:a//", false],
  ["a/*", "a/b/", true],
  ["**", "", true],
  ["*", "/", false],
  ["a/b/", "a/b", false],
];

describe("spec §4.1 the glob table agrees with minimatch under the spec's options", () => {
  it.each(globs)("minimatch(%j, %j) is %s", (pattern, candidate, expected) => {
    expect(minimatch(candidate, pattern, OPTIONS)).toBe(expected);
  });
});

const globCases: Case[] = globs.flatMap(([pattern, candidate, expected]): Case[] => [
  {
    it: `resource ${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(candidate)}`,
    source: policy("p", { resource: JSON.stringify(pattern) }),
    request: { resource: candidate },
    expect: expected ? { effect: "allow", policy: "p", errors: false } : { effect: "notapplicable", errors: false },
  },
  {
    it: `action ${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(candidate)}`,
    source: policy("p", { action: JSON.stringify(pattern) }),
    request: { action: candidate },
    expect: expected ? { effect: "allow", policy: "p", errors: false } : { effect: "notapplicable", errors: false },
  },
  {
    it: `${JSON.stringify(candidate)} matches ${JSON.stringify(pattern)} is ${expected}`,
    source: policy("p", { when: `env.s matches ${JSON.stringify(pattern)}` }),
    request: { env: { s: candidate } },
    expect: expected ? { effect: "allow", policy: "p", errors: false } : { effect: "notapplicable", errors: false },
  },
]);

describe("spec §4.1 globs in action, resource and matches", () => {
  runCases(globCases);
});

const patternCases: Case[] = [
  { it: "bare `resource *` matches the empty id", source: policy("p"), request: { resource: "" }, expect: { effect: "allow", policy: "p" } },
  { it: "bare `resource *` matches ids with slashes and dots", source: policy("p"), request: { resource: "a/../b//c" }, expect: { effect: "allow", policy: "p" } },
  { it: "bare `action *` matches `..`", source: policy("p"), request: { action: ".." }, expect: { effect: "allow", policy: "p" } },
  {
    it: "quoted `\"*\"` is an ordinary glob: it does not match an id with a slash",
    source: policy("p", { resource: '"*"' }),
    request: { resource: "a/b" },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "quoted `\"*\"` as an action does not match `tools/call`",
    source: policy("p", { action: '"*"' }),
    request: { action: "tools/call" },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "a request matches when any of several patterns does",
    source: policy("p", { action: '"tools/call", "tools/list"', resource: '"tool:read_*", "tool:search_*"' }),
    request: { action: "tools/list", resource: "tool:search_web" },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "a deny on an exact action also catches it with one trailing slash, as minimatch does",
    source: policy("a") + policy("d", { effect: "deny", action: '"tools/call"' }),
    request: { action: "tools/call/" },
    expect: { effect: "deny", policy: "d", errors: false },
  },
  {
    it: "a deny on an exact resource also catches it with one trailing slash, as minimatch does",
    source: policy("a") + policy("d", { effect: "deny", resource: '"tool:x"' }),
    request: { resource: "tool:x/" },
    expect: { effect: "deny", policy: "d", errors: false },
  },
  {
    it: "a resource object is matched by its id",
    source: policy("p", { resource: '"doc:*"' }),
    request: { resource: { id: "doc:1", owner: "x" } },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "a resource object with a null prototype is matched by its id",
    source: policy("p", { resource: '"doc:*"' }),
    request: () => {
      const r = Object.create(null) as Record<string, unknown>;
      r.id = "doc:1";
      return { resource: r };
    },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "`#` and `//` inside a pattern are not comments",
    source: policy("p", { resource: '"tool://a#b"' }),
    request: { resource: "tool://a#b" },
    expect: { effect: "allow", policy: "p" },
  },
  {
    it: "an action target false ends the policy before its conditions (no error)",
    source: policy("p", { action: '"tools/list"', when: "env.missing == 1" }),
    request: { action: "tools/call" },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "a resource target false ends a deny before its conditions (no error)",
    source: policy("p", { effect: "deny", resource: '"tool:y"', when: "env.missing == 1" }),
    request: { resource: "tool:x" },
    expect: { effect: "notapplicable", errors: false },
  },
  {
    it: "a subject target false ends a deny before its conditions (no error)",
    source: policy("p", { effect: "deny", subject: "user bob", when: "env.missing == 1" }),
    request: { subject: { id: "alice" } },
    expect: { effect: "notapplicable", errors: false },
  },
];

describe("spec §4.1 bare and quoted patterns", () => {
  runCases(patternCases);
});
