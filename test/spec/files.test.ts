/**
 * Spec §1 Files and policy sets: directories load every `*.mcpolicy` below them in
 * sorted relative-path order (code units, `/`-joined) — the set order — and a file
 * reached twice through links loads once. Lists keep the order given.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PolicyError } from "../../src/errors.js";
import { policy } from "./systems.js";

let root: string;

async function put(path: string, text: string): Promise<string> {
  const full = join(root, path);
  await mkdir(join(full, ".."), { recursive: true });
  await writeFile(full, text);
  return full;
}

async function load(paths: string | string[]) {
  const { loadPolicies } = await import("../../src/engine.js");
  return loadPolicies(paths);
}

const request = [{ id: "alice" }, "tool:x", "tools/call", {}] as const;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "mcpolicy-spec-files-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("spec §1 loading directories", () => {
  it("orders files by their relative path compared by code units, not per directory", async () => {
    // `a-b/x` < `a.mcpolicy` < `a/z` because '-' < '.' < '/'; `B` < `a` because upper case sorts first.
    await put("order/a/z.mcpolicy", policy("from-a-slash-z"));
    await put("order/a.mcpolicy", policy("from-a-dot"));
    await put("order/a-b/x.mcpolicy", policy("from-a-dash-b"));
    await put("order/b.mcpolicy", policy("from-b"));
    const engine = await load(join(root, "order"));
    expect(engine.evaluate(...request).policy).toBe("from-a-dash-b");
    expect(engine.policySet.policies.map((p) => p.name.value)).toEqual(["from-a-dash-b", "from-a-dot", "from-a-slash-z", "from-b"]);
  });

  it("sorts upper case before lower case", async () => {
    await put("case/a.mcpolicy", policy("lower"));
    await put("case/B.mcpolicy", policy("upper"));
    const engine = await load(join(root, "case"));
    expect(engine.evaluate(...request).policy).toBe("upper");
  });

  it("loads nested directories and only files ending in .mcpolicy", async () => {
    await put("nested/one/two/three/deep.mcpolicy", policy("deep", { effect: "deny" }));
    await put("nested/readme.txt", "this is not a policy {");
    await put("nested/x.mcpolicy.bak", "neither {");
    await put("nested/mcpolicy", "nor {");
    const engine = await load(join(root, "nested"));
    expect(engine.evaluate(...request)).toMatchObject({ effect: "deny", policy: "deep" });
  });

  it("loads a file reached twice through a link once (no duplicate-name error)", async () => {
    const target = await put("links/real/p.mcpolicy", policy("only-once"));
    await symlink(target, join(root, "links/alias.mcpolicy"));
    await symlink(join(root, "links/real"), join(root, "links/dir-alias"));
    const engine = await load(join(root, "links"));
    expect(engine.policySet.policies.map((p) => p.name.value)).toEqual(["only-once"]);
    expect(engine.evaluate(...request).policy).toBe("only-once");
  });

  it("does not hang on a link cycle", async () => {
    await put("cycle/inner/p.mcpolicy", policy("in-cycle"));
    await symlink(join(root, "cycle"), join(root, "cycle/inner/back"));
    const engine = await load(join(root, "cycle"));
    expect(engine.policySet.policies.map((p) => p.name.value)).toEqual(["in-cycle"]);
  });

  it("keeps the order of paths given as a list", async () => {
    const z = await put("list/z.mcpolicy", policy("from-z"));
    const a = await put("list/a.mcpolicy", policy("from-a"));
    expect((await load([z, a])).evaluate(...request).policy).toBe("from-z");
    expect((await load([a, z])).evaluate(...request).policy).toBe("from-a");
  });

  it("applies role declarations from other files", async () => {
    await put("roles/policies.mcpolicy", policy("viewers", { subject: "role viewer" }));
    await put("roles/roles/roles.mcpolicy", "role editor includes viewer\n");
    const engine = await load(join(root, "roles"));
    expect(engine.evaluate({ roles: ["editor"] }, "tool:x", "tools/call").policy).toBe("viewers");
  });

  it("decodes files as UTF-8, ignoring a leading BOM", async () => {
    await put("utf8/p.mcpolicy", `\ufeff${policy("café ✓")}`);
    const engine = await load(join(root, "utf8"));
    expect(engine.evaluate(...request).policy).toBe("café ✓");
  });
});

describe("spec §1/§6 loading errors reject with PolicyError", () => {
  it("rejects an empty list of paths, but compiles an empty list of sources to the empty set (every request denied)", async () => {
    await expect(load([])).rejects.toBeInstanceOf(PolicyError);
    const { compile } = await import("../../src/engine.js");
    const empty = compile([]);
    expect(empty.evaluate(...request)).toEqual({ allowed: false, effect: "notapplicable", policy: null, errors: [] });
  });

  it("rejects a missing path", async () => {
    await expect(load(join(root, "does-not-exist"))).rejects.toBeInstanceOf(PolicyError);
  });

  it("rejects a dangling link given as a path", async () => {
    await symlink(join(root, "nowhere.mcpolicy"), join(root, "dangling.mcpolicy"));
    await expect(load(join(root, "dangling.mcpolicy"))).rejects.toBeInstanceOf(PolicyError);
  });

  it("rejects a directory holding a file with errors, naming the file", async () => {
    await put("broken/good.mcpolicy", policy("ok"));
    await put("broken/sub/bad.mcpolicy", "policy p {");
    const error = await load(join(root, "broken")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    const sources = (error as PolicyError).diagnostics.map((d) => d.source ?? "");
    expect(sources.some((s) => s.endsWith("bad.mcpolicy"))).toBe(true);
  });

  it("rejects duplicate names across files in a directory, naming both files", async () => {
    await put("dupes/a.mcpolicy", policy("same"));
    await put("dupes/b.mcpolicy", policy("same"));
    const error = await load(join(root, "dupes")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    const text = JSON.stringify((error as PolicyError).diagnostics);
    expect(text).toContain("a.mcpolicy");
    expect(text).toContain("b.mcpolicy");
  });

  it("rejects a file larger than 8 MiB", async () => {
    await put("large/big.mcpolicy", `${policy("p")}#${"x".repeat(8 * 1024 * 1024)}\n`);
    await expect(load(join(root, "large"))).rejects.toBeInstanceOf(PolicyError);
  });

  it("rejects non-string paths", async () => {
    await expect(load(42 as never)).rejects.toBeInstanceOf(PolicyError);
    await expect(load([null] as never)).rejects.toBeInstanceOf(PolicyError);
  });
});
