/**
 * `check`'s help says what it does (spec §7: exit 0 when clean, 1 when not). Warnings
 * (W0710, from `--schema`) are not errors: they are printed and `check` exits 0 — so the
 * help must not promise "prints nothing and exits 0 when clean, 1 when problems are
 * found" without saying so. `--quiet` prints only the summary line, but an empty set still
 * gets its notice (exit 0: a mistyped directory must not pass unsaid), and says so.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempTree } from "../helpers/temp-tree.js";

const SCHEMA = { version: 1, subject: { type: "object", properties: { level: { type: "number" } } }, actions: ["read"] };

describe("§7 check with warnings only", () => {
  it("prints the warning and exits 0 (JSON: ok true); the help says warnings alone exit 0", async () => {
    const root = await tempTree(
      {
        "w.mcpolicy": 'policy w { allow subject * action "read" resource * when subject.level > 2 }\n',
        "schema.json": JSON.stringify(SCHEMA),
      },
      "mcpolicy-warnings-",
    );
    const text = await runCli(["check", "w.mcpolicy", "--schema", "schema.json"], { cwd: root });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^w\.mcpolicy:1:58: warning: .*\[W0710\]\n/);
    const json = await runCli(["check", "w.mcpolicy", "--schema", "schema.json", "--format", "json"], { cwd: root });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, diagnostics: [{ code: "W0710", severity: "warning" }] });
    const help = (await runCli(["check", "--help"])).stdout;
    expect(help).toMatch(/warnings alone[^.]*exit 0/);
    expect(help).toContain("exit codes: 0 no error (clean, or warnings only), 1 errors found, 2 usage or I/O error");
  });
});

describe("check --quiet", () => {
  it("prints only the summary line of problems, but still the notice for a directory without policy files", async () => {
    const root = await tempTree({ "bad.mcpolicy": "policy p { bogus }\n", "empty/notes.txt": "" }, "mcpolicy-quiet-");
    expect(await runCli(["check", "--quiet", "bad.mcpolicy"], { cwd: root })).toEqual({ code: 1, stdout: "✖ 1 error in 1 file\n", stderr: "" });
    expect(await runCli(["check", "--quiet", "empty"], { cwd: root })).toEqual({
      code: 0,
      stdout: "",
      stderr: "! no *.mcpolicy files under `empty`: the policy set is empty\n",
    });
    const help = (await runCli(["check", "--help"])).stdout;
    expect(help).toMatch(/--quiet +print only the summary line \(and the notice that PATH\.\.\. holds\s+no policy file/);
  });
});
