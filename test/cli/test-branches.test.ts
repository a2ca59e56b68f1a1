/**
 * `mcpolicy test` branches the other tests leave: a JUnit report that cannot be written
 * when the run cannot start (empty policy set, no test files, a filter matching no test)
 * is an I/O error, exit 2, said in words; a schema two test files share is read once (a
 * broken one reported once); a test file over 16 MiB is a problem of the file (exit 1),
 * one that cannot be opened an I/O error (exit 2); the progress bar redraws only when it
 * moves; two passing invariants with warnings are counted in the summary. The open
 * failure is injected (tests run as root).
 */
import { mkdir, truncate } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const inject: { open?: (path: string) => void } = {};

vi.mock("node:fs/promises", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...original,
    open: (async (path: unknown, ...rest: unknown[]) => {
      inject.open?.(String(path));
      return (original.open as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof original.open,
  };
});

const { main } = await import("../../src/cli/main.js");
const { fakeIO } = await import("../helpers/fake-io.js");
const { tempTree } = await import("../helpers/temp-tree.js");

afterEach(() => {
  inject.open = undefined;
});

const POLICY = 'policy read { allow subject * action "tools/call" resource "tool:read_*" }\n';
const EXAMPLES = JSON.stringify({
  examples: [{ name: "reads", subject: { id: "a" }, resource: "tool:read_x", action: "tools/call", expect: "allow" }],
});

/** `mcpolicy test ARGS --reporter junit --output DIR` where DIR is a directory: [exit, stderr]. */
async function junitIntoDirectory(root: string, ...args: string[]): Promise<[number, string]> {
  const out = join(root, "report-dir");
  await mkdir(out, { recursive: true });
  const io = fakeIO();
  const code = await main(["test", ...args, "--reporter", "junit", "--output", out], io);
  return [code, io.stderr()];
}

describe("mcpolicy test, a JUnit report that cannot be written when no test can run", () => {
  const cannot = (root: string) =>
    `mcpolicy test: cannot write \`${join(root, "report-dir")}\`: it is a directory (EISDIR)\n`;

  it("an empty policy set: exit 2, not 1", async () => {
    const root = await tempTree({ "p.test.json": EXAMPLES }, "mcpolicy-tb-");
    const [code, err] = await junitIntoDirectory(root, root);
    expect(code).toBe(2);
    expect(err).toContain("the policy set is empty, nothing to test\n");
    expect(err).toContain(cannot(root));
  });

  it("no test files: exit 2, not 1", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY }, "mcpolicy-tb-");
    const [code, err] = await junitIntoDirectory(root, root);
    expect(code).toBe(2);
    expect(err).toContain("no test files (*.test.json)");
    expect(err).toContain(cannot(root));
  });

  it("a filter that matches no test: exit 2, not 1", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "p.test.json": EXAMPLES }, "mcpolicy-tb-");
    const [code, err] = await junitIntoDirectory(root, root, "--filter", "zzz");
    expect(code).toBe(2);
    expect(err).toContain("no test name contains `zzz`: nothing was tested\n");
    expect(err).toContain(cannot(root));
  });
});

describe("mcpolicy test, test files", () => {
  it("reads a schema two test files name once: a broken one is reported once", async () => {
    const root = await tempTree(
      {
        "p.mcpolicy": POLICY,
        "a.test.json": JSON.stringify({ schema: "shared.json", invariants: [{ name: "a", never: "deny" }] }),
        "b.test.json": JSON.stringify({ schema: "shared.json", invariants: [{ name: "b", never: "deny" }] }),
        "shared.json": "{ not json",
      },
      "mcpolicy-tb-",
    );
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "50"], io)).toBe(1);
    const err = io.stderr();
    expect(err.split(join(root, "shared.json")).length - 1).toBe(1);
    expect(err).toContain("1 error in 1 file; no test was run");
  });

  it("runs two test files sharing a good schema with it", async () => {
    const schema = JSON.stringify({
      subject: { type: "object", properties: { id: { enum: ["only"] } }, required: ["id"] },
    });
    const root = await tempTree(
      {
        "p.mcpolicy": POLICY,
        "a.test.json": JSON.stringify({ schema: "shared.json", invariants: [{ name: "a", never: "deny" }] }),
        "b.test.json": JSON.stringify({
          schema: "shared.json",
          invariants: [
            {
              name: "b",
              always: "allow",
              where: 'subject.id == "only"',
              action: "tools/call",
              resource: "tool:read_x",
            },
          ],
        }),
        "shared.json": schema,
      },
      "mcpolicy-tb-",
    );
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "50", "--seed", "1"], io)).toBe(0);
    expect(io.stdout()).toMatch(/✔ 2 tests passed/);
  });

  it("a test file over 16 MiB is a problem of the file: E0901, exit 1, not read", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "big.test.json": "" }, "mcpolicy-tb-");
    await truncate(join(root, "big.test.json"), 16 * 1024 * 1024 + 1);
    const io = fakeIO();
    expect(await main(["test", root], io)).toBe(1);
    expect(io.stderr()).toContain("E0901");
    expect(io.stderr()).toContain("the test file is larger than 16777216 bytes");
  });

  it("a test file that cannot be opened is an I/O error: E0002 with the reason, exit 2", async () => {
    const root = await tempTree({ "p.mcpolicy": POLICY, "p.test.json": EXAMPLES }, "mcpolicy-tb-");
    const path = join(root, "p.test.json");
    inject.open = (p) => {
      if (p === path) throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: "EACCES" });
    };
    const io = fakeIO();
    expect(await main(["test", root], io)).toBe(2);
    expect(io.stderr()).toContain(`cannot read \`${path}\`: EACCES: permission denied`);
  });
});

describe("mcpolicy test, the summary and the progress bar", () => {
  it("counts passing invariants with a warning: `2 with a warning (… of their requests …)`", async () => {
    const root = await tempTree(
      {
        "p.mcpolicy": 'policy p { deny subject * action * resource * when env.code == "xy" or env.code == "ab" }\n',
        "schema.json": JSON.stringify({
          env: { type: "object", properties: { code: { type: "string", pattern: "^x" } }, required: ["code"] },
        }),
        "p.test.json": JSON.stringify({
          invariants: [
            { name: "one", never: "allow" },
            { name: "two", never: "allow" },
          ],
        }),
      },
      "mcpolicy-tb-",
    );
    const io = fakeIO();
    expect(await main(["test", root, "--runs", "500", "--seed", "1"], io)).toBe(0);
    expect(io.stdout()).toMatch(
      /✔ 2 tests passed in [\d.]+s \(seed 1\), 2 with a warning \(fewer than half of their requests decided\)\n$/,
    );
  });

  it("draws the bar only when it moves: every line differs from the one before", async () => {
    const root = await tempTree(
      {
        "p.mcpolicy": POLICY,
        "p.test.json": JSON.stringify({
          invariants: [
            { name: "a", never: "deny" },
            { name: "b", never: "deny" },
          ],
        }),
      },
      "mcpolicy-tb-",
    );
    let err = "";
    const io = {
      ...fakeIO(),
      interactive: true,
      err: (t: string) => {
        err += t;
      },
    };
    expect(await main(["test", root, "--runs", "4000", "--seed", "1"], io)).toBe(0);
    const bars = err.split("\r").filter((s) => s.startsWith("  ["));
    const fills = bars.map((b) => (b.match(/#/g) ?? []).length);
    // More updates (every 256 requests of 8,000, and at each invariant's end) than 30 cells.
    expect(fills.length).toBeGreaterThan(10);
    for (let k = 1; k < fills.length; k++) expect(fills[k]).not.toBe(fills[k - 1]);
    expect(fills.at(-1)).toBe(30);
  });
});
