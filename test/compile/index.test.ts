import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/compile/compiled-policy.js";
import { MAX_CLASSES, PolicyIndex } from "../../src/compile/policy-index.js";
import { SubjectSlots } from "../../src/compile/slots.js";
import { ReadPart, subjectReads } from "../../src/compile/subject-reads.js";
import { compile } from "../../src/engine.js";

function policies(text: string) {
  return compile(text).policySet.policies;
}

const SET = `
policy exact { allow subject role a action "call" resource "tool:files/read" }
policy prefix { allow subject role b action "call", "list" resource "tool:files/*" }
policy loose { allow subject group g action "*" resource "tool:*" }
policy anyone { allow subject * action * resource * }
policy mine { allow subject user u action "call" resource "home:\${subject.id}/x" }
`;

function compiledIndex(text: string) {
  const set = compile(text).policySet;
  const ordered = [...set.policies];
  const slots = new SubjectSlots();
  const compiled = ordered.map((policy, rank) => compilePolicy(policy, rank, slots));
  return { index: new PolicyIndex(ordered, compiled), names: ordered.map((p) => p.name.value) };
}

describe("the policy index", () => {
  const { index, names } = compiledIndex(SET);
  const matched = (id: string) => (index.classOf(id).cls.matched ?? []).map((rank) => names[rank]);

  it("puts policies in buckets by subject target", () => {
    expect([...index.buckets.keys()].sort()).toEqual(["*", "G*", "R*", "U*", "g:g", "r:a", "r:b", "u:u"].sort());
  });

  it("indexes literal actions, with their trailing-slash forms", () => {
    expect([...index.actions.keys()].sort()).toEqual(["call", "call/", "list", "list/"]);
    expect(index.buckets.get("g:g")?.byAction.size).toBe(0);
  });

  it("classes a resource id by the id-decided policies that match it, as minimatch does", () => {
    expect(matched("tool:files/read")).toEqual(["exact", "prefix"]);
    expect(matched("tool:files/read/")).toEqual(["exact", "prefix"]);
    expect(matched("tool:files/write")).toEqual(["prefix"]);
    expect(matched("tool:x")).toEqual(["loose"]);
    expect(matched("tool:files/a/b")).toEqual([]);
    expect(matched("tool:files/..")).toEqual([]);
    expect(matched("tool:git/x")).toEqual([]);
    expect(matched("home:u/x")).toEqual([]);
  });

  it("follows minimatch where an escaped `|` becomes a regex alternation (no shared prefix)", async () => {
    const { minimatch } = await import("minimatch");
    const { GLOB_OPTIONS } = await import("../../src/model/glob.js");
    // `a\|b*` is /^a|b[^/]*?$/ in minimatch: "bd" and "ab" match, though they do not start with "a\".
    const engine = compile(String.raw`policy p { allow subject * action * resource "a\\|b*", "x\\|" }`);
    for (const id of ["bd", "ab", "a", "a|bd", "zzz", "x|", "x"]) {
      const want = minimatch(id, "a\\|b*", GLOB_OPTIONS) || minimatch(id, "x\\|", GLOB_OPTIONS);
      expect(engine.evaluate({}, id, "read").allowed, id).toBe(want);
    }
    expect(engine.evaluate({}, "bd", "read").allowed).toBe(true);
  });

  it("shares one class between ids that match the same policies", () => {
    expect(index.classOf("tool:files/write").cls).toBe(index.classOf("tool:files/delete").cls);
    expect(index.classOf("tool:files/write").cls).not.toBe(index.classOf("tool:files/read").cls);
    expect(index.classOf("tool:git/x").cls).toBe(index.classOf("tool:files/a/b").cls);
  });

  it("classifies very long ids on every request instead of remembering them", () => {
    const long = `tool:files/${"x".repeat(5000)}`;
    expect(index.classOf(long)).not.toBe(index.classOf(long));
    expect(index.classOf(long).cls).toBe(index.classOf("tool:files/write").cls);
    const engine = compile(SET);
    expect(engine.evaluate({ roles: ["b"] }, long, "call").policy).toBe("prefix");
  });

  it("keeps `resource *` and interpolated patterns where every id finds them", () => {
    const mine = index.buckets.get("u:u")?.byAction.get("call");
    expect(mine?.always).toHaveLength(1);
    expect(mine?.known.size).toBe(0);
    const anyone = index.buckets.get("*")?.otherAction;
    expect(anyone?.always).toHaveLength(1);
    const loose = index.buckets.get("g:g")?.otherAction;
    expect(loose?.known.size).toBe(1);
  });

  it("puts ids past the class bound into the overflow class, whose targets are all re-evaluated", () => {
    const many = Array.from(
      { length: MAX_CLASSES + 2 },
      (_, i) => `policy p${i} { allow subject * action "call" resource "r:${i}" }`,
    ).join("\n");
    const { index: big } = compiledIndex(many);
    for (let i = 0; i < MAX_CLASSES; i++) big.classOf(`r:${i}`);
    expect(big.classOf(`r:${MAX_CLASSES + 1}`).cls).toBe(big.overflow);
    const engine = compile(many);
    for (let i = 0; i < MAX_CLASSES + 2; i++) {
      expect(engine.evaluate({ id: "u" }, `r:${i}`, "call").policy).toBe(`p${i}`);
    }
    expect(engine.evaluate({ id: "u" }, `r:${MAX_CLASSES + 1}`, "call").policy).toBe(`p${MAX_CLASSES + 1}`);
    expect(engine.evaluate({ id: "u" }, "r:none", "call").effect).toBe("notapplicable");
  });
});

describe("subject reads", () => {
  const reads = subjectReads(
    policies(`
policy p { allow subject role r action * resource * when subject.org.tier == "gold" and subject.level > 2 }
`),
  );

  it("keys by the content of what the set reads, and nothing else", () => {
    const a = reads.key({ id: "a", roles: ["r"], org: { tier: "gold", name: "x" }, level: 3 });
    const b = reads.key({ id: "b", roles: ["r"], org: { tier: "gold", name: "y" }, level: 3, other: 1 });
    expect(a).not.toBeNull();
    expect(a).toBe(b);
    expect(reads.key({ roles: [], org: { tier: "gold" }, level: 3 })).not.toBe(a);
    expect(reads.key({ roles: ["r"], org: { tier: "silver" }, level: 3 })).not.toBe(a);
    expect(reads.key({ roles: ["r"], org: { tier: "gold" }, level: "3" })).not.toBe(a);
    expect(reads.key({ roles: ["r"], org: { tier: "gold" } })).not.toBe(a);
  });

  it("encodes injectively: separators inside strings cannot collide", () => {
    expect(reads.key({ roles: ["a", "b"] })).not.toBe(reads.key({ roles: ["as1:b"] }));
    expect(reads.key({ roles: ["a,b"] })).not.toBe(reads.key({ roles: ["a", "b"] }));
  });

  it("refuses to key a subject nested too deep or too big", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = { tier: deep };
    const wide = reads.key({ roles: Array.from({ length: 10_000 }, (_, i) => `role-${i}`) });
    expect(wide).toBeNull();
    expect(reads.key({ roles: ["r"], org: deep })).toBeNull();
  });

  it("snapshots deeply, so later mutations are not seen", () => {
    const subject = { roles: ["r"], org: { tier: "gold" }, level: 3 };
    const snapshot = reads.snapshot(subject);
    subject.roles.push("s");
    subject.org.tier = "lead";
    expect(snapshot.roles).toEqual(["r"]);
    expect((snapshot.org as { tier: string }).tier).toBe("gold");
    expect(Object.getPrototypeOf(snapshot)).toBeNull();
  });

  it("checks a known object against its snapshot cheaply when reads are top-level", () => {
    const flat = subjectReads(policies(`policy p { allow subject role r action * resource * when subject.level > 2 }`));
    const subject = { roles: ["r"], level: 3 };
    const values = flat.flat?.(flat.snapshot(subject)) ?? [];
    expect(flat.unchanged?.(subject, values, ReadPart.All)).toBe(true);
    subject.roles[0] = "s";
    expect(flat.unchanged?.(subject, values, ReadPart.All)).toBe(false);
    subject.roles[0] = "r";
    subject.level = 4;
    expect(flat.unchanged?.(subject, values, ReadPart.All)).toBe(false);
    subject.level = 3;
    Object.defineProperty(subject, "level", { get: () => 3 });
    expect(flat.unchanged?.(subject, values, ReadPart.All)).toBe(false);
  });

  it("checks the target fields and the rest of a known object separately", () => {
    const flat = subjectReads(policies(`policy p { allow subject role r action * resource * when subject.level > 2 }`));
    const subject = { roles: ["r"], level: 3 };
    const values = flat.flat?.(flat.snapshot(subject)) ?? [];
    subject.level = 4;
    expect(flat.unchanged?.(subject, values, ReadPart.Targets)).toBe(true);
    expect(flat.unchanged?.(subject, values, ReadPart.Rest)).toBe(false);
    subject.level = 3;
    subject.roles.push("s");
    expect(flat.unchanged?.(subject, values, ReadPart.Targets)).toBe(false);
    expect(flat.unchanged?.(subject, values, ReadPart.Rest)).toBe(true);
  });

  it("never takes a role element that became a getter for the snapshot's value", () => {
    const flat = subjectReads(policies(`policy p { allow subject role r action * resource * }`));
    const subject = { roles: ["r"] };
    const values = flat.flat?.(flat.snapshot(subject)) ?? [];
    let called = false;
    Object.defineProperty(subject.roles, 0, {
      get: () => {
        called = true;
        return "r";
      },
    });
    expect(flat.unchanged?.(subject, values, ReadPart.All)).toBe(false);
    const roles: string[] = [];
    Object.defineProperty(roles, 0, { get: () => "r", enumerable: true });
    expect(flat.key({ roles })).not.toBe(flat.key({ roles: ["r"] }));
    expect(called).toBe(false);
  });
});
