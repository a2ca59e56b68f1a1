import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function dirWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-lint-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return root;
}

const SHADOWED = `policy grant {
  allow
  subject role viewer
  action "tools/call"
  resource "tool:read_file"
}
policy block {
  deny
  subject *
  action "tools/call"
  resource "tool:*"
}
`;

describe("mcpolicy lint", () => {
  it("finds a hidden character in a comment of a file (W0809 reads the source texts)", async () => {
    const root = await dirWith({ "a.mcpolicy": `${SHADOWED}# done\u2028policy "deny-all" { deny subject * action * resource * }\n` });
    const io = fakeIO();
    expect(await main(["lint", "--format", "json", root], io)).toBe(0);
    const findings = JSON.parse(io.stdout()).findings as { code: string; line: number; column: number; message: string }[];
    expect(findings.filter((f) => f.code === "W0809")).toMatchObject([
      { line: 13, column: 7, message: "a comment holds an invisible or bidirectional-control character (U+2028)" },
    ]);
  });

  it("is silent and exits 0 on the example policies", async () => {
    const io = fakeIO();
    expect(await main(["lint", "--schema", "policies/schema.json", "policies"], io)).toBe(0);
    expect(io.stdout()).toBe("");
    expect(io.stderr()).toBe("");
  });

  it("prints warnings with position, code, rule and reason, and exits 0 for warnings only", async () => {
    const root = await dirWith({ "a.mcpolicy": SHADOWED });
    const io = fakeIO();
    expect(await main(["lint", root], io)).toBe(0);
    expect(io.stdout()).toContain(`${join(root, "a.mcpolicy")}:1:8: warning: policy \`grant\` can never be decisive`);
    expect(io.stdout()).toContain("[W0801 shadowed-policy]");
    expect(io.stdout()).toContain("! 0 errors, 1 warning in 2 policies");
  });

  it("exits 1 on warnings with --strict", async () => {
    const root = await dirWith({ "a.mcpolicy": SHADOWED });
    expect(await main(["lint", "--strict", root], fakeIO())).toBe(1);
  });

  it("exits 1 on an error-level finding", async () => {
    const root = await dirWith({ "a.mcpolicy": 'policy p { allow subject * action "x" resource "y" when "a" < 1 }\n' });
    const io = fakeIO();
    expect(await main(["lint", root], io)).toBe(1);
    expect(io.stdout()).toContain("E0804");
  });

  it("prints findings as JSON with --format json", async () => {
    const root = await dirWith({ "a.mcpolicy": SHADOWED });
    const io = fakeIO();
    expect(await main(["lint", "--format", "json", root], io)).toBe(0);
    const out = JSON.parse(io.stdout());
    expect(out.ok).toBe(true);
    expect(out.findings).toEqual([
      expect.objectContaining({ code: "W0801", rule: "shadowed-policy", severity: "warning", line: 1, column: 8, source: join(root, "a.mcpolicy") }),
    ]);
  });

  it("prints the same four members with --format json whether or not the set could be linted", async () => {
    const clean = fakeIO();
    expect(await main(["lint", "--format", "json", await dirWith({ "a.mcpolicy": SHADOWED })], clean)).toBe(0);
    const linted = JSON.parse(clean.stdout());
    expect(Object.keys(linted)).toEqual(["ok", "policies", "findings", "diagnostics"]);
    expect(linted).toMatchObject({ ok: true, policies: 2, diagnostics: [] });
    const broken = fakeIO();
    const root = await dirWith({ "a.mcpolicy": `${SHADOWED}policy q { alow }\n` });
    expect(await main(["lint", "--format", "json", root], broken)).toBe(1);
    const refused = JSON.parse(broken.stdout());
    expect(Object.keys(refused)).toEqual(["ok", "policies", "findings", "diagnostics"]);
    // `policies` counts those loaded, as `check --format json` does.
    expect(refused).toMatchObject({ ok: false, policies: 2, findings: [] });
    expect(refused.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E0201"]);
  });

  it("uses the schema for unreachable targets", async () => {
    const root = await dirWith({ "a.mcpolicy": 'policy p { allow subject * action "tools/call" resource "tool:raed_file" }\n' });
    const io = fakeIO();
    expect(await main(["lint", "--schema", "policies/schema.json", root], io)).toBe(0);
    expect(io.stdout()).toContain("resource pattern `tool:raed_file` matches no resource the schema declares");
    expect(io.stdout()).toContain("did you mean `tool:read_file`?");
  });

  it("refuses to lint a policy set with errors (exit 1) and reports usage errors (exit 2)", async () => {
    const root = await dirWith({ "a.mcpolicy": "policy p { allow }\n" });
    expect(await main(["lint", root], fakeIO())).toBe(1);
    expect(await main(["lint"], fakeIO())).toBe(2);
    expect(await main(["lint", "--frobnicate", "policies"], fakeIO())).toBe(2);
    expect(await main(["lint", "--schema", join(root, "missing.json"), "policies"], fakeIO())).toBe(2);
    expect(await main(["lint", join(root, "nope")], fakeIO())).toBe(2);
  });

  it("reports every problem when a path cannot be read, lints nothing, and exits 2", async () => {
    const root = await dirWith({ "bad.mcpolicy": "policy q { alow }\n" });
    const missing = join(root, "missing-dir");
    const io = fakeIO();
    expect(await main(["lint", missing, join(root, "bad.mcpolicy")], io)).toBe(2);
    expect(io.stderr()).toContain(`${missing}:1:1: no such file or directory [E0001]`);
    expect(io.stderr()).toContain("[E0201]");
    expect(io.stderr()).toContain("✖ cannot lint: 2 errors");
    const json = fakeIO();
    expect(await main(["lint", "--format", "json", missing, join(root, "bad.mcpolicy")], json)).toBe(2);
    expect(JSON.parse(json.stdout()).diagnostics.map((d: { code: string }) => d.code)).toEqual(["E0001", "E0201"]);
    // A clean set beside an unread path: no findings on a part of the set.
    const clean = fakeIO();
    expect(await main(["lint", missing, "policies"], clean)).toBe(2);
    expect(clean.stdout()).toBe("");
    expect(clean.stderr()).toContain("✖ cannot lint: 1 error");
  });

  it("reports a --schema that is not UTF-8 as a problem of the file (E0003, exit 1), one that cannot be read as an I/O error (exit 2)", async () => {
    const root = await dirWith({});
    await writeFile(join(root, "latin1.json"), Buffer.from([0x7b, 0xe9, 0x7d]));
    const io = fakeIO();
    expect(await main(["lint", "--schema", join(root, "latin1.json"), "policies"], io)).toBe(1);
    expect(io.stderr()).toContain("file is not valid UTF-8 text [E0003]");
    expect(await main(["lint", "--schema", root, "policies"], fakeIO())).toBe(2);
  });
});
