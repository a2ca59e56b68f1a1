// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${subject.…}` is the policy language's interpolation, written in policy text.
/**
 * Spec §4.3 Interpolation: `${subject.PATH}` in resource patterns and `matches` globs,
 * matched literally; values that are not a usable segment make the pattern err.
 */
import { describe } from "vitest";
import { type Case, type Expected, policy, runCases } from "./systems.js";

const home = policy("p", { resource: '"file:/home/${subject.id}/**"' });
const homeDeny = policy("p", { effect: "deny", resource: '"file:/home/${subject.id}/**"' });
const homeMatches = policy("p", { when: 'env.path matches "/home/${subject.id}/**"' });
const allow: Expected = { effect: "allow", policy: "p", errors: false };
const none: Expected = { effect: "notapplicable", errors: false };
const erred: Expected = { effect: "notapplicable", errors: true };

/** [subject id, resource id, expected] for `resource "file:/home/${subject.id}/**"`. */
const literal: readonly (readonly [unknown, string, Expected])[] = [
  ["alice", "file:/home/alice/notes.txt", allow],
  ["alice", "file:/home/alice/a/b/c", allow],
  ["alice", "file:/home/bob/notes.txt", none],
  ["alice", "file:/home/alice", none],
  ["alice", "file:/home/alice/../bob/x", none],
  ["*", "file:/home/bob/x", none],
  ["*", "file:/home/*/x", allow],
  ["**", "file:/home/a/b/x", none],
  ["**", "file:/home/**/x", allow],
  ["?", "file:/home/a/x", none],
  ["?", "file:/home/?/x", allow],
  ["[ab]", "file:/home/a/x", none],
  ["[ab]", "file:/home/[ab]/x", allow],
  ["[!a]", "file:/home/b/x", none],
  ["{alice,bob}", "file:/home/alice/x", none],
  ["{alice,bob}", "file:/home/bob/x", none],
  ["{alice,bob}", "file:/home/{alice,bob}/x", allow],
  ["{1..3}", "file:/home/2/x", none],
  ["{1..3}", "file:/home/{1..3}/x", allow],
  ["a,b", "file:/home/a,b/x", allow],
  ["a,b", "file:/home/a/x", none],
  ["}{", "file:/home/}{/x", allow],
  ["!x", "file:/home/!x/x", allow],
  ["#x", "file:/home/#x/x", allow],
  ["+(x)", "file:/home/+(x)/x", allow],
  ["+(x)", "file:/home/x/x", none],
  ["@(a|b)", "file:/home/@(a|b)/x", allow],
  ["a\\b", "file:/home/a\\b/x", allow],
  ["a\\b", "file:/home/ab/x", none],
  ["a\\*", "file:/home/a\\*/x", allow],
  ["a\\*", "file:/home/a*/x", none],
  ["${subject.id}", "file:/home/${subject.id}/x", allow],
  ["...", "file:/home/.../x", allow],
  [".x", "file:/home/.x/x", allow],
  [7, "file:/home/7/x", allow],
  [1.5, "file:/home/1.5/x", allow],
  [-3, "file:/home/-3/x", allow],
  // Numbers as `String(n)` writes them (docs/language.md: the spec is silent).
  [-0, "file:/home/0/x", allow],
  [-0, "file:/home/-0/x", none],
  [1e21, "file:/home/1e+21/x", allow],
  [1e21, "file:/home/1000000000000000000000/x", none],
  [1.5e-7, "file:/home/1.5e-7/x", allow],
  [0.0000015, "file:/home/0.0000015/x", allow],
  // Values that make the pattern err.
  ["", "file:/home//x", erred],
  ["a/b", "file:/home/a/b/x", erred],
  ["/", "file:/home///x", erred],
  [".", "file:/home/./x", erred],
  ["..", "file:/home/../x", erred],
  [true, "file:/home/true/x", erred],
  [null, "file:/home/null/x", erred],
  [Number.NaN, "file:/home/NaN/x", erred],
  [Number.POSITIVE_INFINITY, "file:/home/Infinity/x", erred],
  [["alice"], "file:/home/alice/x", erred],
  [{}, "file:/home/[object Object]/x", erred],
  [10n, "file:/home/10/x", erred],
];

const resourceCases: Case[] = literal.map(([id, resource, expected]) => ({
  it: `resource pattern with id ${typeof id === "bigint" ? `${id}n` : JSON.stringify(id) ?? String(id)} vs ${JSON.stringify(resource)}`,
  source: home,
  request: { subject: { id }, resource },
  expect: expected,
}));

const matchesCases: Case[] = literal.map(([id, resource, expected]) => ({
  it: `matches glob with id ${typeof id === "bigint" ? `${id}n` : JSON.stringify(id) ?? String(id)} vs ${JSON.stringify(resource.slice(5))}`,
  source: homeMatches,
  request: { subject: { id }, env: { path: resource.slice(5) } },
  expect: expected,
}));

const otherCases: Case[] = [
  {
    it: "a missing subject attribute makes the pattern err",
    source: home,
    request: { subject: {}, resource: "file:/home/alice/x" },
    expect: erred,
  },
  {
    it: "an erring resource pattern makes a deny apply",
    source: homeDeny,
    request: { subject: {}, resource: "file:/home/alice/x" },
    expect: { effect: "deny", policy: "p", errors: true },
  },
  {
    it: "a resource clause matches through another pattern when an interpolation errs (no error)",
    source: policy("p", { resource: '"file:/home/${subject.id}/**", "file:/public/**"' }),
    request: { subject: {}, resource: "file:/public/readme" },
    expect: allow,
  },
  {
    it: "a resource clause errs when no other pattern matches",
    source: policy("p", { resource: '"file:/home/${subject.id}/**", "file:/public/**"' }),
    request: { subject: {}, resource: "file:/other" },
    expect: erred,
  },
  {
    it: "a nested path interpolates",
    source: policy("p", { resource: '"org:${subject.org.id}/*"' }),
    request: { subject: { org: { id: "acme" } }, resource: "org:acme/doc" },
    expect: allow,
  },
  {
    it: "a nested path through a missing object errs",
    source: policy("p", { resource: '"org:${subject.org.id}/*"' }),
    request: { subject: { org: "acme" }, resource: "org:acme/doc" },
    expect: erred,
  },
  {
    it: "a keyword is a member of an interpolated path, as after `.` in a path (§3 member)",
    source: policy("p", { resource: '"h/${subject.user}/${subject.org.role}"' }),
    request: { subject: { user: "x", org: { role: "y" } }, resource: "h/x/y" },
    expect: allow,
  },
  {
    it: "a keyword member of an interpolation in a `matches` glob",
    source: policy("p", { when: 'env.path matches "/${subject.group}/*"' }),
    request: { subject: { group: "ops" }, env: { path: "/ops/a" } },
    expect: allow,
  },
  {
    it: "several interpolations in one pattern",
    source: policy("p", { resource: '"${subject.org.id}:${subject.id}"' }),
    request: { subject: { id: "alice", org: { id: "acme" } }, resource: "acme:alice" },
    expect: allow,
  },
  {
    it: "interpolation mixed with literal characters around it",
    source: policy("p", { resource: '"a${subject.id}c"' }),
    request: { subject: { id: "?" }, resource: "abc" },
    expect: none,
  },
  {
    it: "interpolation written with a JSON escape for `$` is still an interpolation",
    source: policy("p", { resource: '"file:/home/\\u0024{subject.id}/**"' }),
    request: { subject: { id: "alice" }, resource: "file:/home/alice/x" },
    expect: allow,
  },
  {
    it: "an interpolation is not read from the prototype",
    source: policy("p", { resource: '"x:${subject.constructor}"' }),
    request: { subject: {}, resource: "x:function Object() { [native code] }" },
    expect: erred,
  },
  {
    it: "an erring `matches` makes a deny apply",
    source: policy("p", { effect: "deny", when: 'env.path matches "/home/${subject.id}/**"' }),
    request: { subject: { id: "a/b" }, env: { path: "/home/a/b/x" } },
    expect: { effect: "deny", policy: "p", errors: true },
  },
  {
    it: "`matches` errs through the interpolation only when reached (short-circuit)",
    source: policy("p", { when: 'false and env.path matches "/home/${subject.id}/**"', effect: "deny" }),
    request: { subject: {}, env: { path: "/home/a/x" } },
    expect: none,
  },
  {
    it: "`$` elsewhere in a pattern is an ordinary character",
    source: policy("p", { resource: '"cost:$5", "a$b{c,d}"' }),
    request: { resource: "cost:$5" },
    expect: allow,
  },
  {
    it: "a user name that looks like an interpolation is literal",
    source: policy("p", { subject: 'user "${subject.id}"' }),
    request: { subject: { id: "alice" } },
    expect: none,
  },
];

/** [pattern, subject id, resource, expected] where the pattern text has its own braces, classes or escapes. */
const mixed: readonly (readonly [string, string, string, Expected])[] = [
  ["file:{/home,/users}/${subject.id}/*", "a,b", "file:/home/a,b/x", allow],
  ["file:{/home,/users}/${subject.id}/*", "a,b", "file:/users/a,b/x", allow],
  ["file:{/home,/users}/${subject.id}/*", "a,b", "file:/home/a/x", none],
  ["file:{/home,/users}/${subject.id}/*", "a,b", "file:/home/b/x", none],
  ["file:{/home,/users}/${subject.id}/*", "{x,y}", "file:/users/{x,y}/z", allow],
  ["file:{/home,/users}/${subject.id}/*", "{x,y}", "file:/users/x/z", none],
  ["file:{/home,/users}/${subject.id}/*", "}", "file:/home/}/x", allow],
  ["file:{/home,/users}/${subject.id}/*", "{", "file:/home/{/x", allow],
  ["file:{/home,/users}/${subject.id}/*", "a\\,b", "file:/home/a\\,b/x", allow],
  ["file:{/home,/users}/${subject.id}/*", "a\\,b", "file:/home/a,b/x", none],
  ["file:{/home,/users}/${subject.id}/*", "\\", "file:/home/\\/x", allow],
  ["file:{/home,/users}/${subject.id}/*", "*", "file:/users/*/q", allow],
  ["file:{/home,/users}/${subject.id}/*", "*", "file:/users/zz/q", none],
  ["file:{/home,/users}/${subject.id}/*", "{1..3}", "file:/home/2/x", none],
  ["file:{/home,/users}/${subject.id}/*", "{1..3}", "file:/home/{1..3}/x", allow],
  ["{${subject.id},admin}:x", "a,b", "a,b:x", allow],
  ["{${subject.id},admin}:x", "a,b", "a:x", none],
  ["{${subject.id},admin}:x", "a,b", "admin:x", allow],
  ["{${subject.id},admin}:x", "}", "}:x", allow],
  ["{${subject.id},admin}:x", "{c,d}", "{c,d}:x", allow],
  ["{${subject.id},admin}:x", "{c,d}", "c:x", none],
  ["{${subject.id},admin}:x", "*", "zz:x", none],
  ["[ab]${subject.id}", "]", "a]", allow],
  ["[ab]${subject.id}", "]", "a", none],
  ["${subject.id}*", "a\\", "a\\zzz", allow],
  ["${subject.id}*", "a\\", "azzz", none],
  ["${subject.id}*", "a\\", "a*", none],
  ["${subject.id}\\*", "a", "a*", allow],
  ["${subject.id}\\*", "a", "ab", none],
  ["x/${subject.id}/**", "**", "x/**/y/z", allow],
  ["x/${subject.id}/**", "**", "x/a/y/z", none],
  ["x-${subject.id}-{a,b}", "[a]", "x-[a]-b", allow],
  ["x-${subject.id}-{a,b}", "[a]", "x-a-b", none],
  ["x-${subject.id}", "!y", "x-!y", allow],
  ["${subject.id}", "!y", "z", none],
  ["${subject.id}", "#c", "#c", allow],
  ["${subject.id}", "+(a|b)", "a", none],
  ["${subject.id}", "+(a|b)", "+(a|b)", allow],
];

const mixedCases: Case[] = mixed.map(([pattern, id, resource, expected]) => ({
  it: `${JSON.stringify(pattern)} with id ${JSON.stringify(id)} vs ${JSON.stringify(resource)}`,
  source: policy("p", { resource: JSON.stringify(pattern) }),
  request: { subject: { id }, resource },
  expect: expected,
}));

describe("spec §4.3 interpolation inside braces, classes and escapes of the pattern", () => {
  runCases(mixedCases);
  runCases(
    mixed.map(([pattern, id, resource, expected]) => ({
      it: `matches ${JSON.stringify(pattern)} with id ${JSON.stringify(id)} vs ${JSON.stringify(resource)}`,
      source: policy("p", { when: `env.s matches ${JSON.stringify(pattern)}` }),
      request: { subject: { id }, env: { s: resource } },
      expect: expected,
    })),
  );
});

describe("spec §4.3 interpolation in resource patterns", () => {
  runCases(resourceCases);
});
describe("spec §4.3 interpolation in matches", () => {
  runCases(matchesCases);
});
describe("spec §4.3 interpolation, other cases", () => {
  runCases(otherCases);
});
