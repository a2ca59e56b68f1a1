import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, createEngine, ENGINE_CODES, loadPolicies } from "../../src/engine.js";
import { PolicyError } from "../../src/errors.js";
import { parse } from "../../src/syntax/parse.js";

const ADMIN = `
policy admins {
  allow
  subject role admin
  action *
  resource *
}
`;

const READERS = `
role editor includes viewer
policy readers {
  allow
  subject role viewer
  action "tools/call"
  resource "tool:read_*"
}
`;

function policyError(run: () => unknown): PolicyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error("expected a PolicyError");
}

describe("compile", () => {
  it("compiles a single source string", () => {
    const engine = compile(ADMIN);
    expect(engine.isAllowed({ roles: ["admin"] }, "tool:anything", "tools/call")).toBe(true);
    expect(engine.policySet.policies.map((p) => p.name.value)).toEqual(["admins"]);
  });

  it("compiles a list of named sources in the order given", () => {
    const engine = compile([
      { name: "a.mcpolicy", text: ADMIN },
      { name: "b.mcpolicy", text: READERS },
    ]);
    expect(engine.policySet.policies.map((p) => p.name.value)).toEqual(["admins", "readers"]);
    expect(engine.isAllowed({ roles: ["editor"] }, "tool:read_file", "tools/call")).toBe(true);
  });

  it("compiles the JSON AST form, alone or in a list", () => {
    const ast = JSON.parse(JSON.stringify(parse(READERS, "r.mcpolicy").ast));
    expect(compile(ast).isAllowed({ roles: ["viewer"] }, "tool:read_x", "tools/call")).toBe(true);
    const engine = compile([ast, { name: "a.mcpolicy", text: ADMIN }]);
    expect(engine.policySet.policies).toHaveLength(2);
  });

  it("rejects a non-string source with a diagnostic", () => {
    for (const bad of [42, null, undefined, { text: "x" }, true]) {
      // Untyped callers (JavaScript, JSON) can pass anything: the types forbid it.
      const error = policyError(() => compile(bad as never));
      expect(error.diagnostics.length).toBeGreaterThan(0);
      expect(error.diagnostics[0]?.code).toBe(ENGINE_CODES.badSource);
    }
  });

  it("rejects every bad element of a source list, naming its index", () => {
    const error = policyError(() => compile([{ name: "ok", text: ADMIN }, 7, { name: 1, text: "" }] as never));
    const codes = error.diagnostics.filter((d) => d.code === ENGINE_CODES.badSourceElement);
    expect(codes.map((d) => d.message)).toEqual([expect.stringContaining("source 1"), expect.stringContaining("source 2")]);
  });

  it("reports every syntax error of every source", () => {
    const error = policyError(() =>
      compile([
        { name: "a.mcpolicy", text: "policy a { allow" },
        { name: "b.mcpolicy", text: "policy b { allow subject * action * }" },
      ]),
    );
    const sources = new Set(error.diagnostics.map((d) => d.source));
    expect(sources).toEqual(new Set(["a.mcpolicy", "b.mcpolicy"]));
    for (const d of error.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
  });

  it("reports cross-source errors such as a duplicate policy name", () => {
    const error = policyError(() =>
      compile([
        { name: "a.mcpolicy", text: ADMIN },
        { name: "b.mcpolicy", text: ADMIN },
      ]),
    );
    expect(error.diagnostics.some((d) => /admins/.test(d.message))).toBe(true);
  });

  it("rejects a bad maxSubjects option", () => {
    for (const maxSubjects of [-1, 1.5, Number.NaN]) {
      const error = policyError(() => compile(ADMIN, { maxSubjects }));
      expect(error.diagnostics[0]?.code).toBe(ENGINE_CODES.badOption);
    }
  });

  it("rejects validateRequests without a schema", () => {
    const error = policyError(() => compile(ADMIN, { validateRequests: true }));
    expect(error.diagnostics[0]?.message).toContain("validateRequests");
  });

  it("creates an engine from a checked policy set", () => {
    const engine = compile(READERS);
    const again = createEngine(engine.policySet, { maxSubjects: 0 });
    expect(again.isAllowed({ roles: ["editor"] }, "tool:read_x", "tools/call")).toBe(true);
  });

  it("rejects an unknown option with a suggestion, and a validateRequests that is not a boolean", () => {
    const typo = policyError(() => compile(ADMIN, { maxSubject: 10 } as never));
    expect(typo.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [ENGINE_CODES.badOption, "unknown option `maxSubject`; did you mean `maxSubjects`?"],
    ]);
    const flag = policyError(() => compile(ADMIN, { validateRequests: "yes" } as never));
    expect(flag.diagnostics[0]?.message).toBe("`validateRequests` must be a boolean, got string");
  });

  it("checks again a policy set that checkPolicySet did not make: no hand-built set skips the static rules", () => {
    const set = compile("role a includes b\nrole b\npolicy p { allow subject role b action * resource * }").policySet;
    const [file] = set.sources;
    if (file === undefined) throw new Error("no source");
    // An `includes` cycle the rules never saw, smuggled in through a hand-built set.
    const cyclic = {
      ...file,
      declarations: file.declarations.map((d) =>
        d.kind === "RoleDecl" && d.name.value === "b" ? { ...d, includes: [{ ...d.name, value: "a" }] } : d,
      ),
    };
    const cycle = policyError(() => createEngine({ ...set, sources: [cyclic] }));
    expect(cycle.diagnostics[0]?.message).toMatch(/^role `b` includes itself/);
    expect(policyError(() => createEngine(5 as never)).diagnostics[0]?.message).toMatch(/expects a PolicySet/);
    expect(policyError(() => createEngine({ sources: [{}] } as never)).diagnostics[0]?.code).toBe("E0601");
    // A copy of a good set is checked again and accepted.
    const copy = createEngine({ ...set });
    expect(copy.isAllowed({ roles: ["a"] }, "r", "x")).toBe(true);
  });
});

describe("loadPolicies", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mcpolicy-engine-"));
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "b.mcpolicy"), READERS);
    await writeFile(join(dir, "sub", "a.mcpolicy"), ADMIN);
    await writeFile(join(dir, "notes.txt"), "not a policy");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads every *.mcpolicy below a directory, in sorted path order", async () => {
    const engine = await loadPolicies(dir);
    expect(engine.policySet.policies.map((p) => p.name.value)).toEqual(["readers", "admins"]);
    expect(engine.isAllowed({ roles: ["admin"] }, "x", "y")).toBe(true);
  });

  it("rejects a missing path with PolicyError", async () => {
    await expect(loadPolicies(join(dir, "missing"))).rejects.toBeInstanceOf(PolicyError);
  });

  it("rejects a policy error in a file with its position", async () => {
    const bad = join(dir, "bad");
    await mkdir(bad);
    await writeFile(join(bad, "x.mcpolicy"), "policy x {\n  allow\n  subject *\n}\n");
    const error = await loadPolicies(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).diagnostics[0]?.source).toContain("x.mcpolicy");
  });

  it("rejects a non-path argument", async () => {
    await expect(loadPolicies(42 as unknown as string)).rejects.toBeInstanceOf(PolicyError);
  });
});

describe("attribute schemas", () => {
  const schema = {
    subject: {
      type: "object",
      properties: { id: { type: "string" }, roles: { type: "array", items: { type: "string" } } },
      required: ["id"],
    },
  };

  it("validates requests against the schema when asked, denying invalid ones", () => {
    const engine = compile(ADMIN, { schema, validateRequests: true });
    expect(engine.isAllowed({ id: "ann", roles: ["admin"] }, "r", "a")).toBe(true);
    const d = engine.evaluate({ roles: ["admin"] }, "r", "a");
    expect(d).toMatchObject({ allowed: false, effect: "deny", policy: null });
    expect(d.errors.length).toBeGreaterThan(0);
    expect(engine.forSubject({ roles: ["admin"] })("r", "a").allowed).toBe(false);
  });

  it("never refuses a resource's id, undeclared in a closed resource schema (directly or through $ref)", () => {
    const closed = { type: "object", properties: { owner: { type: "string" } }, required: ["owner"], additionalProperties: false };
    const policy = 'policy p { allow subject * action "read" resource "doc:*" when resource.owner == subject.id }';
    for (const resources of [[{ pattern: "doc:*", schema: closed }], [{ pattern: "doc:*", schema: { $ref: "#/$defs/doc" } }]]) {
      const engine = compile(policy, { schema: { version: 1, $defs: { doc: closed }, actions: ["read"], resources }, validateRequests: true });
      expect(engine.evaluate({ id: "alice" }, { id: "doc:1", owner: "alice" }, "read").allowed).toBe(true);
      // Everything else the schema says still holds.
      expect(engine.evaluate({ id: "alice" }, { id: "doc:1", owner: "alice", extra: 1 }, "read").errors).toEqual([
        { policy: null, message: "unexpected attribute resource.extra" },
      ]);
      expect(engine.evaluate({ id: "alice" }, { id: "doc:1" }, "read").errors).toEqual([
        { policy: null, message: "missing attribute resource.owner" },
      ]);
    }
  });

  it("rejects an invalid schema document with PolicyError", () => {
    policyError(() => compile(ADMIN, { schema: { subject: 42 } }));
  });
});
