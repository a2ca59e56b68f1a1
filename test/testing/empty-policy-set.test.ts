/**
 * `mcpolicy test` with test files but no policy file: an error (exit 1), naming the
 * paths, never "tests passed" (a mistyped policy path went green in CI).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";
import { tempTree } from "../helpers/temp-tree.js";

const TESTS = JSON.stringify({
  examples: [
    { name: "strangers get nothing", subject: { id: "x" }, resource: "tool:a", action: "tools/call", expect: "deny" },
  ],
  invariants: [{ name: "never allow", never: "allow", action: "tools/call" }],
});

const dirWith = (files: Record<string, string>): Promise<string> => tempTree(files, "mcpolicy-empty-");

describe("mcpolicy test on an empty policy set", () => {
  const message = (path: string) =>
    `mcpolicy test: no *.mcpolicy files under \`${path}\`: the policy set is empty, nothing to test\n`;

  it("fails with exit 1 and names the directory, not a pass", async () => {
    const root = await dirWith({ "e.test.json": TESTS });
    const io = fakeIO();
    expect(await main(["test", root], io)).toBe(1);
    expect(io.stderr()).toBe(message(root));
    expect(io.stdout()).toBe("");
  });

  it("names the policy paths given (a mistyped one) and the directory of a test file named alone", async () => {
    const root = await dirWith({ "tests/e.test.json": TESTS, "policiez/README": "" });
    const wrong = fakeIO();
    expect(await main(["test", join(root, "policiez"), join(root, "tests", "e.test.json")], wrong)).toBe(1);
    expect(wrong.stderr()).toBe(message(join(root, "policiez")));
    const alone = fakeIO();
    expect(await main(["test", join(root, "tests", "e.test.json")], alone)).toBe(1);
    expect(alone.stderr()).toBe(message(join(root, "tests")));
  });

  it("writes the reason as an error testcase with --reporter junit", async () => {
    const root = await dirWith({ "e.test.json": TESTS });
    const io = fakeIO();
    expect(await main(["test", root, "--reporter", "junit"], io)).toBe(1);
    expect(io.stdout()).toMatch(/^<\?xml/);
    expect(io.stdout()).toContain('errors="1"');
    expect(io.stdout()).toContain("the policy set is empty, nothing to test");
  });

  it("a set with one policy still runs", async () => {
    const root = await dirWith({
      "e.test.json": TESTS,
      "p.mcpolicy": 'policy p { deny subject * action "tools/call" resource "tool:*" }\n',
    });
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "50", "--seed", "1"], io)).toBe(0);
    expect(io.stdout()).toContain("✔ 2 tests passed");
  });
});
