/**
 * A path that looks like a pattern and does not exist (quoted, or matching nothing): the
 * CLI does not expand patterns, and says so rather than only "no such file".
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

const HINT = "help: mcpolicy does not expand `*`, `?` or `[…]`: the shell does, when the pattern is not quoted";

describe("a path that looks like a pattern", () => {
  it("gets a hint that the shell expands patterns, from every command taking paths (exit 2)", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-glob-"));
    await writeFile(join(root, "a.mcpolicy"), "policy p { allow subject * action * resource * }\n");
    for (const pattern of ["*.mcpolicy", "?.mcpolicy", "[ab].mcpolicy"]) {
      const path = join(root, pattern);
      const runs = [
        ["check", path],
        ["lint", path],
        ["fmt", path],
        ["init", path],
        ["eval", path, "--subject", "{}", "--resource", "r", "--action", "a"],
        ["test", join(root, pattern.replace(".mcpolicy", ".test.json"))],
      ];
      for (const args of runs) {
        const io = fakeIO();
        expect(await main(args, io), args.join(" ")).toBe(2);
        expect(io.stderr(), args.join(" ")).toContain("no such file or directory [E0001]");
        expect(io.stderr(), args.join(" ")).toContain(HINT);
      }
    }
  });

  it("is not given for a plain missing path, nor for a pattern-like name that exists", async () => {
    const root = await mkdtemp(join(tmpdir(), "mcpolicy-glob-"));
    await writeFile(join(root, "[x].mcpolicy"), "policy p { allow subject * action * resource * }\n");
    const missing = fakeIO();
    expect(await main(["check", join(root, "missing.mcpolicy")], missing)).toBe(2);
    expect(missing.stderr()).not.toContain("does not expand");
    const named = fakeIO();
    expect(await main(["check", join(root, "[x].mcpolicy")], named)).toBe(0);
    expect(named.stderr()).toBe("");
  });
});
