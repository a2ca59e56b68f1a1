import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

const POLICY = `policy p {
  allow
  subject role viewer
  action "tools/call"
  resource "tool:read_file"
  when env.hour < 18 and env.arguments.path matches "/home/\${subject.id}/**"
  when env has ticket and env.ticket == "T-1"
}
`;

async function dirWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-init-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return root;
}

describe("mcpolicy init", () => {
  it("writes a starter schema typed by how the policies use each attribute", async () => {
    const root = await dirWith({ "a.mcpolicy": POLICY });
    const io = fakeIO();
    expect(await main(["init", root], io)).toBe(0);
    expect(io.stdout()).toContain(`wrote ${join(root, "schema.json")}`);
    const schema = JSON.parse(await readFile(join(root, "schema.json"), "utf8"));
    expect(schema.env.properties.hour).toEqual({ type: "number" });
    // guarded by `has`: optional
    expect(schema.env.required).toEqual(["hour"]);
    expect(schema.env.properties.ticket).toEqual({ type: "string" });
    expect(schema.subject.properties.id).toEqual({ type: "string" });
    expect(schema.subject.properties.roles).toEqual({ type: "array", items: { type: "string" } });
    expect(schema.actions).toEqual(["tools/call"]);
    // tool arguments belong to the tool (and action) that reads them
    expect(schema.resources).toEqual([
      { id: "tool:read_file", arguments: { "tools/call": { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } },
    ]);
  });

  it("writes a schema under which the policies type-check cleanly", async () => {
    const root = await dirWith({ "a.mcpolicy": POLICY });
    expect(await main(["init", root], fakeIO())).toBe(0);
    const io = fakeIO();
    expect(await main(["check", "--schema", join(root, "schema.json"), root], io)).toBe(0);
    expect(io.stderr()).toBe("");
  });

  it("infers a schema for the example policies that checks and lints cleanly", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "mcpolicy-init-")), "schema.json");
    expect(await main(["init", "policies", "--output", out], fakeIO())).toBe(0);
    const check = fakeIO();
    expect(await main(["check", "--schema", out, "policies"], check)).toBe(0);
    expect(check.stderr()).toBe("");
    expect(await main(["lint", "--strict", "--schema", out, "policies"], fakeIO())).toBe(0);
  });

  it("does not overwrite an existing file without --force", async () => {
    const root = await dirWith({ "a.mcpolicy": POLICY, "schema.json": "{}" });
    const io = fakeIO();
    expect(await main(["init", root], io)).toBe(1);
    expect(io.stderr()).toContain("exists; pass --force to overwrite it");
    expect(await readFile(join(root, "schema.json"), "utf8")).toBe("{}");
    expect(await main(["init", "--force", root], fakeIO())).toBe(0);
    expect(await readFile(join(root, "schema.json"), "utf8")).not.toBe("{}");
  });

  it("reports a link it cannot follow together with the errors of the files it read, writes nothing, and exits 2", async () => {
    const { symlink } = await import("node:fs/promises");
    const root = await dirWith({ "bad.mcpolicy": "policy q { alow }\n" });
    await symlink(join(root, "moved.mcpolicy"), join(root, "deny.mcpolicy"));
    const io = fakeIO();
    expect(await main(["init", root], io)).toBe(2);
    expect(io.stderr()).toContain(`${join(root, "deny.mcpolicy")}:1:1: cannot follow this entry`);
    expect(io.stderr()).toContain(`${join(root, "bad.mcpolicy")}:1:12: expected a clause`);
    await expect(readFile(join(root, "schema.json"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("writes the schema to stdout for `--output -`, and nothing else there (no file named `-`)", async () => {
    const root = await dirWith({ "a.mcpolicy": POLICY });
    const io = fakeIO({ cwd: root });
    expect(await main(["init", join(root, "a.mcpolicy"), "--output", "-"], io)).toBe(0);
    expect(JSON.parse(io.stdout()).actions).toEqual(["tools/call"]);
    expect(io.stderr()).toBe("");
    await expect(readFile(join(root, "-"), "utf8")).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(process.cwd(), "-"), "utf8")).rejects.toThrow(/ENOENT/);
    // Even beside an existing schema.json: `-` overwrites nothing.
    await writeFile(join(root, "schema.json"), "{}");
    expect(await main(["init", root, "--output", "-"], fakeIO())).toBe(0);
    expect(await readFile(join(root, "schema.json"), "utf8")).toBe("{}");
  });

  it("says what a write failure means: no such directory (exit 2)", async () => {
    const root = await dirWith({ "a.mcpolicy": POLICY });
    const target = join(root, "no-such-dir", "schema.json");
    const io = fakeIO();
    expect(await main(["init", root, "--output", target], io)).toBe(2);
    expect(io.stderr()).toBe(`mcpolicy init: cannot write \`${target}\`: no such directory \`${join(root, "no-such-dir")}\` (ENOENT)\n`);
  });

  it("reports usage errors with exit 2", async () => {
    expect(await main(["init"], fakeIO())).toBe(2);
    expect(await main(["init", "a", "b"], fakeIO())).toBe(2);
  });
});
