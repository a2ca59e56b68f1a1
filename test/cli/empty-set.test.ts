/**
 * A path that holds no policy file: every command taking PATH... says so on stderr, as
 * `check` does (an empty set is valid, but more often the path is wrong), and keeps its
 * exit code; `test` fails (a test of nothing passes nothing: docs/testing.md).
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function emptyDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "mcpolicy-empty-"));
  await writeFile(join(root, "notes.txt"), "not a policy");
  return root;
}

const notice = (path: string) => `! no *.mcpolicy files under \`${path}\`: the policy set is empty\n`;

describe("a path without policy files", () => {
  it("gets the same notice on stderr from check, eval, lint, fmt and init, with their exit codes unchanged", async () => {
    const root = await emptyDir();
    const runs: [string[], number][] = [
      [["check", root], 0],
      [["eval", root, "--subject", "{}", "--resource", "r", "--action", "a"], 1],
      [["lint", root], 0],
      [["fmt", root], 0],
      [["fmt", "--check", root], 0],
      [["init", root, "--output", join(root, "schema.json")], 0],
    ];
    for (const [args, code] of runs) {
      const io = fakeIO();
      expect(await main(args, io), args.join(" ")).toBe(code);
      expect(io.stderr(), args.join(" ")).toBe(notice(root));
    }
    // eval still prints its Decision, init still writes its (empty) schema.
    const decision = fakeIO();
    await main(["eval", root, "--subject", "{}", "--resource", "r", "--action", "a"], decision);
    expect(JSON.parse(decision.stdout())).toMatchObject({ allowed: false, effect: "notapplicable" });
    expect(JSON.parse(await readFile(join(root, "schema.json"), "utf8"))).toBeTypeOf("object");
  });

  it("keeps stderr for errors with --format json, as check does", async () => {
    const root = await emptyDir();
    for (const args of [
      ["check", "--format", "json", root],
      ["lint", "--format", "json", root],
      ["eval", root, "--subject", "{}", "--resource", "r", "--action", "a", "--explain", "--format", "json"],
    ]) {
      const io = fakeIO();
      await main(args, io);
      expect(io.stderr(), args.join(" ")).toBe("");
    }
  });

  it("is an error for test (exit 1), which has nothing to test", async () => {
    const root = await emptyDir();
    await writeFile(join(root, "a.test.json"), JSON.stringify({ examples: [{ name: "x", subject: {}, resource: "r", action: "a", expect: "deny" }] }));
    const io = fakeIO();
    expect(await main(["test", root], io)).toBe(1);
    expect(io.stderr()).toContain(`no *.mcpolicy files under \`${root}\`: the policy set is empty, nothing to test`);
  });

  it("is not said when a policy file is there but cannot be read as text, nor when the path is missing", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-empty-"));
    await writeFile(join(root, "bad.mcpolicy"), Buffer.from([0x70, 0xff]));
    for (const command of ["lint", "fmt", "init"]) {
      const io = fakeIO();
      await main([command, root], io);
      expect(io.stdout() + io.stderr(), command).not.toContain("no *.mcpolicy files");
      const missing = fakeIO();
      expect(await main([command, join(root, "missing")], missing), command).toBe(2);
      expect(missing.stderr(), command).not.toContain("no *.mcpolicy files");
    }
  });
});
