/**
 * Spec §2: a number is `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, so `1_000` is malformed (E0107).
 * The help must say why: it is a number with digit separators, which the language does
 * not have — not "a name cannot start with a digit", which is about something else
 * (`9lives` written where a name goes). Through the built CLI, as a user sees it.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempTree } from "../helpers/temp-tree.js";

/** The `help:` line of each diagnostic `check` prints for `text`, in order. */
async function helpLines(text: string): Promise<string[]> {
  const root = await tempTree({}, "mcpolicy-number-");
  await writeFile(join(root, "n.mcpolicy"), text);
  const run = await runCli(["check", "n.mcpolicy"], { cwd: root });
  expect(run.code).toBe(1);
  return run.stdout.split("\n").filter((line) => line.startsWith("  help: "));
}

describe("§2 E0107 help for a number written with `_` separators", () => {
  it("says numbers have no `_` separators and how to write the number, for integers, fractions and negatives", async () => {
    const help = await helpLines(
      "policy p { allow priority 1_000 subject * action * resource *\n" +
        "  when env.n == 1_000.5 or env.n == -2_500 }\n",
    );
    expect(help).toEqual([
      "  help: numbers have no `_` digit separators: write `1000`",
      "  help: numbers have no `_` digit separators: write `1000.5`",
      "  help: numbers have no `_` digit separators: write `-2500`",
    ]);
  });

  it("keeps `a name cannot start with a digit` for letters after a leading digit", async () => {
    const help = await helpLines("policy 9lives { allow subject user 1_a action * resource * }\n");
    expect(help).toEqual(["  help: a name cannot start with a digit", "  help: a name cannot start with a digit"]);
  });
});
